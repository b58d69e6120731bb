"""Exercise 1: a 2-D convolution by hand, in NumPy.

Hover `image` or `kernel` to see their values and the convolution ConvLens
computes; click "Animate convolution" above either of them to watch the
kernel slide. Output size: floor((H + 2P - K) / S) + 1.
"""
import numpy as np

image = np.array([[3, 0, 1, 2, 7],
                  [1, 5, 8, 9, 3],
                  [2, 7, 2, 5, 1],
                  [0, 1, 3, 1, 7],
                  [4, 2, 1, 6, 2]], dtype=np.float32)

kernel = np.array([[1, 0, -1],
                   [1, 0, -1],
                   [1, 0, -1]])


def conv2d(x, k, stride=1, padding=0):
    """Cross-correlation as deep-learning libraries define it (no kernel flip)."""
    x = np.pad(x, padding)
    kh, kw = k.shape
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    out = np.zeros((oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[i, j] = np.sum(x[i * stride:i * stride + kh, j * stride:j * stride + kw] * k)
    return out


print(conv2d(image, kernel))
