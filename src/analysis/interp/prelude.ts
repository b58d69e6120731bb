// Small stand-ins, written in Python, for library helpers real model files import (torchvision's ops and model utilities).
// They are interpreted like user code, so a model built from them traces exactly; nothing here is ever executed by Python.

/** Offset added to prelude positions so spans from here are never mistaken for the user's file. */
export const PRELUDE_BASE = 1 << 28;

/** The helper names this prelude defines (what `from torchvision.ops import …` and relative torchvision imports may bind). */
export const PRELUDE_SOURCE = `
import torch
from torch import nn

def _make_divisible(v, divisor, min_value=None):
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v

def _ovewrite_named_param(kwargs, param, new_value):
    if param not in kwargs:
        kwargs[param] = new_value

def _ovewrite_value_param(param, new_value):
    return new_value

def _log_api_usage_once(obj):
    return None

def handle_legacy_interface(**weights):
    def keep(fn):
        return fn
    return keep

def register_model(name=None):
    def keep(fn):
        return fn
    return keep

class WeightsEnum:
    @classmethod
    def verify(cls, obj):
        return obj

class Weights:
    def __init__(self, url=None, transforms=None, meta=None):
        self.url = url

class ConvNormActivation(nn.Sequential):
    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, padding=None, groups=1, norm_layer=nn.BatchNorm2d,
                 activation_layer=nn.ReLU, dilation=1, inplace=True, bias=None, conv_layer=nn.Conv2d):
        if padding is None:
            if isinstance(kernel_size, int) and isinstance(dilation, int):
                padding = (kernel_size - 1) // 2 * dilation
            else:
                rank = len(kernel_size) if isinstance(kernel_size, (list, tuple)) else len(dilation)
                ks = kernel_size if isinstance(kernel_size, (list, tuple)) else [kernel_size] * rank
                dl = dilation if isinstance(dilation, (list, tuple)) else [dilation] * rank
                padding = tuple((ks[i] - 1) // 2 * dl[i] for i in range(rank))
        if bias is None:
            bias = norm_layer is None
        layers = [conv_layer(in_channels, out_channels, kernel_size, stride, padding, dilation=dilation, groups=groups, bias=bias)]
        if norm_layer is not None:
            layers.append(norm_layer(out_channels))
        if activation_layer is not None:
            params = {} if inplace is None else {"inplace": inplace}
            layers.append(activation_layer(**params))
        super().__init__(*layers)
        self.out_channels = out_channels

class Conv2dNormActivation(ConvNormActivation):
    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, padding=None, groups=1, norm_layer=nn.BatchNorm2d,
                 activation_layer=nn.ReLU, dilation=1, inplace=True, bias=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, groups, norm_layer, activation_layer, dilation, inplace, bias, nn.Conv2d)

class Conv3dNormActivation(ConvNormActivation):
    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, padding=None, groups=1, norm_layer=nn.BatchNorm3d,
                 activation_layer=nn.ReLU, dilation=1, inplace=True, bias=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, groups, norm_layer, activation_layer, dilation, inplace, bias, nn.Conv3d)

class SqueezeExcitation(nn.Module):
    def __init__(self, input_channels, squeeze_channels, activation=nn.ReLU, scale_activation=nn.Sigmoid):
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(input_channels, squeeze_channels, 1)
        self.fc2 = nn.Conv2d(squeeze_channels, input_channels, 1)
        self.activation = activation()
        self.scale_activation = scale_activation()

    def forward(self, input):
        scale = self.avgpool(input)
        scale = self.fc1(scale)
        scale = self.activation(scale)
        scale = self.fc2(scale)
        scale = self.scale_activation(scale)
        return scale * input

class StochasticDepth(nn.Module):
    def __init__(self, p, mode):
        super().__init__()
        self.p = p
        self.mode = mode

    def forward(self, input):
        return input

class MLP(nn.Sequential):
    def __init__(self, in_channels, hidden_channels, norm_layer=None, activation_layer=nn.ReLU, inplace=None, bias=True, dropout=0.0):
        params = {} if inplace is None else {"inplace": inplace}
        layers = []
        width = in_channels
        for hidden in hidden_channels[:-1]:
            layers.append(nn.Linear(width, hidden, bias=bias))
            if norm_layer is not None:
                layers.append(norm_layer(hidden))
            layers.append(activation_layer(**params))
            layers.append(nn.Dropout(dropout, **params))
            width = hidden
        layers.append(nn.Linear(width, hidden_channels[-1], bias=bias))
        layers.append(nn.Dropout(dropout, **params))
        super().__init__(*layers)

class Permute(nn.Module):
    def __init__(self, dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return torch.permute(x, self.dims)

class ImageClassification:
    def __init__(self, crop_size=224, resize_size=256):
        self.crop_size = crop_size
`;

/** Names the prelude binds that a relative or torchvision import may take. */
export const PRELUDE_NAMES = new Set([
  '_make_divisible',
  '_ovewrite_named_param',
  '_ovewrite_value_param',
  '_log_api_usage_once',
  'handle_legacy_interface',
  'register_model',
  'WeightsEnum',
  'Weights',
  'ConvNormActivation',
  'Conv2dNormActivation',
  'Conv3dNormActivation',
  'SqueezeExcitation',
  'StochasticDepth',
  'ImageClassification',
  'Permute',
  'MLP',
]);
