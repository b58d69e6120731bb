"""MaxPool2d forward and backward: the forward pass keeps each window's maximum; the backward pass
sends each upstream gradient dY only to the position that won (the argmax), and nothing to the rest.

Click "Max pool 2×2" above `x` to watch both: the argmax is marked at every step and the right-hand
grid shows where dY = 1 lands. Then try exercise 4 in 12_exercises.py.
"""
import numpy as np
import torch
from torch import nn

x = np.array([[1, 3, 2, 4],
              [5, 6, 1, 2],
              [7, 0, 3, 8],
              [2, 4, 9, 1]], dtype=np.float32)

pool = nn.MaxPool2d(kernel_size=2, stride=2, return_indices=True)

# What PyTorch computes (ConvLens shows the same without running this):
t = torch.tensor(x).reshape(1, 1, 4, 4).requires_grad_()
y, indices = pool(t)          # y = [[6, 4], [7, 9]]; indices = [[5, 3], [8, 14]]
y.sum().backward()            # dY = 1 everywhere
grad = t.grad.reshape(4, 4)   # 1 at each window's maximum, 0 elsewhere
