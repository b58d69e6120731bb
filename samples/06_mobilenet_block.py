"""Depthwise-separable convolution (MobileNet): a 3x3 depthwise conv then a 1x1 pointwise conv.

Compare the parameters with a standard 3x3 conv from 32 to 64 channels:
32*64*3*3 = 18,432 weights versus 32*3*3 + 32*64 = 2,336.
"""
import torch.nn as nn

# convlens: input 1x32x56x56
separable = nn.Sequential(
    nn.Conv2d(32, 32, 3, padding=1, groups=32, bias=False),
    nn.BatchNorm2d(32),
    nn.ReLU6(inplace=True),
    nn.Conv2d(32, 64, 1, bias=False),
    nn.BatchNorm2d(64),
    nn.ReLU6(inplace=True),
)

# convlens: input 1x32x56x56
standard = nn.Sequential(
    nn.Conv2d(32, 64, 3, padding=1, bias=False),
    nn.BatchNorm2d(64),
    nn.ReLU6(inplace=True),
)
