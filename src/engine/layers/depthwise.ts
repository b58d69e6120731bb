// Keras depthwise and depthwise-separable convolutions: DepthwiseConv1D/2D and SeparableConv1D/2D, each stage counted as the conv it is.
import { irrelevant, oneInput, p, readBool, readInt } from './args';
import { convGeometry, convMacsOf, convParamsOf, readConvWindow, type ConvAttrs } from './conv';
import type { BoundArgs, Framework, LayerConstructor, LayerDefinition, ParamSpec, Shape } from './layerTypes';
import { explainParams, explainWindow, layoutOf, windowRf, type Layout, type Window } from './spatial';

/** A depthwise conv (`pointwise` undefined) or a separable one (depthwise, then a 1×1 conv to `pointwise` filters). */
export interface DepthwiseAttrs {
  readonly layer: string;
  readonly rank: number;
  readonly window: Window;
  readonly depthMultiplier: number;
  readonly pointwise: number | undefined;
  readonly bias: boolean;
  readonly layout: Layout;
}

const ones = (rank: number): number | number[] => (rank === 1 ? 1 : Array.from({ length: rank }, () => 1));
const WEIGHTS = (names: readonly string[]): ParamSpec[] =>
  irrelevant(
    ...names.flatMap((n): [string, null | string][] => [
      [`${n}_initializer`, n === 'bias' ? 'zeros' : 'glorot_uniform'],
    ]),
    ...names.map((n): [string, null] => [`${n}_regularizer`, null]),
    ['activity_regularizer', null],
    ...names.map((n): [string, null] => [`${n}_constraint`, null]),
  );

function depthwiseParams(rank: number): ParamSpec[] {
  return [
    p('kernel_size'),
    p('strides', ones(rank)),
    p('padding', 'valid'),
    p('depth_multiplier', 1),
    p('data_format', null),
    p('dilation_rate', ones(rank)),
    p('activation', null, 'irrelevant'),
    p('use_bias', true),
    ...WEIGHTS(['depthwise', 'bias']),
  ];
}

function separableParams(rank: number): ParamSpec[] {
  return [
    p('filters'),
    p('kernel_size'),
    p('strides', ones(rank)),
    p('padding', 'valid'),
    p('data_format', null),
    p('dilation_rate', ones(rank)),
    p('depth_multiplier', 1),
    p('activation', null, 'irrelevant'),
    p('use_bias', true),
    ...WEIGHTS(['depthwise', 'pointwise', 'bias']),
  ];
}

function build(rank: number, separable: boolean) {
  return (args: BoundArgs, layer: string): DepthwiseAttrs => ({
    layer,
    rank,
    window: readConvWindow(args, layer, rank, 'keras'),
    depthMultiplier: readInt(args, 'depth_multiplier', layer, 1),
    pointwise: separable ? readInt(args, 'filters', layer, 1) : undefined,
    bias: readBool(args, 'use_bias', layer),
    layout: layoutOf('keras', args),
  });
}

/** The two stages as convs: depthwise (groups = C, C·m outputs) and pointwise (1×1, C·m → filters). */
function stages(a: DepthwiseAttrs, input: Shape, framework: Framework) {
  const channels = a.layout === 'channelsLast' ? input[input.length - 1]! : input[1]!;
  const mid = channels * a.depthMultiplier;
  const depthwise: ConvAttrs = {
    layer: a.layer,
    rank: a.rank,
    inChannels: undefined,
    outChannels: mid,
    window: a.window,
    groups: channels,
    bias: a.bias && a.pointwise === undefined,
    layout: a.layout,
  };
  const dw = convGeometry(depthwise, input, framework);
  if (a.pointwise === undefined) return { dw, depthwise, pointwise: undefined, pw: undefined, output: dw.output };
  const one = a.window.kernel.map(() => 1);
  const pointwise: ConvAttrs = {
    ...depthwise,
    outChannels: a.pointwise,
    groups: 1,
    bias: a.bias,
    window: { kernel: one, stride: one, dilation: one, padding: 'valid' },
  };
  const pw = convGeometry(pointwise, dw.output, framework);
  return { dw, depthwise, pointwise, pw, output: pw.output };
}

/** DepthwiseConv1D/2D (kernel per channel, depth_multiplier outputs each) and SeparableConv1D/2D. */
export const depthwiseDefinition: LayerDefinition<DepthwiseAttrs> = {
  id: 'depthwiseConv',
  constructors: [1, 2].flatMap((rank): LayerConstructor<DepthwiseAttrs>[] => [
    { framework: 'keras', names: [`DepthwiseConv${rank}D`], params: depthwiseParams(rank), build: build(rank, false) },
    {
      framework: 'keras',
      names: [`SeparableConv${rank}D`, `SeparableConvolution${rank}D`],
      params: separableParams(rank),
      build: build(rank, true),
    },
  ]),
  ownParams: () => undefined,
  apply(a, inputs, framework) {
    const s = stages(a, oneInput(inputs, a.layer), framework);
    const params =
      convParamsOf(s.depthwise, s.dw.inChannels) +
      (s.pointwise && s.pw ? convParamsOf(s.pointwise, s.pw.inChannels) : 0);
    const macs =
      convMacsOf(s.depthwise, s.dw.inChannels, s.dw.output) +
      (s.pointwise && s.pw ? convMacsOf(s.pointwise, s.pw.inChannels, s.pw.output) : 0);
    return { outputs: [s.output], params, macs };
  },
  receptiveField: (a, rf, input, framework) => windowRf(rf, stages(a, input, framework).dw.axes),
  explain(a, input, _output, framework) {
    const s = stages(a, input, framework);
    const c = s.dw.inChannels;
    const m = a.depthMultiplier;
    const k = a.window.kernel.join('·');
    const counts =
      s.pointwise === undefined
        ? explainParams(
            `C·m·K${a.bias ? ' + C·m' : ''}`,
            `${c}·${m}·${k}${a.bias ? ` + ${c}·${m}` : ''}`,
            convParamsOf(s.depthwise, c),
          )
        : explainParams(
            `C·m·K + C·m·F${a.bias ? ' + F' : ''}`,
            `${c}·${m}·${k} + ${c}·${m}·${a.pointwise}${a.bias ? ` + ${a.pointwise}` : ''}`,
            convParamsOf(s.depthwise, c) + convParamsOf(s.pointwise, c * m),
          );
    return [...explainWindow(s.dw.axes, s.dw.out), counts];
  },
};
