# Writes test/golden/cases/net_forward.json: small PyTorch models (source text), their weights and PyTorch's output.
"""Regenerate with:  /usr/bin/python3 test/golden/generateNets.py

Each case holds the model's Python source (ConvLens traces it statically), the
state_dict it was run with (seeded random weights; BatchNorm running statistics
randomised too so eval mode is not the identity), an input and the output of
model.eval()(x) in float64. The golden runner's `net_forward` op traces the
source, builds the engine's net plan, loads the weights by name and compares.
"""

import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases", "net_forward.json")
SEED = 18

torch.set_default_dtype(torch.float64)

HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n"

MODELS = [
    (
        "lenet_sequential",
        [1, 1, 32, 32],
        """model = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
)
""",
    ),
    (
        "lenet_module_functional",
        [2, 3, 32, 32],
        """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        return F.log_softmax(self.fc2(x), dim=1)


model = Net()
""",
    ),
    (
        "residual_batchnorm",
        [2, 3, 16, 16],
        """class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c, eps=1e-3)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.block = Block(8)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        x = self.block(self.stem(x))
        x = torch.flatten(self.pool(x), 1)
        return self.fc(x)


model = Net()
""",
    ),
    (
        "inception_cat",
        [1, 4, 12, 12],
        """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(4, 3, 1)
        self.b = nn.Conv2d(4, 5, 3, padding=1)
        self.c = nn.Conv2d(4, 2, 5, padding=2, dilation=1, groups=2)
        self.p = nn.MaxPool2d(3, stride=1, padding=1)
        self.head = nn.AdaptiveMaxPool2d((2, 3))

    def forward(self, x):
        y = torch.cat([self.a(x), self.b(x), self.c(x), self.p(x)], 1)
        return self.head(y)


model = Net()
""",
    ),
    (
        "activations_zoo",
        [1, 2, 6, 6],
        """model = nn.Sequential(
    nn.Conv2d(2, 4, 3, padding=1),
    nn.LeakyReLU(0.2), nn.Conv2d(4, 4, 1), nn.ELU(alpha=0.7), nn.Conv2d(4, 4, 1), nn.GELU(),
    nn.Conv2d(4, 4, 1), nn.SiLU(), nn.Conv2d(4, 4, 1), nn.Hardswish(), nn.Conv2d(4, 4, 1), nn.Mish(),
    nn.Conv2d(4, 4, 1), nn.Softplus(beta=2), nn.Conv2d(4, 4, 1), nn.Tanh(), nn.Conv2d(4, 4, 1), nn.Sigmoid(),
    nn.Conv2d(4, 4, 1), nn.ReLU6(), nn.Conv2d(4, 4, 1), nn.Hardtanh(-0.5, 0.5), nn.Conv2d(4, 4, 1), nn.SELU(),
    nn.Conv2d(4, 4, 1), nn.PReLU(4), nn.Conv2d(4, 4, 1), nn.Hardsigmoid(),
    nn.Flatten(), nn.Dropout(0.5), nn.Linear(144, 6), nn.Softmax(dim=1),
)
""",
    ),
    (
        "pools_and_padding",
        [1, 3, 11, 11],
        """model = nn.Sequential(
    nn.ZeroPad2d((1, 2, 0, 1)),
    nn.Conv2d(3, 4, 4, padding="same"),
    nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
    nn.Conv2d(4, 4, 3, stride=(1, 2), padding=(2, 1), dilation=2),
    nn.MaxPool2d(2, ceil_mode=True),
    nn.AvgPool2d(2, padding=1),
)
""",
    ),
    (
        "upsampling_decoder",
        [1, 4, 5, 5],
        """model = nn.Sequential(
    nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1),
    nn.ReLU(),
    nn.Upsample(scale_factor=2, mode="nearest"),
    nn.Conv2d(6, 8, 3, padding=1),
    nn.PixelShuffle(2),
    nn.Upsample(size=(13, 17), mode="bilinear", align_corners=False),
    nn.PixelUnshuffle(1),
    nn.Upsample(scale_factor=0.5, mode="bilinear", align_corners=True),
)
""",
    ),
    (
        "norms",
        [2, 4, 6, 6],
        """model = nn.Sequential(
    nn.Conv2d(4, 6, 3),
    nn.GroupNorm(3, 6),
    nn.InstanceNorm2d(6, affine=True),
    nn.LayerNorm([6, 4, 4]),
    nn.BatchNorm2d(6, momentum=0.3),
    nn.Flatten(),
    nn.Linear(96, 3),
    nn.LayerNorm(3, eps=1e-3),
)
""",
    ),
    (
        "conv1d_and_conv3d",
        [1, 2, 6, 7, 8],
        """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c3 = nn.Conv3d(2, 3, (2, 3, 3), stride=(1, 2, 1), padding=(0, 1, 1))
        self.p3 = nn.MaxPool3d(2)
        self.a3 = nn.AvgPool3d((1, 2, 2))
        self.c1 = nn.Conv1d(3, 4, 3, padding=1)
        self.p1 = nn.MaxPool1d(2)
        self.bn = nn.BatchNorm1d(4)

    def forward(self, x):
        x = self.a3(self.p3(F.relu(self.c3(x))))
        x = torch.flatten(x, 2)
        return self.bn(self.p1(self.c1(x)))


model = Net()
""",
    ),
    (
        "permute_and_mul",
        [1, 3, 4, 5],
        """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 1)
        self.gate = nn.Conv2d(3, 6, 1)
        self.norm = nn.LayerNorm(6)

    def forward(self, x):
        y = self.conv(x) * torch.sigmoid(self.gate(x))
        y = y.permute(0, 2, 3, 1)
        y = self.norm(y)
        return y.permute(0, 3, 1, 2)


model = Net()
""",
    ),
]


def as_json(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def rounded(t):
    """Six decimals keep the file small; the model runs with exactly these values."""
    return torch.round(t * 1e6) / 1e6


def main():
    cases = []
    for name, input_shape, body in MODELS:
        torch.manual_seed(SEED)
        scope = {}
        source = HEADER + body
        exec(compile(source, name, "exec"), scope)  # our own test sources, not a user's
        model = scope["model"]
        with torch.no_grad():
            for key, t in model.state_dict().items():
                if key.endswith("running_var"):
                    t.copy_(torch.rand(t.shape) + 0.5)
                elif key.endswith("running_mean"):
                    t.copy_(torch.randn(t.shape) * 0.3)
                elif key.endswith("weight") and t.dim() == 1:
                    t.copy_(1 + 0.2 * torch.randn(t.shape))
                elif t.is_floating_point():
                    t.copy_(rounded(t))
        model.eval()
        x = rounded(torch.randn(*input_shape))
        with torch.no_grad():
            y = model(x)
        weights = {k: as_json(v) for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
        cases.append(
            {
                "name": f"net_forward/{name}",
                "op": "net_forward",
                "source": source,
                "attrs": {"input_shape": input_shape},
                "weights": weights,
                "inputs": {"x": as_json(x)},
                "outputs": {"y": as_json(y)},
                "atol": 1e-5,
                "rtol": 1e-5,
            }
        )
    with open(OUT, "w") as f:
        json.dump(cases, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
