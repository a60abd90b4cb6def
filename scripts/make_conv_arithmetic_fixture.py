"""Writes Tests/DLCoreTests/Fixtures/conv_output_sizes.json: PyTorch's output lengths of
nn.Conv1d, nn.MaxPool1d and nn.AvgPool1d over a grid of input length, kernel, padding, stride and
dilation (pooling: dilation 1 for AvgPool1d, which has none), measured by running the layers.
ConvolutionArithmeticTests checks DLCore's formula against these numbers; the tests do not need
torch. Run: python3 scripts/make_conv_arithmetic_fixture.py"""
import itertools, json, torch

rows = []
for n, k, p, s, d in itertools.product([1, 4, 7, 16], [1, 2, 3, 5], [0, 1, 2], [1, 2, 3], [1, 2, 3]):
    if n + 2 * p < d * (k - 1) + 1:
        continue
    x = torch.zeros(1, 1, n)
    conv = torch.nn.Conv1d(1, 1, k, stride=s, padding=p, dilation=d)(x).shape[-1]
    # PyTorch's pooling requires padding ≤ kernel/2.
    pool = p <= k // 2
    mx = torch.nn.MaxPool1d(k, stride=s, padding=p, dilation=d)(x).shape[-1] if pool else None
    av = torch.nn.AvgPool1d(k, stride=s, padding=p)(x).shape[-1] if pool and d == 1 else None
    rows.append({"n": n, "k": k, "p": p, "s": s, "d": d, "conv": conv, "maxPool": mx, "avgPool": av})
with open("Tests/DLCoreTests/Fixtures/conv_output_sizes.json", "w") as f:
    f.write('{"torch": %s, "cases": [\n' % json.dumps(torch.__version__))
    f.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in rows))
    f.write("\n]}\n")
print(len(rows), "cases")
