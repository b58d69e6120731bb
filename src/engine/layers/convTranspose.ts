// Transposed convolutions in 1-3 D: PyTorch ConvTranspose1d/2d/3d and LazyConvTranspose*, Keras Conv1DTranspose/Conv2DTranspose/Conv3DTranspose.
import { convParams, convTransposeOutputSize, effectiveKernel, kerasConvTransposeOutputSize } from '../shapes';
import { numel, ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import {
  badArgument,
  mustBe,
  irrelevant,
  KERAS_WEIGHT_ARGS,
  notDivisible,
  oneInput,
  p,
  prod,
  readBool,
  readInt,
  readInts,
  readRaw,
} from './args';
import { checkInChannels, convFamilyConstructors, readConvWindow } from './conv';
import type { BoundArgs, Framework, LayerDefinition, ParamSpec, Shape } from './layerTypes';
import type { ReceptiveField } from '../shapes';
import {
  axisNames,
  explainParams,
  kernelSymbols,
  layoutOf,
  mapRf2,
  readFeatureMap,
  window2,
  writeFeatureMap,
  type Layout,
  type Window,
} from './spatial';

/** A transposed conv's attributes; `outputPadding` undefined is Keras's None (its own length rule). */
export interface ConvTransposeAttrs {
  readonly layer: string;
  readonly rank: number;
  readonly inChannels: number | undefined;
  readonly outChannels: number;
  readonly window: Window;
  readonly outputPadding: readonly number[] | undefined;
  readonly groups: number;
  readonly bias: boolean;
  readonly layout: Layout;
}

function torchParams(lazy: boolean): ParamSpec[] {
  return [
    ...(lazy ? [] : [p('in_channels')]),
    p('out_channels'),
    p('kernel_size'),
    p('stride', 1),
    p('padding', 0),
    p('output_padding', 0),
    p('groups', 1),
    p('bias', true),
    p('dilation', 1),
    ...irrelevant(['padding_mode', 'zeros'], ['device', null], ['dtype', null]),
  ];
}

function kerasParams(rank: number): ParamSpec[] {
  const ones = rank === 1 ? 1 : Array.from({ length: rank }, () => 1);
  return [
    p('filters'),
    p('kernel_size'),
    p('strides', ones),
    p('padding', 'valid'),
    p('output_padding', null),
    p('data_format', null),
    p('dilation_rate', ones),
    p('activation', null, 'irrelevant'),
    p('use_bias', true),
    ...KERAS_WEIGHT_ARGS,
  ];
}

function build(rank: number, framework: Framework, lazy: boolean) {
  return (args: BoundArgs, layer: string): ConvTransposeAttrs => {
    const torch = framework === 'torch';
    const inChannels = torch && !lazy ? readInt(args, 'in_channels', layer, 1) : undefined;
    const outChannels = readInt(args, torch ? 'out_channels' : 'filters', layer, 1);
    const groups = torch ? readInt(args, 'groups', layer, 1) : 1;
    if (inChannels !== undefined && inChannels % groups !== 0)
      throw notDivisible(layer, 'in_channels', inChannels, groups);
    if (outChannels % groups !== 0) throw notDivisible(layer, 'out_channels', outChannels, groups);
    if (torch && typeof readRaw(args, 'padding') === 'string')
      throw mustBe(
        layer,
        'padding',
        l10n.t('an integer ≥ {0} or a tuple of {1}', 0, rank),
        String(readRaw(args, 'padding')),
      );
    const window = readConvWindow(args, layer, rank, framework);
    const outputPadding =
      readRaw(args, 'output_padding') === null ? undefined : readInts(args, 'output_padding', layer, rank, 0);
    // PyTorch requires output_padding < stride or < dilation on each axis; Keras < stride.
    const bad =
      outputPadding?.findIndex((op, i) => op >= window.stride[i]! && (!torch || op >= window.dilation[i]!)) ?? -1;
    if (outputPadding && bad >= 0) {
      throw badArgument(
        layer,
        'output_padding',
        torch
          ? l10n.t(
              'output_padding {0} must be smaller than either stride {1} or dilation {2}',
              outputPadding[bad]!,
              window.stride[bad]!,
              window.dilation[bad]!,
            )
          : l10n.t(
              '{0}: output_padding {1} must be smaller than the stride {2}',
              layer,
              outputPadding.join('×'),
              window.stride.join('×'),
            ),
      );
    }
    return {
      layer,
      rank,
      inChannels,
      outChannels,
      window,
      outputPadding,
      groups,
      bias: readBool(args, torch ? 'bias' : 'use_bias', layer),
      layout: layoutOf(framework, args),
    };
  };
}

function geometry(a: ConvTransposeAttrs, input: Shape, framework: Framework) {
  const fm = readFeatureMap(input, a.rank, a.layout, a.layer, framework === 'torch');
  const inChannels = checkInChannels(a.layer, fm, a.inChannels, a.groups, input);
  const w = a.window;
  const out = fm.spatial.map((size, i) => {
    const [k, s, d] = [w.kernel[i]!, w.stride[i]!, w.dilation[i]!];
    if (typeof w.padding !== 'string')
      return convTransposeOutputSize(size, k, s, w.padding[i]!, d, a.outputPadding?.[i] ?? 0);
    return kerasConvTransposeOutputSize(size, k, s, d, w.padding === 'same' ? 'same' : 'valid', a.outputPadding?.[i]);
  });
  if (out.some((o) => o < 1)) {
    throw new ShapeError(l10n.t('{0}: the output would be {1}', a.layer, out.join('×')), 'mapTooSmall', {
      layer: a.layer,
      kernel: w.kernel.join('×'),
      input: fm.spatial.join('×'),
    });
  }
  return { fm, inChannels, out, output: writeFeatureMap(fm, a.outChannels, out) };
}

const paramsOf = (a: ConvTransposeAttrs, inChannels: number): number =>
  convParams(inChannels, a.outChannels, prod(a.window.kernel), 1, a.groups, a.bias);

/**
 * Conservative field: an output unit gathers at most ⌈(d(K − 1) + 1)/S⌉ input units per axis, and neighbouring outputs
 * are 1/S input units apart. (The exact field depends on the output unit's phase; this is the widest.)
 */
function transposedRf(f: ReceptiveField, k: number, s: number, d: number, pad: number): ReceptiveField {
  const reach = Math.ceil(effectiveKernel(k, d) / s);
  const size = f.size + (reach - 1) * f.jump;
  const first = Math.ceil((pad - effectiveKernel(k, d) + 1) / s);
  const start = f.start + first * f.jump;
  return { size, jump: f.jump / s, start, center: start + (size - 1) / 2 };
}

/** ConvTranspose1d/2d/3d, lazy and Keras forms. */
export const convTransposeDefinition: LayerDefinition<ConvTransposeAttrs> = {
  id: 'convTranspose',
  constructors: convFamilyConstructors('Transpose', torchParams, kerasParams, build),
  ownParams: (a) => (a.inChannels === undefined ? undefined : paramsOf(a, a.inChannels)),
  apply(a, inputs, framework) {
    const input = oneInput(inputs, a.layer);
    const g = geometry(a, input, framework);
    return {
      outputs: [g.output],
      params: paramsOf(a, g.inChannels),
      macs: numel(input) * (a.outChannels / a.groups) * prod(a.window.kernel),
    };
  },
  receptiveField(a, rf, input, framework) {
    const fm = readFeatureMap(input, a.rank, a.layout, a.layer, framework === 'torch');
    const w = a.window;
    const axes = fm.spatial.map((_, i) => ({
      k: w.kernel[i]!,
      s: w.stride[i]!,
      d: w.dilation[i]!,
      pad: typeof w.padding === 'string' ? 0 : w.padding[i]!,
    }));
    return mapRf2(rf, axes, (f, x) => transposedRf(f, x.k, x.s, x.d, x.pad));
  },
  explain(a, input, _output, framework) {
    const g = geometry(a, input, framework);
    const w = a.window;
    const lines =
      typeof w.padding === 'string'
        ? []
        : axisNames(a.rank).map((n, i) =>
            l10n.t(
              '{0}_out = ({0} − 1)·S − 2P + d(K − 1) + P_out + 1 = ({1} − 1)·{2} − 2·{3} + {4}·({5} − 1) + {6} + 1 = {7}',
              n,
              g.fm.spatial[i]!,
              w.stride[i]!,
              (w.padding as readonly number[])[i]!,
              w.dilation[i]!,
              w.kernel[i]!,
              a.outputPadding?.[i] ?? 0,
              g.out[i]!,
            ),
          );
    const bias = a.bias ? ` + ${a.outChannels}` : '';
    return [
      ...lines,
      explainParams(
        `C_in·(C_out/g)·${kernelSymbols(a.rank)}${a.bias ? ' + C_out' : ''}`,
        `${g.inChannels}·(${a.outChannels}/${a.groups})·${w.kernel.join('·')}${bias}`,
        paramsOf(a, g.inChannels),
      ),
    ];
  },
  slidingWindow(a) {
    const w = window2(a.window);
    return w && { op: 'convTranspose', ...w, groups: a.groups };
  },
};
