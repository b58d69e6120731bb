"""LeNet-5 as in the PyTorch 60-minute blitz.

Docstrings may hold code-like text such as nn.Conv2d(3, 6, 5) or [[1, 2], [3, 4]];
ConvLens ignores it.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

# convlens: input 1x3x32x32


class Net(nn.Module):
    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


net = Net()
out = net(torch.randn(1, 3, 32, 32))
