#!/usr/bin/env python3
"""Writes Tests/DLCoreTests/Fixtures/ensembles/ensemble.json: what PyTorch computes for a small
deep ensemble, for EnsembleFixtureTests.

Two members, each one nn.Linear(6, 4) with PyTorch's default initialization (seeds 1 and 2), on 40
random inputs with labels. Stored: the weights, the inputs and labels, each member's
torch.softmax(logits, dim=1) (float32 logits, softmax in float64), the ensemble's mean
probabilities, its NLL (F.nll_loss of their log), accuracy, the expected calibration error in 15
equal-width bins (Guo et al. 2017, written out below from the paper's formula: PyTorch has no ECE),
and ridge-stacking weights W = (XᵀX + λI)⁻¹XᵀY from torch.linalg.solve in float64 for λ = 0.1,
with X the members' probabilities side by side and Y the one-hot labels.

Run: python3 scripts/make_ensemble_fixture.py  (needs torch; the tests do not)
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float32)
n, d, c = 40, 6, 4
gen = torch.Generator().manual_seed(0)
x = torch.randn(n, d, generator=gen) * 1.5
labels = torch.randint(0, c, (n,), generator=gen)

members = []
for seed in (1, 2):
    torch.manual_seed(seed)
    members.append(torch.nn.Linear(d, c))

probs = []
with torch.no_grad():
    for m in members:
        logits = m(x).double()
        probs.append(torch.softmax(logits, dim=1))
avg = (probs[0] + probs[1]) / 2
nll = F.nll_loss(torch.log(avg), labels).item()
conf, pred = avg.max(dim=1)
accuracy = (pred == labels).double().mean().item()

bins = 15
edges = [i / bins for i in range(bins + 1)]
near = min(abs(float(cf) - e) for cf in conf for e in edges)
assert near > 1e-4, "a confidence lies on a bin edge: change the seed"
ece = 0.0
for b in range(bins):
    lo, hi = edges[b], edges[b + 1]
    sel = [i for i in range(n) if lo < float(conf[i]) <= hi]
    if sel:
        acc_b = sum(int(pred[i] == labels[i]) for i in sel) / len(sel)
        conf_b = sum(float(conf[i]) for i in sel) / len(sel)
        ece += len(sel) / n * abs(acc_b - conf_b)

lam = 0.1
X = torch.cat(probs, dim=1)
Y = F.one_hot(labels, c).double()
W = torch.linalg.solve(X.T @ X + lam * torch.eye(X.shape[1], dtype=torch.float64), X.T @ Y)

out = {
    "torch": torch.__version__,
    "inputs": x.flatten().tolist(), "labels": labels.tolist(), "features": d, "classes": c,
    "members": [{"weight": m.weight.detach().flatten().tolist(), "bias": m.bias.detach().tolist()} for m in members],
    "probabilities": [p.flatten().tolist() for p in probs],
    "average": avg.flatten().tolist(), "nll": nll, "accuracy": accuracy, "ece": ece, "bins": bins,
    "lambda": lam, "ridge": W.flatten().tolist(),
}
path = os.path.join(os.path.dirname(__file__), "..", "Tests", "DLCoreTests", "Fixtures", "ensembles", "ensemble.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print(f"wrote {os.path.normpath(path)}: NLL {nll:.6f}, accuracy {accuracy:.3f}, ECE {ece:.6f}")
