#!/usr/bin/python3
"""PyTorch 1.13 reference values for the one-line op tests (OpTests.cs), in float64 and float32.

Usage (Debian: apt-get install python3-torch; use /usr/bin/python3, not a pyenv python):
  /usr/bin/python3 make_op_refs.py        # writes ops_*.json next to this script

Each case runs one op on small seeded inputs (tens of values), then backward with a seeded upstream gradient R,
once with float64 inputs and once with the same inputs as float32. A file holds {"cases": [...]}, each case:
  name      the key OpTests.cs looks its one line up by
  inputs    [{"values": nested list, "grad": bool, "int": bool}]: values are short decimals (exact in float64, and
            rounded to float32 as torch.tensor(..., dtype=float32) rounds them); "int" inputs are int64 indices
  upstream  nested list shaped like the output (null when the output is not floating point)
  float64 / float32: {"dtype": torch's output dtype, "shape": [...], "output": nested list,
            "grads": [nested list or null per input]}
Non-finite numbers are the strings "NaN", "Infinity", "-Infinity". float32 results are written with the
fewest digits that read back to the same float32.
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = torch.Generator().manual_seed(20261129)


def rounded(t, digits=3):
    return torch.round(t * 10 ** digits) / 10 ** digits


def normal(*shape):
    return rounded(torch.randn(tuple(shape), generator=GEN, dtype=torch.float64))


def positive(*shape):
    return 0.2 + normal(*shape).abs()


def away(*shape):
    x = normal(*shape)
    return torch.where(x < 0, x - 0.2, x + 0.2)


def values(v):
    return torch.tensor(v, dtype=torch.float64)


def index(v):
    return ("int", torch.tensor(v, dtype=torch.int64))


def f32_text(v):
    """The shortest decimal that reads back as the same float32."""
    for p in range(1, 10):
        s = "%.*g" % (p, v)
        if struct.unpack("f", struct.pack("f", float(s)))[0] == v:
            return float(s)
    return float(v)


def enc(t, f32=False):
    def one(v):
        if isinstance(v, bool):
            return int(v)
        if isinstance(v, int):
            return v
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return f32_text(v) if f32 else v

    def walk(x):
        return [walk(e) for e in x] if isinstance(x, list) else one(x)

    return walk(t.detach().tolist())


CASES = []


def case(name, fn, *inputs, grad=True):
    CASES.append((name, fn, inputs, grad))


def run(name, fn, inputs, grad):
    upstream = None
    result = {"name": name, "inputs": []}
    for spec in inputs:
        is_int = isinstance(spec, tuple)
        t = spec[1] if is_int else spec
        result["inputs"].append({"values": enc(t), "grad": grad and not is_int, "int": is_int})
    for dtype, key in ((torch.float64, "float64"), (torch.float32, "float32")):
        xs = []
        for spec in inputs:
            if isinstance(spec, tuple):
                xs.append(spec[1])
            else:
                xs.append(spec.to(dtype).detach().requires_grad_(grad))
        out = fn(*xs)
        entry = {"dtype": str(out.dtype).replace("torch.", ""), "shape": list(out.shape),
                 "output": enc(out, dtype == torch.float32)}
        if grad and out.dtype.is_floating_point:
            if upstream is None:
                upstream = rounded(torch.randn(tuple(out.shape), generator=GEN, dtype=torch.float64))
            out.backward(upstream.to(dtype))
            entry["grads"] = [None if isinstance(s, tuple) else
                              enc(x.grad if x.grad is not None else torch.zeros_like(x), dtype == torch.float32)
                              for s, x in zip(inputs, xs)]
        result[key] = entry
    result["upstream"] = None if upstream is None else enc(upstream)
    return result


# ---- element-wise, two inputs, with broadcasting, 0-d and one-element operands
case("add_broadcast", lambda a, b: a + b, normal(3, 4), normal(4))
case("add_0d", lambda a, b: a + b, normal(3), normal())
case("sub_broadcast", lambda a, b: a - b, normal(3, 1), normal(1, 4))
case("mul_broadcast", lambda a, b: a * b, normal(2, 3, 4), normal(3, 1))
case("mul_one_element", lambda a, b: a * b, normal(1), normal(2, 3))
case("div_broadcast", lambda a, b: a / b, normal(3, 4), away(4))
case("pow_broadcast", lambda a, b: a ** b, positive(3, 4), normal(4))
case("maximum_broadcast", torch.maximum, normal(3, 4), normal(4))
case("minimum_broadcast", torch.minimum, normal(3, 4), normal(4))
case("minimum_broadcast_left", torch.minimum, normal(4), normal(3, 4))
case("maximum_ties", torch.maximum, values([1.0, 2.0, 3.0]), values([1.0, 5.0, 3.0]))
case("minimum_ties", torch.minimum, values([[1.0, 2.0, -3.0], [0.5, 2.0, 4.0]]), values([1.0, 2.0, -3.0]))

# ---- element-wise, one input
case("neg", lambda x: -x, normal(2, 3))
case("exp", torch.exp, normal(2, 3))
case("exp_near_float32_limit", torch.exp, values([88.0, 88.5, 88.7, -87.3, -80.0, 0.0, 1e-10]))
case("log", torch.log, positive(2, 3))
case("log_tiny", torch.log, values([1e-30, 1e-37, 1e-300, 1e-10, 1e-4, 400.0]))
case("log1p", torch.log1p, values([1e-10, 1e-4, 1.0, 20.0, 400.0, -0.5, -1e-10]))
case("abs", torch.abs, away(2, 3))
case("sqrt", torch.sqrt, positive(2, 3))
case("square", torch.square, normal(2, 3))
case("reciprocal", torch.reciprocal, away(2, 3))
case("relu", torch.relu, away(2, 3))
case("sigmoid", torch.sigmoid, normal(2, 3))
case("sigmoid_extremes", torch.sigmoid, values([-50.0, 50.0, -20.0, 20.0, 0.0, 1e-10, -1e-4, -100.0, 100.0]))
case("tanh", torch.tanh, normal(2, 3))
case("tanh_accuracy", torch.tanh, values([1e-10, -1e-10, 1e-8, 1e-4, -1e-4, 1.0, 20.0, 400.0, -400.0]))
case("exp_accuracy", torch.exp, values([1e-10, -1e-10, 1e-4, 1.0, 20.0, -20.0, 400.0, -400.0]))
case("pow_scalar_3", lambda x: x ** 3, normal(2, 3))
case("pow_scalar_2_5", lambda x: x ** 2.5, positive(2, 3))
case("clamp", lambda x: x.clamp(-0.5, 0.5), values([-0.9, -0.3, 0.1, 0.35, 0.8, -0.7]))
case("scalar_arithmetic", lambda x: ((2 - x) * 3 / 4) + 1, normal(2, 3))
case("sin", torch.sin, normal(17))
case("sin_large", torch.sin, values([1e-10, 1e-4, 1.0, 20.0, 400.0, -400.0, 3.14159]))
case("cos", torch.cos, normal(3, 5))
case("cos_large", torch.cos, values([1e-10, 1e-4, 1.0, 20.0, 400.0, -400.0, 3.14159]))
case("leaky_relu", F.leaky_relu, away(3, 5))
case("leaky_relu_slope", lambda x: F.leaky_relu(x, 0.2), away(17))
case("leaky_relu_0d", F.leaky_relu, values(-1.5))
case("softplus", F.softplus, normal(3, 5))
case("softplus_extremes", F.softplus, values([-50.0, -20.0, 0.0, 1e-10, 19.9, 20.0, 20.5, 50.0, 400.0, -400.0]))
case("ne_scalar", lambda x: x.ne(0.5), values([0.5, 1.0, -0.5, 0.5, float("nan")]), grad=False)
case("eq_scalar", lambda x: x.eq(0.5), values([0.5, 1.0, -0.5, 0.5, float("nan")]), grad=False)

# ---- reductions
case("sum_all", lambda x: x.sum(), normal(3, 4))
case("sum_axis_0", lambda x: x.sum(0), normal(3, 4))
case("sum_axis_1_keepdim", lambda x: x.sum(1, keepdim=True), normal(3, 4))
case("sum_axes", lambda x: x.sum([0, 2]), normal(2, 3, 4))
case("sum_axes_keepdim", lambda x: x.sum([-1, 0], keepdim=True), normal(2, 3, 4))
case("sum_0d_axis_0", lambda x: x.sum(0), normal())
case("sum_0d_axis_minus_1", lambda x: x.sum(-1, keepdim=True), normal())
case("mean_all", lambda x: x.mean(), normal(3, 4))
case("mean_axis", lambda x: x.mean(-1), normal(2, 3, 4))
case("mean_axes", lambda x: x.mean([0, 1]), normal(2, 3, 4))
case("mean_0d", lambda x: x.mean(0), normal())
case("max_all", lambda x: x.max(), normal(3, 4))
case("max_all_ties", lambda x: x.max(), values([[1.0, 3.0, 3.0], [2.0, 3.0, 0.0]]))
case("min_all_ties", lambda x: x.min(), values([[-1.0, 3.0, -1.0], [2.0, 3.0, 0.0]]))
case("max_axis", lambda x: x.max(1)[0], normal(3, 4))
case("max_axis_ties", lambda x: x.max(1)[0], values([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]]))
case("min_axis_keepdim", lambda x: x.min(0, keepdim=True)[0], normal(3, 4))
case("max_0d_axis_0", lambda x: x.max(0)[0], normal())
case("min_0d_axis_minus_1", lambda x: x.min(-1, keepdim=True)[0], normal())
case("argmax", lambda x: x.argmax(), values([[1.0, 3.0, 3.0], [2.0, 3.0, 0.0]]), grad=False)
case("argmax_axis", lambda x: x.argmax(1), normal(3, 5), grad=False)
case("argmin_axis_keepdim", lambda x: x.argmin(0, keepdim=True), normal(3, 5), grad=False)
case("argmax_0d", lambda x: x.argmax(0), normal(), grad=False)
case("argmin_0d", lambda x: x.argmin(-1), normal(), grad=False)
case("logsumexp", lambda x: torch.logsumexp(x, 1), normal(3, 5))
case("logsumexp_keepdim", lambda x: torch.logsumexp(x, 0, keepdim=True), normal(3, 5))
case("logsumexp_extremes", lambda x: torch.logsumexp(x, -1),
     values([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0], [1000.0, 1000.0, 999.0]]))
case("logsumexp_0d", lambda x: torch.logsumexp(x, 0), normal())
case("var", lambda x: x.var(1), normal(3, 5))
case("var_biased_keepdim", lambda x: x.var(0, keepdim=True, unbiased=False), normal(4, 3))
case("std", lambda x: x.std(-1), normal(2, 3, 4))
case("std_biased", lambda x: x.std(0, unbiased=False), normal(5, 2))
case("cumsum_axis_0", lambda x: x.cumsum(0), normal(3, 4))
case("cumsum_axis_1", lambda x: x.cumsum(1), normal(3, 4))
case("cumsum_17", lambda x: x.cumsum(-1), normal(17))
case("cumsum_0d", lambda x: x.cumsum(0), normal())
case("prod_all", lambda x: x.prod(), away(2, 3))
case("prod_axis", lambda x: x.prod(1), away(3, 4))
case("prod_axis_keepdim", lambda x: x.prod(0, keepdim=True), away(3, 4))
case("prod_one_zero", lambda x: x.prod(1), values([[1.5, 0.0, -2.0], [0.0, 0.0, 3.0], [1.0, 2.0, 0.5]]))
case("prod_all_one_zero", lambda x: x.prod(), values([1.5, 0.0, -2.0, 0.5]))
case("prod_0d", lambda x: x.prod(), normal())

# ---- softmax family, with logits of ±1000
case("softmax", lambda x: x.softmax(-1), normal(3, 4))
case("softmax_axis_0", lambda x: x.softmax(0), normal(3, 4))
case("softmax_extremes", lambda x: x.softmax(-1), values([[1000.0, -1000.0, 0.0], [1000.0, 1000.0, -1000.0]]))
case("log_softmax", lambda x: x.log_softmax(1), normal(3, 5))
case("log_softmax_extremes", lambda x: x.log_softmax(-1),
     values([[1000.0, -1000.0, 0.0], [1000.0, 1000.0, -1000.0]]))
case("softmax_0d", lambda x: x.softmax(0), normal())
case("log_softmax_0d", lambda x: x.log_softmax(-1), normal())

# ---- shapes
case("reshape", lambda x: x.reshape(-1, 2), normal(2, 3))
case("flatten", lambda x: x.flatten(1), normal(2, 2, 3))
case("transpose", lambda x: x.transpose(0, 2), normal(2, 3, 4))
case("permute", lambda x: x.permute(2, 0, 1), normal(2, 3, 4))
case("permute_negative", lambda x: x.permute(-1, 0, 2, 1), normal(2, 1, 3, 2))
case("unsqueeze_0", lambda x: x.unsqueeze(0), normal(3, 2))
case("unsqueeze_last", lambda x: x.unsqueeze(-1), normal(3, 2))
case("unsqueeze_0d", lambda x: x.unsqueeze(0), normal())
case("squeeze", lambda x: x.squeeze(1), normal(3, 1, 2))
case("squeeze_not_one", lambda x: x.squeeze(0), normal(3, 2))
case("squeeze_0d", lambda x: x.squeeze(0), normal())
case("flip_0", lambda x: x.flip(0), normal(3, 4))
case("flip_last", lambda x: x.flip(-1), normal(2, 3, 5))
case("flip_one_element", lambda x: x.flip(0), normal(1))
case("cat_0", lambda a, b: torch.cat([a, b], 0), normal(2, 3), normal(1, 3))
case("cat_1_three", lambda a, b, c: torch.cat([a, b, c], 1), normal(2, 3), normal(2, 1), normal(2, 4))
case("cat_negative", lambda a, b: torch.cat([a, b], -1), normal(2, 2, 3), normal(2, 2, 2))
case("stack_0", lambda a, b, c: torch.stack([a, b, c], 0), normal(2, 3), normal(2, 3), normal(2, 3))
case("stack_last", lambda a, b: torch.stack([a, b], -1), normal(3, 2), normal(3, 2))
case("stack_0d", lambda a, b, c: torch.stack([a, b, c], 0), normal(), normal(), normal())
case("expand", lambda x: x.expand(3, 2, 4), normal(2, 1))

# ---- products
case("matmul", torch.matmul, normal(3, 4), normal(4, 2))
case("matmul_vector_vector", torch.matmul, normal(4), normal(4))
case("matmul_matrix_vector", torch.matmul, normal(3, 4), normal(4))
case("matmul_vector_matrix", torch.matmul, normal(4), normal(4, 2))
case("matmul_batched", torch.matmul, normal(2, 3, 4), normal(2, 4, 5))
case("matmul_batch_broadcast", torch.matmul, normal(2, 1, 3, 4), normal(3, 4, 2))
case("matmul_batch_times_matrix", torch.matmul, normal(2, 3, 4), normal(4, 2))
case("matmul_vector_batch", torch.matmul, normal(4), normal(2, 4, 3))
case("matmul_batch_vector", torch.matmul, normal(2, 3, 4), normal(4))
case("bmm", torch.bmm, normal(3, 2, 4), normal(3, 4, 2))


GROUPS = {
    "ops_elementwise.json": ("add_", "sub_", "mul_", "div_", "pow_", "maximum", "minimum", "neg", "exp", "log",
                             "abs", "sqrt", "square", "reciprocal", "relu", "sigmoid", "tanh", "clamp", "scalar_",
                             "sin", "cos", "leaky_relu", "softplus", "ne_", "eq_"),
    "ops_reductions.json": ("sum_", "mean_", "max_", "min_", "argm", "logsumexp", "var", "std", "cumsum", "prod",
                            "softmax", "log_softmax"),
    "ops_shapes.json": ("reshape", "flatten", "transpose", "permute", "unsqueeze", "squeeze", "flip", "cat_",
                        "stack_", "expand", "matmul", "bmm"),
}


def group_of(name):
    for file, prefixes in GROUPS.items():
        if name.startswith(prefixes):
            return file
    raise ValueError(f"case {name} belongs to no file")


def main():
    files = {f: [] for f in GROUPS}
    for name, fn, inputs, grad in CASES:
        files[group_of(name)].append(run(name, fn, inputs, grad))
    for file, cases in files.items():
        with open(os.path.join(HERE, file), "w") as out:
            json.dump({"generator": "make_op_refs.py", "torch": torch.__version__, "cases": cases}, out,
                      separators=(",", ":"))
            out.write("\n")
        print(f"{file}: {len(cases)} cases")


if __name__ == "__main__":
    main()
