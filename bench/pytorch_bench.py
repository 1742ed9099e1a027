#!/usr/bin/python3
"""The recipes of `lessons bench`, in PyTorch, for bench/compare-pytorch.sh.

Each figure is measured the way `lessons bench` measures ours (src/Lessons/Benchmarks): warm-up runs, then the
median of several timed runs with min and max. The training code is the book's (d2l 0.17 §3.6, train_epoch_ch3 with
its Accumulator and sgd), so both sides pay for the same steps, including reading the loss and accuracy back after
every batch as d2l does with float(...).

Usage: OPENBLAS_CORETYPE=SkylakeX pytorch_bench.py [--threads 1] [--json] [--ours ours.json]
With --ours, prints the table of ratios ours / PyTorch after the figures. Needs Debian's python3-torch and numpy.
"""
import argparse
import gzip
import json
import os
import resource
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

DATA_DIR = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")


# ---- measuring: the same statistics as Lessons.Benchmarks.Measurement ----

def figure(unit, samples):
    s = sorted(samples)
    n = len(s)
    median = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {"unit": unit, "median": median, "min": s[0], "max": s[-1], "runs": n}


def seconds(run, warmups, runs):
    for _ in range(warmups):
        run()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        out.append(time.perf_counter() - start)
    return out


def seconds_per_call(call, runs=7, min_batch=0.05, warmup=0.3):
    """Calls timed in batches long enough for the clock, after `warmup` seconds of untimed calls."""
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        call()
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            call()
        if time.perf_counter() - start >= min_batch:
            break
        calls *= 2
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        out.append((time.perf_counter() - start) / calls)
    return out


# ---- data: gzip + numpy, as d2l's readers do underneath ----

def read_idx(name):
    with gzip.open(os.path.join(DATA_DIR, name + ".gz"), "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_fashion_mnist():
    """All 70,000 images as float32 in [0, 1] (N, 1, 28, 28), labels as int64."""
    out = []
    for prefix in ("train", "t10k"):
        images = read_idx(f"{prefix}-images-idx3-ubyte").astype(np.float32) / 255
        labels = read_idx(f"{prefix}-labels-idx1-ubyte").astype(np.int64)
        out.append((torch.from_numpy(images).reshape(-1, 1, 28, 28), torch.from_numpy(labels)))
    return out


# ---- the book's code, d2l 0.17 §3.6 ----

def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition


def cross_entropy(y_hat, y):
    return - torch.log(y_hat[range(len(y_hat)), y])


def accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


class Accumulator:
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def __getitem__(self, idx):
        return self.data[idx]


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def train_epoch_ch3(net, train_iter, loss, updater):
    if isinstance(net, torch.nn.Module):
        net.train()
    metric = Accumulator(3)
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        metric.add(float(l.sum()), accuracy(y_hat, y), y.numel())
    return metric[0] / metric[2], metric[1] / metric[2]


class Preloaded:
    """Shuffled minibatches gathered from tensors already in memory (what our DataLoader does on a backend)."""

    def __init__(self, X, y, batch_size):
        self.X, self.y, self.batch_size = X, y, batch_size

    def __iter__(self):
        order = torch.randperm(len(self.y))
        for i in range(0, len(order), self.batch_size):
            index = order[i:i + self.batch_size]
            yield self.X[index], self.y[index]


# ---- figures ----

def softmax_epoch(train_iter, warmups, runs):
    W = torch.normal(0, 0.01, size=(784, 10), requires_grad=True)
    b = torch.zeros(10, requires_grad=True)

    def net(X):
        return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)

    def updater(batch_size):
        return sgd([W, b], 0.1, batch_size)

    return figure("s", seconds(lambda: train_epoch_ch3(net, train_iter, cross_entropy, updater), warmups, runs))


def mlp_epoch(train_iter, warmups, runs):
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.Adam(net.parameters(), lr=1e-3)
    return figure("s", seconds(lambda: train_epoch_ch3(net, train_iter, loss, trainer), warmups, runs))


def lenet_epoch(train_iter, warmups, runs):
    """d2l 0.17 §6.6's LeNet: sigmoid, average pooling, Xavier-uniform weights, SGD lr 0.9 (train_ch6's recipe)."""
    net = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10))
    for m in net:
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=0.9)
    return figure("s", seconds(lambda: train_epoch_ch3(net, train_iter, loss, trainer), warmups, runs))


def matmul(m, k, n, trans_a):
    a = torch.rand(k, m) * 2 - 1 if trans_a else torch.rand(m, k) * 2 - 1
    b = torch.rand(k, n) * 2 - 1
    c = torch.empty(m, n)
    op = (lambda: torch.matmul(a.T, b, out=c)) if trans_a else (lambda: torch.matmul(a, b, out=c))
    flops = 2.0 * m * n * k
    return figure("GFLOP/s", [flops / s / 1e9 for s in seconds_per_call(op)])


def softmax_ce(loss_of):
    logits = torch.randn(256, 10, requires_grad=True)
    y = torch.tensor([(i * 7919) % 10 for i in range(256)])

    def step():
        loss_of(logits, y).sum().backward()  # gradients accumulate, as in ours

    return figure("rows/s", [256 / s for s in seconds_per_call(step)])


def measure(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    log = sys.stderr if args.json else sys.stdout
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(),
              "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"), "figures": {}}
    figures = result["figures"]

    def record(key, label, value):
        figures[key] = value
        print(f"pytorch: {label}: {value['median']:.4g} {value['unit']} "
              f"(min {value['min']:.4g}, max {value['max']:.4g}, {value['runs']} runs)", file=log, flush=True)

    data = []
    record("decode_fashion_mnist", "decode 70,000 Fashion-MNIST images to float32 (gzip + numpy)",
           figure("s", seconds(lambda: data.append(load_fashion_mnist()), 1, args.decode_runs)))
    (X, y), _ = data[-1]
    del data[:-1]

    x = torch.ones(1)
    record("op_queued", "one tiny operation (torch.neg(x, out=x), 1 element)",
           figure("µs", [s * 1e6 for s in seconds_per_call(lambda: torch.neg(x, out=x))]))
    record("op_waited", "one tiny operation, each followed by x.item()",
           figure("µs", [s * 1e6 for s in seconds_per_call(lambda: (torch.neg(x, out=x), x.item()))]))
    record("op_tensor", "one tiny tensor operation (y = -x, a new tensor)",
           figure("µs", [s * 1e6 for s in seconds_per_call(lambda: -x)]))

    for key, label, shape in [("matmul_256x784_784x10", "matmul 256x784 @ 784x10", (256, 784, 10, False)),
                              ("matmul_784x256T_256x10", "matmul (256x784)T @ 256x10", (784, 256, 10, True)),
                              ("matmul_1024", "matmul 1024x1024 @ 1024x1024", (1024, 1024, 1024, False))]:
        record(key, label, matmul(*shape))
    record("softmax_ce_fused_256x10", "F.cross_entropy, forward and backward, 256x10",
           softmax_ce(lambda o, t: F.cross_entropy(o, t, reduction="none")))
    record("softmax_ce_scratch_256x10", "the book's softmax then cross_entropy, forward and backward, 256x10",
           softmax_ce(lambda o, t: cross_entropy(softmax(o), t)))

    record("softmax_scratch_epoch", "softmax regression from scratch, one epoch, preloaded tensors",
           softmax_epoch(Preloaded(X, y, 256), 1, args.epochs))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=256, shuffle=True)
    record("softmax_scratch_epoch_dataloader", "softmax regression from scratch, one epoch, torch DataLoader",
           softmax_epoch(loader, 1, args.epochs))
    record("mlp_epoch", "784-128-10 MLP with Adam, one epoch, batch 64, preloaded tensors",
           mlp_epoch(Preloaded(X, y, 64), 1, args.epochs))

    # LeNet at every thread setting: convolutions are where more threads can pay, so the best one is compared.
    images = X.reshape(-1, 1, 28, 28)
    best = None
    for threads in sorted({1, os.cpu_count() or 1}):
        torch.set_num_threads(threads)
        value = lenet_epoch(Preloaded(images, y, 256), 1, args.epochs)
        record(f"lenet_epoch_{threads}_threads", f"d2l's LeNet, one epoch, batch 256, {threads} thread(s)", value)
        if best is None or value["median"] < best[1]["median"]:
            best = (threads, value)
    torch.set_num_threads(args.threads)
    figures["lenet_epoch"] = dict(best[1], threads=best[0])
    print(f"pytorch: LeNet's best thread setting here: {best[0]}", file=log)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    figures["peak_working_set"] = {"unit": "MiB", "median": peak, "min": peak, "max": peak, "runs": 1}
    print(f"pytorch: peak working set: {peak:.0f} MiB", file=log)
    return result


# ---- the comparison table ----

# (our key, PyTorch key, label); our decode and peak memory are top-level figures, the rest per backend.
ROWS = [
    ("softmax_scratch_epoch", "softmax_scratch_epoch", "softmax regression epoch (vs preloaded)"),
    ("softmax_scratch_epoch", "softmax_scratch_epoch_dataloader", "softmax regression epoch (vs DataLoader)"),
    ("mlp_epoch", "mlp_epoch", "784-128-10 MLP epoch, Adam"),
    ("lenet_epoch", "lenet_epoch", "LeNet epoch, SGD (PyTorch: best thread setting)"),
    ("decode_fashion_mnist", "decode_fashion_mnist", "decode 70,000 images"),
    ("peak_working_set", "peak_working_set", "peak working set"),
    ("op_queued", "op_queued", "one tiny operation, queued"),
    ("op_waited", "op_waited", "one tiny operation, waited for"),
    ("op_tensor", "op_tensor", "one tiny tensor operation"),
    ("matmul_256x784_784x10", "matmul_256x784_784x10", "matmul 256x784 @ 784x10"),
    ("matmul_784x256T_256x10", "matmul_784x256T_256x10", "matmul (256x784)T @ 256x10"),
    ("matmul_1024", "matmul_1024", "matmul 1024^3"),
    ("softmax_ce_fused_256x10", "softmax_ce_fused_256x10", "softmax+CE fwd+bwd 256x10, fused"),
    ("softmax_ce_scratch_256x10", "softmax_ce_scratch_256x10", "softmax+CE fwd+bwd 256x10, book's"),
]


def ours_figure(ours, backend, key):
    if key in ("decode_fashion_mnist", "peak_working_set"):
        return ours.get(key)
    return ours["backends"].get(backend, {}).get("figures", {}).get(key)


def peak_rows(ours, theirs, backends):
    """The CPU's FMA peak (measured by `lessons bench`, all cores) and the 1024^3 products as fractions of it."""
    peak = ours.get("fma_peak")
    if not peak or not peak["median"]:
        return []
    blanks = ["-"] * len(backends)
    rows = [["FMA peak, all cores (lessons bench)", "GFLOP/s", f"{peak['median']:.4g}"] + blanks[1:] + ["-"] + blanks]
    fractions = []
    for backend in backends:  # another backend's device has a peak of its own
        value = ours_figure(ours, backend, "matmul_1024") if backend == "cpu" else None
        fractions.append(f"{value['median'] / peak['median']:.2f}" if value else "-")
    theirs_cube = theirs["figures"].get("matmul_1024")
    theirs_fraction = f"{theirs_cube['median'] / peak['median']:.2f}" if theirs_cube else "-"
    rows.append(["matmul 1024^3 / FMA peak", "ratio"] + fractions + [theirs_fraction] + blanks)
    return rows


def table(ours, theirs):
    backends = list(ours["backends"])
    header = ["figure", "unit"] + [f"ours {b}" for b in backends] + ["PyTorch"] + [f"{b} / PyTorch" for b in backends]
    lines = [header]
    for our_key, their_key, label in ROWS:
        theirs_value = theirs["figures"].get(their_key)
        if theirs_value is None:
            continue
        unit = theirs_value["unit"]
        row = [label, unit]
        ratios = []
        for backend in backends:
            value = ours_figure(ours, backend, our_key)
            row.append(f"{value['median']:.4g}" if value else "-")
            if value and theirs_value["median"]:
                ratio = value["median"] / theirs_value["median"]
                # A time or a memory size is better lower, a rate higher: say which way the ratio leans.
                better = ratio < 1 if unit in ("s", "µs", "MiB") else ratio > 1
                ratios.append(f"{ratio:.2f} ({'better' if better else 'worse'})")
            else:
                ratios.append("-")
        row.append(f"{theirs_value['median']:.4g}")
        lines.append(row + ratios)
    lines += peak_rows(ours, theirs, backends)
    widths = [max(len(r[i]) for r in lines) for i in range(len(header))]
    out = []
    for i, row in enumerate(lines):
        out.append("  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(row, widths))))
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    skipped = ours.get("skipped") or {}
    for backend, reason in skipped.items():
        out.append(f"({backend} not measured: {reason})")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (1: fastest here)")
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per figure, after one warm-up")
    parser.add_argument("--decode-runs", type=int, default=3, help="timed decodes, after one warm-up")
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    parser.add_argument("--ours", help="the JSON line of `lessons bench --json`: print ours / PyTorch")
    args = parser.parse_args()
    result = measure(args)
    if args.ours:
        with open(args.ours) as f:
            ours = json.loads(f.read().strip().splitlines()[-1])
        print()
        print(table(ours, result))
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
