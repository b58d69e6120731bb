// Resizing the spatial axes: Upsample, UpsamplingNearest2d/Bilinear2d, F.interpolate/upsample, PixelShuffle/Unshuffle, ChannelShuffle, Keras UpSampling1D/2D/3D.
import { growReceptiveField, type ReceptiveField } from '../shapes';
import { formatShape, ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import { badArgument, irrelevant, mustBe, notDivisible, oneInput, p, pyRepr, readInt, readInts, readRaw } from './args';
import type { ArgValue, BoundArgs, LayerConstructor, LayerDefinition, ParamSpec, Shape } from './layerTypes';
import { layoutOf, mapRf2, rankError, readFeatureMap, writeFeatureMap, type Layout } from './spatial';

/** Interpolation to a size or by a scale: `size` or `scale` (per axis, or one for every axis). */
export interface UpsampleAttrs {
  readonly layer: string;
  readonly size: readonly number[] | undefined;
  readonly scale: readonly number[] | undefined;
  /** Ranks the mode needs ('bilinear' 4-D…); any of 3-5 when absent. */
  readonly ranks: readonly number[];
  readonly layout: Layout;
}

const MODE_RANKS: Readonly<Record<string, readonly number[]>> = {
  linear: [3],
  bilinear: [4],
  bicubic: [4],
  trilinear: [5],
};

function numbers(v: ArgValue | undefined, layer: string, name: string, integer: boolean): number[] | undefined {
  const ok = (x: ArgValue): x is number => typeof x === 'number' && x > 0 && (!integer || Number.isInteger(x));
  if (v === null || v === undefined) return undefined;
  if (ok(v)) return [v];
  if (Array.isArray(v) && v.length > 0 && v.every(ok)) return [...v];
  throw mustBe(
    layer,
    name,
    integer ? l10n.t('an int or a tuple of ints') : l10n.t('a number or a tuple of numbers'),
    pyRepr(v),
  );
}

function buildUpsample(fixedRanks?: readonly number[]) {
  return (args: BoundArgs, layer: string): UpsampleAttrs => {
    const size = numbers(readRaw(args, 'size'), layer, 'size', true);
    const scale = numbers(readRaw(args, 'scale_factor'), layer, 'scale_factor', false);
    if ((size === undefined) === (scale === undefined))
      throw badArgument(layer, 'size', l10n.t('{0}: give exactly one of size and scale_factor', layer));
    const mode = readRaw(args, 'mode');
    return {
      layer,
      size,
      scale,
      ranks: fixedRanks ?? MODE_RANKS[typeof mode === 'string' ? mode : 'nearest'] ?? [3, 4, 5],
      layout: 'channelsFirst',
    };
  };
}

function perAxis(
  values: readonly number[],
  rank: number,
  layer: string,
  name: string,
  input: Shape,
): readonly number[] {
  if (values.length === 1) return Array.from({ length: rank }, () => values[0]!);
  if (values.length !== rank)
    throw new ShapeError(
      l10n.t(
        '{0}: {1} has {2} entries for the {3} spatial axes of {4}',
        layer,
        name,
        values.length,
        rank,
        formatShape(input),
      ),
      'rankMismatch',
      { layer, expected: rank + 2, got: values.length + 2 },
    );
  return values;
}

function resized(a: UpsampleAttrs, input: Shape) {
  if (!a.ranks.includes(input.length)) throw rankError(a.layer, a.ranks, input);
  const fm = readFeatureMap(input, input.length - 2, a.layout, a.layer, false);
  const rank = fm.spatial.length;
  const out =
    a.size !== undefined
      ? perAxis(a.size, rank, a.layer, 'size', input)
      : perAxis(a.scale!, rank, a.layer, 'scale_factor', input).map((s, i) => Math.floor(fm.spatial[i]! * s));
  if (out.some((o) => o < 1))
    throw new ShapeError(l10n.t('{0}: the output would be {1}', a.layer, out.join('×')), 'mapTooSmall', {
      layer: a.layer,
      kernel: '',
      input: fm.spatial.join('×'),
    });
  return { fm, out, output: writeFeatureMap(fm, fm.channels, out) };
}

/** Each output unit copies (or blends) input units: the field keeps its size and neighbours move 1/scale input units. */
function finer(f: ReceptiveField, scale: number): ReceptiveField {
  return { ...f, jump: f.jump / scale };
}

const torchSizeScale: ParamSpec[] = [p('size', null), p('scale_factor', null)];

/** Upsample, UpsamplingNearest2d, UpsamplingBilinear2d, F.interpolate, F.upsample*, Keras UpSampling1D/2D/3D. */
export const upsampleDefinition: LayerDefinition<UpsampleAttrs> = {
  id: 'upsample',
  constructors: [
    {
      framework: 'torch',
      names: ['Upsample'],
      params: [
        ...torchSizeScale,
        p('mode', 'nearest'),
        ...irrelevant(['align_corners', null], ['recompute_scale_factor', null]),
      ],
      build: buildUpsample(),
    },
    {
      framework: 'torch',
      names: ['UpsamplingNearest2d', 'UpsamplingBilinear2d'],
      params: torchSizeScale,
      build: buildUpsample([4]),
    },
    {
      framework: 'torch',
      names: ['interpolate'],
      functional: true,
      params: [
        ...torchSizeScale,
        p('mode', 'nearest'),
        ...irrelevant(['align_corners', null], ['recompute_scale_factor', null], ['antialias', false]),
      ],
      build: buildUpsample(),
    },
    {
      framework: 'torch',
      names: ['upsample'],
      functional: true,
      params: [...torchSizeScale, p('mode', 'nearest'), ...irrelevant(['align_corners', null])],
      build: buildUpsample(),
    },
    {
      framework: 'torch',
      names: ['upsample_nearest', 'upsample_bilinear'],
      functional: true,
      params: torchSizeScale,
      build: buildUpsample([4]),
    },
    ...[1, 2, 3].map((rank): LayerConstructor<UpsampleAttrs> => ({
      framework: 'keras',
      names: [`UpSampling${rank}D`],
      params: [
        p('size', rank === 1 ? 2 : Array.from({ length: rank }, () => 2)),
        ...(rank > 1 ? [p('data_format', null)] : []),
        ...(rank === 2 ? irrelevant(['interpolation', 'nearest']) : []),
      ],
      build: (args, layer) => ({
        layer,
        size: undefined,
        scale: readInts(args, 'size', layer, rank, 1),
        ranks: [rank + 2],
        layout: layoutOf('keras', args),
      }),
    })),
  ],
  ownParams: () => 0,
  apply: (a, inputs) => ({ outputs: [resized(a, oneInput(inputs, a.layer)).output], params: 0, macs: 0 }),
  receptiveField(a, rf, input) {
    const { fm, out } = resized(a, input);
    return mapRf2(
      rf,
      fm.spatial.map((s, i) => out[i]! / s),
      finer,
    );
  },
};

/** PixelShuffle (r > 0: C·r² → C, H·r) or PixelUnshuffle (the inverse); ChannelShuffle keeps the shape. */
export interface ShuffleAttrs {
  readonly layer: string;
  readonly kind: 'pixelShuffle' | 'pixelUnshuffle' | 'channelShuffle';
  readonly factor: number;
}

function shuffled(a: ShuffleAttrs, input: Shape): Shape {
  const r = a.factor;
  if (input.length < 3) throw rankError(a.layer, [3, 4], input);
  const lead = input.slice(0, -3);
  const [c, h, w] = input.slice(-3) as [number, number, number];
  if (a.kind === 'channelShuffle') {
    if (c % r !== 0) throw notDivisible(a.layer, 'channels', c, r);
    return input;
  }
  if (a.kind === 'pixelShuffle') {
    if (c % (r * r) !== 0) throw notDivisible(a.layer, 'channels', c, r * r);
    return [...lead, c / (r * r), h * r, w * r];
  }
  if (h % r !== 0) throw notDivisible(a.layer, 'height', h, r);
  if (w % r !== 0) throw notDivisible(a.layer, 'width', w, r);
  return [...lead, c * r * r, h / r, w / r];
}

const shuffleForms = (
  kind: ShuffleAttrs['kind'],
  names: readonly string[],
  arg: string,
  functional: boolean,
): LayerConstructor<ShuffleAttrs> => ({
  framework: 'torch',
  names,
  functional,
  params: [p(arg)],
  build: (args, layer) => ({ layer, kind, factor: readInt(args, arg, layer, 1) }),
});

/** nn.PixelShuffle, nn.PixelUnshuffle, nn.ChannelShuffle and F.pixel_shuffle / F.pixel_unshuffle / F.channel_shuffle. */
export const shuffleDefinition: LayerDefinition<ShuffleAttrs> = {
  id: 'shuffle',
  constructors: [
    shuffleForms('pixelShuffle', ['PixelShuffle'], 'upscale_factor', false),
    shuffleForms('pixelShuffle', ['pixel_shuffle'], 'upscale_factor', true),
    shuffleForms('pixelUnshuffle', ['PixelUnshuffle'], 'downscale_factor', false),
    shuffleForms('pixelUnshuffle', ['pixel_unshuffle'], 'downscale_factor', true),
    shuffleForms('channelShuffle', ['ChannelShuffle'], 'groups', false),
    shuffleForms('channelShuffle', ['channel_shuffle', 'native_channel_shuffle'], 'groups', true),
  ],
  ownParams: () => 0,
  apply: (a, inputs) => ({ outputs: [shuffled(a, oneInput(inputs, a.layer))], params: 0, macs: 0 }),
  // Shuffle: jump / r, as upsampling; unshuffle: an r×r window with stride r.
  receptiveField(a, rf) {
    if (a.kind === 'channelShuffle') return rf;
    const axes = [a.factor, a.factor];
    return a.kind === 'pixelShuffle'
      ? mapRf2(rf, axes, finer)
      : mapRf2(rf, axes, (f, r) => growReceptiveField(f, { kernel: r, stride: r, padding: 0, dilation: 1 }));
  },
};
