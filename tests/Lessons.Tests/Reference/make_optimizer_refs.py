#!/usr/bin/python3
"""Generate PyTorch (float64) reference trajectories for the optimizers (SGD and Adam).

Usage (Debian: apt-get install python3-torch; use /usr/bin/python3, not a pyenv python):
  /usr/bin/python3 make_optimizer_refs.py       # writes optimizers.json next to this script
The schema is the SCHEMA string below (also stored under "schema" in the file).
"""
import json, math, os
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)

SCHEMA = """\
Top level: {"schema": str, "torch_version": str, "dtype": "float64", "seed": int, "generator": str,
 "cases": [case, ...]}, numbers as in losses.json (exact float64, non-finite values as strings).
A case with "kind": "optimizer":
 {"name": unique id, "kind": "optimizer", "optimizer": torch.optim class name ("SGD" or "Adam"),
  "options": every constructor option, explicitly (SGD: lr, momentum, dampening, weight_decay, nesterov;
             Adam: lr, betas [b1, b2], eps, weight_decay, amsgrad),
  "model": "linear_mse": y_hat = X @ weight.T + bias (torch.nn.Linear), loss = MSELoss(reduction="mean")
           of y_hat against y,
  "data": {"X": (n, in) tensor, "y": (n, out) tensor},
  "parameter_names": ["weight", "bias"] (the order the optimizer receives them),
  "initial": {name: tensor} parameter values before the first step,
  "steps": [{"loss": the loss computed before this step,
             "grads": {name: gradient of that loss},
             "parameters": {name: value after optimizer.step()}}, ...] one entry per step, in order,
  "note": optional free text}.
Each step is: optimizer.zero_grad(); loss = mse(model(X), y); loss.backward(); optimizer.step().
"""

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "optimizers.json")
STEPS = 5


def enc(x):
    if isinstance(x, torch.Tensor):
        x = x.detach().tolist()

    def f(v):
        if isinstance(v, list):
            return [f(u) for u in v]
        if isinstance(v, float):
            if math.isnan(v):
                return "NaN"
            if math.isinf(v):
                return "Infinity" if v > 0 else "-Infinity"
        return v
    return f(x)


def problem(seed):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(6, 3, generator=g)
    y = torch.randn(6, 2, generator=g)
    weight = torch.randn(2, 3, generator=g) * 0.5
    bias = torch.randn(2, generator=g) * 0.5
    return X, y, weight, bias


def trajectory(optimizer, options, data, note=None, name=None):
    X, y, weight0, bias0 = data
    model = nn.Linear(3, 2)
    with torch.no_grad():
        model.weight.copy_(weight0)
        model.bias.copy_(bias0)
    names = ["weight", "bias"]
    params = [model.weight, model.bias]
    kwargs = dict(options)
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    opt = getattr(torch.optim, optimizer)(params, **kwargs)
    loss_fn = nn.MSELoss()
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        grads = {n: enc(p.grad) for n, p in zip(names, params)}
        opt.step()
        steps.append(dict(loss=enc(loss), grads=grads,
                          parameters={n: enc(p) for n, p in zip(names, params)}))
    case = dict(name=name, kind="optimizer", optimizer=optimizer, options=options, model="linear_mse",
                data=dict(X=enc(X), y=enc(y)), parameter_names=names,
                initial=dict(weight=enc(weight0), bias=enc(bias0)), steps=steps)
    if note:
        case["note"] = note
    return case


def sgd(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    return dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov)


def adam(lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False):
    return dict(lr=lr, betas=list(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)


if __name__ == "__main__":
    seed = 0
    data = problem(seed)
    cases = [
        trajectory("SGD", sgd(0.1), data, name="SGD_plain"),
        trajectory("SGD", sgd(0.1, momentum=0.9), data, name="SGD_momentum",
                   note="the momentum buffer starts as the first gradient (no dampening on step 1)"),
        trajectory("SGD", sgd(0.1, weight_decay=0.05), data, name="SGD_weight_decay"),
        trajectory("SGD", sgd(0.1, momentum=0.9, weight_decay=0.05), data, name="SGD_momentum_weight_decay"),
        trajectory("SGD", sgd(0.1, momentum=0.9, nesterov=True), data, name="SGD_nesterov"),
        trajectory("SGD", sgd(0.1, momentum=0.9, dampening=0.5), data, name="SGD_dampening"),
        trajectory("Adam", adam(0.1), data, name="Adam_plain"),
        trajectory("Adam", adam(0.1, weight_decay=0.1), data, name="Adam_weight_decay",
                   note="L2 weight decay added to the gradient (not AdamW)"),
        trajectory("Adam", adam(0.1, amsgrad=True), data, name="Adam_amsgrad"),
        trajectory("Adam", adam(0.1, betas=(0.8, 0.5), amsgrad=True), data, name="Adam_amsgrad_fast_beta2",
                   note="beta2 = 0.5 lets v shrink as the gradients do, so the running max matters"),
    ]
    # The AMSGrad case with beta2 = 0.5 must differ from plain Adam with the same betas, or it tests nothing.
    plain = trajectory("Adam", adam(0.1, betas=(0.8, 0.5)), data, name="check")
    assert plain["steps"][-1]["parameters"] != cases[-1]["steps"][-1]["parameters"], "amsgrad made no difference"
    doc = dict(schema=SCHEMA, torch_version=torch.__version__, dtype="float64", seed=seed,
               generator="make_optimizer_refs.py", cases=cases)
    with open(OUT, "w") as fh:
        json.dump(doc, fh, allow_nan=False)
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    print(f"{OUT}: {len(cases)} cases, {os.path.getsize(OUT)} bytes")
