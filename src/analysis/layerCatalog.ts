// PyTorch and Keras layer classes and functional ops → engine layer specs, with each framework's defaults.
import type { Pair } from '../engine/params';
import type { LayerSpec, PaddingSpec } from '../engine/trace';
import { dottedName, type PyExpr } from './pyExpr';
import { bindArgs, evalValue, UNKNOWN, type BoundArgs, type PyValue, type ValueEnv } from './pyValues';
import * as l10n from '../l10n';

/** A call node. */
export type PyCall = Extract<PyExpr, { kind: 'call' }>;

/** Which framework a layer class belongs to. */
export type LayerFramework = 'torch' | 'keras' | 'either';

class ArgError extends Error {}

/** Reads bound arguments with defaults; a missing required or non-static argument raises ArgError with its name. */
class Args {
  constructor(private readonly bound: BoundArgs, private readonly env: ValueEnv, private readonly layer: string) {}

  private value(name: string, fallback?: PyValue): PyValue {
    const e = this.bound.get(name);
    if (!e) {
      if (fallback === undefined) throw new ArgError(`${this.layer}: argument ${name} is missing`);
      return fallback;
    }
    const v = evalValue(e, this.env);
    if (v === UNKNOWN) throw new ArgError(l10n.t('{0}: cannot tell the value of {1} without running the code', this.layer, name));
    return v;
  }

  int(name: string, fallback?: number): number {
    const v = this.value(name, fallback);
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new ArgError(l10n.t('{0}: {1} must be an integer, got {2}', this.layer, name, JSON.stringify(v)));
    return v;
  }

  optionalInt(name: string): number | null {
    const v = this.value(name, null);
    if (v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new ArgError(l10n.t('{0}: {1} must be an integer, got {2}', this.layer, name, JSON.stringify(v)));
    return v;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.value(name, fallback);
    if (typeof v !== 'boolean') throw new ArgError(l10n.t('{0}: {1} must be True or False', this.layer, name));
    return v;
  }

  pair(name: string, fallback?: number | Pair | null): Pair {
    const v = this.value(name, fallback ?? undefined);
    return toPair(v, `${this.layer}: ${name}`);
  }

  optionalPair(name: string): Pair | null {
    const v = this.value(name, null);
    return v === null ? null : toPair(v, `${this.layer}: ${name}`);
  }

  padding(name: string, fallback: number | string): PaddingSpec {
    const v = this.value(name, fallback);
    if (typeof v === 'string') {
      const s = v.toLowerCase();
      if (s === 'same' || s === 'valid') return s;
      throw new ArgError(`${this.layer}: padding '${v}' is not 'same' or 'valid'`);
    }
    return toPair(v, `${this.layer}: ${name}`);
  }

  has(name: string): boolean {
    return this.bound.has(name);
  }
}

function toPair(v: PyValue, what: string): Pair {
  if (typeof v === 'number' && Number.isInteger(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isInteger(x))) return [v[0] as number, v[1] as number];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return [v[0], v[0]];
  throw new ArgError(l10n.t('{0} must be an int or a pair of ints, got {1}', what, JSON.stringify(v)));
}

const ELEMENTWISE_TORCH = new Set([
  'ReLU', 'ReLU6', 'LeakyReLU', 'PReLU', 'ELU', 'SELU', 'CELU', 'GELU', 'SiLU', 'Mish', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax',
  'Softmax2d', 'Hardswish', 'Hardsigmoid', 'Hardtanh', 'Softplus', 'Dropout', 'Dropout2d', 'AlphaDropout', 'Identity', 'LocalResponseNorm',
]);
const ELEMENTWISE_KERAS = new Set(['Dropout', 'SpatialDropout2D', 'Activation', 'ReLU', 'LeakyReLU', 'Softmax', 'ELU', 'Rescaling', 'GaussianNoise', 'ActivityRegularization']);

type Builder = (a: Args) => LayerSpec;

const TORCH: Readonly<Record<string, { params: readonly string[]; build: Builder }>> = {
  Conv2d: {
    params: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode'],
    build: (a) => ({
      kind: 'conv2d', inChannels: a.int('in_channels'), outChannels: a.int('out_channels'), kernel: a.pair('kernel_size'),
      stride: a.pair('stride', 1), padding: a.padding('padding', 0), dilation: a.pair('dilation', 1), groups: a.int('groups', 1), bias: a.bool('bias', true),
    }),
  },
  ConvTranspose2d: {
    params: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation'],
    build: (a) => ({
      kind: 'convTranspose2d', inChannels: a.int('in_channels'), outChannels: a.int('out_channels'), kernel: a.pair('kernel_size'),
      stride: a.pair('stride', 1), padding: a.pair('padding', 0), outputPadding: a.pair('output_padding', 0), dilation: a.pair('dilation', 1),
      groups: a.int('groups', 1), bias: a.bool('bias', true),
    }),
  },
  MaxPool2d: {
    params: ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'],
    build: (a) => {
      const kernel = a.pair('kernel_size');
      return { kind: 'maxPool2d', kernel, stride: a.optionalPair('stride') ?? kernel, padding: a.pair('padding', 0), dilation: a.pair('dilation', 1), ceilMode: a.bool('ceil_mode', false) };
    },
  },
  AvgPool2d: {
    params: ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'],
    build: (a) => {
      const kernel = a.pair('kernel_size');
      return { kind: 'avgPool2d', kernel, stride: a.optionalPair('stride') ?? kernel, padding: a.pair('padding', 0), dilation: [1, 1], ceilMode: a.bool('ceil_mode', false) };
    },
  },
  AdaptiveAvgPool2d: { params: ['output_size'], build: (a) => ({ kind: 'adaptiveAvgPool2d', output: adaptiveOutput(a) }) },
  AdaptiveMaxPool2d: { params: ['output_size', 'return_indices'], build: (a) => ({ kind: 'adaptiveMaxPool2d', output: adaptiveOutput(a) }) },
  BatchNorm2d: {
    params: ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats'],
    build: (a) => ({ kind: 'batchNorm2d', numFeatures: a.int('num_features'), affine: a.bool('affine', true) }),
  },
  Linear: {
    params: ['in_features', 'out_features', 'bias'],
    build: (a) => ({ kind: 'linear', inFeatures: a.int('in_features'), outFeatures: a.int('out_features'), bias: a.bool('bias', true) }),
  },
  LazyLinear: { params: ['out_features', 'bias'], build: (a) => ({ kind: 'linear', inFeatures: null, outFeatures: a.int('out_features'), bias: a.bool('bias', true) }) },
  Flatten: { params: ['start_dim', 'end_dim'], build: (a) => ({ kind: 'flatten', startDim: a.int('start_dim', 1), endDim: a.int('end_dim', -1) }) },
};

function adaptiveOutput(a: Args): readonly [number | null, number | null] {
  const v = a.optionalPair('output_size');
  if (v) return v;
  throw new ArgError('output_size must be given');
}

const KERAS_CONV = ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias'];
const KERAS_POOL = ['pool_size', 'strides', 'padding', 'data_format'];

function kerasPool(kind: 'maxPool2d' | 'avgPool2d'): { params: readonly string[]; build: Builder } {
  return {
    params: KERAS_POOL,
    build: (a) => {
      const kernel = a.pair('pool_size', 2);
      return { kind, kernel, stride: a.optionalPair('strides') ?? kernel, padding: a.padding('padding', 'valid'), dilation: [1, 1], ceilMode: false };
    },
  };
}

const KERAS: Readonly<Record<string, { params: readonly string[]; build: Builder }>> = {
  Conv2D: {
    params: KERAS_CONV,
    build: (a) => ({
      kind: 'conv2d', inChannels: null, outChannels: a.int('filters'), kernel: a.pair('kernel_size'), stride: a.pair('strides', 1),
      padding: a.padding('padding', 'valid'), dilation: a.pair('dilation_rate', 1), groups: a.int('groups', 1), bias: a.bool('use_bias', true),
    }),
  },
  DepthwiseConv2D: {
    params: ['kernel_size', 'strides', 'padding', 'depth_multiplier', 'data_format', 'dilation_rate', 'activation', 'use_bias'],
    build: (a) => ({
      kind: 'depthwiseConv2d', depthMultiplier: a.int('depth_multiplier', 1), kernel: a.pair('kernel_size'), stride: a.pair('strides', 1),
      padding: a.padding('padding', 'valid'), dilation: a.pair('dilation_rate', 1), bias: a.bool('use_bias', true),
    }),
  },
  SeparableConv2D: {
    params: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'depth_multiplier', 'activation', 'use_bias'],
    build: (a) => ({
      kind: 'separableConv2d', outChannels: a.int('filters'), depthMultiplier: a.int('depth_multiplier', 1), kernel: a.pair('kernel_size'),
      stride: a.pair('strides', 1), padding: a.padding('padding', 'valid'), dilation: a.pair('dilation_rate', 1), bias: a.bool('use_bias', true),
    }),
  },
  Conv2DTranspose: {
    params: ['filters', 'kernel_size', 'strides', 'padding', 'output_padding', 'data_format', 'dilation_rate', 'activation', 'use_bias'],
    build: (a) => ({
      kind: 'convTranspose2d', inChannels: null, outChannels: a.int('filters'), kernel: a.pair('kernel_size'), stride: a.pair('strides', 1),
      padding: a.padding('padding', 'valid'), outputPadding: a.optionalPair('output_padding') ?? [0, 0], dilation: a.pair('dilation_rate', 1),
      groups: 1, bias: a.bool('use_bias', true),
    }),
  },
  MaxPooling2D: kerasPool('maxPool2d'),
  MaxPool2D: kerasPool('maxPool2d'),
  AveragePooling2D: kerasPool('avgPool2d'),
  AvgPool2D: kerasPool('avgPool2d'),
  GlobalAveragePooling2D: { params: ['data_format', 'keepdims'], build: (a) => ({ kind: 'globalPool2d', keepDims: a.bool('keepdims', false) }) },
  GlobalMaxPooling2D: { params: ['data_format', 'keepdims'], build: (a) => ({ kind: 'globalPool2d', keepDims: a.bool('keepdims', false) }) },
  GlobalAvgPool2D: { params: ['data_format', 'keepdims'], build: (a) => ({ kind: 'globalPool2d', keepDims: a.bool('keepdims', false) }) },
  GlobalMaxPool2D: { params: ['data_format', 'keepdims'], build: (a) => ({ kind: 'globalPool2d', keepDims: a.bool('keepdims', false) }) },
  BatchNormalization: { params: ['axis'], build: () => ({ kind: 'batchNorm2d', numFeatures: null, affine: true }) },
  Flatten: { params: ['data_format'], build: () => ({ kind: 'flatten', startDim: 1, endDim: -1 }) },
  Dense: { params: ['units', 'activation', 'use_bias'], build: (a) => ({ kind: 'linear', inFeatures: null, outFeatures: a.int('units'), bias: a.bool('use_bias', true) }) },
};

/** Last component of a callee's dotted name: `torch.nn.Conv2d` → "Conv2d". */
export function className(call: PyCall): string | undefined {
  const name = dottedName(call.func);
  return name?.slice(name.lastIndexOf('.') + 1);
}

/** Which framework a layer class name belongs to, or undefined when it is not a layer ConvLens knows. */
export function layerFramework(name: string): LayerFramework | undefined {
  const torch = name in TORCH || ELEMENTWISE_TORCH.has(name);
  const keras = name in KERAS || ELEMENTWISE_KERAS.has(name);
  if (torch && keras) return 'either';
  return torch ? 'torch' : keras ? 'keras' : undefined;
}

/** A layer call as the engine sees it, or the reason it could not be read. */
export function layerSpec(call: PyCall, framework: 'torch' | 'keras', env: ValueEnv): LayerSpec {
  const name = className(call) ?? '?';
  const table = framework === 'torch' ? TORCH : KERAS;
  const elementwise = framework === 'torch' ? ELEMENTWISE_TORCH : ELEMENTWISE_KERAS;
  const entry = table[name];
  if (!entry) {
    return elementwise.has(name) ? { kind: 'elementwise' } : { kind: 'unknown', reason: l10n.t('{0} is not a layer ConvLens can trace', name) };
  }
  try {
    return entry.build(new Args(bindArgs(call, entry.params), env, name));
  } catch (e) {
    if (e instanceof ArgError) return { kind: 'unknown', reason: e.message };
    throw e;
  }
}

/** Keras `input_shape=(28, 28, 1)` on a layer, as a batch-1 shape, when present and static. */
export function kerasInputShape(call: PyCall, env: ValueEnv): number[] | undefined {
  const kw = call.kwargs.find((k) => k.name === 'input_shape' || k.name === 'batch_input_shape' || (k.name === 'shape' && className(call) === 'Input'));
  if (!kw) return undefined;
  const v = evalValue(kw.value, env);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x))) return undefined;
  const dims = v as number[];
  return kw.name === 'batch_input_shape' ? dims : [1, ...dims];
}

/** Functional ops in `forward` (F.relu, F.max_pool2d, torch.flatten …) → engine specs; undefined if not one. */
export function functionalSpec(call: PyCall, name: string, env: ValueEnv): LayerSpec | undefined {
  const fn = name.slice(name.lastIndexOf('.') + 1);
  const read = (params: readonly string[], build: Builder): LayerSpec => {
    try {
      return build(new Args(bindArgs(call, params), env, name));
    } catch (e) {
      if (e instanceof ArgError) return { kind: 'unknown', reason: e.message };
      throw e;
    }
  };
  switch (fn) {
    case 'relu': case 'relu_': case 'relu6': case 'gelu': case 'silu': case 'elu': case 'leaky_relu': case 'sigmoid': case 'tanh': case 'hardswish':
    case 'dropout': case 'dropout2d': case 'softmax': case 'log_softmax': case 'mish': case 'contiguous': case 'clone': case 'detach':
      return { kind: 'elementwise' };
    case 'max_pool2d':
      return read(['input', 'kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode'], (a) => {
        const kernel = a.pair('kernel_size');
        return { kind: 'maxPool2d', kernel, stride: a.optionalPair('stride') ?? kernel, padding: a.pair('padding', 0), dilation: a.pair('dilation', 1), ceilMode: a.bool('ceil_mode', false) };
      });
    case 'avg_pool2d':
      return read(['input', 'kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad'], (a) => {
        const kernel = a.pair('kernel_size');
        return { kind: 'avgPool2d', kernel, stride: a.optionalPair('stride') ?? kernel, padding: a.pair('padding', 0), dilation: [1, 1], ceilMode: a.bool('ceil_mode', false) };
      });
    case 'adaptive_avg_pool2d':
    case 'adaptive_max_pool2d':
      return read(['input', 'output_size'], (a) => ({ kind: fn === 'adaptive_avg_pool2d' ? 'adaptiveAvgPool2d' : 'adaptiveMaxPool2d', output: a.pair('output_size') }));
    case 'flatten':
      return read(['input', 'start_dim', 'end_dim'], (a) => ({ kind: 'flatten', startDim: a.int('start_dim', 0), endDim: a.int('end_dim', -1) }));
    default:
      return undefined;
  }
}
