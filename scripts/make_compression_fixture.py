#!/usr/bin/env python3
"""Writes the fixture the compression tests read: what PyTorch computes for post-training
quantization in fake-quant, and singular values for the low-rank tests.

    python3 scripts/make_compression_fixture.py [--out Tests/DLCoreTests/Fixtures/compression/compression.json]

Needs `pip install torch` (the CPU build is enough).

For each weight tensor (a Linear weight [6, 10], a Conv1d weight [4, 3, 5], an all-positive
[3, 7]) and each scheme (int8 and int4 over the signed range [-2^(b-1), 2^(b-1)-1]; symmetric
and affine; per tensor and per output channel, axis 0): the scale and zero-point of
torch.ao.quantization.MinMaxObserver / PerChannelMinMaxObserver (dtype qint8, quant_min and
quant_max as above), and torch.fake_quantize_per_tensor_affine /
torch.fake_quantize_per_channel_affine of the tensor with them. Values are float32 written
as the shortest decimal of their double, so they read back exactly.

"svd": a [7, 5] and a [4, 9] float64 matrix and torch.linalg.svdvals of each.
"""
import argparse, json
import torch
from torch.ao.quantization import MinMaxObserver, PerChannelMinMaxObserver

def floats(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="Tests/DLCoreTests/Fixtures/compression/compression.json")
    args = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    tensors = {
        "linear": (torch.randn(6, 10) * 0.3 + 0.05).float(),
        "conv": (torch.randn(4, 3, 5) * 0.2 - 0.03).float(),
        "positive": (torch.rand(3, 7) * 0.5 + 0.1).float(),
    }
    # a channel with a single extreme weight: per-channel and per-tensor differ most there
    tensors["linear"][2, 3] = 1.7
    out = {"torch_version": torch.__version__, "tensors": {}, "cases": []}
    for name, w in tensors.items():
        out["tensors"][name] = {"shape": list(w.shape), "values": floats(w)}
        for bits in (8, 4):
            qmin, qmax = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
            for symmetric in (True, False):
                for per_channel in (False, True):
                    if per_channel:
                        scheme = torch.per_channel_symmetric if symmetric else torch.per_channel_affine
                        obs = PerChannelMinMaxObserver(ch_axis=0, dtype=torch.qint8, qscheme=scheme, quant_min=qmin, quant_max=qmax)
                        obs(w)
                        scale, zp = obs.calculate_qparams()
                        fq = torch.fake_quantize_per_channel_affine(w, scale.float(), zp.int(), 0, qmin, qmax)
                    else:
                        scheme = torch.per_tensor_symmetric if symmetric else torch.per_tensor_affine
                        obs = MinMaxObserver(dtype=torch.qint8, qscheme=scheme, quant_min=qmin, quant_max=qmax)
                        obs(w)
                        scale, zp = obs.calculate_qparams()
                        fq = torch.fake_quantize_per_tensor_affine(w, float(scale), int(zp), qmin, qmax)
                    out["cases"].append({
                        "tensor": name, "bits": bits, "symmetric": symmetric, "perChannel": per_channel,
                        "scales": floats(scale.reshape(-1)), "zeroPoints": [int(z) for z in zp.reshape(-1).tolist()],
                        "fakeQuantized": floats(fq),
                    })
    g = torch.Generator().manual_seed(1)
    out["svd"] = []
    for m, n in ((7, 5), (4, 9)):
        a = torch.randn(m, n, generator=g, dtype=torch.float64)
        out["svd"].append({"rows": m, "columns": n, "values": a.reshape(-1).tolist(),
                           "singularValues": torch.linalg.svdvals(a).tolist()})
    with open(args.out, "w") as f:
        json.dump(out, f)
        f.write("\n")

if __name__ == "__main__":
    main()
