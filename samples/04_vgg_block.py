"""A VGG block: two 3x3 convs see what one 5x5 sees (receptive field 5) with fewer weights."""
import torch
from torch import nn

C = 64

vgg_block = nn.Sequential(
    nn.Conv2d(3, C, kernel_size=3, padding=1),
    nn.BatchNorm2d(C),
    nn.ReLU(inplace=True),
    nn.Conv2d(C, 2 * C, kernel_size=3, padding=1),
    nn.BatchNorm2d(2 * C),
    nn.ReLU(inplace=True),
    nn.MaxPool2d(kernel_size=2, stride=2),
)

x = torch.randn(1, 3, 32, 32)
