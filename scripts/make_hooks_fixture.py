#!/usr/bin/env python3
"""Writes the fixtures the training-hook tests read: what PyTorch computes for SWA
(AveragedModel + SWALR + update_bn), EMA (AveragedModel with get_ema_multi_avg_fn),
clip_grad_norm_, torch.nn.utils.prune masks, and training under a prune mask.

    python3 scripts/make_hooks_fixture.py [--out-dir Tests/DLCoreTests/Fixtures/hooks] [--seed 0]

Needs `pip install torch safetensors numpy` (the CPU build is enough). One thread,
deterministic algorithms.

Everything trains nn.Sequential(nn.Linear(16, 32), nn.BatchNorm1d(32), nn.Tanh(),
nn.Linear(32, 5)) (dlstudy: linear 32, batchNorm, tanh, linear) from the same initial weights,
on 250 training samples in their stored order (no shuffling) in batches of 32, the last one 26
samples: the order of a dlstudy spec with "shuffle": false. Tanh, not ReLU, so that last-bit
differences between the two engines' matrix products cannot flip a unit on or off (see
make_optimizer_fixture.py).

data.npz            x_train [250, 16], y_train [250] (int64, 5 classes), x_test [100, 16], y_test
init.safetensors    the initial state dict (torch.manual_seed(seed))
CASE.json           a dlstudy run spec of each training case, replayable with `dlstudy train`
hooks.safetensors   tensors, by prefix:
  swa.*             SGD(lr 0.05, momentum 0.9), 5 epochs, SWA from epoch 3 (1-based) at lr 0.02:
                    "swa.final.NAME" the averaged model's state dict after update_bn,
                    "swa.model.NAME" the trained model's (last iterate)
  swa_keep_bn.*     SGD(lr 0.1), StepLR(2, 0.5) per epoch, 4 epochs, SWA from epoch 2 without a
                    rate of its own and without update_bn: "swa_keep_bn.final.NAME"
  ema.*             SGD(lr 0.05, momentum 0.9, nesterov, weight_decay 1e-3), 3 epochs, EMA decay 0.9
                    after every step, use_buffers=False:
                    "ema.final.NAME" the EMA model's state dict
  ema_buffers.*     SGD(lr 0.05, momentum 0.9), 2 epochs, EMA decay 0.8, use_buffers=True
  clip.*            SGD(lr 0.1, momentum 0.9) with an L2 penalty (1e-3/2)·Σw² on the weights in
                    the loss, clip_grad_norm_(max_norm 0.8) after backward, 3 epochs:
                    "clip.final.NAME"
  masked_sgd.*      prune.l1_unstructured(0.3) of both Linear weights, then 12 steps of
                    SGD(lr 0.05, momentum 0.9, weight_decay 5e-3): "masked_sgd.mask.NAME",
                    "masked_sgd.final.NAME" (the effective weights, weight_orig * weight_mask,
                    with the other parameters and buffers)
  masked_adam.*     prune.global_unstructured(L1, 0.4) of both weights, then 12 steps of
                    Adam(lr 0.01, weight_decay 1e-3): same keys. (With Adam the bias of the
                    first Linear, followed by batch norm, has a gradient of rounding noise that
                    Adam's normalized step turns into moves of size lr: inert, and not comparable.)
  prune.CASE.*      masks alone: "w1.NAME" the weights pruned first, "m1.NAME" the mask,
                    "w2.NAME" the (effective) weights of a second round, "m2.NAME" its mask
                    (PyTorch's PruningContainer: the amount applies to what is still unpruned);
                    CASE is l1 (l1_unstructured 0.3 then 0.3), global (global_unstructured
                    0.4 then 0.4), ln (ln_structured n=2 dim=0 of 0.weight 0.25 then 0.25),
                    conv (a Conv1d weight [8, 3, 5], ln_structured dim 0 0.3 then 0.5), conv_dim1
                    (dim 1, 0.34 once), round_half (l1_unstructured of 10 entries at 0.25: 2.5
                    rounds to 2) and round_half_up (0.35: 3.5 rounds to 4)
  average.*         AveragedModel alone, no training: "average.inputs" [6, 300] six successive
                    states of one parameter, "average.swa" [6, 300] the SWA average after each
                    update_parameters, "average.ema" [6, 300] the EMA (decay 0.9) after each
  clip_alone.*      clip_grad_norm_ alone: "clip_alone.g0" [40, 16], "clip_alone.g1" [16] in,
                    "clip_alone.out0", "clip_alone.out1" after, for max_norm 0.75
hooks.json          per case the per-step losses (loss.item(), penalty included), the per-step
                    total gradient norms (clip), the learning rate of each epoch, the averaged
                    model's mean cross-entropy on the training and test sets in eval mode,
                    and clip_alone's total norm; plus the torch version.
"""

import argparse
import copy
import json
import os
import sys

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.utils.prune as prune
    from safetensors.torch import save_file
    from torch.optim.swa_utils import AveragedModel, SWALR, get_ema_multi_avg_fn, update_bn
except ImportError as e:
    sys.exit("make_hooks_fixture.py needs torch, safetensors and numpy (%s): pip install torch safetensors numpy" % e)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "Tests", "DLCoreTests", "Fixtures", "hooks")

TRAIN, TEST, FEATURES, HIDDEN, CLASSES, BATCH = 250, 100, 16, 32, 5, 32
LAYERS = [{"type": "linear", "out": HIDDEN}, {"type": "batchNorm"}, {"type": "tanh"}, {"type": "linear"}]
WEIGHTS = ["0.weight", "3.weight"]


def make_model():
    return nn.Sequential(nn.Linear(FEATURES, HIDDEN), nn.BatchNorm1d(HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, CLASSES))


def make_data(seed):
    torch.manual_seed(seed)
    model = make_model()
    x = 2 * torch.randn(TRAIN + TEST, FEATURES) + 0.5
    teacher = torch.randn(FEATURES, CLASSES)
    y = (x @ teacher + 2 * torch.randn(TRAIN + TEST, CLASSES)).argmax(dim=1)
    assert set(y[:TRAIN].tolist()) == set(range(CLASSES))
    init = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    return x[:TRAIN].contiguous(), y[:TRAIN].contiguous(), x[TRAIN:].contiguous(), y[TRAIN:].contiguous(), init


def batches(n=TRAIN):
    return [list(range(i, min(i + BATCH, n))) for i in range(0, n, BATCH)]


def spec(optimizer, budget, **extra):
    s = {"data": {"npz": "data.npz"}, "model": {"layers": LAYERS}, "initialWeights": "init.safetensors",
         "optimizer": optimizer, "batchSize": BATCH, "budget": budget, "shuffle": False,
         "record": {"everySteps": 1}}
    s.update(extra)
    return s


def state(model):
    return {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}


def mean_loss(model, x, y):
    was = model.training
    model.eval()
    with torch.no_grad():
        value = nn.functional.cross_entropy(model(x), y).item()
    model.train(was)
    return value


def penalty(model, l2):
    return 0.5 * l2 * sum((m.weight ** 2).sum() for m in model if isinstance(m, nn.Linear))


def train(model, x, y, optimizer, epochs=None, steps=None, on_step=None, on_epoch_start=None, on_epoch_end=None,
          l2=0.0, after_backward=None):
    """dlstudy's loop: epochs of sequential batches; returns per-step losses and per-epoch rates."""
    loss_fn = nn.CrossEntropyLoss()
    losses, rates, step = [], [], 0
    epoch = 0
    while (epochs is None or epoch < epochs) and (steps is None or step < steps):
        epoch += 1
        if on_epoch_start:
            on_epoch_start(epoch)
        for b in batches():
            if steps is not None and step >= steps:
                break
            idx = torch.tensor(b)
            model.train()
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            if l2:
                loss = loss + penalty(model, l2)
            loss.backward()
            if after_backward:
                after_backward()
            optimizer.step()
            step += 1
            losses.append(loss.item())
            if on_step:
                on_step()
        rates.append(optimizer.param_groups[0]["lr"])
        if on_epoch_end:
            on_epoch_end(epoch)
    return losses, rates


def fresh(init):
    model = make_model()
    model.load_state_dict(init)
    return model


def case_swa(x, y, xt, yt, init, out, record):
    model = fresh(init)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    swa_model = AveragedModel(model)
    start, swa_lr = 3, 0.02
    holder = {}

    def epoch_start(epoch):
        if epoch == start:
            holder["sched"] = SWALR(opt, swa_lr=swa_lr, anneal_epochs=0)
            assert opt.param_groups[0]["lr"] == swa_lr, "SWALR(anneal_epochs=0) sets the rate when it is made"

    def epoch_end(epoch):
        if epoch >= start:
            swa_model.update_parameters(model)
            holder["sched"].step()

    losses, rates = train(model, x, y, opt, epochs=5, on_epoch_start=epoch_start, on_epoch_end=epoch_end)
    assert int(swa_model.n_averaged) == 3
    out.update({"swa.model." + k: v for k, v in state(model).items()})
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x), batch_size=BATCH, shuffle=False)
    update_bn(loader, swa_model)
    out.update({"swa.final." + k: v for k, v in state(swa_model.module).items()})
    record["swa"] = {"losses": losses, "rates": rates, "averaged": int(swa_model.n_averaged),
                     "train_loss": mean_loss(swa_model, x, y), "test_loss": mean_loss(swa_model, xt, yt),
                     "spec": spec({"type": "sgd", "lr": 0.05, "momentum": 0.9}, {"epochs": 5},
                                  hooks=[{"kind": "swa", "startEpoch": start, "lr": swa_lr}])}


def case_swa_keep_bn(x, y, xt, yt, init, out, record):
    model = fresh(init)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    swa_model = AveragedModel(model)

    def epoch_end(epoch):
        if epoch >= 2:
            swa_model.update_parameters(model)
        sched.step()

    losses, rates = train(model, x, y, opt, epochs=4, on_epoch_end=epoch_end)
    out.update({"swa_keep_bn.final." + k: v for k, v in state(swa_model.module).items()})
    record["swa_keep_bn"] = {"losses": losses, "rates": rates, "averaged": int(swa_model.n_averaged),
                             "train_loss": mean_loss(swa_model, x, y), "test_loss": mean_loss(swa_model, xt, yt),
                             "spec": spec({"type": "sgd", "lr": 0.1}, {"epochs": 4},
                                          schedule={"kind": "step", "stepSize": 2, "gamma": 0.5},
                                          hooks=[{"kind": "swa", "startEpoch": 2, "recomputeBatchNorm": False}])}


def case_ema(name, x, y, xt, yt, init, out, record, make_opt, optimizer_spec, epochs, decay, use_buffers):
    model = fresh(init)
    opt = make_opt(model)
    ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay), use_buffers=use_buffers)
    losses, rates = train(model, x, y, opt, epochs=epochs, on_step=lambda: ema.update_parameters(model))
    out.update({name + ".final." + k: v for k, v in state(ema.module).items()})
    record[name] = {"losses": losses, "rates": rates, "averaged": int(ema.n_averaged),
                    "train_loss": mean_loss(ema, x, y), "test_loss": mean_loss(ema, xt, yt),
                    "spec": spec(optimizer_spec, {"epochs": epochs},
                                 hooks=[{"kind": "ema", "decay": decay, "averageBuffers": use_buffers}])}


def case_clip(x, y, xt, yt, init, out, record):
    model = fresh(init)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    norms = []
    losses, rates = train(model, x, y, opt, epochs=3, l2=1e-3,
                          after_backward=lambda: norms.append(nn.utils.clip_grad_norm_(model.parameters(), 0.8).item()))
    out.update({"clip.final." + k: v for k, v in state(model).items()})
    record["clip"] = {"losses": losses, "rates": rates, "norms": norms,
                      "clipped": sum(1 for n in norms if 0.8 / (n + 1e-6) < 1),
                      "train_loss": mean_loss(model, x, y), "test_loss": mean_loss(model, xt, yt),
                      "spec": spec({"type": "sgd", "lr": 0.1, "momentum": 0.9}, {"epochs": 3}, penalty={"l2": 1e-3},
                                   hooks=[{"kind": "clipGradNorm", "maxNorm": 0.8}])}


def effective(module, name):
    """weight_orig * weight_mask, computed now: the module's `weight` attribute is only
    recomputed by the forward pre-hook, so after an optimizer step it is one step old."""
    if hasattr(module, name + "_orig"):
        return (getattr(module, name + "_orig") * getattr(module, name + "_mask")).detach().clone().contiguous()
    return getattr(module, name).detach().clone().contiguous()


def effective_state(model):
    """The state dict the network computes with: weight = weight_orig * weight_mask."""
    s = {}
    for i, m in enumerate(model):
        for p in ("weight", "bias"):
            if hasattr(m, p) and getattr(m, p) is not None:
                s["%d.%s" % (i, p)] = effective(m, p)
        for b in ("running_mean", "running_var", "num_batches_tracked"):
            if hasattr(m, b) and getattr(m, b) is not None:
                s["%d.%s" % (i, b)] = getattr(m, b).detach().clone().contiguous()
    return s


def case_masked(name, x, y, xt, yt, init, out, record, apply_prune, make_opt, optimizer_spec):
    model = fresh(init)
    apply_prune(model)
    masks = {"%d.weight" % i: model[i].weight_mask.detach().clone() for i in (0, 3)}
    opt = make_opt(model)  # over weight_orig, bias, BN parameters
    losses, rates = train(model, x, y, opt, steps=12)
    out.update({name + ".mask." + k: v.contiguous() for k, v in masks.items()})
    final = effective_state(model)
    out.update({name + ".final." + k: v for k, v in final.items()})
    drift = max(float((model[i].weight_orig * (1 - model[i].weight_mask)).detach().abs().max()) for i in (0, 3))
    record[name] = {"losses": losses, "rates": rates, "pruned_orig_drift": drift,
                    "train_loss": mean_loss(model, x, y), "test_loss": mean_loss(model, xt, yt),
                    "spec": spec(optimizer_spec, {"steps": 12})}
    return model


def prune_rounds(out, key, modules_names, first, second, w2):
    """Round 1 on the modules' current weights, then their weight_orig replaced by w2 (the
    weights of later training) and round 2: PyTorch's PruningContainer."""
    for (m, n), name in zip(modules_names, sorted(w2)):
        out["prune.%s.w1.%s" % (key, name)] = getattr(m, n).detach().clone().contiguous()
    first()
    for (m, n), name in zip(modules_names, sorted(w2)):
        out["prune.%s.m1.%s" % (key, name)] = getattr(m, n + "_mask").detach().clone().contiguous()
        with torch.no_grad():
            getattr(m, n + "_orig").copy_(w2[name])
        # The next round reads the module's `weight` attribute, which only the forward pre-hook
        # recomputes: do what a forward pass (an evaluation after training) would.
        setattr(m, n, effective(m, n))
        out["prune.%s.w2.%s" % (key, name)] = effective(m, n)
    if second is None:
        return
    second()
    for (m, n), name in zip(modules_names, sorted(w2)):
        out["prune.%s.m2.%s" % (key, name)] = getattr(m, n + "_mask").detach().clone().contiguous()


def pruning_cases(init, trained_sgd, trained_adam, out):
    # Second-round weights: the weights two masked trainings ended with (weight_orig).
    w2_sgd = {"0.weight": trained_sgd[0].weight_orig.detach().clone(), "3.weight": trained_sgd[3].weight_orig.detach().clone()}
    w2_adam = {"0.weight": trained_adam[0].weight_orig.detach().clone(), "3.weight": trained_adam[3].weight_orig.detach().clone()}

    m = fresh(init)
    pairs = [(m[0], "weight"), (m[3], "weight")]
    prune_rounds(out, "l1", pairs,
                 lambda: [prune.l1_unstructured(mod, "weight", amount=0.3) for mod, _ in pairs],
                 lambda: [prune.l1_unstructured(mod, "weight", amount=0.3) for mod, _ in pairs], w2_sgd)

    m = fresh(init)
    pairs = [(m[0], "weight"), (m[3], "weight")]
    prune_rounds(out, "global", pairs,
                 lambda: prune.global_unstructured(pairs, pruning_method=prune.L1Unstructured, amount=0.4),
                 lambda: prune.global_unstructured(pairs, pruning_method=prune.L1Unstructured, amount=0.4), w2_adam)

    m = fresh(init)
    pairs = [(m[0], "weight")]
    prune_rounds(out, "ln", pairs,
                 lambda: prune.ln_structured(m[0], "weight", amount=0.25, n=2, dim=0),
                 lambda: prune.ln_structured(m[0], "weight", amount=0.25, n=2, dim=0), {"0.weight": w2_sgd["0.weight"]})

    g = torch.Generator().manual_seed(7)
    conv = nn.Conv1d(3, 8, 5)
    with torch.no_grad():
        conv.weight.copy_(torch.randn(8, 3, 5, generator=g))
    w2 = {"0.weight": torch.randn(8, 3, 5, generator=g)}
    prune_rounds(out, "conv", [(conv, "weight")],
                 lambda: prune.ln_structured(conv, "weight", amount=0.3, n=2, dim=0),
                 lambda: prune.ln_structured(conv, "weight", amount=0.5, n=2, dim=0), w2)

    conv = nn.Conv1d(3, 8, 5)
    with torch.no_grad():
        conv.weight.copy_(torch.randn(8, 3, 5, generator=g))
    prune_rounds(out, "conv_dim1", [(conv, "weight")],
                 lambda: prune.ln_structured(conv, "weight", amount=0.34, n=2, dim=1), None, {"0.weight": conv.weight.detach().clone()})

    for key, amount in (("round_half", 0.25), ("round_half_up", 0.35)):
        lin = nn.Linear(5, 2)
        with torch.no_grad():
            lin.weight.copy_(torch.randn(2, 5, generator=g))
        prune_rounds(out, key, [(lin, "weight")], lambda: prune.l1_unstructured(lin, "weight", amount=amount), None,
                     {"0.weight": lin.weight.detach().clone()})


def averaging_alone(out, seed):
    g = torch.Generator().manual_seed(seed + 100)
    inputs = torch.randn(6, 300, generator=g) * torch.pow(10.0, 2 * torch.rand(6, 300, generator=g) - 1)
    holder = nn.Linear(300, 1, bias=False)
    swa, ema = AveragedModel(holder), AveragedModel(holder, multi_avg_fn=get_ema_multi_avg_fn(0.9))
    swa_rows, ema_rows = [], []
    for k in range(6):
        with torch.no_grad():
            holder.weight.copy_(inputs[k].view(1, 300))
        swa.update_parameters(holder)
        ema.update_parameters(holder)
        swa_rows.append(swa.module.weight.detach().clone().view(300))
        ema_rows.append(ema.module.weight.detach().clone().view(300))
    out["average.inputs"] = inputs.contiguous()
    out["average.swa"] = torch.stack(swa_rows).contiguous()
    out["average.ema"] = torch.stack(ema_rows).contiguous()


def clip_alone(out, record, seed):
    g = torch.Generator().manual_seed(seed + 200)
    p0, p1 = nn.Parameter(torch.zeros(40, 16)), nn.Parameter(torch.zeros(16))
    p0.grad, p1.grad = torch.randn(40, 16, generator=g) * 0.1, torch.randn(16, generator=g)
    out["clip_alone.g0"], out["clip_alone.g1"] = p0.grad.clone(), p1.grad.clone()
    total = nn.utils.clip_grad_norm_([p0, p1], 0.75)
    out["clip_alone.out0"], out["clip_alone.out1"] = p0.grad.clone(), p1.grad.clone()
    record["clip_alone"] = {"max_norm": 0.75, "total_norm": total.item()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    x, y, xt, yt, init = make_data(args.seed)
    np.savez(os.path.join(args.out_dir, "data.npz"), x_train=x.numpy(), y_train=y.numpy(), x_test=xt.numpy(), y_test=yt.numpy())
    save_file(init, os.path.join(args.out_dir, "init.safetensors"),
              metadata={"format": "pt", "made_by": "scripts/make_hooks_fixture.py --seed %d" % args.seed})
    os.chmod(os.path.join(args.out_dir, "init.safetensors"), 0o644)

    out, record = {}, {}
    case_swa(x, y, xt, yt, init, out, record)
    case_swa_keep_bn(x, y, xt, yt, init, out, record)
    case_ema("ema", x, y, xt, yt, init, out, record,
             lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3),
             {"type": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True, "weightDecay": 1e-3}, 3, 0.9, False)
    case_ema("ema_buffers", x, y, xt, yt, init, out, record,
             lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9),
             {"type": "sgd", "lr": 0.05, "momentum": 0.9}, 2, 0.8, True)
    case_clip(x, y, xt, yt, init, out, record)
    sgd = case_masked("masked_sgd", x, y, xt, yt, init, out, record,
                      lambda m: [prune.l1_unstructured(m[i], "weight", amount=0.3) for i in (0, 3)],
                      lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-3),
                      {"type": "sgd", "lr": 0.05, "momentum": 0.9, "weightDecay": 5e-3})
    adam = case_masked("masked_adam", x, y, xt, yt, init, out, record,
                       lambda m: prune.global_unstructured([(m[0], "weight"), (m[3], "weight")],
                                                           pruning_method=prune.L1Unstructured, amount=0.4),
                       lambda m: torch.optim.Adam(m.parameters(), lr=0.01, weight_decay=1e-3),
                       {"type": "adam", "lr": 0.01, "weightDecay": 1e-3})
    pruning_cases(init, sgd, adam, out)
    averaging_alone(out, args.seed)
    clip_alone(out, record, args.seed)

    for name, r in record.items():
        if "spec" in r:
            with open(os.path.join(args.out_dir, name + ".json"), "w") as f:
                f.write(json.dumps(r.pop("spec"), indent=1, sort_keys=True) + "\n")
    path = os.path.join(args.out_dir, "hooks.safetensors")
    save_file(out, path, metadata={"made_by": "scripts/make_hooks_fixture.py --seed %d via torch %s" % (args.seed, torch.__version__)})
    os.chmod(path, 0o644)
    record["torch_version"] = torch.__version__
    record["seed"] = args.seed
    with open(os.path.join(args.out_dir, "hooks.json"), "w") as f:
        f.write(json.dumps(record, indent=1, sort_keys=True) + "\n")
    for name in ("swa", "swa_keep_bn", "ema", "ema_buffers", "clip", "masked_sgd", "masked_adam"):
        r = record[name]
        print("%-12s loss %.5f -> %.5f; final train %.5f test %.5f" % (name, r["losses"][0], r["losses"][-1], r["train_loss"], r["test_loss"]))
    print("clip: %d of %d steps clipped; pruned weight_orig drift (SGD wd) %.3g"
          % (record["clip"]["clipped"], len(record["clip"]["norms"]), record["masked_sgd"]["pruned_orig_drift"]))
    print("wrote", args.out_dir)


if __name__ == "__main__":
    main()
