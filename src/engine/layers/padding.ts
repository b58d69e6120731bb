// Padding and cropping: PyTorch Zero/Reflection/Replication/ConstantPad1d/2d/3d and F.pad, Keras ZeroPadding1D/2D/3D and Cropping1D/2D/3D.
import type { ReceptiveField } from '../shapes';
import { formatShape, ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import { irrelevant, mustBe, oneInput, p, pyRepr, readChoice, readRaw } from './args';
import type { ArgValue, BoundArgs, LayerConstructor, LayerDefinition, ParamSpec, Shape } from './layerTypes';
import { layoutOf, mapRf2, rankError, readFeatureMap, writeFeatureMap, type Layout } from './spatial';

/** Padding per spatial axis, in axis order: (before, after); negative amounts crop. */
export interface PadAttrs {
  readonly layer: string;
  /** PyTorch pads: 'constant' takes any rank with enough axes; the others want (C, …) or (N, C, …) of exactly `rank` spatial axes. */
  readonly mode: 'constant' | 'reflect' | 'replicate' | 'circular';
  /** Pads of the last `pads.length` axes, first axis first. */
  readonly pads: readonly (readonly [number, number])[];
  /** Keras: the layout (the spatial axes are not the last ones when channels_last). */
  readonly layout: Layout | undefined;
}

/** PyTorch's pad tuple (left, right, top, bottom, front, back: last axis first) as (before, after) per axis, first axis first. */
export function torchPads(flat: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = flat.length - 2; i >= 0; i -= 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

function readTorchPadding(v: ArgValue | undefined, layer: string, rank: number, name: string): [number, number][] {
  if (typeof v === 'number' && Number.isInteger(v)) return Array.from({ length: rank }, (): [number, number] => [v, v]);
  if (
    Array.isArray(v) &&
    v.every((x) => typeof x === 'number' && Number.isInteger(x)) &&
    v.length % 2 === 0 &&
    v.length > 0 &&
    (rank === 0 || v.length === 2 * rank)
  ) {
    return torchPads(v as readonly number[]);
  }
  throw mustBe(
    layer,
    name,
    rank === 0 ? l10n.t('a tuple of an even number of ints') : l10n.t('an int or a tuple of {0} ints', 2 * rank),
    pyRepr(v),
  );
}

/** Keras's padding/cropping forms: int, (a, b) symmetric per axis, or ((before, after), …); 1-D: int or (before, after). */
function readKerasPairs(v: ArgValue | undefined, layer: string, rank: number, name: string): [number, number][] {
  const int = (x: ArgValue | undefined): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  if (int(v)) return Array.from({ length: rank }, (): [number, number] => [v, v]);
  if (Array.isArray(v) && rank === 1 && v.length === 2 && v.every(int)) return [[v[0] as number, v[1] as number]];
  if (Array.isArray(v) && v.length === rank) {
    if (v.every(int)) return v.map((x): [number, number] => [x, x]);
    if (v.every((x) => Array.isArray(x) && x.length === 2 && x.every(int)))
      return (v as number[][]).map((x): [number, number] => [x[0]!, x[1]!]);
  }
  throw mustBe(layer, name, l10n.t('an int, a tuple of {0} ints or of {0} (before, after) pairs', rank), pyRepr(v));
}

function padded(a: PadAttrs, input: Shape): Shape {
  let body: readonly number[];
  let out: number[];
  if (a.layout !== undefined) {
    const fm = readFeatureMap(input, a.pads.length, a.layout, a.layer, false);
    body = fm.spatial;
    out = body.map((s, i) => s + a.pads[i]![0] + a.pads[i]![1]);
    check(a, body, out, input);
    return writeFeatureMap(fm, fm.channels, out);
  }
  const n = a.pads.length;
  if (a.mode === 'constant' ? input.length < n : input.length !== n + 1 && input.length !== n + 2)
    throw rankError(a.layer, a.mode === 'constant' ? [n] : [n + 1, n + 2], input);
  body = input.slice(input.length - n);
  out = body.map((s, i) => s + a.pads[i]![0] + a.pads[i]![1]);
  check(a, body, out, input);
  return [...input.slice(0, input.length - n), ...out];
}

function check(a: PadAttrs, body: readonly number[], out: readonly number[], input: Shape): void {
  // Reflection needs a pad smaller than the axis; every mode needs a non-empty result.
  const tooLarge = a.mode === 'reflect' && a.pads.some(([b, e], i) => b >= body[i]! || e >= body[i]!);
  if (tooLarge || out.some((o) => o < 1)) {
    throw new ShapeError(
      l10n.t(
        '{0}: padding {1} does not fit the input {2}',
        a.layer,
        a.pads.map(([b, e]) => `(${b}, ${e})`).join(' '),
        formatShape(input),
      ),
      'mapTooSmall',
      { layer: a.layer, kernel: a.pads.flat().join(','), input: formatShape(input) },
    );
  }
}

/** Moves the field's start by the pixels added before it (negative when cropped); size and jump are kept. */
function shifted(f: ReceptiveField, before: number): ReceptiveField {
  return { ...f, start: f.start - before * f.jump, center: f.center - before * f.jump };
}

const TORCH_MODES = {
  Zero: 'constant',
  Constant: 'constant',
  Reflection: 'reflect',
  Replication: 'replicate',
  Circular: 'circular',
} as const;

function torchClass(kind: keyof typeof TORCH_MODES, rank: number): LayerConstructor<PadAttrs> {
  const params: ParamSpec[] =
    kind === 'Constant' ? [p('padding'), { name: 'value', irrelevant: true }] : [p('padding')];
  return {
    framework: 'torch',
    names: [`${kind}Pad${rank}d`],
    params,
    build: (args, layer) => ({
      layer,
      mode: TORCH_MODES[kind],
      pads: readTorchPadding(readRaw(args, 'padding'), layer, rank, 'padding'),
      layout: undefined,
    }),
  };
}

function kerasClass(kind: 'ZeroPadding' | 'Cropping', rank: number): LayerConstructor<PadAttrs> {
  const arg = kind === 'ZeroPadding' ? 'padding' : 'cropping';
  const def: ArgValue =
    kind === 'ZeroPadding'
      ? rank === 1
        ? 1
        : Array.from({ length: rank }, () => 1)
      : rank === 1
        ? [1, 1]
        : Array.from({ length: rank }, () => (rank === 2 ? [0, 0] : [1, 1]));
  return {
    framework: 'keras',
    names: [`${kind}${rank}D`],
    params: [p(arg, def), ...(rank > 1 ? [p('data_format', null)] : [])],
    build(args: BoundArgs, layer: string) {
      const pairs = readKerasPairs(readRaw(args, arg), layer, rank, arg);
      const sign = kind === 'Cropping' ? -1 : 1;
      return {
        layer,
        mode: 'constant',
        pads: pairs.map(([b, e]): [number, number] => [sign * b, sign * e]),
        layout: layoutOf('keras', args),
      };
    },
  };
}

/** Every padding and cropping layer, and F.pad(x, pad, mode='constant', value=None). */
export const paddingDefinition: LayerDefinition<PadAttrs> = {
  id: 'padding',
  constructors: [
    ...[1, 2, 3].flatMap((rank) => [
      ...(['Zero', 'Constant', 'Reflection', 'Replication', 'Circular'] as const).map((kind) => torchClass(kind, rank)),
      kerasClass('ZeroPadding', rank),
      kerasClass('Cropping', rank),
    ]),
    {
      framework: 'torch',
      names: ['pad'],
      functional: true,
      params: [p('pad'), p('mode', 'constant'), ...irrelevant(['value', null])],
      build: (args, layer) => ({
        layer,
        mode: readChoice(args, 'mode', layer, ['constant', 'reflect', 'replicate', 'circular']),
        pads: readTorchPadding(readRaw(args, 'pad'), layer, 0, 'pad'),
        layout: undefined,
      }),
    },
  ],
  ownParams: () => 0,
  apply: (a, inputs) => ({ outputs: [padded(a, oneInput(inputs, a.layer))], params: 0, macs: 0 }),
  receptiveField: (a, rf) => mapRf2(rf, a.pads, (f, [before]) => shifted(f, before)),
};
