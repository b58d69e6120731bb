# Writes ConvLens's own golden cases (test/golden/cases/*.json) from PyTorch, float64, seeded: run with /usr/bin/python3.
"""Regenerate with:  /usr/bin/python3 test/golden/generate.py

The format is the one of ../shared/golden/README.md (extra fields allowed). The
references come from torch (Debian's python3-torch) and, for the receptive
field, from autograd on a chain of all-ones layers, so nothing here reuses the
TypeScript engine's arithmetic.
"""

import json
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "cases")
SEED = 17
TOLERANCE = {"atol": 1e-5, "rtol": 1e-5}

torch.set_default_dtype(torch.float64)
generator = torch.Generator().manual_seed(SEED)


def random_tensor(*shape):
    """Seeded standard-normal data, rounded to 6 decimals so the files stay small (still float64 in torch)."""
    return torch.round(torch.randn(*shape, generator=generator) * 1e6) / 1e6


def as_json(t):
    """A tensor in the golden format: shape plus row-major data (integers stay integers)."""
    data = t.detach().reshape(-1).tolist()
    return {"shape": list(t.shape), "data": data}


def pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


# --- convolution -----------------------------------------------------------------------------------------

CONV_CASES = [
    # name, x shape, w shape, bias?, stride, padding, dilation, groups
    ("basic-5x5-k3", (1, 1, 5, 5), (1, 1, 3, 3), False, 1, 0, 1, 1),
    ("stride2-pad1-bias", (1, 2, 7, 7), (3, 2, 3, 3), True, 2, 1, 1, 1),
    ("rect-stride-rect-pad", (1, 2, 6, 9), (2, 2, 2, 4), True, (2, 3), (1, 2), 1, 1),
    ("same-odd-kernel", (1, 2, 6, 6), (2, 2, 3, 3), True, 1, "same", 1, 1),
    ("same-even-kernel-dilated", (1, 1, 7, 6), (2, 1, 4, 2), False, 1, "same", (2, 1), 1),
    ("valid", (2, 1, 5, 4), (1, 1, 2, 2), True, 1, "valid", 1, 1),
    ("dilation3", (1, 1, 9, 9), (1, 1, 3, 3), False, 1, 1, 3, 1),
    ("groups3", (1, 6, 5, 5), (9, 2, 3, 3), True, 1, 1, 1, 3),
    ("depthwise-stride2", (1, 4, 6, 6), (4, 1, 3, 3), True, 2, 1, 1, 4),
    ("pointwise-batch3", (3, 3, 3, 3), (2, 3, 1, 1), True, 1, 0, 1, 1),
    ("stride-larger-than-kernel", (1, 1, 8, 8), (1, 1, 2, 2), False, 3, 0, 1, 1),
]

CONV_ERROR_CASES = [
    # name, x shape, w shape, stride, padding, dilation, groups
    ("kernel-larger-than-input", (1, 1, 3, 3), (1, 1, 5, 5), 1, 0, 1, 1),
    ("channel-mismatch", (1, 3, 5, 5), (1, 2, 3, 3), 1, 0, 1, 1),
    ("groups-not-dividing-channels", (1, 3, 5, 5), (2, 1, 3, 3), 1, 0, 1, 3),
    ("stride-zero", (1, 1, 5, 5), (1, 1, 3, 3), 0, 0, 1, 1),
    ("negative-padding", (1, 1, 5, 5), (1, 1, 3, 3), 1, -1, 1, 1),
    ("same-with-stride2", (1, 1, 5, 5), (1, 1, 3, 3), 2, "same", 1, 1),
    ("dilation-zero", (1, 1, 5, 5), (1, 1, 3, 3), 1, 0, 0, 1),
]


def conv_attrs(stride, padding, dilation, groups):
    return {"stride": pair(stride), "padding": padding if isinstance(padding, str) else pair(padding), "dilation": pair(dilation), "groups": groups}


def conv_cases():
    cases = []
    for name, xs, ws, bias, stride, padding, dilation, groups in CONV_CASES:
        x = random_tensor(*xs).requires_grad_()
        w = random_tensor(*ws).requires_grad_()
        b = random_tensor(ws[0]).requires_grad_() if bias else None
        y = F.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
        attrs = conv_attrs(stride, padding, dilation, groups)
        inputs = {"x": as_json(x), "w": as_json(w), **({"b": as_json(b)} if bias else {})}
        cases.append({"name": f"conv2d/{name}", "op": "conv2d", "attrs": attrs, "inputs": inputs, "outputs": {"y": as_json(y)}, **TOLERANCE})
        dy = random_tensor(*y.shape)
        y.backward(dy)
        grads = {"dx": as_json(x.grad), "dw": as_json(w.grad), **({"db": as_json(b.grad)} if bias else {})}
        cases.append({"name": f"conv2d/{name}/backward", "op": "conv2d_backward", "attrs": attrs, "inputs": {**inputs, "dy": as_json(dy)}, "outputs": grads, **TOLERANCE})
    for name, xs, ws, stride, padding, dilation, groups in CONV_ERROR_CASES:
        x, w = torch.zeros(*xs), torch.zeros(*ws)
        expect_rejected(lambda: F.conv2d(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups), name)
        attrs = conv_attrs(stride, padding, dilation, groups)
        cases.append({"name": f"conv2d/error-{name}", "op": "conv2d", "attrs": attrs, "inputs": {"x": as_json(x), "w": as_json(w)}, "error": True})
    return cases


CONV_TRANSPOSE_CASES = [
    # name, x shape, w shape (Cin, Cout/groups, kh, kw), stride, padding, output_padding, dilation, groups
    ("stride2-pad1-outpad1", (1, 2, 3, 3), (2, 3, 3, 3), 2, 1, 1, 1, 1),
    ("rect-kernel-stride", (1, 1, 3, 4), (1, 2, 2, 3), (2, 1), 0, 0, 1, 1),
    ("dilation2", (1, 1, 3, 3), (1, 1, 3, 3), 1, 1, 0, 2, 1),
    ("groups2-batch2", (2, 4, 3, 3), (4, 1, 3, 3), 2, 1, 0, 1, 2),
]


def conv_transpose_cases():
    cases = []
    for name, xs, ws, stride, padding, output_padding, dilation, groups in CONV_TRANSPOSE_CASES:
        x, w, b = random_tensor(*xs), random_tensor(*ws), random_tensor(ws[1] * groups)
        y = F.conv_transpose2d(x, w, b, stride=stride, padding=padding, output_padding=output_padding, groups=groups, dilation=dilation)
        attrs = {"stride": pair(stride), "padding": pair(padding), "output_padding": pair(output_padding), "dilation": pair(dilation), "groups": groups}
        cases.append({"name": f"conv_transpose2d/{name}", "op": "conv_transpose2d", "attrs": attrs, "inputs": {"x": as_json(x), "w": as_json(w), "b": as_json(b)}, "outputs": {"y": as_json(y)}, **TOLERANCE})
    return cases


# --- pooling ---------------------------------------------------------------------------------------------

MAX_POOL_CASES = [
    # name, x shape, kernel, stride, padding, dilation, ceil_mode
    ("2x2", (1, 1, 4, 4), 2, 2, 0, 1, False),
    ("3x3-stride2-pad1", (1, 2, 7, 7), 3, 2, 1, 1, False),
    ("ceil-mode", (1, 1, 5, 5), 2, 2, 0, 1, True),
    ("ceil-mode-padded", (1, 1, 6, 6), 3, 2, 1, 1, True),
    ("dilation2", (1, 1, 6, 6), 2, 1, 0, 2, False),
    ("rect-batch2", (2, 2, 4, 6), (2, 3), (2, 3), 0, 1, False),
    ("overlapping", (1, 1, 5, 5), 3, 1, 0, 1, False),
]

AVG_POOL_CASES = [
    # name, x shape, kernel, stride, padding, ceil_mode, count_include_pad
    ("2x2", (1, 1, 4, 4), 2, 2, 0, False, True),
    ("3x3-pad1-include", (1, 2, 5, 5), 3, 2, 1, False, True),
    ("3x3-pad1-exclude", (1, 2, 5, 5), 3, 2, 1, False, False),
    ("ceil-mode", (1, 1, 5, 5), 2, 2, 0, True, True),
    ("ceil-mode-pad1-exclude", (1, 1, 6, 6), 3, 2, 1, True, False),
    ("rect", (1, 1, 4, 6), (2, 3), (1, 2), (1, 1), False, True),
]

POOL_ERROR_CASES = [
    # name, op, x shape, attrs (PyTorch names)
    ("max_pool2d/error-padding-over-half-kernel", "max_pool2d", (1, 1, 5, 5), {"kernel_size": [2, 2], "stride": [2, 2], "padding": [2, 2], "dilation": [1, 1], "ceil_mode": False}),
    ("max_pool2d/error-kernel-larger-than-input", "max_pool2d", (1, 1, 2, 2), {"kernel_size": [3, 3], "stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "ceil_mode": False}),
    ("avg_pool2d/error-padding-over-half-kernel", "avg_pool2d", (1, 1, 5, 5), {"kernel_size": [2, 2], "stride": [2, 2], "padding": [2, 2], "ceil_mode": False, "count_include_pad": True}),
]


def distinct_values(shape):
    """A random permutation of 0.5, 1.5, …: max pooling with no ties, so argmax indices are unambiguous."""
    n = 1
    for s in shape:
        n *= s
    return (torch.randperm(n, generator=generator).to(torch.float64) + 0.5).reshape(shape)


def max_pool_cases():
    cases = []
    for name, xs, k, s, p, d, ceil in MAX_POOL_CASES:
        x = distinct_values(xs).requires_grad_()
        y, indices = F.max_pool2d(x, k, s, p, d, ceil_mode=ceil, return_indices=True)
        attrs = {"kernel_size": pair(k), "stride": pair(s), "padding": pair(p), "dilation": pair(d), "ceil_mode": ceil}
        cases.append({"name": f"max_pool2d/{name}", "op": "max_pool2d", "attrs": attrs, "inputs": {"x": as_json(x)}, "outputs": {"y": as_json(y), "indices": as_json(indices)}, **TOLERANCE})
        dy = random_tensor(*y.shape)
        y.backward(dy)
        cases.append({"name": f"max_pool2d/{name}/backward", "op": "max_pool2d_backward", "attrs": attrs, "inputs": {"x": as_json(x), "dy": as_json(dy)}, "outputs": {"dx": as_json(x.grad)}, **TOLERANCE})
    return cases


def avg_pool_cases():
    cases = []
    for name, xs, k, s, p, ceil, include in AVG_POOL_CASES:
        x = random_tensor(*xs).requires_grad_()
        y = F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=include)
        attrs = {"kernel_size": pair(k), "stride": pair(s), "padding": pair(p), "ceil_mode": ceil, "count_include_pad": include}
        cases.append({"name": f"avg_pool2d/{name}", "op": "avg_pool2d", "attrs": attrs, "inputs": {"x": as_json(x)}, "outputs": {"y": as_json(y)}, **TOLERANCE})
        dy = random_tensor(*y.shape)
        y.backward(dy)
        cases.append({"name": f"avg_pool2d/{name}/backward", "op": "avg_pool2d_backward", "attrs": attrs, "inputs": {"x": as_json(x), "dy": as_json(dy)}, "outputs": {"dx": as_json(x.grad)}, **TOLERANCE})
    return cases


def pool_error_cases():
    cases = []
    for name, op, xs, attrs in POOL_ERROR_CASES:
        x = torch.zeros(*xs)
        if op == "max_pool2d":
            expect_rejected(lambda: F.max_pool2d(x, attrs["kernel_size"], attrs["stride"], attrs["padding"], attrs["dilation"], attrs["ceil_mode"]), name)
        else:
            expect_rejected(lambda: F.avg_pool2d(x, attrs["kernel_size"], attrs["stride"], attrs["padding"], attrs["ceil_mode"], attrs["count_include_pad"]), name)
        cases.append({"name": name, "op": op, "attrs": attrs, "inputs": {"x": as_json(x)}, "error": True})
    return cases


def expect_rejected(run, name):
    try:
        run()
    except (RuntimeError, ValueError):
        return
    sys.exit(f"{name}: PyTorch accepted an input the case says must be rejected")


# --- receptive field -------------------------------------------------------------------------------------

RF_CASES = [
    ("one-3x3", [{"kind": "conv", "k": 3}]),
    ("three-3x3", [{"kind": "conv", "k": 3}] * 3),
    ("one-7x7-stride2-pad3", [{"kind": "conv", "k": 7, "s": 2, "p": 3}]),
    ("conv-maxpool-conv", [{"kind": "conv", "k": 3, "p": 1}, {"kind": "maxpool", "k": 2}, {"kind": "conv", "k": 3, "p": 1}]),
    ("dilated-stack", [{"kind": "conv", "k": 3, "d": 1, "p": 1}, {"kind": "conv", "k": 3, "d": 2, "p": 2}, {"kind": "conv", "k": 3, "d": 4, "p": 4}]),
    ("avgpool-stride1-pad1", [{"kind": "avgpool", "k": 3, "s": 1, "p": 1}, {"kind": "conv", "k": 5, "s": 2}]),
    ("resnet-stem", [{"kind": "conv", "k": 7, "s": 2, "p": 3}, {"kind": "maxpool", "k": 3, "s": 2, "p": 1}, {"kind": "conv", "k": 3, "p": 1}, {"kind": "conv", "k": 3, "p": 1}]),
]


def receptive_field(layers):
    """Field of output unit 0 along one axis, found by autograd through all-ones 1-D layers (no RF formula)."""
    length = 512
    x = torch.ones(1, 1, length, requires_grad=True)
    y = x
    jump = 1
    for layer in layers:
        k, d, p = layer["k"], layer.get("d", 1), layer.get("p", 0)
        s = layer.get("s", 1 if layer["kind"] == "conv" else k)
        # Average pooling has the window geometry of every kind here and passes gradient to every cell it covers.
        y = F.conv1d(y, torch.ones(1, 1, k), stride=s, padding=p, dilation=d)
        jump *= s
    unit = y.shape[-1] // 2  # a unit far from the borders, so no part of its field is cut off by padding
    grad = torch.zeros_like(y)
    grad[0, 0, unit] = 1
    y.backward(grad)
    touched = torch.nonzero(x.grad[0, 0]).reshape(-1).tolist()
    first, last = touched[0], touched[-1]
    size = last - first + 1
    start = first - unit * jump  # shift back to output unit 0: its field may start inside the padding
    return {"size": size, "jump": jump, "start": float(start), "center": start + (size - 1) / 2}


def receptive_field_cases():
    return [{"name": f"rf/{name}", "op": "receptive_field", "attrs": {"layers": layers}, "outputs": receptive_field(layers)} for name, layers in RF_CASES]


# --- literals --------------------------------------------------------------------------------------------

def literal(line, value):
    t = torch.tensor(value, dtype=torch.float64)
    return {"line": line, "shape": list(t.shape), "data": t.reshape(-1).tolist()}


def literal_cases():
    return [
        {
            "name": "literals/python-table-with-a-string-is-no-literal",
            "op": "literals", "language": "python",
            "source": "table = [[1, 2], [3, 'x']]\nmixed = np.array([[1.5, None], [2, 3]])\nok = [[1, 2], [3, 4]]\n",
            "outputs": {"literals": [literal(2, [[1, 2], [3, 4]])], "absent": [0, 1]},
        },
        {
            "name": "literals/python-torch-3d-and-arithmetic",
            "op": "literals", "language": "python",
            "source": "import torch\nx = torch.tensor([[[1, -2], [3, 4]],\n                  [[2 ** 3, 1 / 4], [-(1 + 1), 0.5]]])\n",
            "outputs": {"literals": [literal(1, [[[1, -2], [3, 4]], [[8, 0.25], [-2, 0.5]]])], "absent": [0]},
        },
        {
            "name": "literals/python-ragged-is-an-error",
            "op": "literals", "language": "python",
            "source": "ragged = [[1, 2, 3],\n          [4, 5]]\n",
            "outputs": {"literals": [{"line": 0, "error": True}], "absent": []},
        },
        {
            "name": "literals/jsonc-comments-and-trailing-commas",
            "op": "literals", "language": "jsonc",
            "source": "{\n  // the kernel\n  \"kernel\": [[0, 1, 0], [1, -4, 1], [0, 1, 0],],\n  /* [[9, 9]] */\n  \"image\": [\n    [1e-1, 2.5E+1],\n    [-3, 4]\n  ],\n  \"name\": \"[[1, 2]]\"\n}\n",
            "outputs": {"literals": [literal(2, [[0, 1, 0], [1, -4, 1], [0, 1, 0]]), literal(4, [[0.1, 25], [-3, 4]])], "absent": [0, 1, 3, 8]},
        },
        {
            "name": "literals/json-string-in-table-and-booleans",
            "op": "literals", "language": "json",
            "source": "{\n  \"bad\": [[1, 2], [3, \"x\"]],\n  \"flags\": [[true, false]],\n  \"weights\": [[1, 2], [3, 4]]\n}\n",
            "outputs": {"literals": [literal(3, [[1, 2], [3, 4]])], "absent": [0, 1, 2]},
        },
        {
            "name": "literals/typescript-float32array",
            "op": "literals", "language": "typescript",
            "source": "const k = new Float32Array([1, 2, 3]);\nconst m: number[][] = [[1, 0], [0, 1]];\n",
            "outputs": {"literals": [literal(0, [1, 2, 3]), literal(1, [[1, 0], [0, 1]])], "absent": []},
        },
    ]


# --- model traces with MACs ------------------------------------------------------------------------------

TRACE_SOURCES = [
    ("lenet5", (1, 1, 32, 32), ["nn.Conv2d(1, 6, 5)", "nn.ReLU()", "nn.MaxPool2d(2)", "nn.Conv2d(6, 16, 5)", "nn.ReLU()", "nn.MaxPool2d(2)", "nn.Flatten()", "nn.Linear(400, 120)", "nn.ReLU()", "nn.Linear(120, 84)", "nn.ReLU()", "nn.Linear(84, 10)"]),
    ("vgg-block-batch2", (2, 3, 32, 32), ["nn.Conv2d(3, 16, 3, padding=1)", "nn.BatchNorm2d(16)", "nn.ReLU()", "nn.Conv2d(16, 16, 3, padding=1)", "nn.ReLU()", "nn.MaxPool2d(2, 2)"]),
    ("strided-no-bias", (1, 3, 64, 48), ["nn.Conv2d(3, 8, 7, stride=2, padding=3, bias=False)", "nn.MaxPool2d(3, stride=2, padding=1)", "nn.Conv2d(8, 16, 3, stride=2)"]),
    ("dilated", (1, 1, 28, 28), ["nn.Conv2d(1, 4, 3, dilation=2)", "nn.ReLU()", "nn.Conv2d(4, 4, 3, dilation=3, padding=3)"]),
    ("grouped", (1, 8, 16, 16), ["nn.Conv2d(8, 16, 3, padding=1, groups=4)", "nn.Conv2d(16, 16, 3, padding=1, groups=2)"]),
    ("depthwise-separable", (1, 32, 28, 28), ["nn.Conv2d(32, 32, 3, padding=1, groups=32)", "nn.Conv2d(32, 64, 1)", "nn.ReLU6()", "nn.Conv2d(64, 64, 3, stride=2, padding=1, groups=64, bias=False)", "nn.BatchNorm2d(64)"]),
    ("rect-kernel-same", (1, 3, 15, 20), ["nn.Conv2d(3, 6, (3, 5), padding='same')", "nn.AvgPool2d(2, ceil_mode=True)", "nn.Conv2d(6, 6, (1, 3), stride=(1, 2))"]),
    ("mlp-on-flattened", (4, 1, 8, 8), ["nn.Flatten()", "nn.Linear(64, 32)", "nn.ReLU()", "nn.Linear(32, 10, bias=False)"]),
    ("conv-adaptive-pool-linear", (1, 3, 40, 40), ["nn.Conv2d(3, 12, 5, stride=2)", "nn.ReLU()", "nn.AdaptiveAvgPool2d((1, 1))", "nn.Flatten()", "nn.Linear(12, 5)"]),
    ("keywords-and-tuples", (1, 3, 31, 29), ["nn.Conv2d(in_channels=3, out_channels=8, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2))", "nn.LeakyReLU(0.1)", "nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=True)", "nn.Conv2d(8, 8, 3, padding='same')"]),
]


def layer_macs(module, output):
    """Multiply-accumulates of one layer: conv out elements·(C_in/groups)·kh·kw; Linear rows·in·out; 0 otherwise."""
    if isinstance(module, torch.nn.Conv2d):
        kh, kw = module.kernel_size
        return output.numel() * (module.in_channels // module.groups) * kh * kw
    if isinstance(module, torch.nn.Linear):
        rows = output.numel() // output.shape[-1]
        return rows * module.in_features * module.out_features
    return 0


def trace_case(name, input_shape, layers):
    source = "import torch.nn as nn\n\nmodel = nn.Sequential(\n" + "".join(f"    {layer},\n" for layer in layers) + ")\n"
    scope = {"nn": torch.nn}
    exec(source.split("\n", 2)[2], scope)  # the generator runs the model to measure it; ConvLens itself never does
    model = scope["model"]
    rows = []
    x = torch.zeros(*input_shape)
    for text, module in zip(layers, model):
        y = module(x)
        params = sum(p.numel() for p in module.parameters())
        rows.append({"layer": text, "shape": list(y.shape), "params": params, "macs": layer_macs(module, y)})
        x = y
    return {
        "name": f"trace/{name}", "op": "trace", "attrs": {"input_shape": list(input_shape)}, "source": source,
        "layers": rows, "total_params": sum(r["params"] for r in rows), "total_macs": sum(r["macs"] for r in rows),
    }


def trace_cases():
    return [trace_case(*spec) for spec in TRACE_SOURCES]


def write(file, cases):
    with open(os.path.join(OUT_DIR, file), "w") as f:
        json.dump(cases, f, separators=(",", ":"))
        f.write("\n")
    print(f"{file}: {len(cases)} cases")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    write("conv2d.json", conv_cases())
    write("conv_transpose2d.json", conv_transpose_cases())
    write("pool2d.json", max_pool_cases() + avg_pool_cases() + pool_error_cases())
    write("receptive_field.json", receptive_field_cases())
    write("literals.json", literal_cases())
    write("trace.json", trace_cases())


if __name__ == "__main__":
    main()
