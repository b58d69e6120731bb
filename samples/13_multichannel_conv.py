"""Multi-channel convolution: every output channel sums one K×K product per input channel, plus its bias.

`image` has 2 channels (C, H, W) and `weight` holds 2 filters of 2 planes each (C_out, C_in, K, K):
output channel j = Σ_c image[c] ⋆ weight[j, c] + bias[j]. Click "Animate convolution" above
`image` to watch both channels feed each output; in the panel, set Groups to 2 to see a
depthwise convolution instead (each output channel reads only its own input channel).
"""
import numpy as np

image = np.array([[[1, 2, 0, 1],
                   [3, 1, 2, 0],
                   [0, 2, 1, 3],
                   [1, 0, 2, 1]],
                  [[2, 0, 1, 1],
                   [0, 1, 3, 2],
                   [1, 1, 0, 0],
                   [2, 3, 1, 0]]])

weight = np.array([[[[1, 0], [0, -1]],
                    [[0, 1], [1, 0]]],
                   [[[1, 1], [1, 1]],
                    [[-1, 0], [0, 1]]]])

bias = np.array([0.5, -1])


def conv2d_multi(x, w, b):
    """x: (C_in, H, W), w: (C_out, C_in, K, K), b: (C_out,) → (C_out, H − K + 1, W − K + 1)."""
    c_out, c_in, k, _ = w.shape
    out = np.zeros((c_out, x.shape[1] - k + 1, x.shape[2] - k + 1))
    for j in range(c_out):
        for i in range(out.shape[1]):
            for m in range(out.shape[2]):
                out[j, i, m] = np.sum(x[:, i:i + k, m:m + k] * w[j]) + b[j]
    return out
