#!/usr/bin/python3
"""Generate PyTorch (float64) reference vectors for conv2d, max_pool2d and avg_pool2d.

Usage (Debian: apt-get install python3-torch; use /usr/bin/python3):
  /usr/bin/python3 make_convolution_refs.py      # writes convolution.json next to this script
Same top level as losses.json. A case with "kind": "convolution":
 {"name": unique id, "kind": "convolution", "function": "conv2d" | "max_pool2d" | "avg_pool2d",
  "options": {"stride": int, "padding": int} plus {"kernel_size": int} for the pools
             (stride absent = torch's default: 1 for conv2d, the kernel size for the pools),
  "input": (N, C, H, W) tensor, "weight": (O, C, kh, kw) (conv2d only), "bias": (O) or null,
  "upstream": the gradient fed to backward (same shape as the output),
  "outputs": {"none": the output}, "grads": {"input": ..., "weight": ..., "bias": ...} (those that exist)}.
"""
import json
import os
import torch
import torch.nn.functional as F

from make_loss_refs import enc

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "convolution.json")
SEED = 15


def conv_case(g, name, n, c, h, w, o, k, stride=None, padding=0, bias=True, kw=None):
    x = torch.randn(n, c, h, w, generator=g).requires_grad_(True)
    weight = torch.randn(o, c, k, kw or k, generator=g).requires_grad_(True)
    b = torch.randn(o, generator=g).requires_grad_(True) if bias else None
    options = {"padding": padding}
    if stride is not None:
        options["stride"] = stride
    y = F.conv2d(x, weight, b, stride=stride or 1, padding=padding)
    upstream = torch.randn(y.shape, generator=g)
    y.backward(upstream)
    grads = {"input": enc(x.grad), "weight": enc(weight.grad)}
    if bias:
        grads["bias"] = enc(b.grad)
    return dict(name=name, kind="convolution", function="conv2d", options=options, input=enc(x.detach()),
                weight=enc(weight.detach()), bias=enc(b.detach()) if bias else None, upstream=enc(upstream),
                outputs={"none": enc(y.detach())}, grads=grads)


def pool_case(g, name, function, n, c, h, w, k, stride=None, padding=0, x=None):
    x = (torch.randn(n, c, h, w, generator=g) if x is None else x).requires_grad_(True)
    options = {"kernel_size": k, "padding": padding}
    if stride is not None:
        options["stride"] = stride
    pool = F.max_pool2d if function == "max_pool2d" else F.avg_pool2d
    y = pool(x, k, stride=stride, padding=padding)
    upstream = torch.randn(y.shape, generator=g)
    y.backward(upstream)
    return dict(name=name, kind="convolution", function=function, options=options, input=enc(x.detach()),
                weight=None, bias=None, upstream=enc(upstream), outputs={"none": enc(y.detach())},
                grads={"input": enc(x.grad)})


def cases():
    g = torch.Generator().manual_seed(SEED)
    c = [
        conv_case(g, "conv2d_k1_2x3x4x5_to_2", 2, 3, 4, 5, 2, 1),
        conv_case(g, "conv2d_k3_p1_1x2x7x6_to_3", 1, 2, 7, 6, 3, 3, padding=1),
        conv_case(g, "conv2d_k3_s2_p2_2x2x9x7_to_3_nobias", 2, 2, 9, 7, 3, 3, stride=2, padding=2, bias=False),
        conv_case(g, "conv2d_k5_p2_lenet_first_2x1x8x8_to_6", 2, 1, 8, 8, 6, 5, padding=2),
        conv_case(g, "conv2d_k5_s2_1x3x11x9_to_4", 1, 3, 11, 9, 4, 5, stride=2),
        conv_case(g, "conv2d_k2x3_s3_p1_2x2x8x10_to_2", 2, 2, 8, 10, 2, 2, stride=3, padding=1, kw=3),
        pool_case(g, "max_pool2d_k2_2x3x6x6", "max_pool2d", 2, 3, 6, 6, 2),
        pool_case(g, "max_pool2d_k3_s2_p1_1x2x7x5", "max_pool2d", 1, 2, 7, 5, 3, stride=2, padding=1),
        pool_case(g, "max_pool2d_k3_s1_overlapping_1x1x5x5", "max_pool2d", 1, 1, 5, 5, 3, stride=1),
        pool_case(g, "max_pool2d_k2_ties_1x1x4x4", "max_pool2d", 1, 1, 4, 4, 2,
                  x=torch.tensor([[[[1., 1., 2., 0.], [1., 0., 2., 2.], [-1., -1., 3., 3.], [-1., -1., 3., 3.]]]])),
        pool_case(g, "avg_pool2d_k2_2x3x6x6", "avg_pool2d", 2, 3, 6, 6, 2),
        pool_case(g, "avg_pool2d_k3_s2_p1_1x2x7x5", "avg_pool2d", 1, 2, 7, 5, 3, stride=2, padding=1),
        pool_case(g, "avg_pool2d_k2_s1_1x1x5x4", "avg_pool2d", 1, 1, 5, 4, 2, stride=1),
    ]
    return c


def main():
    doc = {"schema": __doc__, "torch_version": torch.__version__, "dtype": "float64", "seed": SEED,
           "generator": "torch.Generator().manual_seed(seed), torch.randn in case order", "cases": cases()}
    # one case per line: small, and a diff shows which case changed
    cases_text = ",\n".join(json.dumps(c, separators=(",", ":")) for c in doc.pop("cases"))
    head = json.dumps(doc, indent=1)[:-2]
    with open(OUT, "w") as f:
        f.write(f'{head},\n "cases": [\n{cases_text}\n]}}\n')
    print(f"wrote {cases_text.count(chr(10)) + 1} cases to {OUT}")


if __name__ == "__main__":
    main()
