// Feature-map layouts and sliding windows in 1-3 spatial dimensions, shared by conv, pooling, padding, norm and resize layers.
import {
  convOutputSize,
  effectiveKernel,
  growReceptiveField,
  keraSamePadding,
  poolOutputSize,
  samePadding,
  type AxisWindow,
  type ReceptiveField,
} from '../shapes';
import { formatShape, ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import { mustBe, readRaw } from './args';
import type { BoundArgs, Framework, ReceptiveField2, Shape } from './layerTypes';

/**
 * Remembers the last result of a pure rule of (attributes, input, framework): a layer's shape rule and its receptive-field
 * rule ask for the same geometry back to back, with the same objects.
 */
export function lastResult<A extends object, R>(
  rule: (a: A, input: Shape, framework: Framework) => R,
): (a: A, input: Shape, framework: Framework) => R {
  let lastA: A | undefined;
  let lastInput: Shape | undefined;
  let lastFramework: Framework | undefined;
  let last: R | undefined;
  return (a, input, framework) => {
    if (a === lastA && input === lastInput && framework === lastFramework) return last!;
    const r = rule(a, input, framework);
    lastA = a;
    lastInput = input;
    lastFramework = framework;
    last = r;
    return r;
  };
}

/** Where the channel axis sits: PyTorch (and Keras channels_first) put it after the batch, Keras by default last. */
export type Layout = 'channelsFirst' | 'channelsLast';

/** A feature map read in its layout: batch (absent when unbatched), channels and spatial sizes. */
export interface FeatureMap {
  readonly batch: number | undefined;
  readonly channels: number;
  readonly spatial: readonly number[];
  readonly layout: Layout;
}

/** The layout of a layer: PyTorch is channels-first; Keras follows data_format (default channels_last). */
export function layoutOf(framework: Framework, args?: BoundArgs): Layout {
  if (framework === 'torch') return 'channelsFirst';
  return args !== undefined && readRaw(args, 'data_format') === 'channels_first' ? 'channelsFirst' : 'channelsLast';
}

/** A 'rankMismatch' error: the layer wants one of `ranks`, the input has another. */
export function rankError(layer: string, ranks: readonly number[], input: Shape): ShapeError {
  return new ShapeError(
    l10n.t('{0} expects a {1}-D input, gets {2}', layer, ranks.join(l10n.t(' or ')), formatShape(input)),
    'rankMismatch',
    { layer, expected: ranks[ranks.length - 1]!, got: input.length },
  );
}

/** Reads a map with `rank` spatial axes; PyTorch also takes it unbatched (C, spatial…) when `unbatched`. */
export function readFeatureMap(
  input: Shape,
  rank: number,
  layout: Layout,
  layer: string,
  unbatched: boolean,
): FeatureMap {
  const batched = input.length === rank + 2;
  if (!batched && !(unbatched && input.length === rank + 1))
    throw rankError(layer, unbatched ? [rank + 1, rank + 2] : [rank + 2], input);
  const body = batched ? input.slice(1) : [...input];
  const batch = batched ? input[0]! : undefined;
  return layout === 'channelsFirst'
    ? { batch, channels: body[0]!, spatial: body.slice(1), layout }
    : { batch, channels: body[body.length - 1]!, spatial: body.slice(0, -1), layout };
}

/** The shape of a map like `fm` with other channels and spatial sizes. */
export function writeFeatureMap(fm: FeatureMap, channels: number, spatial: readonly number[]): number[] {
  const body = fm.layout === 'channelsFirst' ? [channels, ...spatial] : [...spatial, channels];
  return fm.batch === undefined ? body : [fm.batch, ...body];
}

/** A 'channelMismatch' error with the numbers quick fixes need. */
export function channelMismatch(layer: string, expected: number, got: number, input: Shape): ShapeError {
  return new ShapeError(
    l10n.t('{0} expects {1} input channels, gets {2} (input {3})', layer, expected, got, formatShape(input)),
    'channelMismatch',
    { layer, expected, got },
  );
}

/** How a windowed layer pads: explicit per-axis amounts (symmetric), or the framework's 'same' / 'valid' (Keras Conv1D also 'causal'). */
export type WindowPadding = readonly number[] | 'same' | 'valid' | 'causal';

/** A window sliding over every spatial axis. */
export interface Window {
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  readonly dilation: readonly number[];
  readonly padding: WindowPadding;
}

/** Padding (before, after) actually applied on each axis for this input (Keras 'same' depends on the size). */
export function appliedPadding(w: Window, spatial: readonly number[], framework: Framework): [number, number][] {
  return spatial.map((size, i): [number, number] => {
    const k = w.kernel[i]!;
    const d = w.dilation[i]!;
    if (w.padding === 'valid') return [0, 0];
    if (w.padding === 'causal') return [effectiveKernel(k, d) - 1, 0];
    if (w.padding === 'same')
      return framework === 'keras' ? keraSamePadding(size, k, w.stride[i]!, d) : samePadding(k, d);
    const p = w.padding[i]!;
    return [p, p];
  });
}

/** The axis windows of this input, with the padding applied. */
export function axisWindows(w: Window, spatial: readonly number[], framework: Framework): AxisWindow[] {
  const pads = appliedPadding(w, spatial, framework);
  return spatial.map((size, i) => ({
    size,
    kernel: w.kernel[i]!,
    stride: w.stride[i]!,
    dilation: w.dilation[i]!,
    padBefore: pads[i]![0],
    padAfter: pads[i]![1],
  }));
}

/**
 * Output sizes of the window over `spatial` (a pool when `ceilMode` is given); 'mapTooSmall' when a conv's (dilated) kernel
 * is larger than the padded input, or the output would be empty. (PyTorch lets a ceil-mode pool window overhang the input.)
 */
export function windowOutput(axes: readonly AxisWindow[], layer: string, ceilMode?: boolean): number[] {
  const tooSmall =
    ceilMode === undefined &&
    axes.some((a) => effectiveKernel(a.kernel, a.dilation) > a.size + a.padBefore + a.padAfter);
  const out = axes.map((a) => (ceilMode === undefined ? convOutputSize(a) : poolOutputSize(a, ceilMode)));
  if (tooSmall || out.some((o) => o < 1)) {
    const kernel = axes.map((a) => effectiveKernel(a.kernel, a.dilation)).join('×');
    const padded = axes.map((a) => a.size + a.padBefore + a.padAfter).join('×');
    throw new ShapeError(
      l10n.t('{0}: kernel {1} is larger than its padded input {2}', layer, kernel, padded),
      'mapTooSmall',
      { layer, kernel, input: padded },
    );
  }
  return out;
}

/** The two image axes (rows, cols) of a layer's spatial axes: the last two; a 1-D layer has cols only. */
function imageAxes<T>(axes: readonly T[]): { rows: T | undefined; cols: T | undefined } {
  return { rows: axes.length >= 2 ? axes[axes.length - 2] : undefined, cols: axes[axes.length - 1] };
}

/** Grows the field along rows and cols with one function per axis (an axis the layer lacks keeps its field). */
export function mapRf2<T>(
  rf: ReceptiveField2,
  axes: readonly T[],
  grow: (rf: ReceptiveField, axis: T) => ReceptiveField,
): ReceptiveField2 {
  const { rows, cols } = imageAxes(axes);
  return {
    rows: rows === undefined ? rf.rows : grow(rf.rows, rows),
    cols: cols === undefined ? rf.cols : grow(rf.cols, cols),
  };
}

/** The field after a sliding window (padding as applied). */
export function windowRf(rf: ReceptiveField2, axes: readonly AxisWindow[]): ReceptiveField2 {
  return mapRf2(rf, axes, (f, a) =>
    growReceptiveField(f, { kernel: a.kernel, stride: a.stride, padding: a.padBefore, dilation: a.dilation }),
  );
}

/** The field after a layer that sees the whole map (global pooling): kernel and stride = the map size. */
export function wholeMapRf(rf: ReceptiveField2, spatial: readonly number[]): ReceptiveField2 {
  return mapRf2(rf, spatial, (f, size) =>
    growReceptiveField(f, { kernel: size, stride: size, padding: 0, dilation: 1 }),
  );
}

/** Names of the spatial axes in formulas: L; H, W; D, H, W. */
export function axisNames(rank: number): readonly string[] {
  return rank === 1 ? ['L'] : rank === 2 ? ['H', 'W'] : ['D', 'H', 'W'];
}

/** "H_out = ⌊(H + 2P − d(K − 1) − 1)/S⌋ + 1 = ⌊(32 + 2·1 − 1·(3 − 1) − 1)/1⌋ + 1 = 32", one line per axis. */
export function explainWindow(axes: readonly AxisWindow[], out: readonly number[], ceilMode = false): string[] {
  const names = axisNames(axes.length);
  return axes.map((a, i) => {
    const n = names[i]!;
    const [open, close] = ceilMode ? ['⌈', '⌉'] : ['⌊', '⌋'];
    // With ceil_mode a last window starting in the right padding is dropped: the formula's value is then one more.
    const formula =
      (ceilMode ? Math.ceil : Math.floor)(
        (a.size + a.padBefore + a.padAfter - effectiveKernel(a.kernel, a.dilation)) / a.stride,
      ) + 1;
    const value =
      formula === out[i]
        ? String(out[i])
        : l10n.t('{0}, less the last window, which would start in the padding: {1}', formula, out[i]!);
    if (a.padBefore === a.padAfter) {
      return l10n.t(
        '{0}_out = {1}({0} + 2P − d(K − 1) − 1)/S{2} + 1 = {1}({3} + 2·{4} − {5}·({6} − 1) − 1)/{7}{2} + 1 = {8}',
        n,
        open,
        close,
        a.size,
        a.padBefore,
        a.dilation,
        a.kernel,
        a.stride,
        value,
      );
    }
    return l10n.t(
      '{0}_out = {1}({0} + P₀ + P₁ − d(K − 1) − 1)/S{2} + 1 = {1}({3} + {4} + {5} − {6}·({7} − 1) − 1)/{8}{2} + 1 = {9}',
      n,
      open,
      close,
      a.size,
      a.padBefore,
      a.padAfter,
      a.dilation,
      a.kernel,
      a.stride,
      value,
    );
  });
}

/** "params = C_out·(C_in/g)·K_h·K_w + C_out = 64·(3/1)·3·3 + 64 = 1,792": the symbols, the numbers, the total. */
export function explainParams(symbols: string, numbers: string, total: number): string {
  return l10n.t('params = {0} = {1} = {2}', symbols, numbers, total.toLocaleString('en-US'));
}

/** Per-axis names of kernel sizes in formulas: K, or K_h·K_w, or K_d·K_h·K_w. */
export function kernelSymbols(rank: number): string {
  return rank === 1
    ? 'K'
    : axisNames(rank)
        .map((n) => `K_${n.toLowerCase()}`)
        .join('·');
}

/** Reads the padding argument of a windowed layer: an int or tuple (PyTorch), or one of the framework's strings. */
export function readWindowPadding(
  args: BoundArgs,
  name: string,
  layer: string,
  rank: number,
  strings: readonly string[],
): WindowPadding {
  const v = readRaw(args, name);
  if (typeof v === 'string') {
    const s = strings.find((x) => x === v.toLowerCase());
    if (s === 'same' || s === 'valid' || s === 'causal') return s;
    throw mustBe(layer, name, strings.map((x) => `'${x}'`).join(' | '), `'${v}'`);
  }
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  if (ok(v)) return Array.from({ length: rank }, () => v);
  if (Array.isArray(v) && v.length === rank && v.every(ok)) return [...v];
  throw mustBe(layer, name, l10n.t('an integer ≥ {0} or a tuple of {1}', 0, rank), JSON.stringify(v ?? null));
}

/** The 2-D window of a rank-2 layer for the demo, calculator and RF panel. */
export function window2(w: Window):
  | {
      kernel: [number, number];
      stride: [number, number];
      dilation: [number, number];
      padding: [number, number] | 'same' | 'valid';
    }
  | undefined {
  if (w.kernel.length !== 2 || w.padding === 'causal') return undefined;
  const two = (a: readonly number[]): [number, number] => [a[0]!, a[1]!];
  return {
    kernel: two(w.kernel),
    stride: two(w.stride),
    dilation: two(w.dilation),
    padding: typeof w.padding === 'string' ? w.padding : two(w.padding),
  };
}
