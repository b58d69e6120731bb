// Size arithmetic: output sizes, parameter counts, MACs, receptive fields and cost comparisons.
import { ShapeError } from './tensor';
import * as l10n from '../l10n';

/** One spatial axis of a sliding window: where it runs and how. */
export interface AxisWindow {
  readonly size: number;
  readonly kernel: number;
  readonly stride: number;
  readonly padBefore: number;
  readonly padAfter: number;
  readonly dilation: number;
}

/** Span of a dilated kernel: d·(k − 1) + 1. */
export function effectiveKernel(kernel: number, dilation: number): number {
  return dilation * (kernel - 1) + 1;
}

/** ⌊(H + P₀ + P₁ − d(K − 1) − 1)/S⌋ + 1, the convolution output size; may be ≤ 0 (callers check). */
export function convOutputSize(a: AxisWindow): number {
  return Math.floor((a.size + a.padBefore + a.padAfter - effectiveKernel(a.kernel, a.dilation)) / a.stride) + 1;
}

/** Pooling output size with PyTorch's ceil_mode rule: the last window must start inside the input or left padding. */
export function poolOutputSize(a: AxisWindow, ceilMode: boolean): number {
  const span = a.size + a.padBefore + a.padAfter - effectiveKernel(a.kernel, a.dilation);
  if (!ceilMode) return Math.floor(span / a.stride) + 1;
  let out = Math.ceil(span / a.stride) + 1;
  if ((out - 1) * a.stride >= a.size + a.padBefore) out -= 1;
  return out;
}

/** Transposed-convolution output size: (H − 1)·S − 2P + d(K − 1) + output_padding + 1. */
export function convTransposeOutputSize(
  size: number,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
  outputPadding: number,
): number {
  return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
}

/**
 * Keras's transposed-conv output length (deconv_output_length): without output_padding, 'valid' gives H·S + max(K′ − S, 0)
 * and 'same' H·S; with it, (H − 1)·S + K′ − 2·pad + output_padding, pad = ⌊K′/2⌋ for 'same' (K′ the dilated kernel).
 */
export function kerasConvTransposeOutputSize(
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
  padding: 'same' | 'valid',
  outputPadding?: number,
): number {
  const span = effectiveKernel(kernel, dilation);
  if (outputPadding === undefined)
    return padding === 'same' ? size * stride : size * stride + Math.max(span - stride, 0);
  return (size - 1) * stride + span - 2 * (padding === 'same' ? Math.floor(span / 2) : 0) + outputPadding;
}

/** The widest window adaptive pooling uses from `size` to `out` cells: cell i spans ⌊i·size/out⌋ … ⌈(i+1)·size/out⌉. */
export function adaptivePoolWindow(size: number, out: number): number {
  let widest = 1;
  for (let i = 0; i < out; i++)
    widest = Math.max(widest, Math.ceil(((i + 1) * size) / out) - Math.floor((i * size) / out));
  return widest;
}

/** PyTorch's "same" padding: total d(K − 1), the odd extra pixel after (bottom/right). */
export function samePadding(kernel: number, dilation: number): [number, number] {
  const total = dilation * (kernel - 1);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Keras/TensorFlow "same" padding for a given stride: output ⌈H/S⌉, the odd extra pixel after. */
export function keraSamePadding(size: number, kernel: number, stride: number, dilation: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + effectiveKernel(kernel, dilation) - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Weights (+ bias) of a conv: C_out · (C_in / groups) · Kh · Kw (+ C_out). */
export function convParams(
  inChannels: number,
  outChannels: number,
  kh: number,
  kw: number,
  groups = 1,
  bias = true,
): number {
  return outChannels * (inChannels / groups) * kh * kw + (bias ? outChannels : 0);
}

/** Multiply-accumulates of a conv producing outH × outW per output channel (bias adds excluded). */
export function convMacs(
  inChannels: number,
  outChannels: number,
  kh: number,
  kw: number,
  groups: number,
  outH: number,
  outW: number,
): number {
  return outChannels * (inChannels / groups) * kh * kw * outH * outW;
}

/** Weights (+ bias) of a Linear layer. */
export function linearParams(inFeatures: number, outFeatures: number, bias = true): number {
  return inFeatures * outFeatures + (bias ? outFeatures : 0);
}

/** One layer as the receptive-field arithmetic sees it. */
export interface RfLayer {
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
}

/** Receptive field of one output unit through a stack: its size, jump (effective stride) and where it sits. */
export interface ReceptiveField {
  /** Side length, in input pixels, of the field of one output unit. */
  readonly size: number;
  /** Distance in input pixels between the fields of neighbouring output units. */
  readonly jump: number;
  /** Input coordinate of the first pixel of output (0,0)'s field (negative when it starts in padding). */
  readonly start: number;
  /** Input coordinate of the centre of output (0,0)'s field. */
  readonly center: number;
}

/** The receptive field before any layer: a single pixel. */
export const IDENTITY_RF: ReceptiveField = { size: 1, jump: 1, start: 0, center: 0 };

/** Grows a receptive field through one more layer. */
function checkRfArgument(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min)
    throw new ShapeError(l10n.t('{0} must be an integer ≥ {1}, got {2}', name, min, v));
}

export function growReceptiveField(rf: ReceptiveField, layer: RfLayer): ReceptiveField {
  // Called for every windowed layer of every traced model: checked without building a table each time.
  checkRfArgument('kernel', layer.kernel, 1);
  checkRfArgument('stride', layer.stride, 1);
  checkRfArgument('dilation', layer.dilation, 1);
  checkRfArgument('padding', layer.padding, 0);
  const span = effectiveKernel(layer.kernel, layer.dilation);
  const size = rf.size + (span - 1) * rf.jump;
  const start = rf.start - layer.padding * rf.jump;
  return { size, jump: rf.jump * layer.stride, start, center: start + (size - 1) / 2 };
}

/** Receptive field through a whole stack of layers. */
export function receptiveField(layers: readonly RfLayer[]): ReceptiveField {
  return layers.reduce(growReceptiveField, IDENTITY_RF);
}

/** Cost of one way of mapping C_in → C_out channels on an H × W map. */
export interface LayerCost {
  readonly params: number;
  readonly macs: number;
}

/** Standard K×K conv vs depthwise K×K + pointwise 1×1, both without bias, at "same" size H × W. */
export function depthwiseSeparableCost(
  inChannels: number,
  outChannels: number,
  kernel: number,
  h: number,
  w: number,
): { standard: LayerCost; separable: LayerCost } {
  const standardParams = outChannels * inChannels * kernel * kernel;
  const depthwise = inChannels * kernel * kernel;
  const pointwise = inChannels * outChannels;
  return {
    standard: { params: standardParams, macs: standardParams * h * w },
    separable: { params: depthwise + pointwise, macs: (depthwise + pointwise) * h * w },
  };
}

/** A K×K conv (with bias) vs a dense layer connecting every input to every output unit of the same maps. */
export function convVersusDense(
  inChannels: number,
  outChannels: number,
  kernel: number,
  h: number,
  w: number,
): { conv: number; dense: number } {
  const inputs = inChannels * h * w;
  const outputs = outChannels * h * w;
  return { conv: convParams(inChannels, outChannels, kernel, kernel), dense: inputs * outputs };
}
