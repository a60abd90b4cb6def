#!/usr/bin/env python3
"""PyTorch's side of `dlstudy bench`: the same workloads, measured the same way.

One epoch = 4000 samples of 40 values (last partial batch included), a fresh random
permutation each epoch; each step is forward + cross-entropy + backward + SGD(lr 0.01,
momentum 0.9). The figure is the median of 5 timed epochs after one warm-up epoch, on one
thread. Models: MLP 40-100-100-10 and the MNIST-1D paper's CNN (Conv1d 1->25 k5, 25->25 k3,
25->25 k3, all stride 2 padding 1, ReLU, Linear 125->10; 5,210 parameters).

    pip install torch numpy        # CPU is enough
    python3 benchmarks/pytorch_bench.py [--json]

Prints a table in the format of `dlstudy bench` so the two can be read side by side.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn

SAMPLES, FEATURES, CLASSES = 4000, 40, 10


def mlp():
    return nn.Sequential(nn.Linear(40, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 10))


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(1, 25, 5, stride=2, padding=1), nn.ReLU(),
            nn.Conv1d(25, 25, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv1d(25, 25, 3, stride=2, padding=1), nn.ReLU(),
            nn.Flatten(), nn.Linear(125, 10))

    def forward(self, x):
        return self.body(x.view(-1, 1, FEATURES))


WORKLOADS = {"mlp-40-100-100-10": (mlp, 6 * 15_000), "mnist1d-cnn": (CNN, 6 * 31_750)}


def measure(make, batch, epochs):
    torch.manual_seed(0)
    model = make()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(SAMPLES, FEATURES)
    y = torch.randint(0, CLASSES, (SAMPLES,))

    def epoch():
        perm = torch.randperm(SAMPLES)
        for start in range(0, SAMPLES, batch):
            idx = perm[start:start + batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()

    epoch()
    times = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        epoch()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=[16, 64, 256, 1024])
    ap.add_argument("--model", default="", help="only the workloads whose name contains this text")
    args = ap.parse_args()
    torch.set_num_threads(1)
    rows = []
    for name, (make, flops_per_sample) in WORKLOADS.items():
        if args.model not in name:
            continue
        for b in args.batch_sizes:
            s = measure(make, b, args.epochs)
            rows.append(dict(model=name, batchSize=b, samplesPerSecond=SAMPLES / s,
                             gflops=flops_per_sample * SAMPLES / s / 1e9))
            if not args.json:
                r = rows[-1]
                print(f"{name:<20}{b:<7}{r['samplesPerSecond']:<12.0f}{r['gflops']:.2f}")
    if args.json:
        print(json.dumps(dict(torch=torch.__version__, results=rows), indent=2))


if __name__ == "__main__":
    main()
