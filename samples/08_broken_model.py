"""This model does not run: ConvLens shows why before you ever call it.

The input is 3x32x32. After two 5x5 convs and two 2x2 pools the maps are
16x5x5 = 400 features, but the first Linear layer expects 576 (that would be
right for 16x6x6). The red squiggle says so; the quick fix repairs it.
"""
import torch
import torch.nn as nn


class BrokenNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 6, 5),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Linear(576, 120),
            nn.ReLU(),
            nn.Linear(120, 10),
        )

    def forward(self, x):
        x = self.features(x)
        x = x.view(x.size(0), -1)
        return self.classifier(x)


net = BrokenNet()
y = net(torch.randn(1, 3, 32, 32))
