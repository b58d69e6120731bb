// Pooling in 1-3 D: PyTorch Max/Avg/LP pools (classes and F.*), adaptive pools, Keras MaxPooling*/AveragePooling* and global pools.
import { adaptivePoolWindow, growReceptiveField } from '../shapes';
import { ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import { badArgument, intsOf, irrelevant, oneInput, p, isArgList, readBool, readInts, readRaw } from './args';
import type {
  ArgValue,
  BoundArgs,
  Framework,
  LayerConstructor,
  LayerDefinition,
  LayerResult,
  ParamSpec,
  Shape,
} from './layerTypes';
import {
  lastResult,
  axisWindows,
  explainWindow,
  layoutOf,
  mapRf2,
  readFeatureMap,
  readWindowPadding,
  wholeMapRf,
  window2,
  windowOutput,
  windowRf,
  writeFeatureMap,
  type Layout,
  type Window,
} from './spatial';

/** Max, average or power-average (LP) pooling. */
export type PoolOp = 'max' | 'avg' | 'lp';

/** A sliding pool's attributes. */
export interface PoolAttrs {
  readonly layer: string;
  readonly op: PoolOp;
  readonly rank: number;
  readonly window: Window;
  readonly ceilMode: boolean;
  readonly returnIndices: boolean;
  readonly layout: Layout;
}

/** The result of a pool that may also return its argmax indices (same shape) as a tuple. */
export function pooled(output: Shape, returnIndices: boolean): LayerResult {
  return returnIndices
    ? { outputs: [output, output], tuple: true, params: 0, macs: 0 }
    : { outputs: [output], params: 0, macs: 0 };
}

const none = (v: ArgValue | undefined): boolean =>
  v === null || v === undefined || (Array.isArray(v) && v.length === 0);

function buildPool(op: PoolOp, rank: number, framework: Framework) {
  return (args: BoundArgs, layer: string): PoolAttrs => {
    const torch = framework === 'torch';
    const kernelArg = torch ? 'kernel_size' : 'pool_size';
    const strideArg = torch ? 'stride' : 'strides';
    const kernel = readInts(args, kernelArg, layer, rank, 1);
    const stride = none(readRaw(args, strideArg)) ? kernel : readInts(args, strideArg, layer, rank, 1);
    const dilation = op === 'max' && torch ? readInts(args, 'dilation', layer, rank, 1) : kernel.map(() => 1);
    const padding = !torch
      ? readWindowPadding(args, 'padding', layer, rank, ['same', 'valid'])
      : op === 'lp'
        ? kernel.map(() => 0)
        : readInts(args, 'padding', layer, rank, 0);
    if (typeof padding !== 'string' && padding.some((pad, i) => pad > Math.floor(kernel[i]! / 2))) {
      throw badArgument(
        layer,
        'padding',
        l10n.t('{0}: padding {1} must be at most half the kernel size {2}', layer, padding.join('×'), kernel.join('×')),
      );
    }
    return {
      layer,
      op,
      rank,
      window: { kernel, stride, dilation, padding },
      layout: layoutOf(framework, args),
      ceilMode: torch ? readBool(args, 'ceil_mode', layer) : false,
      returnIndices: op === 'max' && torch ? readBool(args, 'return_indices', layer) : false,
    };
  };
}

const geometry = lastResult((a: PoolAttrs, input: Shape, framework: Framework) => {
  const fm = readFeatureMap(input, a.rank, a.layout, a.layer, framework === 'torch');
  // PyTorch's avg_pool3d alone wants the kernel to fit the input before padding.
  if (
    framework === 'torch' &&
    a.op === 'avg' &&
    a.rank === 3 &&
    fm.spatial.some((size, i) => size < a.window.kernel[i]!)
  ) {
    throw new ShapeError(
      l10n.t('{0}: kernel {1} is larger than its input {2}', a.layer, a.window.kernel.join('×'), fm.spatial.join('×')),
      'mapTooSmall',
      { layer: a.layer, kernel: a.window.kernel.join('×'), input: fm.spatial.join('×') },
    );
  }
  const axes = axisWindows(a.window, fm.spatial, framework);
  const out = windowOutput(axes, a.layer, a.ceilMode);
  return { axes, out, output: writeFeatureMap(fm, fm.channels, out) };
});

const AVG_TAIL = [p('ceil_mode', false), ...irrelevant(['count_include_pad', true])];
const torchPools = (rank: number): LayerConstructor<PoolAttrs>[] => {
  const avg: ParamSpec[] = [
    p('kernel_size'),
    p('stride', null),
    p('padding', 0),
    ...AVG_TAIL,
    ...(rank > 1 ? irrelevant(['divisor_override', null]) : []),
  ];
  const lp: ParamSpec[] = [
    { name: 'norm_type', irrelevant: true },
    p('kernel_size'),
    p('stride', null),
    p('ceil_mode', false),
  ];
  const max = (tail: ParamSpec[]): ParamSpec[] => [
    p('kernel_size'),
    p('stride', null),
    p('padding', 0),
    p('dilation', 1),
    ...tail,
  ];
  const d = `${rank}d`;
  return [
    {
      framework: 'torch',
      names: [`MaxPool${d}`],
      params: max([p('return_indices', false), p('ceil_mode', false)]),
      build: buildPool('max', rank, 'torch'),
    },
    {
      framework: 'torch',
      names: [`max_pool${d}`],
      functional: true,
      params: max([p('ceil_mode', false), p('return_indices', false)]),
      build: buildPool('max', rank, 'torch'),
    },
    { framework: 'torch', names: [`AvgPool${d}`], params: avg, build: buildPool('avg', rank, 'torch') },
    {
      framework: 'torch',
      names: [`avg_pool${d}`],
      functional: true,
      params: avg,
      build: buildPool('avg', rank, 'torch'),
    },
    ...(rank < 3
      ? ([
          { framework: 'torch', names: [`LPPool${d}`], params: lp, build: buildPool('lp', rank, 'torch') },
          {
            framework: 'torch',
            names: [`lp_pool${d}`],
            functional: true,
            params: lp,
            build: buildPool('lp', rank, 'torch'),
          },
        ] as const)
      : []),
  ];
};

const kerasPools = (rank: number): LayerConstructor<PoolAttrs>[] => {
  const params: ParamSpec[] = [
    p('pool_size', rank === 1 ? 2 : Array.from({ length: rank }, () => 2)),
    p('strides', null),
    p('padding', 'valid'),
    p('data_format', rank === 1 ? 'channels_last' : null),
  ];
  return [
    {
      framework: 'keras',
      names: [`MaxPooling${rank}D`, `MaxPool${rank}D`],
      params,
      build: buildPool('max', rank, 'keras'),
    },
    {
      framework: 'keras',
      names: [`AveragePooling${rank}D`, `AvgPool${rank}D`],
      params,
      build: buildPool('avg', rank, 'keras'),
    },
  ];
};

/** Sliding-window pools of every rank and framework. */
export const poolDefinition: LayerDefinition<PoolAttrs> = {
  id: 'pool',
  constructors: [1, 2, 3].flatMap((rank) => [...torchPools(rank), ...kerasPools(rank)]),
  ownParams: () => 0,
  apply: (a, inputs, framework) => pooled(geometry(a, oneInput(inputs, a.layer), framework).output, a.returnIndices),
  receptiveField: (a, rf, input, framework) => windowRf(rf, geometry(a, input, framework).axes),
  explain(a, input, _output, framework) {
    const g = geometry(a, input, framework);
    return explainWindow(g.axes, g.out, a.ceilMode);
  },
  slidingWindow(a) {
    const w = window2(a.window);
    return w && a.op !== 'lp'
      ? { op: a.op === 'max' ? 'maxPool' : 'avgPool', ...w, groups: 1, ceilMode: a.ceilMode }
      : undefined;
  },
};

/** Adaptive pooling to a fixed output size; `null` entries keep the input's size. */
export interface AdaptivePoolAttrs {
  readonly layer: string;
  readonly op: 'max' | 'avg';
  readonly rank: number;
  readonly output: readonly (number | null)[];
  readonly returnIndices: boolean;
}

function buildAdaptive(op: 'max' | 'avg', rank: number) {
  return (args: BoundArgs, layer: string): AdaptivePoolAttrs => {
    const v = readRaw(args, 'output_size');
    // PyTorch's 1-D adaptive pools take no None.
    const entries =
      rank === 1
        ? undefined
        : v === null
          ? Array.from({ length: rank }, () => null)
          : isArgList(v) && v.length === rank
            ? v
            : undefined;
    const output = entries
      ? entries.map((e, i) => (e === null ? null : intsOf(e, `output_size[${i}]`, layer, 1, 1)[0]!))
      : intsOf(v, 'output_size', layer, rank, 1);
    return { layer, op, rank, output, returnIndices: op === 'max' ? readBool(args, 'return_indices', layer) : false };
  };
}

function adaptiveSizes(a: AdaptivePoolAttrs, input: Shape) {
  const fm = readFeatureMap(input, a.rank, 'channelsFirst', a.layer, true);
  const out = a.output.map((o, i) => o ?? fm.spatial[i]!);
  return { fm, out, output: writeFeatureMap(fm, fm.channels, out) };
}

/** AdaptiveAvgPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d and their F.* forms. */
export const adaptivePoolDefinition: LayerDefinition<AdaptivePoolAttrs> = {
  id: 'adaptivePool',
  constructors: [1, 2, 3].flatMap((rank): LayerConstructor<AdaptivePoolAttrs>[] => [
    {
      framework: 'torch',
      names: [`AdaptiveAvgPool${rank}d`],
      params: [p('output_size')],
      build: buildAdaptive('avg', rank),
    },
    {
      framework: 'torch',
      names: [`adaptive_avg_pool${rank}d`],
      functional: true,
      params: [p('output_size')],
      build: buildAdaptive('avg', rank),
    },
    {
      framework: 'torch',
      names: [`AdaptiveMaxPool${rank}d`],
      params: [p('output_size'), p('return_indices', false)],
      build: buildAdaptive('max', rank),
    },
    {
      framework: 'torch',
      names: [`adaptive_max_pool${rank}d`],
      functional: true,
      params: [p('output_size'), p('return_indices', false)],
      build: buildAdaptive('max', rank),
    },
  ]),
  ownParams: () => 0,
  apply: (a, inputs) => pooled(adaptiveSizes(a, oneInput(inputs, a.layer)).output, a.returnIndices),
  // Exact when the output size divides the input (kernel = stride = H/out; out = 1 is the whole map); otherwise the widest window and ⌊H/out⌋.
  receptiveField(a, rf, input) {
    const { fm, out } = adaptiveSizes(a, input);
    const axes = fm.spatial.map((size, i) => ({ size, out: out[i]! }));
    return mapRf2(rf, axes, (f, { size, out: o }) =>
      growReceptiveField(f, {
        kernel: adaptivePoolWindow(size, o),
        stride: Math.max(1, Math.floor(size / o)),
        padding: 0,
        dilation: 1,
      }),
    );
  },
};

/** Keras global pooling: the whole map to one value per channel. */
export interface GlobalPoolAttrs {
  readonly layer: string;
  readonly rank: number;
  readonly keepDims: boolean;
  readonly layout: Layout;
}

/** GlobalAveragePooling1D/2D/3D and GlobalMaxPooling1D/2D/3D. */
export const globalPoolDefinition: LayerDefinition<GlobalPoolAttrs> = {
  id: 'globalPool',
  constructors: [1, 2, 3].flatMap((rank): LayerConstructor<GlobalPoolAttrs>[] =>
    ['Average', 'Max'].map((kind) => ({
      framework: 'keras',
      names: [`Global${kind}Pooling${rank}D`, `Global${kind === 'Average' ? 'Avg' : 'Max'}Pool${rank}D`],
      params: [p('data_format', rank === 1 ? 'channels_last' : null), p('keepdims', false)],
      build: (args, layer) => ({
        layer,
        rank,
        keepDims: readBool(args, 'keepdims', layer),
        layout: layoutOf('keras', args),
      }),
    })),
  ),
  ownParams: () => 0,
  apply(a, inputs) {
    const fm = readFeatureMap(oneInput(inputs, a.layer), a.rank, a.layout, a.layer, false);
    return {
      outputs: [
        a.keepDims
          ? writeFeatureMap(
              fm,
              fm.channels,
              fm.spatial.map(() => 1),
            )
          : [fm.batch!, fm.channels],
      ],
      params: 0,
      macs: 0,
    };
  },
  receptiveField: (a, rf, input) => wholeMapRf(rf, readFeatureMap(input, a.rank, a.layout, a.layer, false).spatial),
};
