"""The ResNet stem from torchvision: a strided 7x7 conv and a 3x3 max pool quarter the image."""
import torch
import torch.nn as nn
import torch.nn.functional as F

# convlens: input 1x3x224x224


class ResNetStem(nn.Module):
    def __init__(self, in_channels=3, width=64):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, width, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(width, 1000)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.maxpool(x)
        x = self.pool(x)
        x = torch.flatten(x, 1)
        return self.fc(x)
