// Normalization: BatchNorm/InstanceNorm 1-3 D (and Lazy*), GroupNorm, LayerNorm, LocalResponseNorm; Keras BatchNormalization and LayerNormalization.
import { formatShape, ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import { irrelevant, normalizeDim, notDivisible, oneInput, p, prod, readBool, readInt, readIntList } from './args';
import { elementwiseDefinition } from './elementwise';
import type { BoundArgs, LayerConstructor, LayerDefinition, ParamSpec, Shape } from './layerTypes';
import { channelMismatch, explainParams, rankError } from './spatial';

/** BatchNorm or InstanceNorm over `rank` spatial axes; `features` undefined for Lazy*. */
export interface ChannelNormAttrs {
  readonly layer: string;
  readonly kind: 'batch' | 'instance';
  readonly rank: number;
  readonly features: number | undefined;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
}

const DEVICE = irrelevant(['device', null], ['dtype', null]);

function channelNormParams(lazy: boolean, kind: 'batch' | 'instance'): ParamSpec[] {
  // The Lazy* forms default to affine=True, track_running_stats=True even for InstanceNorm (as PyTorch's signatures say).
  const affine = kind === 'batch' || lazy;
  return [
    ...(lazy ? [] : [p('num_features')]),
    ...irrelevant(['eps', 1e-5], ['momentum', 0.1]),
    p('affine', affine),
    p('track_running_stats', affine),
    ...DEVICE,
  ];
}

function buildChannelNorm(kind: 'batch' | 'instance', rank: number, lazy: boolean) {
  return (args: BoundArgs, layer: string): ChannelNormAttrs => ({
    layer,
    kind,
    rank,
    features: lazy ? undefined : readInt(args, 'num_features', layer, 1),
    affine: readBool(args, 'affine', layer),
    trackRunningStats: readBool(args, 'track_running_stats', layer),
  });
}

/** Ranks a norm accepts: BatchNorm1d (N, C) or (N, C, L); InstanceNorm batched or not; others N, C, spatial…. */
function channelNormRanks(a: ChannelNormAttrs): number[] {
  if (a.rank === 0) return [2, 3, 4, 5];
  if (a.kind === 'instance') return [a.rank + 1, a.rank + 2];
  return a.rank === 1 ? [2, 3] : [a.rank + 2];
}

function channelsOf(a: ChannelNormAttrs, input: Shape): number {
  const ranks = channelNormRanks(a);
  if (!ranks.includes(input.length)) throw rankError(a.layer, ranks, input);
  const unbatched = a.kind === 'instance' && input.length === a.rank + 1;
  const channels = input[unbatched ? 0 : 1]!;
  // PyTorch only checks the count where a per-channel tensor exists (weights, or running stats).
  if (a.features !== undefined && channels !== a.features && (a.affine || (a.kind === 'batch' && a.trackRunningStats)))
    throw channelMismatch(a.layer, a.features, channels, input);
  return channels;
}

/** PyTorch BatchNorm and InstanceNorm: γ and β per channel when affine; running stats are buffers, not parameters. */
export const channelNormDefinition: LayerDefinition<ChannelNormAttrs> = {
  id: 'channelNorm',
  constructors: [1, 2, 3]
    .flatMap((rank): LayerConstructor<ChannelNormAttrs>[] =>
      (['batch', 'instance'] as const).flatMap((kind) => {
        const base = `${kind === 'batch' ? 'BatchNorm' : 'InstanceNorm'}${rank}d`;
        return [
          {
            framework: 'torch',
            names: [base],
            params: channelNormParams(false, kind),
            build: buildChannelNorm(kind, rank, false),
          },
          {
            framework: 'torch',
            names: [`Lazy${base}`],
            params: channelNormParams(true, kind),
            build: buildChannelNorm(kind, rank, true),
          },
        ];
      }),
    )
    .concat({
      // SyncBatchNorm normalizes (N, C, …) of any rank ≥ 2 (rank 0 here) and takes a process group.
      framework: 'torch',
      names: ['SyncBatchNorm'],
      build: buildChannelNorm('batch', 0, false),
      params: [
        p('num_features'),
        ...irrelevant(['eps', 1e-5], ['momentum', 0.1]),
        p('affine', true),
        p('track_running_stats', true),
        ...irrelevant(['process_group', null]),
        ...DEVICE,
      ],
    }),
  ownParams: (a) => (a.features === undefined ? undefined : a.affine ? 2 * a.features : 0),
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    const c = channelsOf(a, input);
    return { outputs: [input], params: a.affine ? 2 * c : 0, macs: 0 };
  },
  explain(a, input) {
    const c = channelsOf(a, input);
    return a.affine ? [explainParams('2·C (γ, β)', `2·${c}`, 2 * c)] : [explainParams('0 (affine=False)', '0', 0)];
  },
};

/** Keras BatchNormalization: γ, β trainable (scale, center), moving mean and variance not. */
export interface KerasBatchNormAttrs {
  readonly layer: string;
  readonly axes: readonly number[];
  readonly center: boolean;
  readonly scale: boolean;
}

function normalizedAxes(a: { layer: string; axes: readonly number[] }, input: Shape): number {
  return prod(a.axes.map((ax) => input[normalizeDim(ax, input.length, a.layer)]!));
}

/** layers.BatchNormalization(axis=-1, …): 4·C parameters, 2·C of them non-trainable. */
export const kerasBatchNormDefinition: LayerDefinition<KerasBatchNormAttrs> = {
  id: 'kerasBatchNorm',
  constructors: [
    {
      framework: 'keras',
      names: ['BatchNormalization'],
      params: [
        p('axis', -1),
        ...irrelevant(['momentum', 0.99], ['epsilon', 0.001]),
        p('center', true),
        p('scale', true),
      ],
      build: (args, layer) => ({
        layer,
        axes: readIntList(args, 'axis', layer),
        center: readBool(args, 'center', layer),
        scale: readBool(args, 'scale', layer),
      }),
    },
  ],
  ownParams: () => undefined,
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    const c = normalizedAxes(a, input);
    return {
      outputs: [input],
      params: (Number(a.center) + Number(a.scale) + 2) * c,
      nonTrainableParams: 2 * c,
      macs: 0,
    };
  },
  explain(a, input) {
    const c = normalizedAxes(a, input);
    const k = Number(a.center) + Number(a.scale) + 2;
    return [
      explainParams(
        `${k}·C (${[a.scale ? 'γ' : '', a.center ? 'β' : '', 'mean', 'variance'].filter(Boolean).join(', ')})`,
        `${k}·${c}`,
        k * c,
      ),
    ];
  },
};

/** GroupNorm: channels split into groups; `perChannel` of γ, β per channel; `channels` undefined until the input (F.group_norm, Keras). */
export interface GroupNormAttrs {
  readonly layer: string;
  readonly groups: number;
  readonly channels: number | undefined;
  readonly perChannel: number;
  /** Where the channels are: 1 (PyTorch) or -1 (Keras's default axis). */
  readonly axis: number;
}

function buildGroupNorm(
  args: BoundArgs,
  layer: string,
  groupsArg: string,
  channels: number | undefined,
  perChannel: number,
  axis: number,
): GroupNormAttrs {
  const groups = readInt(args, groupsArg, layer, 1);
  if (channels !== undefined && channels % groups !== 0) throw notDivisible(layer, 'num_channels', channels, groups);
  return { layer, groups, channels, perChannel, axis };
}

/** nn.GroupNorm(num_groups, num_channels), F.group_norm(x, num_groups, weight, bias), layers.GroupNormalization(groups=32). */
export const groupNormDefinition: LayerDefinition<GroupNormAttrs> = {
  id: 'groupNorm',
  constructors: [
    {
      framework: 'torch',
      names: ['GroupNorm'],
      params: [p('num_groups'), p('num_channels'), ...irrelevant(['eps', 1e-5]), p('affine', true), ...DEVICE],
      build: (args, layer) =>
        buildGroupNorm(
          args,
          layer,
          'num_groups',
          readInt(args, 'num_channels', layer, 1),
          readBool(args, 'affine', layer) ? 2 : 0,
          1,
        ),
    },
    {
      framework: 'torch',
      names: ['group_norm'],
      functional: true,
      params: [p('num_groups'), ...irrelevant(['weight', null], ['bias', null], ['eps', 1e-5])],
      build: (args, layer) => buildGroupNorm(args, layer, 'num_groups', undefined, 0, 1),
    },
    {
      framework: 'keras',
      names: ['GroupNormalization'],
      params: [p('groups', 32), p('axis', -1), ...irrelevant(['epsilon', 0.001]), p('center', true), p('scale', true)],
      build: (args, layer) =>
        buildGroupNorm(
          args,
          layer,
          'groups',
          undefined,
          Number(readBool(args, 'center', layer)) + Number(readBool(args, 'scale', layer)),
          readInt(args, 'axis', layer, Number.MIN_SAFE_INTEGER),
        ),
    },
  ],
  ownParams: (a) => (a.perChannel === 0 ? 0 : a.channels === undefined ? undefined : a.perChannel * a.channels),
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    if (input.length < 2) throw rankError(a.layer, [2], input);
    const c = input[normalizeDim(a.axis, input.length, a.layer)]!;
    if (a.channels !== undefined && c !== a.channels) throw channelMismatch(a.layer, a.channels, c, input);
    if (c % a.groups !== 0) throw notDivisible(a.layer, 'channels', c, a.groups);
    return { outputs: [input], params: a.perChannel * c, macs: 0 };
  },
};

/** LayerNorm over the last axes (`shape`), or Keras LayerNormalization over `axes`. */
export interface LayerNormAttrs {
  readonly layer: string;
  /** PyTorch normalized_shape; undefined for Keras (axes instead). */
  readonly shape: readonly number[] | undefined;
  readonly axes: readonly number[];
  readonly weight: boolean;
  readonly bias: boolean;
}

function layerNormSize(a: LayerNormAttrs, input: Shape): number {
  if (a.shape === undefined) return normalizedAxes(a, input);
  const tail = input.slice(input.length - a.shape.length);
  if (input.length < a.shape.length || formatShape(tail) !== formatShape(a.shape)) {
    throw new ShapeError(
      l10n.t(
        '{0} normalizes the last axes {1}, but the input is {2}',
        a.layer,
        formatShape(a.shape),
        formatShape(input),
      ),
      'normalizedShapeMismatch',
      { layer: a.layer, expected: formatShape(a.shape), got: formatShape(input) },
    );
  }
  return prod(a.shape);
}

const layerNormParams = (a: LayerNormAttrs, size: number): number => (Number(a.weight) + Number(a.bias)) * size;

/** nn.LayerNorm(normalized_shape, eps, elementwise_affine, bias) and layers.LayerNormalization(axis=-1, center, scale). */
export const layerNormDefinition: LayerDefinition<LayerNormAttrs> = {
  id: 'layerNorm',
  constructors: [
    {
      framework: 'torch',
      names: ['LayerNorm'],
      params: [
        p('normalized_shape'),
        ...irrelevant(['eps', 1e-5]),
        p('elementwise_affine', true),
        p('bias', true),
        ...DEVICE,
      ],
      build(args, layer) {
        const affine = readBool(args, 'elementwise_affine', layer);
        return {
          layer,
          shape: readIntList(args, 'normalized_shape', layer, 1),
          axes: [],
          weight: affine,
          bias: affine && readBool(args, 'bias', layer),
        };
      },
    },
    {
      framework: 'torch',
      names: ['layer_norm'],
      functional: true,
      params: [p('normalized_shape'), ...irrelevant(['weight', null], ['bias', null], ['eps', 1e-5])],
      build: (args, layer) => ({
        layer,
        shape: readIntList(args, 'normalized_shape', layer, 1),
        axes: [],
        weight: false,
        bias: false,
      }),
    },
    {
      framework: 'keras',
      names: ['LayerNormalization'],
      params: [p('axis', -1), ...irrelevant(['epsilon', 0.001]), p('center', true), p('scale', true)],
      build: (args, layer) => ({
        layer,
        shape: undefined,
        axes: readIntList(args, 'axis', layer),
        weight: readBool(args, 'scale', layer),
        bias: readBool(args, 'center', layer),
      }),
    },
  ],
  ownParams: (a) => (a.shape === undefined ? undefined : layerNormParams(a, prod(a.shape))),
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    return { outputs: [input], params: layerNormParams(a, layerNormSize(a, input)), macs: 0 };
  },
};

/** LocalResponseNorm(size, alpha, beta, k): across channels, no parameters. */
export interface LrnAttrs {
  readonly layer: string;
}

const lrnParams: ParamSpec[] = [p('size'), ...irrelevant(['alpha', 1e-4], ['beta', 0.75], ['k', 1.0])];

/** nn.LocalResponseNorm, nn.CrossMapLRN2d and F.local_response_norm: N, C, … in and out. */
export const lrnDefinition: LayerDefinition<LrnAttrs> = {
  id: 'localResponseNorm',
  constructors: [
    {
      framework: 'torch',
      names: ['LocalResponseNorm', 'CrossMapLRN2d'],
      params: lrnParams,
      build: (args, layer) => (readInt(args, 'size', layer, 1), { layer }),
    },
    {
      framework: 'torch',
      names: ['local_response_norm'],
      functional: true,
      params: lrnParams,
      build: (args, layer) => (readInt(args, 'size', layer, 1), { layer }),
    },
  ],
  ownParams: () => 0,
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    if (input.length < 3) throw rankError(a.layer, [3, 4, 5], input);
    return { outputs: [input], params: 0, macs: 0 };
  },
};

/** F.batch_norm and F.instance_norm: the statistics and weights are tensors the caller owns, so no parameters here. */
export const functionalNormDefinition = elementwiseDefinition('functionalNorm', [
  {
    framework: 'torch',
    names: ['batch_norm'],
    functional: true,
    params: [
      { name: 'running_mean', irrelevant: true },
      { name: 'running_var', irrelevant: true },
      ...irrelevant(['weight', null], ['bias', null], ['training', false], ['momentum', 0.1], ['eps', 1e-5]),
    ],
  },
  {
    framework: 'torch',
    names: ['instance_norm'],
    functional: true,
    params: irrelevant(
      ['running_mean', null],
      ['running_var', null],
      ['weight', null],
      ['bias', null],
      ['use_input_stats', true],
      ['momentum', 0.1],
      ['eps', 1e-5],
    ),
  },
]);
