// Layer stacks: per-layer output shape, parameters, MACs and receptive field, or the first layer that does not fit.
import { pair, type Pair } from './params';
import {
  convMacs, convOutputSize, convParams, convTransposeOutputSize, effectiveKernel, growReceptiveField,
  IDENTITY_RF, keraSamePadding, linearParams, poolOutputSize, samePadding, type ReceptiveField,
} from './shapes';
import { formatShape, ShapeError } from './tensor';
import * as l10n from '../l10n';

/** Conv padding in a layer spec: explicit amounts, or the framework's "same" / "valid". */
export type PaddingSpec = number | Pair | 'same' | 'valid';

/** One layer, framework-neutral. `inChannels`/`inFeatures` null means "whatever arrives" (Keras infers them). */
export type LayerSpec =
  | { kind: 'conv2d'; inChannels: number | null; outChannels: number; kernel: Pair; stride: Pair; padding: PaddingSpec; dilation: Pair; groups: number; bias: boolean }
  | { kind: 'depthwiseConv2d'; depthMultiplier: number; kernel: Pair; stride: Pair; padding: PaddingSpec; dilation: Pair; bias: boolean }
  | { kind: 'separableConv2d'; outChannels: number; depthMultiplier: number; kernel: Pair; stride: Pair; padding: PaddingSpec; dilation: Pair; bias: boolean }
  | { kind: 'convTranspose2d'; inChannels: number | null; outChannels: number; kernel: Pair; stride: Pair; padding: PaddingSpec; outputPadding: Pair; dilation: Pair; groups: number; bias: boolean }
  | { kind: 'maxPool2d' | 'avgPool2d'; kernel: Pair; stride: Pair; padding: PaddingSpec; dilation: Pair; ceilMode: boolean }
  | { kind: 'adaptiveAvgPool2d' | 'adaptiveMaxPool2d'; output: readonly [number | null, number | null] }
  | { kind: 'globalPool2d'; keepDims: boolean }
  | { kind: 'batchNorm2d'; numFeatures: number | null; affine: boolean }
  | { kind: 'flatten'; startDim: number; endDim: number }
  | { kind: 'linear'; inFeatures: number | null; outFeatures: number; bias: boolean }
  | { kind: 'reshape'; target: readonly (number | { readonly sameAs: number })[] }
  | { kind: 'elementwise' }
  | { kind: 'unknown'; reason: string };

/** Thrown for a layer the analysis could not read: the trace stops there, but nothing is wrong with the model. */
export class UnknownLayerError extends Error {
  override readonly name = 'UnknownLayerError';
}

/** Conventions that differ between frameworks: layout, "same" padding, BatchNorm parameter count. */
export type Framework = 'torch' | 'keras';

/** What one layer does to the tensor flowing through it. */
export interface LayerTrace {
  readonly outputShape: readonly number[];
  readonly params: number;
  readonly macs: number;
  /** Receptive field (rows) of one output unit after this layer, in input pixels. */
  readonly receptiveField: ReceptiveField;
}

/** Result of tracing a stack: every layer that fit, and the first one that did not. */
export interface StackTrace {
  readonly layers: readonly LayerTrace[];
  readonly totalParams: number;
  readonly totalMacs: number;
  /** The first layer that did not fit (or could not be read, when `unknown`), and why. */
  readonly error?: { readonly layerIndex: number; readonly message: string; readonly unknown: boolean };
}

/** A 4-D feature-map shape read in the framework's layout (N×C×H×W for PyTorch, N×H×W×C for Keras). */
export interface Spatial {
  readonly batch: number;
  readonly channels: number;
  readonly h: number;
  readonly w: number;
}

/** The batch, channels and spatial size of a 4-D shape in `framework`'s layout; undefined for any other rank. */
export function spatialOf(shape: readonly number[], framework: Framework): Spatial | undefined {
  if (shape.length !== 4) return undefined;
  const [a, b, c, d] = shape as [number, number, number, number];
  return framework === 'torch' ? { batch: a, channels: b, h: c, w: d } : { batch: a, h: b, w: c, channels: d };
}

function readSpatial(shape: readonly number[], framework: Framework, layer: string): Spatial {
  const s = spatialOf(shape, framework);
  if (!s) throw new ShapeError(l10n.t('{0} needs a 4-D input, gets {1}', layer, formatShape(shape)));
  return s;
}

function writeSpatial(s: Spatial, framework: Framework): number[] {
  return framework === 'torch' ? [s.batch, s.channels, s.h, s.w] : [s.batch, s.h, s.w, s.channels];
}

/** Resolves conv-style padding to (top, bottom, left, right) for a given input size. */
export function paddingFor(spec: PaddingSpec, framework: Framework, s: Spatial, kernel: Pair, stride: Pair, dilation: Pair): [number, number, number, number] {
  if (spec === 'valid') return [0, 0, 0, 0];
  if (spec === 'same') {
    if (framework === 'keras') return [...keraSamePadding(s.h, kernel[0], stride[0], dilation[0]), ...keraSamePadding(s.w, kernel[1], stride[1], dilation[1])];
    if (stride[0] !== 1 || stride[1] !== 1) throw new ShapeError(l10n.t('padding=\'same\' is not supported for strided convolutions (stride {0}×{1})', stride[0], stride[1]));
    return [...samePadding(kernel[0], dilation[0]), ...samePadding(kernel[1], dilation[1])];
  }
  const [ph, pw] = pair(spec, 'padding');
  return [ph, ph, pw, pw];
}

function slidingOutput(s: Spatial, kernel: Pair, stride: Pair, pads: readonly number[], dilation: Pair, what: string): [number, number] {
  const spanH = effectiveKernel(kernel[0], dilation[0]);
  const spanW = effectiveKernel(kernel[1], dilation[1]);
  const paddedH = s.h + pads[0]! + pads[1]!;
  const paddedW = s.w + pads[2]! + pads[3]!;
  if (spanH > paddedH || spanW > paddedW) {
    throw new ShapeError(l10n.t('{0} {1}×{2} is larger than its padded input {3}×{4}', what, kernel[0], kernel[1], paddedH, paddedW));
  }
  return [
    convOutputSize({ size: s.h, kernel: kernel[0], stride: stride[0], padBefore: pads[0]!, padAfter: pads[1]!, dilation: dilation[0] }),
    convOutputSize({ size: s.w, kernel: kernel[1], stride: stride[1], padBefore: pads[2]!, padAfter: pads[3]!, dilation: dilation[1] }),
  ];
}

function checkChannels(expected: number | null, got: number, layer: string): void {
  if (expected !== null && expected !== got) throw new ShapeError(l10n.t('{0} expects {1} input channels, gets {2}', layer, expected, got));
}

function rfStep(rf: ReceptiveField, kernel: number, stride: number, padding: number, dilation: number): ReceptiveField {
  return growReceptiveField(rf, { kernel, stride, padding, dilation });
}

/** Traces one layer; throws ShapeError when the input does not fit it. */
export function traceLayer(spec: LayerSpec, input: readonly number[], framework: Framework, rf: ReceptiveField): LayerTrace {
  switch (spec.kind) {
    case 'conv2d':
    case 'depthwiseConv2d':
    case 'separableConv2d': {
      const s = readSpatial(input, framework, 'Conv2d');
      let outChannels: number;
      let params: number;
      let macsPerPixel: number;
      if (spec.kind === 'conv2d') {
        checkChannels(spec.inChannels, s.channels, 'Conv2d');
        if (s.channels % spec.groups !== 0) throw new ShapeError(l10n.t('groups={0} does not divide in_channels={1}', spec.groups, s.channels));
        if (spec.outChannels % spec.groups !== 0) throw new ShapeError(l10n.t('groups={0} does not divide out_channels={1}', spec.groups, spec.outChannels));
        outChannels = spec.outChannels;
        params = convParams(s.channels, outChannels, spec.kernel[0], spec.kernel[1], spec.groups, spec.bias);
        macsPerPixel = convMacs(s.channels, outChannels, spec.kernel[0], spec.kernel[1], spec.groups, 1, 1);
      } else {
        const mid = s.channels * spec.depthMultiplier;
        const depthwise = mid * spec.kernel[0] * spec.kernel[1];
        outChannels = spec.kind === 'depthwiseConv2d' ? mid : spec.outChannels;
        const pointwise = spec.kind === 'separableConv2d' ? mid * outChannels : 0;
        params = depthwise + pointwise + (spec.bias ? outChannels : 0);
        macsPerPixel = depthwise + pointwise;
      }
      const pads = paddingFor(spec.padding, framework, s, spec.kernel, spec.stride, spec.dilation);
      const [h, w] = slidingOutput(s, spec.kernel, spec.stride, pads, spec.dilation, 'kernel');
      return {
        outputShape: writeSpatial({ batch: s.batch, channels: outChannels, h, w }, framework),
        params,
        macs: macsPerPixel * h * w * s.batch,
        receptiveField: rfStep(rf, spec.kernel[0], spec.stride[0], pads[0], spec.dilation[0]),
      };
    }
    case 'convTranspose2d': {
      const s = readSpatial(input, framework, 'ConvTranspose2d');
      checkChannels(spec.inChannels, s.channels, 'ConvTranspose2d');
      if (s.channels % spec.groups !== 0) throw new ShapeError(l10n.t('groups={0} does not divide in_channels={1}', spec.groups, s.channels));
      const [ph, pw] = spec.padding === 'same' || spec.padding === 'valid' ? [0, 0] : pair(spec.padding, 'padding');
      let h = convTransposeOutputSize(s.h, spec.kernel[0], spec.stride[0], ph, spec.dilation[0], spec.outputPadding[0]);
      let w = convTransposeOutputSize(s.w, spec.kernel[1], spec.stride[1], pw, spec.dilation[1], spec.outputPadding[1]);
      if (spec.padding === 'same') [h, w] = [s.h * spec.stride[0], s.w * spec.stride[1]];
      if (h <= 0 || w <= 0) throw new ShapeError(l10n.t('ConvTranspose2d output would be {0}×{1}', h, w));
      const params = convParams(spec.outChannels, s.channels, spec.kernel[0], spec.kernel[1], spec.groups, false) + (spec.bias ? spec.outChannels : 0);
      return {
        outputShape: writeSpatial({ batch: s.batch, channels: spec.outChannels, h, w }, framework),
        params,
        macs: s.batch * s.channels * (spec.outChannels / spec.groups) * spec.kernel[0] * spec.kernel[1] * s.h * s.w,
        receptiveField: rf,
      };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const s = readSpatial(input, framework, spec.kind === 'maxPool2d' ? 'MaxPool2d' : 'AvgPool2d');
      const pads = paddingFor(spec.padding, framework, s, spec.kernel, spec.stride, spec.dilation);
      if (framework === 'torch' && (pads[0] > spec.kernel[0] / 2 || pads[2] > spec.kernel[1] / 2)) {
        throw new ShapeError(l10n.t('pool padding {0}×{1} must be at most half of kernel size {2}×{3}', pads[0], pads[2], spec.kernel[0], spec.kernel[1]));
      }
      const h = poolOutputSize({ size: s.h, kernel: spec.kernel[0], stride: spec.stride[0], padBefore: pads[0], padAfter: pads[1], dilation: spec.dilation[0] }, spec.ceilMode);
      const w = poolOutputSize({ size: s.w, kernel: spec.kernel[1], stride: spec.stride[1], padBefore: pads[2], padAfter: pads[3], dilation: spec.dilation[1] }, spec.ceilMode);
      if (h < 1 || w < 1) throw new ShapeError(l10n.t('pooling window {0}×{1} does not fit input {2}×{3} (output would be {4}×{5})', spec.kernel[0], spec.kernel[1], s.h, s.w, h, w));
      return {
        outputShape: writeSpatial({ ...s, h, w }, framework),
        params: 0,
        macs: 0,
        receptiveField: rfStep(rf, spec.kernel[0], spec.stride[0], pads[0], spec.dilation[0]),
      };
    }
    case 'adaptiveAvgPool2d':
    case 'adaptiveMaxPool2d': {
      const s = readSpatial(input, framework, 'AdaptivePool2d');
      const h = spec.output[0] ?? s.h;
      const w = spec.output[1] ?? s.w;
      const k = Math.ceil(s.h / h);
      return { outputShape: writeSpatial({ ...s, h, w }, framework), params: 0, macs: 0, receptiveField: rfStep(rf, k, Math.max(1, Math.floor(s.h / h)), 0, 1) };
    }
    case 'globalPool2d': {
      const s = readSpatial(input, framework, 'GlobalPooling2D');
      const shape = spec.keepDims ? writeSpatial({ ...s, h: 1, w: 1 }, framework) : [s.batch, s.channels];
      return { outputShape: shape, params: 0, macs: 0, receptiveField: rfStep(rf, s.h, s.h, 0, 1) };
    }
    case 'batchNorm2d': {
      const s = readSpatial(input, framework, 'BatchNorm2d');
      checkChannels(spec.numFeatures, s.channels, 'BatchNorm2d');
      const perChannel = framework === 'keras' ? 4 : spec.affine ? 2 : 0;
      return { outputShape: input, params: perChannel * s.channels, macs: 0, receptiveField: rf };
    }
    case 'flatten': {
      const rank = input.length;
      const start = spec.startDim < 0 ? rank + spec.startDim : spec.startDim;
      const end = spec.endDim < 0 ? rank + spec.endDim : spec.endDim;
      if (start < 0 || end >= rank || start > end) throw new ShapeError(l10n.t('Flatten({0}, {1}) does not fit a {2}-D input', spec.startDim, spec.endDim, rank));
      const merged = input.slice(start, end + 1).reduce((a, b) => a * b, 1);
      return { outputShape: [...input.slice(0, start), merged, ...input.slice(end + 1)], params: 0, macs: 0, receptiveField: rf };
    }
    case 'linear': {
      const features = input[input.length - 1]!;
      if (spec.inFeatures !== null && spec.inFeatures !== features) {
        throw new ShapeError(l10n.t('Linear expects {0} input features, gets {1} (input {2})', spec.inFeatures, features, formatShape(input)));
      }
      const rows = input.slice(0, -1).reduce((a, b) => a * b, 1);
      return {
        outputShape: [...input.slice(0, -1), spec.outFeatures],
        params: linearParams(features, spec.outFeatures, spec.bias),
        macs: rows * features * spec.outFeatures,
        receptiveField: rf,
      };
    }
    case 'reshape':
      return { outputShape: reshape(input, spec.target), params: 0, macs: 0, receptiveField: rf };
    case 'elementwise':
      return { outputShape: input, params: 0, macs: 0, receptiveField: rf };
    case 'unknown':
      throw new UnknownLayerError(spec.reason);
  }
}

/** `view`/`reshape`: copies dims named by `sameAs`, infers one -1, and checks the element count is kept. */
function reshape(input: readonly number[], target: readonly (number | { readonly sameAs: number })[]): number[] {
  const total = input.reduce((a, b) => a * b, 1);
  const dims = target.map((d) => (typeof d === 'number' ? d : input[d.sameAs] ?? NaN));
  const label = `view(${dims.join(', ')})`;
  if (dims.some((d) => Number.isNaN(d))) throw new ShapeError(l10n.t('{0} refers to a dimension the {1}-D input does not have', label, input.length));
  const unknown = dims.filter((d) => d === -1).length;
  if (unknown > 1) throw new ShapeError(l10n.t('{0} has more than one -1', label));
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  if (unknown === 1) {
    if (known === 0 || total % known !== 0) throw new ShapeError(l10n.t('{0} cannot split {1} elements (input {2}) into rows of {3}', label, total, formatShape(input), known));
    return dims.map((d) => (d === -1 ? total / known : d));
  }
  if (known !== total) throw new ShapeError(l10n.t('{0} needs {1} elements but the input {2} has {3}', label, known, formatShape(input), total));
  return dims;
}

/** Traces a whole stack from an input shape; stops at the first layer that does not fit. */
export function traceStack(specs: readonly LayerSpec[], inputShape: readonly number[], framework: Framework = 'torch'): StackTrace {
  const layers: LayerTrace[] = [];
  let shape = inputShape;
  let rf = IDENTITY_RF;
  let totalParams = 0;
  let totalMacs = 0;
  for (let i = 0; i < specs.length; i++) {
    try {
      const t = traceLayer(specs[i]!, shape, framework, rf);
      layers.push(t);
      shape = t.outputShape;
      rf = t.receptiveField;
      totalParams += t.params;
      totalMacs += t.macs;
    } catch (e) {
      if (!(e instanceof ShapeError) && !(e instanceof UnknownLayerError)) throw e;
      return { layers, totalParams, totalMacs, error: { layerIndex: i, message: e.message, unknown: e instanceof UnknownLayerError } };
    }
  }
  return { layers, totalParams, totalMacs };
}
