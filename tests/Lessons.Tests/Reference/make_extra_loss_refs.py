#!/usr/bin/python3
"""Generate PyTorch (float64) reference vectors for loss cases that losses.json does not cover.

Usage (Debian: apt-get install python3-torch; use /usr/bin/python3):
  /usr/bin/python3 make_extra_loss_refs.py      # writes losses_extra.json next to this script
Same schema as losses.json (make_loss_refs.py, whose helpers this script reuses), with two additions:
"loss" may also be "KLDivLoss" (options {"log_target": bool}), whose "outputs" and "grads" then also hold
"batchmean" (loss(input, target) with reduction="batchmean" and its gradient).
"""
import os
import torch
import torch.nn as nn

import make_loss_refs as base
from make_loss_refs import loss_case, enc

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "losses_extra.json")


def kl_case(name, inp, target, log_target, note=None):
    outputs, grads, errors = {}, {}, {}
    for red in ("none", "mean", "sum", "batchmean"):
        mod = nn.KLDivLoss(reduction=red, log_target=log_target)
        x = inp.clone().detach().requires_grad_(True)
        out = mod(x, target)
        (out.sum() if red == "none" else out).backward()
        outputs[red] = enc(out)
        grads[red] = enc(x.grad)
    c = dict(name=name, kind="loss", loss="KLDivLoss", options={"log_target": log_target},
             shape=list(inp.shape), input=enc(inp), target=enc(target), target_kind="values",
             weight=None, pos_weight=None, outputs=outputs, grads=grads, errors=errors)
    if note:
        c["note"] = note
    return c


def cases(seed):
    g = torch.Generator().manual_seed(seed)
    rn = lambda *s: torch.randn(*s, generator=g)
    ru = lambda *s: torch.rand(*s, generator=g)
    ri = lambda lo, hi, s: torch.randint(lo, hi, s, generator=g)
    c = []
    # SmoothL1 with beta = 0: L1 forward, torch's -1 gradient where input == target
    x = rn(4, 5)
    t = rn(4, 5)
    xp = x.clone().reshape(-1)
    xp[::3] = t.reshape(-1)[::3]
    xp = xp.reshape(4, 5)
    c.append(loss_case("SmoothL1Loss_beta0_partly_equal_4x5", "SmoothL1Loss", {"beta": 0.0}, xp, t,
                       note="beta = 0 is L1 in the forward pass; the backward gives -1 (not 0) where d == 0"))
    c.append(loss_case("HuberLoss_delta2.5_4x5", "HuberLoss", {"delta": 2.5}, x * 3.0, t))
    # 0-d inputs
    c.append(loss_case("MSELoss_scalar", "MSELoss", {}, rn(()) , rn(())))
    c.append(loss_case("L1Loss_scalar", "L1Loss", {}, rn(()), rn(())))
    # CrossEntropy: unweighted ignore + label smoothing (the smoothing term's mean also skips ignored rows)
    N, C = 6, 4
    z = rn(N, C) * 2.0
    ti = ri(0, C, (N,))
    ti[1] = -100
    ti[4] = -100
    c.append(loss_case("CrossEntropyLoss_ignore-100_ls0.2_6x4", "CrossEntropyLoss",
                       {"ignore_index": -100, "label_smoothing": 0.2}, z, ti))
    c.append(loss_case("CrossEntropyLoss_ignore2_ls0.2_6x4", "CrossEntropyLoss",
                       {"ignore_index": 2, "label_smoothing": 0.2}, z, ti.clamp(min=0)))
    # unbatched: input (C), target a scalar class index / probabilities (C)
    zc = rn(5) * 2.0
    c.append(loss_case("CrossEntropyLoss_unbatched_5", "CrossEntropyLoss", {}, zc, torch.tensor(3)))
    c.append(loss_case("CrossEntropyLoss_unbatched_weight_ls0.1_5", "CrossEntropyLoss", {"label_smoothing": 0.1},
                       zc, torch.tensor(1), weight=ru(5) + 0.1))
    c.append(loss_case("CrossEntropyLoss_unbatched_probs_5", "CrossEntropyLoss", {}, zc,
                       torch.softmax(rn(5), dim=0)))
    # K-dimensional: (N, C, d1, d2) with smoothing, ignore, weights; probabilities
    N, C, d1, d2 = 2, 3, 2, 3
    zk = rn(N, C, d1, d2) * 2.0
    tk = ri(0, C, (N, d1, d2))
    tk[0, 1, 2] = -100
    wk = ru(C) + 0.1
    c.append(loss_case("CrossEntropyLoss_kdim_weight_ignore_ls0.1_2x3x2x3", "CrossEntropyLoss",
                       {"ignore_index": -100, "label_smoothing": 0.1}, zk, tk, weight=wk))
    c.append(loss_case("CrossEntropyLoss_kdim_2x3x2x3", "CrossEntropyLoss", {}, zk, tk.clamp(min=0)))
    c.append(loss_case("CrossEntropyLoss_kdim_probs_weight_2x3x2x3", "CrossEntropyLoss", {}, zk,
                       torch.softmax(rn(N, C, d1, d2), dim=1), weight=wk))
    c.append(loss_case("NLLLoss_kdim_weight_ignore_2x3x2x3", "NLLLoss", {"ignore_index": -100},
                       torch.log_softmax(zk, dim=1), tk, weight=wk))
    c.append(loss_case("NLLLoss_all_ignored_3x4", "NLLLoss", {}, torch.log_softmax(rn(3, 4), 1),
                       torch.full((3,), -100, dtype=torch.int64)))
    # BCEWithLogits at exactly zero logits: the smooth function's gradient sigmoid(0) - y = 0.5 - y
    zz = torch.zeros(2, 3)
    tz = torch.tensor([[1.0, 0.0, 0.3], [0.0, 1.0, 0.5]])
    c.append(loss_case("BCEWithLogitsLoss_zero_logits_2x3", "BCEWithLogitsLoss", {}, zz, tz,
                       note="x = 0 exactly: both max(-x, 0) and |x| have kinks there, the loss does not"))
    c.append(loss_case("BCEWithLogitsLoss_zero_logits_pos_weight_2x3", "BCEWithLogitsLoss", {}, zz, tz,
                       pos_weight=torch.tensor([2.0, 0.5, 1.5])))
    # KL divergence
    P = torch.softmax(rn(4, 5), dim=1)
    P[0, 2] = 0.0
    P[0] = P[0] / P[0].sum()
    logQ = torch.log_softmax(rn(4, 5), dim=1)
    c.append(kl_case("KLDivLoss_4x5", logQ, P, False, note="P[0, 2] = 0 contributes 0 (xlogy)"))
    c.append(kl_case("KLDivLoss_log_target_4x5", logQ, torch.log_softmax(rn(4, 5), dim=1), True))
    Pn = torch.tensor([[0.1, 0.4, 0.5]])
    Qn = torch.tensor([[0.3, 0.3, 0.4]])
    c.append(kl_case("KLDivLoss_seed_notes_P_Q", Qn.log(), Pn, False,
                     note="the seed notes' P = [.1, .4, .5], Q = [.3, .3, .4]: KL = 0.116783 (batchmean)"))
    return c


EXTRA_SCHEMA = """\
Additions in this file: "loss" may also be "KLDivLoss" (options {"log_target": bool}, input = log Q,
target = P or log P); its "outputs" and "grads" also hold "batchmean".
"""

if __name__ == "__main__":
    base.SCHEMA = base.SCHEMA + EXTRA_SCHEMA   # write() stores the schema of the module it lives in
    base.write(OUT, 1, cases(1), "make_extra_loss_refs.py")
