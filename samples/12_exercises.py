"""Exercises: work each answer out by hand, write it under its `# convlens: check` line,
then run "ConvLens: Check My Answer" (or click the lens above a check). ConvLens compares
your numbers with its own result and explains every cell that differs. It never runs
this file: answers are read as written.
"""
import numpy as np
from torch import nn

image = np.array([[1, 2, 0, 3],
                  [4, 1, 1, 0],
                  [0, 2, 5, 1],
                  [3, 0, 1, 2]])

kernel = np.array([[1, 0],
                   [0, -1]])

# 1. Valid convolution, stride 1: a 4×4 image and a 2×2 kernel give a 3×3 output.
# convlens: check conv2d(image, kernel, stride=1, padding=0)
answer_1 = None

# 2. The same with stride 2: which windows are left?
# convlens: check conv2d(image, kernel, stride=2)
answer_2 = None

# 3. 2×2 max pooling with stride 2.
# convlens: check max_pool2d(image, 2)
answer_3 = None

# 4. Its backward pass with dY = 1 everywhere: where does the gradient go?
# convlens: check max_pool2d_backward(image, 2)
answer_4 = None

# 5. Output size of a 5×5 conv, stride 2, padding 2, on a 32×32 input.
# convlens: check output_size(32, kernel=5, stride=2, padding=2)
answer_5 = None

# convlens: input 1x1x28x28
small_cnn = nn.Sequential(
    nn.Conv2d(1, 8, 3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3),
)

# 6. How many parameters does small_cnn have (weights and biases)?
# convlens: check params(small_cnn)
answer_6 = None

# 7. Its output shape for that 1×1×28×28 input (write it as a tuple).
# convlens: check shape(small_cnn)
answer_7 = None
