#!/usr/bin/env python3
"""Writes the fixture the optimizer parity tests read: what PyTorch computes with Adam, AdamW and
RMSprop, step by step, from weights, data and gradients the fixture holds.

    python3 scripts/make_optimizer_fixture.py [--out-dir Tests/DLCoreTests/Fixtures] [--seed 0]

Needs `pip install torch safetensors numpy` (the CPU build is enough).

optimizer_parity.safetensors
    Training: "inputs" [1000, 40] F32 (standard normal), "labels" [1000] I64 (0..<10, the argmax
    of a random linear teacher plus noise), and the initial state dict of
    nn.Sequential(nn.Linear(40, 100), nn.Tanh(), nn.Linear(100, 10)) under its PyTorch names
    (0.weight, 0.bias, 2.weight, 2.bias), all from torch.manual_seed(seed).
    Updates alone: "updates.w0" [500] F32, one parameter's start, and "updates.grads" [30, 500]
    F32, the gradient it is given at each of 30 steps (magnitudes 1e-6 to 1, random signs, some
    zeros; no model). For each setting NAME, "updates.NAME.torch" [4, 500] is the parameter
    after steps 1, 2, 10 and 30 of torch.optim, and "updates.NAME.ieee_sqrt" the same with
    torch.Tensor.sqrt/sqrt_ computing the correctly rounded square root (see below).
optimizer_parity.json
    "batches": 80 lists of 100 sample indices (8 epochs of a seeded torch.randperm, 10 batches
    each), the order every training run takes. "configs": per optimizer setting its name, the
    torch.optim class and keyword arguments, and "losses": the 80 per-step training losses
    (nn.CrossEntropyLoss(), mean, float32, before each update) as Python floats. Plus the torch
    version, CPU capability, thread count, update path and "update_steps" (1, 2, 10, 30).

Every run uses the optimizer's default arguments except those listed: on CPU that is the
single-tensor path (not foreach, not fused), which the script checks. One thread,
deterministic algorithms.

Why "ieee_sqrt": on x86, PyTorch's float32 sqrt is MKL's vector square root (vmsSqrt), which
is 1 ulp off the correctly rounded root for about a sixth of the inputs. With the root made
IEEE's (through float64, which rounds correctly) and nothing else changed, PyTorch's optimizer
code computes bit for bit what dlstudy's does, so the test can ask for identical bits.

Why Tanh, not ReLU: 80 Adam steps at lr 0.01 amplify last-bit differences (two summation
orders of the same matrix product, say) to a few 1e-7 of the loss, and with ReLU that is enough
for some unit's input, within 1e-7 of zero on some step, to be positive in one run and negative
in the other. The unit then drops out of that sample's gradient in one run only; where it was
active for few samples, Adam's normalized step turns that into a different update of order lr,
and the losses part by 1e-5 to 1e-3 within a few steps. That is the network, not the optimizer:
PyTorch itself, with its products summed in float64 rather than by MKL, parts from its own run
that way (2.4e-5 at seed 0, after a flip at step 53), and dlstudy parted from it by 4.7e-3 with
the updates bit for bit PyTorch's (a flip at step 13 of Adam with weight decay at seed 2, on an
input 1.4e-7 from zero). Tanh is smooth: under float64 products, IEEE sqrt or 1-ulp noise on
every gradient, every setting stays within 4e-7 of PyTorch's losses at seeds 0 to 3.
"""

import argparse
import contextlib
import json
import os
import re
import sys

try:
    import numpy as np
    import torch
    import torch.nn as nn
    from safetensors.torch import save_file
except ImportError as e:
    sys.exit("make_optimizer_fixture.py needs torch, safetensors and numpy (%s): pip install torch safetensors numpy" % e)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "Tests", "DLCoreTests", "Fixtures")

SAMPLES, FEATURES, HIDDEN, CLASSES = 1000, 40, 100, 10
BATCH, STEPS = 100, 80
UPDATE_SIZE, UPDATE_STEPS, UPDATE_RECORDED = 500, 30, (1, 2, 10, 30)

# (name, torch.optim class name, keyword arguments): the Adam at lr 0.01 first.
CONFIGS = [
    ("adam", "Adam", {"lr": 0.01}),
    ("adam_l2", "Adam", {"lr": 0.01, "weight_decay": 0.01}),
    ("adamw", "AdamW", {"lr": 0.01, "weight_decay": 0.01}),
    ("rmsprop", "RMSprop", {"lr": 0.001}),
    ("rmsprop_centered_momentum_wd", "RMSprop",
     {"lr": 0.001, "alpha": 0.9, "weight_decay": 0.01, "momentum": 0.9, "centered": True}),
]


def make_model():
    return nn.Sequential(nn.Linear(FEATURES, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, CLASSES))


def make_data(seed):
    torch.manual_seed(seed)
    model = make_model()
    inputs = torch.randn(SAMPLES, FEATURES)
    teacher = torch.randn(FEATURES, CLASSES)
    labels = (inputs @ teacher + 2 * torch.randn(SAMPLES, CLASSES)).argmax(dim=1)
    order = torch.Generator().manual_seed(1)
    batches = []
    while len(batches) < STEPS:
        perm = torch.randperm(SAMPLES, generator=order)
        batches += [perm[i:i + BATCH].tolist() for i in range(0, SAMPLES, BATCH)]
    state = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    return inputs, labels, state, batches[:STEPS]


def make_gradients(seed):
    """One parameter's start and 30 gradients: magnitudes 1e-6 to 1, random signs, 5% zeros."""
    g = torch.Generator().manual_seed(seed + 1000)
    w0 = 0.1 * torch.randn(UPDATE_SIZE, generator=g)
    size = (UPDATE_STEPS, UPDATE_SIZE)
    magnitude = torch.pow(10.0, -6 * torch.rand(size, generator=g))
    sign = torch.where(torch.rand(size, generator=g) < 0.5, -1.0, 1.0)
    keep = (torch.rand(size, generator=g) >= 0.05).float()
    return w0.float().contiguous(), (sign * magnitude * keep).float().contiguous()


@contextlib.contextmanager
def ieee_sqrt():
    """torch.Tensor.sqrt and sqrt_ with the correctly rounded root (float64 root, rounded once
    to float32) in place of MKL's on float32 tensors; every other op stays PyTorch's."""
    sqrt, sqrt_ = torch.Tensor.sqrt, torch.Tensor.sqrt_

    def exact(t):
        return sqrt(t.double()).float() if t.dtype == torch.float32 else sqrt(t)

    def exact_(t):
        return t.copy_(exact(t)) if t.dtype == torch.float32 else sqrt_(t)

    torch.Tensor.sqrt, torch.Tensor.sqrt_ = exact, exact_
    try:
        yield
    finally:
        torch.Tensor.sqrt, torch.Tensor.sqrt_ = sqrt, sqrt_


def update_path(optimizer):
    """Which implementation torch.optim picks for these parameters with default arguments."""
    from torch.optim.optimizer import _default_to_fused_or_foreach
    params = [p for g in optimizer.param_groups for p in g["params"]]
    fused, foreach = _default_to_fused_or_foreach(params, differentiable=False, use_fused=False)
    group = optimizer.param_groups[0]
    if group.get("fused") or group.get("foreach") or (group.get("foreach") is None and foreach) or fused:
        return "foreach or fused"
    return "single-tensor"


def check_path(name, optimizer):
    path = update_path(optimizer)
    if path != "single-tensor":
        sys.exit("%s took the %s path; the parity tests reproduce the single-tensor one" % (name, path))


def train(name, inputs, labels, state, batches, cls, kwargs):
    model = make_model()
    model.load_state_dict(state)
    optimizer = getattr(torch.optim, cls)(model.parameters(), **kwargs)
    check_path(name, optimizer)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for batch in batches:
        idx = torch.tensor(batch)
        optimizer.zero_grad()
        loss = loss_fn(model(inputs[idx]), labels[idx])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def updates(name, w0, grads, cls, kwargs):
    """The parameter after the recorded steps of torch.optim given `grads`, shape [4, size]."""
    w = nn.Parameter(w0.clone())
    optimizer = getattr(torch.optim, cls)([w], **kwargs)
    check_path(name, optimizer)
    recorded = []
    for t in range(1, UPDATE_STEPS + 1):
        w.grad = grads[t - 1].clone()
        optimizer.step()
        if t in UPDATE_RECORDED:
            recorded.append(w.detach().clone())
    return torch.stack(recorded).contiguous()


def compact_lists(text):
    """Puts every list of numbers on one line (a batch, a loss curve) in indented JSON."""
    return re.sub(r"\[\s*([-0-9.e,\s]+?)\s*\]", lambda m: "[" + ", ".join(m.group(1).split()).replace(",,", ",") + "]", text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    inputs, labels, state, batches = make_data(args.seed)
    w0, grads = make_gradients(args.seed)
    tensors = dict(state, inputs=inputs.contiguous(), labels=labels.contiguous())
    tensors["updates.w0"], tensors["updates.grads"] = w0, grads

    configs = []
    for name, cls, kwargs in CONFIGS:
        losses = train(name, inputs, labels, state, batches, cls, kwargs)
        configs.append({"name": name, "optimizer": cls, "kwargs": kwargs, "losses": losses})
        tensors["updates.%s.torch" % name] = updates(name, w0, grads, cls, kwargs)
        with ieee_sqrt():
            tensors["updates.%s.ieee_sqrt" % name] = updates(name, w0, grads, cls, kwargs)
        differ = (tensors["updates.%s.torch" % name] != tensors["updates.%s.ieee_sqrt" % name]).float().mean(dim=1)
        print("%-30s loss %.6f -> %.6f; MKL sqrt moves %s of the parameter's bits after steps %s"
              % (name, losses[0], losses[-1], ["%.0f%%" % (100 * f) for f in differ.tolist()], UPDATE_RECORDED))

    metadata = {"made_by": "scripts/make_optimizer_fixture.py --seed %d via torch %s: torch.manual_seed(%d); "
                           "nn.Sequential(nn.Linear(40, 100), nn.Tanh(), nn.Linear(100, 10))"
                           % (args.seed, torch.__version__, args.seed)}
    path = os.path.join(args.out_dir, "optimizer_parity.safetensors")
    save_file(tensors, path, metadata=metadata)
    os.chmod(path, 0o644)

    record = {
        "torch_version": torch.__version__,
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "num_threads": torch.get_num_threads(),
        "seed": args.seed,
        "update_path": "single-tensor (torch.optim's default on CPU: not foreach, not fused)",
        "loss": "nn.CrossEntropyLoss() (mean) in float32, before each step's update, as loss.item()",
        "batch_size": BATCH,
        "steps": STEPS,
        "update_steps": list(UPDATE_RECORDED),
        "batches": batches,
        "configs": configs,
    }
    json_path = os.path.join(args.out_dir, "optimizer_parity.json")
    with open(json_path, "w") as f:
        f.write(compact_lists(json.dumps(record, indent=1, sort_keys=True)) + "\n")
    print("wrote", path, "and", json_path)


if __name__ == "__main__":
    main()
