#!/usr/bin/python3
"""Ground truth for the layer registry (src/engine/layers/): PyTorch itself builds each case's layer and runs it.

For every case it records parameters() total and the output shape(s) (tuples too), or the error PyTorch raises;
it also compares every PyTorch signature the registry declares with inspect.signature (names, order, defaults) and
records mismatches, so test/unit/layers.test.ts fails on them.

Run from the repository root:  /usr/bin/python3 scripts/layerTruth/layerTruth.py
Writes test/unit/fixtures/layerTruth.json.
"""
import inspect
import json
import os
import subprocess
import sys
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'test', 'unit', 'fixtures', 'layerTruth.json')

CASES = []


def c(type_, args, kwargs, inputs, error=None, long=False):
    """A module case: nn.<type_>(*args, **kwargs) applied to zero tensors of `inputs` (error: the registry's expected code)."""
    CASES.append({'type': type_, 'functional': False, 'args': args, 'kwargs': kwargs, 'inputs': inputs, 'expectError': error, 'long': long})


def f(name, args, kwargs, inputs, error=None):
    """A functional case: F.<name>(x, *args, **kwargs)."""
    CASES.append({'type': name, 'functional': True, 'args': args, 'kwargs': kwargs, 'inputs': inputs, 'expectError': error, 'long': False})


# Convolutions.
c('Conv2d', [3, 16, 3], {}, [[1, 3, 32, 32]])
c('Conv2d', [3, 16, 3], {'padding': 1}, [[2, 3, 32, 32]])
c('Conv2d', [3, 64, 7], {'stride': 2, 'padding': 3, 'bias': False}, [[1, 3, 224, 224]])
c('Conv2d', [16, 32, (3, 5)], {'stride': (2, 1), 'padding': (1, 2)}, [[1, 16, 17, 19]])
c('Conv2d', [8, 8, 3], {'padding': 2, 'dilation': 2}, [[1, 8, 20, 20]])
c('Conv2d', [8, 16, 3], {'groups': 4, 'padding': 1}, [[1, 8, 10, 10]])
c('Conv2d', [32, 32, 3], {'groups': 32, 'padding': 1, 'bias': False}, [[1, 32, 14, 14]])
c('Conv2d', [3, 8, 4], {'padding': 'same'}, [[1, 3, 9, 9]])
c('Conv2d', [3, 8, 3], {'padding': 'same', 'dilation': 3}, [[1, 3, 11, 12]])
c('Conv2d', [3, 8, 3], {'padding': 'valid'}, [[1, 3, 11, 12]])
c('Conv2d', [3, 8, 3], {'padding_mode': 'reflect', 'padding': 1}, [[1, 3, 8, 8]])
c('Conv2d', [3, 8, 3], {}, [[3, 10, 10]])
c('Conv2d', [3, 8, 1], {'stride': 3}, [[1, 3, 10, 10]])
c('Conv2d', [4, 8, 3], {}, [[1, 3, 10, 10]], error='channelMismatch')
c('Conv2d', [3, 8, 5], {}, [[1, 3, 4, 4]], error='mapTooSmall')
c('Conv2d', [3, 8, 3], {'groups': 2}, [[1, 3, 10, 10]], error='notDivisible')
c('Conv2d', [3, 8, 3], {'padding': 'same', 'stride': 2}, [[1, 3, 10, 10]], error='badArguments')
c('Conv1d', [4, 8, 3], {}, [[2, 4, 50]])
c('Conv1d', [4, 8, 5], {'stride': 2, 'padding': 2, 'dilation': 1}, [[2, 4, 51]])
c('Conv1d', [4, 8, 3], {'padding': 'same', 'dilation': 2}, [[4, 20]])
c('Conv3d', [2, 4, 3], {'padding': 1}, [[1, 2, 8, 9, 10]])
c('Conv3d', [2, 4, (1, 3, 3)], {'stride': (1, 2, 2)}, [[1, 2, 5, 16, 16]])
c('LazyConv2d', [16, 3], {'padding': 1}, [[1, 5, 12, 12]])
c('LazyConv1d', [8, 3], {}, [[2, 6, 20]])

# Transposed convolutions.
c('ConvTranspose2d', [16, 8, 4], {'stride': 2, 'padding': 1}, [[1, 16, 8, 8]])
c('ConvTranspose2d', [16, 8, 3], {'stride': 2, 'padding': 1, 'output_padding': 1}, [[1, 16, 8, 8]])
c('ConvTranspose2d', [100, 512, 4], {'stride': 1, 'padding': 0, 'bias': False}, [[2, 100, 1, 1]])
c('ConvTranspose2d', [8, 8, 3], {'groups': 2, 'dilation': 2}, [[1, 8, 5, 6]])
c('ConvTranspose2d', [8, 4, (3, 5)], {'stride': (1, 2), 'padding': (1, 2)}, [[8, 5, 6]])
c('ConvTranspose1d', [4, 2, 5], {'stride': 3, 'output_padding': 2}, [[1, 4, 7]])
c('ConvTranspose3d', [4, 2, 2], {'stride': 2}, [[1, 4, 3, 4, 5]])
c('LazyConvTranspose2d', [6, 2], {'stride': 2}, [[1, 3, 5, 5]])
c('ConvTranspose2d', [4, 2, 3], {'stride': 2, 'output_padding': 2}, [[1, 4, 5, 5]], error='badArguments')
c('ConvTranspose2d', [4, 2, 3], {}, [[1, 3, 5, 5]], error='channelMismatch')

# Linear layers.
c('Linear', [10, 5], {}, [[3, 10]])
c('Linear', [10, 5], {'bias': False}, [[2, 7, 10]])
c('Linear', [10, 5], {}, [[10]])
c('Linear', [400, 120], {}, [[1, 401]], error='featureMismatch')
c('LazyLinear', [7], {}, [[4, 9]])
c('Bilinear', [5, 6, 3], {}, [[4, 5], [4, 6]])
c('Bilinear', [5, 6, 3], {'bias': False}, [[2, 4, 5], [2, 4, 6]])
c('Identity', [], {}, [[2, 3, 4]])
c('Identity', [54], {'unused_argument': 0.1}, [[2, 3]])

# Normalization.
c('BatchNorm2d', [16], {}, [[2, 16, 8, 8]])
c('BatchNorm2d', [16], {'affine': False}, [[2, 16, 8, 8]])
c('BatchNorm2d', [16], {'track_running_stats': False}, [[2, 16, 8, 8]])
c('BatchNorm2d', [16], {}, [[2, 8, 8, 8]], error='channelMismatch')
c('BatchNorm1d', [10], {}, [[4, 10]])
c('BatchNorm1d', [10], {}, [[4, 10, 7]])
c('BatchNorm3d', [3], {'momentum': None}, [[2, 3, 4, 4, 4]])
c('BatchNorm2d', [3], {}, [[2, 3, 4]], error='rankMismatch')
c('LazyBatchNorm2d', [], {}, [[2, 6, 5, 5]])
c('LazyBatchNorm1d', [], {'affine': False}, [[2, 6]])
c('GroupNorm', [4, 16], {}, [[2, 16, 5, 5]])
c('GroupNorm', [4, 16], {'affine': False}, [[2, 16, 5]])
c('GroupNorm', [32, 64], {'eps': 1e-6}, [[1, 64, 4, 4]])
c('GroupNorm', [3, 16], {}, [[2, 16, 5, 5]], error='notDivisible')
c('LayerNorm', [8], {}, [[2, 5, 8]])
c('LayerNorm', [[5, 8]], {}, [[2, 5, 8]])
c('LayerNorm', [(4, 6, 6)], {'elementwise_affine': False}, [[2, 4, 6, 6]])
c('LayerNorm', [8], {}, [[2, 8, 5]], error='normalizedShapeMismatch')
c('InstanceNorm2d', [3], {}, [[2, 3, 8, 8]])
c('InstanceNorm2d', [3], {'affine': True}, [[2, 3, 8, 8]])
c('InstanceNorm2d', [3], {'affine': True}, [[3, 8, 8]])
c('InstanceNorm1d', [4], {'affine': True, 'track_running_stats': True}, [[2, 4, 9]])
c('InstanceNorm3d', [2], {}, [[1, 2, 3, 4, 5]])
c('LazyInstanceNorm2d', [], {}, [[1, 5, 6, 6]])
c('LocalResponseNorm', [5], {}, [[2, 16, 8, 8]])
c('LocalResponseNorm', [2], {'alpha': 1e-4, 'beta': 0.75, 'k': 2.0}, [[2, 16, 8]])
c('CrossMapLRN2d', [3], {}, [[2, 6, 5, 5]])
f('layer_norm', [[8]], {}, [[2, 5, 8]])
f('layer_norm', [[5]], {}, [[2, 5, 8]], error='normalizedShapeMismatch')
f('group_norm', [4], {}, [[2, 16, 5, 5]])
f('group_norm', [3], {}, [[2, 16, 5, 5]], error='notDivisible')
f('instance_norm', [], {}, [[2, 3, 5, 5]])
f('local_response_norm', [3], {}, [[2, 6, 5, 5]])

# Activations.
for name in ['ReLU', 'ReLU6', 'LeakyReLU', 'PReLU', 'ELU', 'SELU', 'CELU', 'GELU', 'SiLU', 'Mish', 'Sigmoid', 'Tanh', 'Hardtanh',
             'Hardswish', 'Hardsigmoid', 'Softplus', 'Softsign', 'Softmax', 'LogSoftmax', 'Softmin', 'Softmax2d', 'Tanhshrink',
             'Softshrink', 'Hardshrink', 'GLU', 'RReLU', 'LogSigmoid']:
    c(name, [], {}, [[2, 4, 6, 6]])
c('ReLU', [True], {}, [[2, 3]])
c('LeakyReLU', [0.2], {'inplace': True}, [[2, 3]])
c('Threshold', [0.1, 20], {}, [[2, 3]])
c('Softmax', [], {'dim': 1}, [[2, 10]])
c('Softmax', [], {'dim': 2}, [[2, 10]], error='dimOutOfRange')
c('LogSoftmax', [-1], {}, [[2, 10]])
c('PReLU', [16], {}, [[2, 16, 5, 5]])
c('PReLU', [16], {}, [[2, 8, 5, 5]], error='channelMismatch')
c('GLU', [1], {}, [[2, 10, 3]])
c('GLU', [], {}, [[2, 3]], error='notDivisible')
c('GELU', [], {'approximate': 'tanh'}, [[2, 3]])
c('Hardtanh', [-2.0, 2.0], {}, [[2, 3]])
c('Softplus', [], {'beta': 2}, [[2, 3]])
f('relu', [], {}, [[2, 3, 4]])
f('relu', [], {'inplace': True}, [[2, 3, 4]])
f('relu6', [], {}, [[2, 3]])
f('leaky_relu', [0.2], {}, [[2, 3]])
f('elu', [], {'alpha': 0.5}, [[2, 3]])
f('gelu', [], {}, [[2, 3]])
f('silu', [], {}, [[2, 3]])
f('sigmoid', [], {}, [[2, 3]])
f('tanh', [], {}, [[2, 3]])
f('softmax', [], {'dim': 1}, [[2, 3]])
f('log_softmax', [1], {}, [[2, 3]])
f('hardswish', [], {}, [[2, 3]])
f('glu', [], {'dim': 1}, [[2, 4]])
f('normalize', [], {'dim': 1}, [[2, 4]])

# Dropout.
for name in ['Dropout', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout']:
    c(name, [], {}, [[2, 4, 5, 5]])
c('Dropout', [0.2], {'inplace': True}, [[2, 4]])
c('Dropout1d', [0.1], {}, [[2, 4, 5]])
c('Dropout1d', [0.1], {}, [[2, 4, 5, 5]], error='rankMismatch')
f('dropout', [0.5], {'training': False}, [[2, 4]])
f('dropout', [], {'p': 0.3, 'training': True}, [[2, 4]])
f('dropout2d', [0.5], {}, [[2, 4, 3, 3]])

# Pooling.
c('MaxPool2d', [2], {}, [[1, 3, 32, 32]])
c('MaxPool2d', [2, 2], {}, [[1, 3, 33, 33]])
c('MaxPool2d', [3, 2], {'padding': 1}, [[1, 64, 112, 112]])
c('MaxPool2d', [3, 2], {'ceil_mode': True}, [[1, 96, 55, 55]])
c('MaxPool2d', [2, 2], {'ceil_mode': True}, [[1, 4, 7, 7]])
c('MaxPool2d', [2, 2, 1], {'ceil_mode': True}, [[1, 4, 5, 5]])
c('AvgPool2d', [3, 2, 1], {'ceil_mode': True}, [[1, 4, 6, 6]])
c('MaxPool2d', [3], {'stride': 1, 'padding': 1, 'dilation': 2}, [[1, 4, 9, 9]])
c('MaxPool2d', [2], {'return_indices': True}, [[1, 4, 8, 8]])
c('MaxPool2d', [(2, 3)], {'stride': (1, 2)}, [[4, 9, 9]])
c('MaxPool2d', [2], {}, [[1, 4, 1, 1]], error='mapTooSmall')
c('MaxPool2d', [3, 2, 1], {'ceil_mode': True}, [[1, 4, 1, 1]])
c('AvgPool2d', [(4, 1), (2, 1), (1, 0)], {'ceil_mode': True}, [[1, 4, 1, 1]])
c('MaxPool2d', [3], {'padding': 2}, [[1, 4, 9, 9]], error='badArguments')
c('MaxPool1d', [3], {'stride': 2}, [[2, 4, 20]])
c('MaxPool3d', [2], {}, [[1, 2, 8, 8, 8]])
c('AvgPool2d', [2], {}, [[1, 3, 32, 32]])
c('AvgPool2d', [3, 2], {'padding': 1, 'ceil_mode': True, 'count_include_pad': False}, [[1, 3, 10, 10]])
c('AvgPool2d', [8], {}, [[1, 512, 8, 8]])
c('AvgPool1d', [4], {'stride': 2, 'padding': 2}, [[1, 3, 15]])
c('AvgPool3d', [(1, 2, 2)], {}, [[1, 2, 3, 8, 8]])
c('LPPool2d', [2, 3], {'stride': 2}, [[1, 4, 9, 9]])
c('LPPool1d', [2, 3], {}, [[1, 4, 9]])
c('AdaptiveAvgPool2d', [1], {}, [[2, 512, 7, 7]])
c('AdaptiveAvgPool2d', [(7, 7)], {}, [[1, 512, 14, 15]])
c('AdaptiveAvgPool2d', [(None, 3)], {}, [[1, 8, 5, 10]])
c('AdaptiveAvgPool2d', [(6, 6)], {}, [[1, 256, 13, 13]])
c('AdaptiveAvgPool1d', [4], {}, [[1, 8, 10]])
c('AdaptiveAvgPool3d', [(1, 2, 2)], {}, [[1, 8, 4, 6, 6]])
c('AdaptiveMaxPool2d', [2], {}, [[1, 8, 7, 7]])
c('AdaptiveMaxPool2d', [2], {'return_indices': True}, [[1, 8, 7, 7]])
c('AdaptiveMaxPool1d', [3], {}, [[8, 7]])
f('max_pool2d', [2], {}, [[1, 3, 8, 8]])
f('max_pool2d', [2], {'return_indices': True}, [[1, 3, 8, 8]])
f('max_pool2d', [3, 2, 1], {}, [[1, 3, 9, 9]])
f('max_pool2d', [3, 2, 0, 1, True], {}, [[1, 3, 10, 10]])
f('max_pool2d', [(2, 2)], {'stride': (2, 2)}, [[1, 3, 7, 7]])
f('max_pool1d', [2], {}, [[1, 3, 7]])
f('avg_pool2d', [2], {}, [[1, 3, 8, 8]])
f('avg_pool2d', [4], {'stride': 1}, [[1, 3, 8, 8]])
f('avg_pool1d', [3], {'stride': 2, 'ceil_mode': True}, [[1, 3, 8]])
f('adaptive_avg_pool2d', [(1, 1)], {}, [[2, 64, 6, 6]])
f('adaptive_avg_pool2d', [1], {}, [[2, 64, 6, 6]])
f('adaptive_max_pool2d', [2], {'return_indices': True}, [[2, 64, 6, 6]])
f('adaptive_avg_pool1d', [1], {}, [[2, 64, 6]])
f('lp_pool2d', [2, 2], {}, [[1, 3, 8, 8]])

# Resizing.
c('Upsample', [], {'scale_factor': 2}, [[1, 3, 8, 8]])
c('Upsample', [], {'scale_factor': 2, 'mode': 'bilinear', 'align_corners': True}, [[1, 3, 8, 8]])
c('Upsample', [], {'size': (5, 7), 'mode': 'nearest'}, [[1, 3, 8, 8]])
c('Upsample', [], {'scale_factor': 1.5}, [[1, 3, 7]])
c('Upsample', [], {'scale_factor': (2, 3, 1), 'mode': 'trilinear'}, [[1, 3, 2, 3, 4]])
c('Upsample', [9], {}, [[1, 3, 4, 4]])
c('Upsample', [], {}, [[1, 3, 4, 4]], error='badArguments')
c('UpsamplingNearest2d', [], {'scale_factor': 2}, [[1, 3, 4, 5]])
c('UpsamplingBilinear2d', [(8, 10)], {}, [[1, 3, 4, 5]])
f('interpolate', [], {'scale_factor': 2, 'mode': 'nearest'}, [[1, 3, 8, 8]])
f('interpolate', [], {'size': (16, 12), 'mode': 'bilinear', 'align_corners': False}, [[1, 3, 8, 8]])
f('interpolate', [(4, 4)], {}, [[1, 3, 8, 8]])
f('interpolate', [], {'scale_factor': 0.5, 'mode': 'area'}, [[1, 3, 9, 9]])
f('interpolate', [], {'scale_factor': 2, 'mode': 'bilinear'}, [[1, 3, 8]], error='rankMismatch')
f('upsample', [], {'scale_factor': 2}, [[1, 3, 5, 5]])
c('PixelShuffle', [2], {}, [[1, 16, 5, 5]])
c('PixelShuffle', [3], {}, [[18, 4, 4]])
c('PixelShuffle', [3], {}, [[1, 16, 4, 4]], error='notDivisible')
c('PixelUnshuffle', [2], {}, [[1, 4, 6, 8]])
c('ChannelShuffle', [2], {}, [[1, 4, 6, 8]])
f('pixel_shuffle', [2], {}, [[1, 8, 3, 3]])
f('pixel_unshuffle', [2], {}, [[1, 2, 4, 4]])

# Padding.
c('ZeroPad2d', [2], {}, [[1, 3, 8, 8]])
c('ZeroPad2d', [(1, 2, 3, 4)], {}, [[1, 3, 8, 8]])
c('ZeroPad2d', [(-1, 0, 1, 0)], {}, [[1, 3, 8, 8]])
c('ReflectionPad2d', [3], {}, [[1, 3, 8, 8]])
c('ReflectionPad2d', [(1, 1, 2, 0)], {}, [[3, 8, 8]])
c('ReflectionPad2d', [4], {}, [[1, 3, 4, 4]], error='mapTooSmall')
c('ReflectionPad1d', [2], {}, [[1, 3, 8]])
c('ReflectionPad3d', [1], {}, [[1, 2, 4, 4, 4]])
c('ReplicationPad2d', [(1, 0, 0, 2)], {}, [[1, 3, 8, 8]])
c('ReplicationPad1d', [3], {}, [[1, 3, 8]])
c('ReplicationPad3d', [(1, 1, 2, 2, 0, 1)], {}, [[1, 1, 4, 4, 4]])
c('ConstantPad2d', [1, 3.5], {}, [[1, 3, 8, 8]])
c('ConstantPad1d', [(2, 1)], {'value': 0.0}, [[1, 3, 8]])
c('ConstantPad3d', [1, 0.0], {}, [[1, 3, 2, 2, 2]])
f('pad', [(1, 1)], {}, [[1, 3, 8, 8]])
f('pad', [(1, 1, 2, 2)], {'mode': 'reflect'}, [[1, 3, 8, 8]])
f('pad', [(0, 1, 0, 1)], {'mode': 'constant', 'value': 0}, [[1, 3, 8, 8]])
f('pad', [(1, 1, 1, 1, 1, 1)], {}, [[1, 3, 8, 8]])

# Shape.
c('Flatten', [], {}, [[2, 16, 5, 5]])
c('Flatten', [0], {}, [[2, 16, 5, 5]])
c('Flatten', [2, 3], {}, [[2, 16, 5, 5]])
c('Flatten', [1, -2], {}, [[2, 16, 5, 5]])
c('Unflatten', [1, (4, 4)], {}, [[2, 16, 5]])
c('Unflatten', [-1, (2, -1)], {}, [[2, 16, 6]])
c('Unflatten', [1, (3, 4)], {}, [[2, 16, 5]], error='sizeMismatch')

# Embedding and attention.
c('Embedding', [100, 16], {}, [[4, 7]], long=True)
c('Embedding', [100, 16], {'padding_idx': 0}, [[7]], long=True)
c('Embedding', [10, 3], {}, [[2, 3, 4]], long=True)
c('EmbeddingBag', [100, 16], {'mode': 'sum'}, [[4, 7]], long=True)
c('EmbeddingBag', [100, 16], {}, [[12], [4]], long=True)
c('MultiheadAttention', [16, 4], {}, [[5, 2, 16], [7, 2, 16], [7, 2, 16]])
c('MultiheadAttention', [16, 4], {'batch_first': True}, [[2, 5, 16], [2, 7, 16], [2, 7, 16]])
c('MultiheadAttention', [16, 2], {'kdim': 8, 'vdim': 6}, [[5, 2, 16], [7, 2, 8], [7, 2, 6]])
c('MultiheadAttention', [16, 2], {'bias': False, 'add_bias_kv': True, 'add_zero_attn': True}, [[5, 2, 16], [7, 2, 16], [7, 2, 16]])
c('MultiheadAttention', [8, 2], {}, [[5, 8], [6, 8], [6, 8]])
c('MultiheadAttention', [16, 3], {}, [[5, 2, 16], [7, 2, 16], [7, 2, 16]], error='notDivisible')

# Arguments the registry must refuse.
c('Conv2d', [3, 8, 3], {'kernel': 3}, [[1, 3, 8, 8]], error='badArguments')
c('Conv2d', [3, 8], {}, [[1, 3, 8, 8]], error='badArguments')
c('Linear', [3, 8, True, None, None, 5], {}, [[1, 3]], error='badArguments')
c('Conv2d', [3, 8, 3], {'in_channels': 3}, [[1, 3, 8, 8]], error='badArguments')


def random_cases(count):
    """Random conv, transposed-conv and pooling settings (fixed seed), fitting or not: PyTorch decides which."""
    import random
    rng = random.Random(14)
    for i in range(count):
        rank = rng.choice([1, 2, 2, 3])
        k = [rng.randint(1, 4) for _ in range(rank)]
        s = [rng.randint(1, 3) for _ in range(rank)]
        d = [rng.randint(1, 2) for _ in range(rank)]
        size = [rng.randint(1, 9) for _ in range(rank)]
        g = rng.choice([1, 1, 2])
        cin, cout = g * rng.randint(1, 2), g * rng.randint(1, 2)
        x = [[rng.randint(1, 2), cin] + size]
        kind = i % 8
        if kind == 0:
            pad = [rng.randint(0, 2) for _ in range(rank)]
            c(f'Conv{rank}d', [cin, cout, k], {'stride': s, 'padding': pad, 'dilation': d, 'groups': g}, x, error='random')
        elif kind == 1:
            pad = [rng.randint(0, 2) for _ in range(rank)]
            op = [rng.randint(0, 2) for _ in range(rank)]
            c(f'ConvTranspose{rank}d', [cin, cout, k], {'stride': s, 'padding': pad, 'output_padding': op, 'dilation': d, 'groups': g}, x, error='random')
        elif kind == 2:
            pad = [rng.randint(0, kk // 2) for kk in k]
            c(f'MaxPool{rank}d', [k], {'stride': s, 'padding': pad, 'dilation': d, 'ceil_mode': rng.random() < 0.5}, x, error='random')
        elif kind == 3:
            pad = [rng.randint(0, kk // 2) for kk in k]
            c(f'AvgPool{rank}d', [k], {'stride': s, 'padding': pad, 'ceil_mode': rng.random() < 0.5}, x, error='random')
        elif kind == 4:
            out = [rng.choice([None, 1, 2, 3, 5]) for _ in range(rank)]
            c(rng.choice(['AdaptiveAvgPool', 'AdaptiveMaxPool']) + f'{rank}d', [out], {}, x, error='random')
        elif kind == 5:
            pads = [rng.randint(0, 3) for _ in range(2 * rank)]
            mode = rng.choice(['Reflection', 'Replication', 'Zero' if rank == 2 else 'Reflection'])
            c(f'{mode}Pad{rank}d', [pads], {}, x, error='random')
        elif kind == 6:
            pads = [rng.randint(-2, 3) for _ in range(2 * rank)]
            c(f'ConstantPad{rank}d', [pads, 0.0], {}, x, error='random')
        else:
            scale = [rng.choice([0.5, 1.5, 2, 3]) for _ in range(rank)]
            c('Upsample', [], {'scale_factor': scale, 'mode': 'nearest'}, x, error='random')


random_cases(400)


def shapes_of(out):
    """Output shapes of a result: one tensor, or a tuple (None entries stay null)."""
    if isinstance(out, torch.Tensor):
        return [list(out.shape)], False
    return [None if o is None else list(o.shape) for o in out], True


def tupled(v):
    """JSON lists back to the tuples Python code writes (scale_factor=(2, 3) must be a tuple)."""
    return tuple(tupled(x) for x in v) if isinstance(v, list) else v


def run(case):
    long = case['long']
    # Float inputs require grad, as inside a model being trained: PyTorch then takes the checked paths (max_pool1d
    # returns an empty tensor for a too-small input only when nothing requires grad).
    xs = [torch.zeros(s, dtype=torch.long) if long else torch.zeros(s, requires_grad=True).clone() for s in case['inputs']]
    args = [tupled(a) for a in case['args']]
    kwargs = {k: tupled(v) for k, v in case['kwargs'].items()}
    if case['functional']:
        out = getattr(F, case['type'])(xs[0], *args, **kwargs)
        params = 0
    else:
        m = getattr(nn, case['type'])(*args, **kwargs)
        m.eval()
        out = m(xs[0], offsets=torch.arange(xs[1].shape[0]) if len(xs) > 1 else None) if case['type'] == 'EmbeddingBag' else m(*xs)
        params = sum(p.numel() for p in m.parameters())
    outputs, is_tuple = shapes_of(out)
    return {'params': params, 'outputs': outputs, 'tuple': is_tuple}


# Differences that are deliberate: the registry follows newer PyTorch where it added an argument (name → since).
NEWER_THAN_INSTALLED = {('LayerNorm', 'bias'): '2.1', ('Embedding', '_freeze'): '2.0'}


def norm_default(v):
    if isinstance(v, tuple):
        return [norm_default(x) for x in v]
    return v


ATEN_NAMES = {'logsigmoid': 'log_sigmoid'}


def aten_signature(name):
    """Parameter names (defaults unchecked) from the ATen schema of a builtin such as F.avg_pool2d or torch.flatten."""
    try:
        schemas = [str(s) for s in torch._C._jit_get_schemas_for_operator('aten::' + ATEN_NAMES.get(name, name))]
    except RuntimeError:
        return None
    schemas = [s for s in schemas if '.out(' not in s]
    if not schemas:
        return None
    inner = schemas[0][schemas[0].index('(') + 1:schemas[0].rindex(') ->')]
    names = [part.split('=')[0].split()[-1] for part in inner.split(', ') if part.strip() != '*']
    return [{'name': n, 'required': None, 'default': None} for n in names if n not in ('self', 'out')]


def torch_signature(entry):
    """The signature the registry must match: inspect.signature of nn.X.__init__ or F.x (F.x_with_indices for the
    boolean-dispatched pools), else the ATen schema's names; 'absent' when the installed PyTorch lacks it."""
    name = entry['name']
    if entry['functional']:
        target = getattr(F, name + '_with_indices', None) or getattr(F, name, None) or getattr(torch, name, None)
    else:
        target = getattr(nn, name, None)
        target = target and target.__init__
    if target is None:
        return 'absent'
    try:
        sig = inspect.signature(target)
    except (ValueError, TypeError):
        return aten_signature(name)
    params = [p for p in sig.parameters.values() if p.name not in ('self', 'input')]
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        return 'variadic' if not entry['functional'] else aten_signature(name)
    return [{'name': p.name, 'required': p.default is inspect.Parameter.empty, 'default': None if p.default is inspect.Parameter.empty else norm_default(p.default)} for p in params]


def registry_signatures():
    """The registry's torch signatures, printed by scripts/layerTruth/signatures.ts."""
    with tempfile.TemporaryDirectory() as tmp:
        bundle = os.path.join(tmp, 'signatures.js')
        subprocess.run([os.path.join(ROOT, 'node_modules', '.bin', 'esbuild'), 'scripts/layerTruth/signatures.ts', '--bundle', '--platform=node', '--log-level=warning', '--outfile=' + bundle], cwd=ROOT, check=True)
        return json.loads(subprocess.run(['node', bundle], cwd=ROOT, check=True, capture_output=True, text=True).stdout)


def compare_signatures():
    """Mismatches, names PyTorch gives no signature for, names absent from the installed PyTorch, and PyTorch's signatures
    (so the unit test also catches a registry edited after the fixture was written)."""
    mismatches, unchecked, absent, recorded = [], [], [], {}
    for entry in registry_signatures():
        theirs = torch_signature(entry)
        label = ('F.' if entry['functional'] else 'nn.') + entry['name']
        if isinstance(theirs, list):
            recorded[label] = [p for p in theirs]
        if theirs == 'absent':
            absent.append(label)
            continue
        if theirs is None or (theirs == 'variadic' and not entry['variadic']):
            unchecked.append(label)
            continue
        if theirs == 'variadic':
            continue
        ours = [p for p in entry['params'] if (entry['name'], p['name']) not in NEWER_THAN_INSTALLED]
        if [p['name'] for p in ours] != [p['name'] for p in theirs]:
            mismatches.append({'layer': label, 'what': 'names', 'registry': [p['name'] for p in ours], 'torch': [p['name'] for p in theirs]})
            continue
        for a, b in zip(ours, theirs):
            if b['required'] is None:  # an ATen schema: names only
                continue
            if a['required'] != b['required'] or (not a['required'] and a['default'] != b['default']):
                mismatches.append({'layer': label, 'what': a['name'], 'registry': a['default'], 'torch': b['default']})
    return mismatches, unchecked, absent, recorded


def main():
    results = []
    for case in CASES:
        entry = {k: case[k] for k in ('type', 'functional', 'args', 'kwargs', 'inputs', 'expectError')}
        try:
            entry['torch'] = run(case)
        except Exception as e:  # PyTorch refused it: the registry must refuse it too.
            entry['torchError'] = f'{type(e).__name__}: {str(e).splitlines()[0][:200]}'
        if case['expectError'] == 'random':  # PyTorch decides whether it fits.
            entry['expectError'] = None
        elif case['expectError'] and 'torchError' not in entry:
            sys.exit(f"case {case['type']} {case['args']} {case['kwargs']}: expected an error, PyTorch accepted it")
        if not case['expectError'] and 'torchError' in entry:
            sys.exit(f"case {case['type']} {case['args']} {case['kwargs']}: PyTorch raised {entry['torchError']}")
        results.append(entry)
    mismatches, unchecked, absent, recorded = compare_signatures()
    fixture = {
        'generator': 'scripts/layerTruth/layerTruth.py',
        'torch': torch.__version__,
        'cases': results,
        'signatureMismatches': mismatches,
        'signaturesUnchecked': sorted(set(unchecked)),
        'absentInInstalledTorch': sorted(set(absent)),
        'newerThanInstalled': [list(k) for k in NEWER_THAN_INSTALLED],
        'torchSignatures': recorded,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as fh:
        json.dump(fixture, fh, indent=1)
        fh.write('\n')
    print(f'{len(results)} cases, {len(mismatches)} signature mismatches, {len(unchecked)} unchecked, {len(absent)} absent -> {os.path.relpath(OUT, ROOT)}')


if __name__ == '__main__':
    main()
