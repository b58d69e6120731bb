// Resolves and validates conv2d hyper-parameters against input and weight shapes, once, for every conv kernel.
import { pair, requireInts, type Pair } from './params';
import { convOutputSize, effectiveKernel, samePadding } from './shapes';
import { formatShape, ShapeError } from './tensor';
import * as l10n from '../l10n';

/** Padding as PyTorch accepts it: an int, a pair, or the strings "same" / "valid". */
export type ConvPadding = number | Pair | 'same' | 'valid';

/** Hyper-parameters of a 2-D convolution (PyTorch names and defaults). */
export interface Conv2dOptions {
  readonly stride?: number | Pair;
  readonly padding?: ConvPadding;
  readonly dilation?: number | Pair;
  readonly groups?: number;
}

/** Every size a conv2d kernel loop needs, validated. */
export interface ConvGeometry {
  readonly batch: number;
  readonly inChannels: number;
  readonly inH: number;
  readonly inW: number;
  readonly outChannels: number;
  readonly kh: number;
  readonly kw: number;
  readonly groups: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly padTop: number;
  readonly padBottom: number;
  readonly padLeft: number;
  readonly padRight: number;
  readonly outH: number;
  readonly outW: number;
}

/** Turns the padding option into explicit (top, bottom, left, right) amounts. */
export function resolvePadding(
  padding: ConvPadding,
  kernel: Pair,
  dilation: Pair,
  stride: Pair,
): [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new ShapeError(
        l10n.t(
          "padding='same' is not supported for strided convolutions (stride {0}×{1}); use an explicit padding",
          stride[0],
          stride[1],
        ),
      );
    }
    const [t, b] = samePadding(kernel[0], dilation[0]);
    const [l, r] = samePadding(kernel[1], dilation[1]);
    return [t, b, l, r];
  }
  if (typeof padding === 'string')
    throw new ShapeError(l10n.t("padding must be an int, a pair, 'same' or 'valid', got '{0}'", String(padding)));
  const p = pair(padding, 'padding');
  requireInts(p, 'padding', 0);
  return [p[0], p[0], p[1], p[1]];
}

/** Validates a conv2d call (x: N×C×H×W, weight: C_out×C_in/groups×Kh×Kw) and computes its geometry. */
export function conv2dGeometry(
  xShape: readonly number[],
  wShape: readonly number[],
  options: Conv2dOptions = {},
): ConvGeometry {
  if (xShape.length !== 4)
    throw new ShapeError(l10n.t('input must be 4-D (N, C, H, W), got shape {0}', formatShape(xShape)));
  if (wShape.length !== 4)
    throw new ShapeError(l10n.t('weight must be 4-D (C_out, C_in/groups, Kh, Kw), got shape {0}', formatShape(wShape)));
  const [batch, inChannels, inH, inW] = xShape as [number, number, number, number];
  const [outChannels, perGroup, kh, kw] = wShape as [number, number, number, number];
  const stride = pair(options.stride ?? 1, 'stride');
  const dilation = pair(options.dilation ?? 1, 'dilation');
  const groups = options.groups ?? 1;
  requireInts(stride, 'stride', 1);
  requireInts(dilation, 'dilation', 1);
  requireInts([kh, kw], 'kernel size', 1);
  if (!Number.isInteger(groups) || groups < 1)
    throw new ShapeError(l10n.t('groups must be an integer ≥ 1, got {0}', groups));
  if (inChannels % groups !== 0)
    throw new ShapeError(l10n.t('groups={0} does not divide in_channels={1}', groups, inChannels));
  if (outChannels % groups !== 0)
    throw new ShapeError(l10n.t('groups={0} does not divide out_channels={1}', groups, outChannels));
  if (perGroup * groups !== inChannels) {
    throw new ShapeError(
      l10n.t(
        'input has {0} channels but weight {1} with groups={2} expects {3}',
        inChannels,
        formatShape(wShape),
        groups,
        perGroup * groups,
      ),
    );
  }
  const [padTop, padBottom, padLeft, padRight] = resolvePadding(options.padding ?? 0, [kh, kw], dilation, stride);
  const spanH = effectiveKernel(kh, dilation[0]);
  const spanW = effectiveKernel(kw, dilation[1]);
  const paddedH = inH + padTop + padBottom;
  const paddedW = inW + padLeft + padRight;
  if (spanH > paddedH || spanW > paddedW) {
    const dilated = dilation[0] > 1 || dilation[1] > 1 ? l10n.t(' (dilated to {0}×{1})', spanH, spanW) : '';
    throw new ShapeError(
      l10n.t('kernel {0}×{1}{2} is larger than padded input {3}×{4}', kh, kw, dilated, paddedH, paddedW),
    );
  }
  const outH = convOutputSize({
    size: inH,
    kernel: kh,
    stride: stride[0],
    padBefore: padTop,
    padAfter: padBottom,
    dilation: dilation[0],
  });
  const outW = convOutputSize({
    size: inW,
    kernel: kw,
    stride: stride[1],
    padBefore: padLeft,
    padAfter: padRight,
    dilation: dilation[1],
  });
  return {
    batch,
    inChannels,
    inH,
    inW,
    outChannels,
    kh,
    kw,
    groups,
    strideH: stride[0],
    strideW: stride[1],
    dilationH: dilation[0],
    dilationW: dilation[1],
    padTop,
    padBottom,
    padLeft,
    padRight,
    outH,
    outW,
  };
}

/**
 * Output positions o in [0, outSize) whose tap o·stride + offset lands inside [0, size): the half-open range
 * [lo, hi). Kernel loops iterate only there, so they need no per-element bounds checks.
 */
export function validRange(offset: number, stride: number, size: number, outSize: number): [number, number] {
  const lo = offset >= 0 ? 0 : Math.ceil(-offset / stride);
  const hi = Math.min(outSize, Math.floor((size - 1 - offset) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}
