// Convolutions in 1-3 spatial dimensions: PyTorch Conv1d/2d/3d and LazyConv*, Keras Conv1D/2D/3D.
import { convParams } from '../shapes';
import { numel } from '../tensor';
import * as l10n from '../../l10n';
import {
  badArgument,
  irrelevant,
  KERAS_WEIGHT_ARGS,
  notDivisible,
  oneInput,
  p,
  prod,
  readBool,
  readInt,
  readInts,
} from './args';
import type { BoundArgs, Framework, LayerConstructor, LayerDefinition, ParamSpec, Shape } from './layerTypes';
import {
  axisWindows,
  channelMismatch,
  explainParams,
  explainWindow,
  kernelSymbols,
  lastResult,
  layoutOf,
  readFeatureMap,
  readWindowPadding,
  window2,
  windowOutput,
  windowRf,
  writeFeatureMap,
  type FeatureMap,
  type Layout,
  type Window,
} from './spatial';

/** A convolution's attributes. `inChannels` is undefined while it comes from the first input (Lazy*, Keras). */
export interface ConvAttrs {
  readonly layer: string;
  readonly rank: number;
  readonly inChannels: number | undefined;
  readonly outChannels: number;
  readonly window: Window;
  readonly groups: number;
  readonly bias: boolean;
  readonly layout: Layout;
}

/** Torch's conv signature (Lazy* drops in_channels). */
function torchConvParams(lazy: boolean): ParamSpec[] {
  return [
    ...(lazy ? [] : [p('in_channels')]),
    p('out_channels'),
    p('kernel_size'),
    p('stride', 1),
    p('padding', 0),
    p('dilation', 1),
    p('groups', 1),
    p('bias', true),
    ...irrelevant(['padding_mode', 'zeros'], ['device', null], ['dtype', null]),
  ];
}

/** Keras's conv signature up to use_bias; `ones` is the default of strides and dilation_rate for this rank. */
function kerasConvParams(rank: number): ParamSpec[] {
  const ones = rank === 1 ? 1 : Array.from({ length: rank }, () => 1);
  return [
    p('filters'),
    p('kernel_size'),
    p('strides', ones),
    p('padding', 'valid'),
    p('data_format', rank === 1 ? 'channels_last' : null),
    p('dilation_rate', ones),
    p('groups', 1),
    p('activation', null, 'irrelevant'),
    p('use_bias', true),
    ...KERAS_WEIGHT_ARGS,
  ];
}

/** Reads a conv's window (kernel, stride, padding, dilation) under either framework's argument names. */
export function readConvWindow(args: BoundArgs, layer: string, rank: number, framework: Framework): Window {
  const torch = framework === 'torch';
  const window: Window = {
    kernel: readInts(args, 'kernel_size', layer, rank, 1),
    stride: readInts(args, torch ? 'stride' : 'strides', layer, rank, 1),
    dilation: readInts(args, torch ? 'dilation' : 'dilation_rate', layer, rank, 1),
    padding: readWindowPadding(
      args,
      'padding',
      layer,
      rank,
      torch ? ['same', 'valid'] : rank === 1 ? ['same', 'valid', 'causal'] : ['same', 'valid'],
    ),
  };
  if (torch && window.padding === 'same' && window.stride.some((s) => s !== 1)) {
    throw badArgument(
      layer,
      'padding',
      l10n.t(
        "{0}: padding='same' is not supported for strided convolutions (stride {1})",
        layer,
        window.stride.join('×'),
      ),
    );
  }
  return window;
}

function buildConv(rank: number, framework: Framework, lazy: boolean) {
  return (args: BoundArgs, layer: string): ConvAttrs => {
    const torch = framework === 'torch';
    const inChannels = torch && !lazy ? readInt(args, 'in_channels', layer, 1) : undefined;
    const outChannels = readInt(args, torch ? 'out_channels' : 'filters', layer, 1);
    const groups = readInt(args, 'groups', layer, 1);
    if (inChannels !== undefined && inChannels % groups !== 0)
      throw notDivisible(layer, 'in_channels', inChannels, groups);
    if (outChannels % groups !== 0) throw notDivisible(layer, torch ? 'out_channels' : 'filters', outChannels, groups);
    return {
      layer,
      rank,
      inChannels,
      outChannels,
      groups,
      window: readConvWindow(args, layer, rank, framework),
      bias: readBool(args, torch ? 'bias' : 'use_bias', layer),
      layout: layoutOf(framework, args),
    };
  };
}

/** Checks the input's channels against in_channels and groups (the one rule every conv-like layer shares). */
export function checkInChannels(
  layer: string,
  fm: FeatureMap,
  expected: number | undefined,
  groups: number,
  input: Shape,
): number {
  if (expected !== undefined && fm.channels !== expected) throw channelMismatch(layer, expected, fm.channels, input);
  if (fm.channels % groups !== 0) throw notDivisible(layer, 'in_channels', fm.channels, groups);
  return fm.channels;
}

/** A conv's input channels, applied windows and output on this input (shared with depthwise and separable convs). */
export const convGeometry = lastResult((a: ConvAttrs, input: Shape, framework: Framework) => {
  const fm = readFeatureMap(input, a.rank, a.layout, a.layer, framework === 'torch');
  const inChannels = checkInChannels(a.layer, fm, a.inChannels, a.groups, input);
  const axes = axisWindows(a.window, fm.spatial, framework);
  const out = windowOutput(axes, a.layer);
  return { fm, inChannels, axes, out, output: writeFeatureMap(fm, a.outChannels, out) };
});

/** Weights (+ bias) of a conv with this many input channels. */
export const convParamsOf = (a: ConvAttrs, inChannels: number): number =>
  convParams(inChannels, a.outChannels, prod(a.window.kernel), 1, a.groups, a.bias);

/** MACs of a conv call: output elements × (C_in / groups) × prod(kernel). */
export const convMacsOf = (a: ConvAttrs, inChannels: number, output: Shape): number =>
  numel(output) * (inChannels / a.groups) * prod(a.window.kernel);

/**
 * A conv-family layer's constructors at ranks 1–3: torch `Conv<suffix><rank>d`, its Lazy form, and Keras
 * `Conv<rank>D<suffix>` / `Convolution<rank>D<suffix>` (suffix '' or 'Transpose').
 */
export function convFamilyConstructors<A>(
  suffix: '' | 'Transpose',
  torchParams: (lazy: boolean) => ParamSpec[],
  kerasParams: (rank: number) => ParamSpec[],
  build: (rank: number, framework: Framework, lazy: boolean) => LayerConstructor<A>['build'],
): LayerConstructor<A>[] {
  const torch = (rank: number): string => `Conv${suffix}${rank}d`;
  return [1, 2, 3].flatMap((rank): LayerConstructor<A>[] => [
    { framework: 'torch', names: [torch(rank)], params: torchParams(false), build: build(rank, 'torch', false) },
    { framework: 'torch', names: [`Lazy${torch(rank)}`], params: torchParams(true), build: build(rank, 'torch', true) },
    {
      framework: 'keras',
      names: [`Conv${rank}D${suffix}`, `Convolution${rank}D${suffix}`],
      params: kerasParams(rank),
      build: build(rank, 'keras', false),
    },
  ]);
}

/** Conv1d/2d/3d (and lazy, and Keras) — one definition. */
export const convDefinition: LayerDefinition<ConvAttrs> = {
  id: 'conv',
  constructors: convFamilyConstructors('', torchConvParams, kerasConvParams, buildConv),
  ownParams: (a) => (a.inChannels === undefined ? undefined : convParamsOf(a, a.inChannels)),
  apply(a, inputs, framework) {
    const g = convGeometry(a, oneInput(inputs, a.layer), framework);
    return { outputs: [g.output], params: convParamsOf(a, g.inChannels), macs: convMacsOf(a, g.inChannels, g.output) };
  },
  receptiveField: (a, rf, input, framework) => windowRf(rf, convGeometry(a, input, framework).axes),
  explain(a, input, _output, framework) {
    const g = convGeometry(a, input, framework);
    const k = a.window.kernel.join('·');
    const bias = a.bias ? ` + ${a.outChannels}` : '';
    return [
      ...explainWindow(g.axes, g.out),
      explainParams(
        `C_out·(C_in/g)·${kernelSymbols(a.rank)}${a.bias ? ' + C_out' : ''}`,
        `${a.outChannels}·(${g.inChannels}/${a.groups})·${k}${bias}`,
        convParamsOf(a, g.inChannels),
      ),
    ];
  },
  slidingWindow(a) {
    const w = window2(a.window);
    return w && { op: 'conv', ...w, groups: a.groups };
  },
};
