"""LeNet-5, a VGG block and a MobileNet block in Keras (channels last). ConvLens counts parameters the Keras way
(BatchNormalization has 4 per channel) and traces `padding="same"` with Keras's rule.

Compare with 03_lenet_sequential.py, 04_vgg_block.py and 06_mobilenet_block.py: the same layers in PyTorch.
"""
from tensorflow import keras
from tensorflow.keras import layers

lenet5 = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 1)),
        layers.Conv2D(6, 5, activation="tanh"),
        layers.AveragePooling2D(2),
        layers.Conv2D(16, 5, activation="tanh"),
        layers.AveragePooling2D(2),
        layers.Flatten(),
        layers.Dense(120, activation="tanh"),
        layers.Dense(84, activation="tanh"),
        layers.Dense(10, activation="softmax"),
    ]
)

vgg_block = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
    ]
)

mobilenet_block = keras.Sequential(
    [
        keras.Input(shape=(56, 56, 32)),
        layers.DepthwiseConv2D(3, padding="same", use_bias=False),
        layers.BatchNormalization(),
        layers.ReLU(6.0),
        layers.Conv2D(64, 1, use_bias=False),
        layers.BatchNormalization(),
        layers.ReLU(6.0),
    ]
)
