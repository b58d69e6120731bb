// max/avg pooling forward and backward (with PyTorch's argmax indices) and adaptive average pooling.
import { pair, requireInts, type Pair } from './params';
import { poolOutputSize } from './shapes';
import { dims4, formatShape, ShapeError, tensor, type Tensor } from './tensor';
import { isPlain2x2, wasmMaxPool, wasmMaxPool2x2Values, wasmMaxPoolBackward } from './wasm/wasmPool';
import { ranInWasm, wasmFor } from './wasm/wasmRuntime';
import * as l10n from '../l10n';

/** Hyper-parameters of max/avg pooling (PyTorch names; stride defaults to the kernel size). */
export interface Pool2dOptions {
  readonly kernelSize: number | Pair;
  readonly stride?: number | Pair | null;
  readonly padding?: number | Pair;
  readonly dilation?: number | Pair;
  readonly ceilMode?: boolean;
  /** Average pooling only: whether padded zeros count in the divisor (PyTorch default true). */
  readonly countIncludePad?: boolean;
}

/** Every size a pooling loop needs, validated. */
export interface PoolGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly inH: number;
  readonly inW: number;
  readonly kh: number;
  readonly kw: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padH: number;
  readonly padW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly outH: number;
  readonly outW: number;
}

/** Validates pooling parameters against an N×C×H×W input shape and computes the output size. */
export function pool2dGeometry(xShape: readonly number[], options: Pool2dOptions): PoolGeometry {
  if (xShape.length !== 4)
    throw new ShapeError(l10n.t('input must be 4-D (N, C, H, W), got shape {0}', formatShape(xShape)));
  const [batch, channels, inH, inW] = xShape as [number, number, number, number];
  const kernel = pair(options.kernelSize, 'kernel_size');
  const stride = pair(options.stride ?? kernel, 'stride');
  const padding = pair(options.padding ?? 0, 'padding');
  const dilation = pair(options.dilation ?? 1, 'dilation');
  requireInts(kernel, 'kernel_size', 1);
  requireInts(stride, 'stride', 1);
  requireInts(padding, 'padding', 0);
  requireInts(dilation, 'dilation', 1);
  if (padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2) {
    throw new ShapeError(
      l10n.t(
        'padding {0}×{1} must be at most half of kernel size {2}×{3}',
        padding[0],
        padding[1],
        kernel[0],
        kernel[1],
      ),
    );
  }
  const ceil = options.ceilMode ?? false;
  const outH = poolOutputSize(
    {
      size: inH,
      kernel: kernel[0],
      stride: stride[0],
      padBefore: padding[0],
      padAfter: padding[0],
      dilation: dilation[0],
    },
    ceil,
  );
  const outW = poolOutputSize(
    {
      size: inW,
      kernel: kernel[1],
      stride: stride[1],
      padBefore: padding[1],
      padAfter: padding[1],
      dilation: dilation[1],
    },
    ceil,
  );
  if (outH < 1 || outW < 1) {
    throw new ShapeError(
      l10n.t(
        'pooling window {0}×{1} does not fit input {2}×{3} (output would be {4}×{5})',
        kernel[0],
        kernel[1],
        inH,
        inW,
        outH,
        outW,
      ),
    );
  }
  return {
    batch,
    channels,
    inH,
    inW,
    kh: kernel[0],
    kw: kernel[1],
    strideH: stride[0],
    strideW: stride[1],
    padH: padding[0],
    padW: padding[1],
    dilationH: dilation[0],
    dilationW: dilation[1],
    outH,
    outW,
  };
}

/** Max pooling result: values and, per output cell, the flat index of the argmax in its input H×W plane. */
export interface MaxPoolResult {
  readonly y: Tensor;
  readonly indices: Tensor;
}

/** Max pooling; ties go to the first maximum in row-major order and NaN wins, as in PyTorch. */
export function maxPool2d(x: Tensor, options: Pool2dOptions): MaxPoolResult {
  const g = pool2dGeometry(x.shape, options);
  const y = tensor([g.batch, g.channels, g.outH, g.outW]);
  const indices = tensor(y.shape);
  const wasm = wasmFor(y.data.length * g.kh * g.kw);
  if (wasm && ranInWasm(() => wasmMaxPool(wasm, g, x.data, y.data, indices.data))) return { y, indices };
  const { inH, inW, outH, outW, kh, kw, strideH, strideW, padH, padW, dilationH, dilationW } = g;
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  const xd = x.data;
  for (let p = 0; p < g.batch * g.channels; p++) {
    const xBase = p * inPlane;
    for (let oh = 0; oh < outH; oh++) {
      // First in-bounds row of the dilated window and the end bound (no allocation in this loop).
      const hStart = oh * strideH - padH;
      let h0 = hStart;
      while (h0 < 0) h0 += dilationH;
      const h1 = Math.min(hStart + (kh - 1) * dilationH + 1, inH);
      for (let ow = 0; ow < outW; ow++) {
        const wStart = ow * strideW - padW;
        let w0 = wStart;
        while (w0 < 0) w0 += dilationW;
        const w1 = Math.min(wStart + (kw - 1) * dilationW + 1, inW);
        let best = -Infinity;
        let bestIndex = h0 * inW + w0;
        scan: for (let ih = h0; ih < h1; ih += dilationH) {
          const row = xBase + ih * inW;
          for (let iw = w0; iw < w1; iw += dilationW) {
            const v = xd[row + iw]!;
            if (v > best) {
              best = v;
              bestIndex = ih * inW + iw;
            } else if (v !== v) {
              // NaN propagates, as in PyTorch.
              best = v;
              bestIndex = ih * inW + iw;
              break scan;
            }
          }
        }
        const o = p * outPlane + oh * outW + ow;
        y.data[o] = best;
        indices.data[o] = bestIndex;
      }
    }
  }
  return { y, indices };
}

/**
 * Max pooling values only (what a forward pass needs; maxPool2d also returns the argmax indices), equal to
 * `maxPool2d(x, options).y`. The 2×2, stride-2 pool, by far the most common, skips the index work.
 */
export function maxPool2dValues(x: Tensor, options: Pool2dOptions): Tensor {
  const g = pool2dGeometry(x.shape, options);
  if (!isPlain2x2(g)) return maxPool2d(x, options).y;
  const y = tensor([g.batch, g.channels, g.outH, g.outW]);
  const wasm = wasmFor(y.data.length * 4);
  if (wasm && ranInWasm(() => wasmMaxPool2x2Values(wasm, g, x.data, y.data))) return y;
  maxPool2x2Into(x.data, y.data, g.batch * g.channels, g.inH, g.inW, g.outH, g.outW);
  return y;
}

/** Two-slot scratch maxPool2x2Into selects through: an index load instead of a branch. */
const pick = new Float64Array(2);

/**
 * The 2×2, stride-2 max pool's values: the first of equal values (−0 before +0 stays −0), as the row-major scan picks
 * it, and NaN when the window holds one. On real data "is b larger" is a coin toss, and a mispredicted branch costs
 * more than the comparison, so each pairwise maximum is picked by index (`pick[+(b > a)]`), with no branch.
 */
function maxPool2x2Into(
  xd: Float64Array,
  yd: Float64Array,
  planes: number,
  h: number,
  w: number,
  outH: number,
  outW: number,
): void {
  let o = 0;
  for (let p = 0; p < planes; p++) {
    for (let i = 0; i < outH; i++) {
      let r0 = p * h * w + 2 * i * w;
      let r1 = r0 + w;
      for (let j = 0; j < outW; j++, r0 += 2, r1 += 2) {
        const a = xd[r0]!,
          b = xd[r0 + 1]!,
          c = xd[r1]!,
          d = xd[r1 + 1]!;
        pick[0] = a;
        pick[1] = b;
        const top = pick[+(b > a)]!;
        pick[0] = c;
        pick[1] = d;
        const bottom = pick[+(d > c)]!;
        pick[0] = top;
        pick[1] = bottom;
        const best = pick[+(bottom > top)]!;
        // NaN compares false everywhere above; any NaN in the window is the result (PyTorch).
        yd[o++] = a === a && b === b && c === c && d === d ? best : NaN;
      }
    }
  }
}

/** Backward of max pooling: each dY cell flows only to its window's argmax. */
export function maxPool2dBackward(x: Tensor, dy: Tensor, options: Pool2dOptions): Tensor {
  const g = pool2dGeometry(x.shape, options);
  const wasm = wasmFor(g.batch * g.channels * g.outH * g.outW * g.kh * g.kw);
  if (wasm) {
    checkSameShape(dy, [g.batch, g.channels, g.outH, g.outW]);
    const dx = tensor(x.shape);
    if (ranInWasm(() => wasmMaxPoolBackward(wasm, g, x.data, dy.data, dx.data))) return dx;
  }
  const { indices } = maxPool2d(x, options);
  checkSameShape(dy, indices.shape);
  const [n, c, h, w] = dims4(x, 'input');
  const dx = tensor([n, c, h, w]);
  const outPlane = indices.shape[2]! * indices.shape[3]!;
  for (let p = 0; p < n * c; p++) {
    for (let o = 0; o < outPlane; o++)
      dx.data[p * h * w + indices.data[p * outPlane + o]!]! += dy.data[p * outPlane + o]!;
  }
  return dx;
}

/** The clipped window of one average-pool output cell and the count it divides by. */
interface AvgWindow {
  readonly h0: number;
  readonly h1: number;
  readonly w0: number;
  readonly w1: number;
  readonly divisor: number;
}

function avgWindow(g: PoolGeometry, oh: number, ow: number, countIncludePad: boolean): AvgWindow {
  let h0 = oh * g.strideH - g.padH;
  let w0 = ow * g.strideW - g.padW;
  let h1 = Math.min(h0 + g.kh, g.inH + g.padH);
  let w1 = Math.min(w0 + g.kw, g.inW + g.padW);
  const padded = (h1 - h0) * (w1 - w0);
  h0 = Math.max(h0, 0);
  w0 = Math.max(w0, 0);
  h1 = Math.min(h1, g.inH);
  w1 = Math.min(w1, g.inW);
  return { h0, h1, w0, w1, divisor: countIncludePad ? padded : (h1 - h0) * (w1 - w0) };
}

function avgGeometry(xShape: readonly number[], options: Pool2dOptions): PoolGeometry {
  if (options.dilation !== undefined && pair(options.dilation, 'dilation').some((d) => d !== 1)) {
    throw new ShapeError(l10n.t('average pooling has no dilation'));
  }
  return pool2dGeometry(xShape, options);
}

/** Average pooling with PyTorch's ceil_mode and count_include_pad rules. */
export function avgPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  const g = avgGeometry(x.shape, options);
  const include = options.countIncludePad ?? true;
  const y = tensor([g.batch, g.channels, g.outH, g.outW]);
  const inPlane = g.inH * g.inW;
  for (let p = 0; p < g.batch * g.channels; p++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        const win = avgWindow(g, oh, ow, include);
        let s = 0;
        for (let ih = win.h0; ih < win.h1; ih++) {
          for (let iw = win.w0; iw < win.w1; iw++) s += x.data[p * inPlane + ih * g.inW + iw]!;
        }
        y.data[(p * g.outH + oh) * g.outW + ow] = win.divisor > 0 ? s / win.divisor : 0;
      }
    }
  }
  return y;
}

/** Backward of average pooling: each dY cell is shared equally by the cells it averaged. */
export function avgPool2dBackward(x: Tensor, dy: Tensor, options: Pool2dOptions): Tensor {
  const g = avgGeometry(x.shape, options);
  checkSameShape(dy, [g.batch, g.channels, g.outH, g.outW]);
  const include = options.countIncludePad ?? true;
  const dx = tensor(x.shape);
  const inPlane = g.inH * g.inW;
  for (let p = 0; p < g.batch * g.channels; p++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        const win = avgWindow(g, oh, ow, include);
        if (win.divisor <= 0) continue;
        const share = dy.data[(p * g.outH + oh) * g.outW + ow]! / win.divisor;
        for (let ih = win.h0; ih < win.h1; ih++) {
          for (let iw = win.w0; iw < win.w1; iw++) dx.data[p * inPlane + ih * g.inW + iw]! += share;
        }
      }
    }
  }
  return dx;
}

/** Adaptive average pooling to a fixed output size: cell i averages rows ⌊iH/out⌋ … ⌈(i+1)H/out⌉. */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | Pair): Tensor {
  const [n, c, h, w] = dims4(x, 'input');
  const [oh, ow] = pair(outputSize, 'output_size');
  requireInts([oh, ow], 'output_size', 1);
  const y = tensor([n, c, oh, ow]);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < oh; i++) {
      const h0 = Math.floor((i * h) / oh);
      const h1 = Math.ceil(((i + 1) * h) / oh);
      for (let j = 0; j < ow; j++) {
        const w0 = Math.floor((j * w) / ow);
        const w1 = Math.ceil(((j + 1) * w) / ow);
        let s = 0;
        for (let a = h0; a < h1; a++) for (let b = w0; b < w1; b++) s += x.data[p * h * w + a * w + b]!;
        y.data[(p * oh + i) * ow + j] = s / ((h1 - h0) * (w1 - w0));
      }
    }
  }
  return y;
}

function checkSameShape(t: Tensor, expected: readonly number[]): void {
  if (t.shape.length !== expected.length || t.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(
      l10n.t("dy must have the output's shape {0}, got {1}", formatShape(expected), formatShape(t.shape)),
    );
  }
}
