// Turns a traced PyTorch model (GraphModel) into the engine's net plan, or says exactly which step cannot be run and why.
import type { ConvAttrs } from '../engine/layers/conv';
import type { ConvTransposeAttrs } from '../engine/layers/convTranspose';
import type { ArgValue, BoundArgs } from '../engine/layers/layerTypes';
import type { LinearAttrs } from '../engine/layers/linear';
import type { ChannelNormAttrs, GroupNormAttrs, LayerNormAttrs } from '../engine/layers/norm';
import type { PadAttrs } from '../engine/layers/padding';
import type { AdaptivePoolAttrs, PoolAttrs } from '../engine/layers/pool';
import type { ShuffleAttrs, UpsampleAttrs } from '../engine/layers/resize';
import type { PermuteAttrs } from '../engine/layers/shape';
import type { ElementwiseAttrs } from '../engine/layers/elementwise';
import type { PreluAttrs } from '../engine/layers/activation';
import { appliedPadding } from '../engine/layers/spatial';
import type { ActivationFn, NetPlan, PlanNode, PlanOp } from '../engine/net/plan';
import { formatShape } from '../engine/tensor';
import * as l10n from '../l10n';
import type { GraphModel, TracedNode } from './graphTrace';
import type { SourceRange } from './literals';

/** Why a model cannot run in the engine: data first (code, node, line), the message for people. */
export interface PlanRefusal {
  readonly code:
    'incomplete' | 'notTorch' | 'noOutput' | 'unrecordedOp' | 'notRunnable' | 'unknownArgument' | 'userModule';
  readonly message: string;
  /** The step it concerns (module path or function name) and where it is in the file. */
  readonly node?: string;
  readonly range?: SourceRange;
}

/** Refusal thrown inside the conversion of one node. */
class Refuse extends Error {
  constructor(
    readonly code: PlanRefusal['code'],
    message: string,
  ) {
    super(message);
  }
}

/** Elementwise activations by the class or function name the model uses: the engine's function and argument names. */
const ACTIVATIONS: Readonly<Record<string, readonly [ActivationFn, string?, number?, string?, number?]>> = {
  ReLU: ['relu'],
  relu: ['relu'],
  relu_: ['relu'],
  ReLU6: ['relu6'],
  relu6: ['relu6'],
  LeakyReLU: ['leakyRelu', 'negative_slope', 0.01],
  leaky_relu: ['leakyRelu', 'negative_slope', 0.01],
  leaky_relu_: ['leakyRelu', 'negative_slope', 0.01],
  ELU: ['elu', 'alpha', 1],
  elu: ['elu', 'alpha', 1],
  SELU: ['selu'],
  selu: ['selu'],
  selu_: ['selu'],
  CELU: ['celu', 'alpha', 1],
  celu: ['celu', 'alpha', 1],
  GELU: ['gelu'],
  gelu: ['gelu'],
  SiLU: ['silu'],
  silu: ['silu'],
  Mish: ['mish'],
  mish: ['mish'],
  Sigmoid: ['sigmoid'],
  sigmoid: ['sigmoid'],
  Tanh: ['tanh'],
  tanh: ['tanh'],
  Hardswish: ['hardswish'],
  hardswish: ['hardswish'],
  Hardsigmoid: ['hardsigmoid'],
  hardsigmoid: ['hardsigmoid'],
  Hardtanh: ['hardtanh', 'min_val', -1, 'max_val', 1],
  hardtanh: ['hardtanh', 'min_val', -1, 'max_val', 1],
  Softplus: ['softplus', 'beta', 1, 'threshold', 20],
  softplus: ['softplus', 'beta', 1, 'threshold', 20],
  Softsign: ['softsign'],
  softsign: ['softsign'],
  Tanhshrink: ['tanhshrink'],
  tanhshrink: ['tanhshrink'],
  Softshrink: ['softshrink', 'lambd', 0.5],
  softshrink: ['softshrink', 'lambd', 0.5],
  Hardshrink: ['hardshrink', 'lambd', 0.5],
  hardshrink: ['hardshrink', 'lambd', 0.5],
  LogSigmoid: ['logSigmoid'],
  logsigmoid: ['logSigmoid'],
  Threshold: ['threshold', 'threshold', undefined as unknown as number, 'value', undefined as unknown as number],
  threshold: ['threshold', 'threshold', undefined as unknown as number, 'value', undefined as unknown as number],
};

/** Pure reshapes recorded by the tracer (same elements, same order). */
const RESHAPES = new Set([
  'view',
  'reshape',
  'flatten',
  'squeeze',
  'unsqueeze',
  'view_as',
  'reshape_as',
  'type_as',
  'contiguous',
]);

/** A number argument: the bound value, its default when the constructor has one, or a refusal naming it. */
function numArg(args: BoundArgs | undefined, name: string, fallback: number | undefined, layer: string): number {
  const v: ArgValue | undefined = args ? args[name] : undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === undefined && args === undefined && fallback !== undefined) return fallback;
  throw new Refuse(
    'unknownArgument',
    l10n.t('{0}: the value of its argument {1} is not known, so it cannot be run', layer, name),
  );
}

const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** The unique axis permutation turning shape `a` into `b`, or undefined when several fit (equal sizes) or none. */
function inferPermutation(a: readonly number[], b: readonly number[]): number[] | undefined {
  if (a.length !== b.length || new Set(a).size !== a.length) return undefined;
  const dims = b.map((d) => a.indexOf(d));
  return dims.every((d) => d >= 0) ? dims : undefined;
}

/** The axis a cat joined along: the one where the output differs from the first input. */
function catAxis(inputs: readonly (readonly number[])[], out: readonly number[]): number | undefined {
  const first = inputs[0]!;
  const axes = out.flatMap((d, i) => (d !== first[i] ? [i] : []));
  if (axes.length === 1) return axes[0];
  if (axes.length === 0 && inputs.length === 1) return 0;
  return undefined;
}

function activationOp(n: TracedNode, args: BoundArgs | undefined): PlanOp {
  const row = ACTIVATIONS[n.typeName];
  if (!row) {
    if (['RReLU', 'rrelu'].includes(n.typeName)) {
      // Eval mode: a fixed slope, the mean of lower and upper.
      const lo = numArg(args, 'lower', 0.125, n.typeName);
      const hi = numArg(args, 'upper', 1 / 3, n.typeName);
      return { kind: 'activation', fn: 'leakyRelu', a: (lo + hi) / 2, b: 0 };
    }
    throw notRunnable(n);
  }
  const [fn, aName, aDefault, bName, bDefault] = row;
  const a = aName ? numArg(args, aName, aDefault, n.typeName) : 0;
  const b = bName ? numArg(args, bName, bDefault, n.typeName) : 0;
  if (fn === 'gelu') {
    const approx = args?.['approximate'];
    if (approx !== undefined && approx !== 'none' && approx !== 'tanh')
      throw new Refuse('unknownArgument', l10n.t('{0}: approximate={1} is not known', n.typeName, String(approx)));
    return { kind: 'activation', fn: approx === 'tanh' ? 'geluTanh' : 'gelu', a, b };
  }
  return { kind: 'activation', fn, a, b };
}

/** PyTorch's implicit softmax axis (dim=None): 0 for 0-, 1- and 3-D inputs, else 1. */
function softmaxDim(dim: number | undefined, rank: number): number {
  if (dim === undefined) return rank === 0 || rank === 1 || rank === 3 ? 0 : 1;
  return dim < 0 ? dim + rank : dim;
}

function notRunnable(n: TracedNode): Refuse {
  return new Refuse(
    'notRunnable',
    l10n.t('{0} ({1}) has no forward pass in the ConvLens engine yet', n.path || n.typeName, n.typeName),
  );
}

/** The op of one traced node. */
function opOf(n: TracedNode): PlanOp {
  const input = n.inputShapes[0] ?? [];
  const out = n.outputShape;
  if (n.op === 'merge') {
    if (n.inputs.some((i) => i < -1) || n.inputs.length !== n.inputShapes.length)
      throw new Refuse(
        'notRunnable',
        l10n.t('{0} combines a tensor with a parameter or constant that is not in the traced graph', n.typeName),
      );
    if (['add', 'sub', 'mul', 'div'].includes(n.typeName) && n.inputs.length === 2)
      return { kind: 'binary', fn: n.typeName as 'add' | 'sub' | 'mul' | 'div' };
    if (n.typeName === 'cat' || n.typeName === 'concatenate') {
      const dim = catAxis(n.inputShapes, out);
      if (dim !== undefined) return { kind: 'cat', dim };
    }
    throw notRunnable(n);
  }
  if (n.op === 'reshape') {
    if (n.outputShapes.length !== 1) throw notRunnable(n);
    if (RESHAPES.has(n.typeName) && prod(input) === prod(out)) return { kind: 'reshape' };
    if (['permute', 'transpose', 'swapaxes', 't', 'T'].includes(n.typeName)) {
      const dims = inferPermutation(input, out);
      if (dims) return { kind: 'permute', dims };
      throw new Refuse(
        'notRunnable',
        l10n.t(
          '{0}: its axes are not in the traced graph and the shapes {1} → {2} do not tell them apart',
          n.typeName,
          formatShape(input),
          formatShape(out),
        ),
      );
    }
    throw notRunnable(n);
  }
  const layer = n.layer;
  // An empty nn.Sequential() (a common identity shortcut) returns its input.
  if (!layer && n.typeName === 'Sequential' && n.inputs.length === 1 && formatShape(input) === formatShape(out))
    return { kind: 'identity' };
  if (!layer)
    throw new Refuse(
      'userModule',
      l10n.t(
        '{0} ({1}) is a module without sub-layers: what its forward computes is not in the traced graph',
        n.path || n.typeName,
        n.typeName,
      ),
    );
  if (layer.framework !== 'torch')
    throw new Refuse('notTorch', l10n.t('running Keras models is not supported yet ({0})', n.typeName));
  const args = layer.args;
  const attrs = layer.attrs;
  const spatial = input.slice(2);
  switch (layer.definition.id) {
    case 'conv': {
      const a = attrs as ConvAttrs;
      const mode = args?.['padding_mode'];
      if (mode !== undefined && mode !== 'zeros')
        throw new Refuse('notRunnable', l10n.t('{0}: padding_mode={1} is not supported', n.typeName, String(mode)));
      if (mode === undefined && args && !('padding_mode' in args) && layer.typeName.startsWith('Conv'))
        throw new Refuse(
          'unknownArgument',
          l10n.t('{0}: the value of its argument {1} is not known, so it cannot be run', n.typeName, 'padding_mode'),
        );
      return {
        kind: 'conv',
        rank: a.rank,
        inChannels: a.inChannels ?? input[1]!,
        outChannels: a.outChannels,
        kernel: a.window.kernel,
        stride: a.window.stride,
        dilation: a.window.dilation,
        padding: appliedPadding(a.window, spatial, 'torch'),
        groups: a.groups,
        bias: a.bias,
      };
    }
    case 'convTranspose': {
      const a = attrs as ConvTransposeAttrs;
      if (a.window.padding === 'same' || a.window.padding === 'valid' || a.window.padding === 'causal')
        throw notRunnable(n);
      const pad = a.window.padding;
      // output_padding from the traced output size (it also covers output_size=… calls).
      const outputPadding = spatial.map((size, i) => {
        const k = a.window.kernel[i]!;
        const s = a.window.stride[i]!;
        const d = a.window.dilation[i]!;
        return out[i + 2]! - ((size - 1) * s - 2 * pad[i]! + d * (k - 1) + 1);
      });
      return {
        kind: 'convTranspose',
        rank: a.rank,
        inChannels: a.inChannels ?? input[1]!,
        outChannels: a.outChannels,
        kernel: a.window.kernel,
        stride: a.window.stride,
        dilation: a.window.dilation,
        padding: pad,
        outputPadding,
        groups: a.groups,
        bias: a.bias,
      };
    }
    case 'linear': {
      const a = attrs as LinearAttrs;
      return {
        kind: 'linear',
        inFeatures: a.inFeatures ?? input[input.length - 1]!,
        outFeatures: a.outFeatures,
        bias: a.bias,
      };
    }
    case 'activation': {
      const a = attrs as ElementwiseAttrs;
      if (['Softmax', 'softmax', 'LogSoftmax', 'log_softmax', 'Softmin', 'softmin'].includes(n.typeName))
        return {
          kind: 'softmax',
          dim: softmaxDim(a.dim, input.length),
          log: n.typeName.toLowerCase().startsWith('log'),
          negate: n.typeName.toLowerCase() === 'softmin',
        };
      if (n.typeName === 'Softmax2d') return { kind: 'softmax', dim: input.length - 3, log: false, negate: false };
      return activationOp(n, args);
    }
    case 'prelu': {
      const a = attrs as PreluAttrs;
      return { kind: 'prelu', count: a.count ?? 1, init: numArg(args, 'init', 0.25, n.typeName) };
    }
    case 'dropout':
      return { kind: 'identity' };
    case 'pool': {
      const a = attrs as PoolAttrs;
      if (a.op === 'lp' || a.returnIndices || a.layout !== 'channelsFirst') throw notRunnable(n);
      const pad = a.window.padding;
      if (typeof pad === 'string') throw notRunnable(n);
      if (a.op === 'avg' && args?.['divisor_override'] !== undefined && args['divisor_override'] !== null)
        throw new Refuse('notRunnable', l10n.t('{0}: divisor_override is not supported', n.typeName));
      const countIncludePad = a.op === 'avg' ? numArg(args, 'count_include_pad', 1, n.typeName) !== 0 : true;
      return {
        kind: 'pool',
        mode: a.op,
        rank: a.rank,
        kernel: a.window.kernel,
        stride: a.window.stride,
        padding: pad,
        dilation: a.window.dilation,
        ceilMode: a.ceilMode,
        countIncludePad,
      };
    }
    case 'adaptivePool': {
      const a = attrs as AdaptivePoolAttrs;
      if (a.returnIndices) throw notRunnable(n);
      return { kind: 'adaptivePool', mode: a.op, output: out.slice(2) };
    }
    case 'channelNorm': {
      const a = attrs as ChannelNormAttrs;
      const eps = numArg(args, 'eps', 1e-5, n.typeName);
      const channels = input[1]!;
      if (a.kind === 'instance') {
        if (a.trackRunningStats)
          throw new Refuse('notRunnable', l10n.t('{0}: track_running_stats=True is not supported', n.typeName));
        return { kind: 'instanceNorm', channels, eps, affine: a.affine };
      }
      const m = args?.['momentum'];
      if (m === null) throw new Refuse('notRunnable', l10n.t('{0}: momentum=None is not supported', n.typeName));
      return {
        kind: 'batchNorm',
        channels,
        eps,
        momentum: numArg(args, 'momentum', 0.1, n.typeName),
        affine: a.affine,
        trackRunningStats: a.trackRunningStats,
      };
    }
    case 'groupNorm': {
      const a = attrs as GroupNormAttrs;
      if (n.op !== 'layer') throw notRunnable(n);
      return {
        kind: 'groupNorm',
        groups: a.groups,
        channels: a.channels ?? input[1]!,
        eps: numArg(args, 'eps', 1e-5, n.typeName),
        affine: numArg(args, 'affine', 1, n.typeName) !== 0,
      };
    }
    case 'layerNorm': {
      const a = attrs as LayerNormAttrs;
      if (!a.shape || n.op !== 'layer') throw notRunnable(n);
      return {
        kind: 'layerNorm',
        shape: a.shape,
        eps: numArg(args, 'eps', 1e-5, n.typeName),
        weight: a.weight,
        bias: a.bias,
      };
    }
    case 'upsample': {
      const a = attrs as UpsampleAttrs;
      const mode =
        n.typeName === 'UpsamplingNearest2d' || n.typeName === 'upsample_nearest'
          ? 'nearest'
          : n.typeName === 'UpsamplingBilinear2d' || n.typeName === 'upsample_bilinear'
            ? 'bilinear'
            : args?.['mode'];
      const alignArg = args?.['align_corners'];
      const alignCorners =
        n.typeName === 'UpsamplingBilinear2d' || n.typeName === 'upsample_bilinear' || alignArg === true;
      if (args && !('align_corners' in args) && mode !== 'nearest' && !n.typeName.startsWith('Upsampling'))
        throw new Refuse(
          'unknownArgument',
          l10n.t('{0}: the value of its argument {1} is not known, so it cannot be run', n.typeName, 'align_corners'),
        );
      if (args?.['recompute_scale_factor'] === true) throw notRunnable(n);
      const rank = spatial.length;
      const scale = a.scale ? (a.scale.length === 1 ? spatial.map(() => a.scale![0]!) : a.scale) : undefined;
      if (mode === 'nearest')
        return { kind: 'upsample', mode: 'nearest', alignCorners: false, ...(scale ? { scale } : {}) };
      const linearFor = ['', 'linear', 'bilinear', 'trilinear'][rank];
      if (mode === linearFor) return { kind: 'upsample', mode: 'linear', alignCorners, ...(scale ? { scale } : {}) };
      throw new Refuse('notRunnable', l10n.t('{0}: mode={1} is not supported', n.typeName, String(mode)));
    }
    case 'shuffle': {
      const a = attrs as ShuffleAttrs;
      if (a.kind === 'channelShuffle') throw notRunnable(n);
      return { kind: 'pixelShuffle', factor: a.factor, inverse: a.kind === 'pixelUnshuffle' };
    }
    case 'padding': {
      const a = attrs as PadAttrs;
      if (a.mode !== 'constant' || a.layout !== undefined || a.pads.some(([b, c]) => b < 0 || c < 0))
        throw new Refuse('notRunnable', l10n.t('{0}: only constant, non-negative padding is supported', n.typeName));
      const value = n.typeName.startsWith('Zero')
        ? 0
        : numArg(args, 'value', n.typeName === 'pad' ? 0 : undefined, n.typeName);
      return { kind: 'pad', value, pads: a.pads };
    }
    case 'flatten':
    case 'unflatten':
    case 'reshape':
      return { kind: 'reshape' };
    case 'permute':
      return { kind: 'permute', dims: [0, ...(attrs as PermuteAttrs).dims.map((d) => d)] };
    case 'identity':
      return { kind: 'identity' };
    default:
      throw notRunnable(n);
  }
}

/** The plan of a traced model, or why it cannot run. Static: nothing of the workspace is executed. */
export function netPlanOf(model: GraphModel): { plan: NetPlan } | { refusal: PlanRefusal } {
  if (!model.complete)
    return {
      refusal: {
        code: 'incomplete',
        message: l10n.t('the model is not traced completely: {0}', model.stop?.message ?? '?'),
        ...(model.stop ? { range: model.stop.range } : {}),
      },
    };
  if (model.framework !== 'torch')
    return { refusal: { code: 'notTorch', message: l10n.t('running Keras models is not supported yet') } };
  const dropped = model.unrecordedOps?.[0];
  if (dropped)
    return {
      refusal: {
        code: 'unrecordedOp',
        message: l10n.t(
          '`{0}` on line {1} changes tensor values but is not in the traced graph, so the model cannot be run exactly',
          dropped.what,
          dropped.range.start.line + 1,
        ),
        range: dropped.range,
      },
    };
  if (model.outputNode === undefined || model.nodes.length === 0)
    return { refusal: { code: 'noOutput', message: l10n.t('the model returns no traced tensor') } };
  const nodes: PlanNode[] = [];
  for (const n of model.nodes) {
    let op: PlanOp;
    try {
      op = opOf(n);
    } catch (e) {
      if (!(e instanceof Refuse)) throw e;
      return { refusal: { code: e.code, message: e.message, node: n.path || n.typeName, range: n.calledAt } };
    }
    if (n.outputShapes.length > 1)
      return {
        refusal: {
          code: 'notRunnable',
          message: l10n.t(
            '{0} returns several tensors; the engine runs single-output steps only',
            n.path || n.typeName,
          ),
          node: n.path || n.typeName,
          range: n.calledAt,
        },
      };
    const hasParams = [
      'conv',
      'convTranspose',
      'linear',
      'batchNorm',
      'instanceNorm',
      'groupNorm',
      'layerNorm',
      'prelu',
    ].includes(op.kind);
    nodes.push({
      id: n.id,
      label: n.path || n.typeName,
      typeName: n.typeName,
      ...(hasParams && n.op === 'layer' ? { paramKey: n.path } : {}),
      op,
      inputs: n.inputs,
      inputShapes: n.inputShapes,
      outputShape: n.outputShape,
    });
    // A functional form with weights (F.conv2d(x, w), F.linear) takes tensors the graph does not hold.
    if (hasParams && n.op !== 'layer')
      return {
        refusal: {
          code: 'notRunnable',
          message: l10n.t('{0} takes its weights as tensors the traced graph does not hold', n.typeName),
          node: n.typeName,
          range: n.calledAt,
        },
      };
  }
  return { plan: { inputShape: model.input.shape, nodes, output: model.outputNode } };
}
