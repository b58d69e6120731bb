// Conv, transposed conv and pooling of any spatial rank 1–3 on top of the 2-D kernels, plus adaptive pooling, forward and backward.
import { conv2d, conv2dBackward, convTranspose2d } from '../conv';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward, type Pool2dOptions } from '../pool';
import { numel, ShapeError, tensor, type Tensor } from '../tensor';
import * as l10n from '../../l10n';
import { gather, padMap, scatterAdd } from './movement';
import type { PlanOp } from './plan';

type ConvOp = Extract<PlanOp, { kind: 'conv' }>;
type ConvTransposeOp = Extract<PlanOp, { kind: 'convTranspose' }>;
type PoolOp = Extract<PlanOp, { kind: 'pool' }>;
type AdaptiveOp = Extract<PlanOp, { kind: 'adaptivePool' }>;

/** A rank-1 feature map (N, C, L) seen as (N, C, 1, L) so the 2-D kernels run it. */
const as2d = (shape: readonly number[]): number[] =>
  shape.length === 3 ? [shape[0]!, shape[1]!, 1, shape[2]!] : [...shape];
const pairOf = (xs: readonly number[], fill: number): [number, number] =>
  xs.length === 1 ? [fill, xs[0]!] : [xs[0]!, xs[1]!];

/** Conv input after its padding: symmetric padding goes to the kernel, any other is applied here first. */
function convInput(op: ConvOp, x: Tensor): { x: Tensor; padding: [number, number]; padded: boolean } {
  const symmetric = op.padding.every(([a, b]) => a === b);
  if (symmetric)
    return {
      x,
      padding: pairOf(
        op.padding.map(([a]) => a),
        0,
      ),
      padded: false,
    };
  const map = padMap(x.shape, op.padding);
  const shape = x.shape.map((s, d) => (d < 2 ? s : s + op.padding[d - 2]![0] + op.padding[d - 2]![1]));
  return { x: { shape, data: gather(x.data, map) }, padding: [0, 0], padded: true };
}

/** The rank-3 spatial case (Conv3d): a direct loop over the output, forward only. */
function conv3d(op: ConvOp, x: Tensor, w: Tensor, b: Tensor | undefined, outShape: readonly number[]): Tensor {
  const [n, cin, d, h, wd] = x.shape as [number, number, number, number, number];
  const [, cout, od, oh, ow] = outShape as [number, number, number, number, number];
  const [kd, kh, kw] = op.kernel as [number, number, number];
  const [sd, sh, sw] = op.stride as [number, number, number];
  const [dd, dh, dw] = op.dilation as [number, number, number];
  const [pd, ph, pw] = op.padding.map(([a]) => a) as [number, number, number];
  const inG = cin / op.groups;
  const outG = cout / op.groups;
  const y = tensor([n, cout, od, oh, ow]);
  let o = 0;
  for (let bi = 0; bi < n; bi++)
    for (let oc = 0; oc < cout; oc++) {
      const g = Math.floor(oc / outG);
      for (let z = 0; z < od; z++)
        for (let r = 0; r < oh; r++)
          for (let c = 0; c < ow; c++, o++) {
            let s = b ? b.data[oc]! : 0;
            for (let ic = 0; ic < inG; ic++) {
              const xc = (bi * cin + g * inG + ic) * d;
              const wc = (oc * inG + ic) * kd;
              for (let a = 0; a < kd; a++) {
                const zi = z * sd + a * dd - pd;
                if (zi < 0 || zi >= d) continue;
                for (let p = 0; p < kh; p++) {
                  const ri = r * sh + p * dh - ph;
                  if (ri < 0 || ri >= h) continue;
                  for (let q = 0; q < kw; q++) {
                    const ci = c * sw + q * dw - pw;
                    if (ci < 0 || ci >= wd) continue;
                    s += x.data[((xc + zi) * h + ri) * wd + ci]! * w.data[((wc + a) * kh + p) * kw + q]!;
                  }
                }
              }
            }
            y.data[o] = s;
          }
    }
  return y;
}

/** Conv1d/2d/3d forward; `outShape` is the traced output (checked). */
export function convForward(
  op: ConvOp,
  x: Tensor,
  w: Tensor,
  b: Tensor | undefined,
  outShape: readonly number[],
): Tensor {
  if (op.rank === 3) {
    const asymmetric = op.padding.some(([a, c]) => a !== c);
    if (asymmetric) throw unsupported('Conv3d', l10n.t('uneven padding'));
    return conv3d(op, x, w, b, outShape);
  }
  const { x: xp, padding } = convInput(op, x);
  const y = conv2d({ shape: as2d(xp.shape), data: xp.data }, { shape: as2d(w.shape), data: w.data }, b, {
    stride: pairOf(op.stride, 1),
    dilation: pairOf(op.dilation, 1),
    padding,
    groups: op.groups,
  });
  return { shape: [...outShape], data: y.data };
}

/** Gradients of a conv of rank 1 or 2: input, weight, bias. */
export function convBackward(
  op: ConvOp,
  x: Tensor,
  w: Tensor,
  dy: Tensor,
): { dx: Float64Array; dw: Float64Array; db?: Float64Array } {
  if (op.rank === 3) throw unsupported('Conv3d', l10n.t('the backward pass'));
  const { x: xp, padding, padded } = convInput(op, x);
  const g = conv2dBackward(
    { shape: as2d(xp.shape), data: xp.data },
    { shape: as2d(w.shape), data: w.data },
    { shape: as2d(dy.shape), data: dy.data },
    { stride: pairOf(op.stride, 1), dilation: pairOf(op.dilation, 1), padding, groups: op.groups },
    op.bias,
  );
  const dx = padded ? scatterAdd(g.dx.data, padMap(x.shape, op.padding), numel(x.shape)) : g.dx.data;
  return { dx, dw: g.dw.data, ...(g.db ? { db: g.db.data } : {}) };
}

/** ConvTranspose1d/2d forward. */
export function convTransposeForward(
  op: ConvTransposeOp,
  x: Tensor,
  w: Tensor,
  b: Tensor | undefined,
  outShape: readonly number[],
): Tensor {
  if (op.rank === 3) throw unsupported('ConvTranspose3d', l10n.t('the forward pass'));
  const y = convTranspose2d({ shape: as2d(x.shape), data: x.data }, { shape: as2d(w.shape), data: w.data }, b, {
    stride: pairOf(op.stride, 1),
    dilation: pairOf(op.dilation, 1),
    padding: pairOf(op.padding, 0),
    outputPadding: pairOf(op.outputPadding, 0),
    groups: op.groups,
  });
  return { shape: [...outShape], data: y.data };
}

function poolOptions(op: PoolOp): Pool2dOptions {
  return {
    kernelSize: pairOf(op.kernel, 1),
    stride: pairOf(op.stride, 1),
    padding: pairOf(op.padding, 0),
    dilation: pairOf(op.dilation, 1),
    ceilMode: op.ceilMode,
    countIncludePad: op.countIncludePad,
  };
}

/** Max/avg pooling of rank 1 or 2 (rank 3 through the generic window loop). */
export function poolForward(op: PoolOp, x: Tensor, outShape: readonly number[]): Tensor {
  if (op.rank === 3) return pool3d(op, x, outShape);
  const x2 = { shape: as2d(x.shape), data: x.data };
  const y = op.mode === 'max' ? maxPool2d(x2, poolOptions(op)).y : avgPool2d(x2, poolOptions(op));
  return { shape: [...outShape], data: y.data };
}

/** Gradient of the pool's input. */
export function poolBackward(op: PoolOp, x: Tensor, dy: Tensor): Float64Array {
  if (op.rank === 3) throw unsupported(op.mode === 'max' ? 'MaxPool3d' : 'AvgPool3d', l10n.t('the backward pass'));
  const x2 = { shape: as2d(x.shape), data: x.data };
  const dy2 = { shape: as2d(dy.shape), data: dy.data };
  return (op.mode === 'max' ? maxPool2dBackward(x2, dy2, poolOptions(op)) : avgPool2dBackward(x2, dy2, poolOptions(op)))
    .data;
}

/** MaxPool3d / AvgPool3d forward (output size from the trace, which applied ceil_mode). */
function pool3d(op: PoolOp, x: Tensor, outShape: readonly number[]): Tensor {
  const [n, c, d, h, w] = x.shape as [number, number, number, number, number];
  const [, , od, oh, ow] = outShape as [number, number, number, number, number];
  const [kd, kh, kw] = op.kernel as [number, number, number];
  const [sd, sh, sw] = op.stride as [number, number, number];
  const [dd, dh, dw] = op.dilation as [number, number, number];
  const [pd, ph, pw] = op.padding as [number, number, number];
  const y = tensor([...outShape]);
  let o = 0;
  for (let p = 0; p < n * c; p++)
    for (let z = 0; z < od; z++)
      for (let r = 0; r < oh; r++)
        for (let q = 0; q < ow; q++, o++) {
          let best = -Infinity;
          let sum = 0;
          let count = 0;
          let padded = 0;
          for (let a = 0; a < kd; a++)
            for (let bb = 0; bb < kh; bb++)
              for (let e = 0; e < kw; e++) {
                const zi = z * sd + a * dd - pd;
                const ri = r * sh + bb * dh - ph;
                const ci = q * sw + e * dw - pw;
                // avg pool counts padded cells (count_include_pad) but not cells past the padding (ceil_mode).
                if (zi < d + pd && ri < h + ph && ci < w + pw) padded++;
                if (zi < 0 || zi >= d || ri < 0 || ri >= h || ci < 0 || ci >= w) continue;
                const v = x.data[((p * d + zi) * h + ri) * w + ci]!;
                best = Math.max(best, v);
                sum += v;
                count++;
              }
          y.data[o] = op.mode === 'max' ? best : sum / (op.countIncludePad ? padded : count);
        }
  return y;
}

/** The window PyTorch's adaptive pools use for output cell i of `out` over `size`: ⌊i·size/out⌋ … ⌈(i+1)·size/out⌉. */
function adaptiveRange(i: number, size: number, out: number): [number, number] {
  return [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)];
}

/** AdaptiveAvgPool / AdaptiveMaxPool of any rank: forward, with each output's source indices kept for backward. */
export function adaptivePool(
  op: AdaptiveOp,
  x: Tensor,
  outShape: readonly number[],
): { y: Tensor; windows: Int32Array[] } {
  const spatial = x.shape.slice(2);
  const outSpatial = outShape.slice(2);
  const planes = x.shape[0]! * x.shape[1]!;
  const inPlane = numel(spatial);
  const outPlane = numel(outSpatial);
  const y = tensor([...outShape]);
  const windows: Int32Array[] = [];
  const cell = new Int32Array(outSpatial.length);
  for (let o = 0; o < outPlane; o++) {
    // Offsets (within a plane) of the input cells this output cell covers.
    let offsets = [0];
    let stride = inPlane;
    for (let d = 0; d < spatial.length; d++) {
      stride /= spatial[d]!;
      const [lo, hi] = adaptiveRange(cell[d]!, spatial[d]!, outSpatial[d]!);
      const next: number[] = [];
      for (const base of offsets) for (let k = lo; k < hi; k++) next.push(base + k * stride);
      offsets = next;
    }
    windows.push(Int32Array.from(offsets));
    for (let d = outSpatial.length - 1; d >= 0; d--) {
      if (++cell[d]! < outSpatial[d]!) break;
      cell[d] = 0;
    }
  }
  for (let p = 0; p < planes; p++) {
    for (let o = 0; o < outPlane; o++) {
      const win = windows[o]!;
      let best = -Infinity;
      let sum = 0;
      for (const k of win) {
        const v = x.data[p * inPlane + k]!;
        best = Math.max(best, v);
        sum += v;
      }
      y.data[p * outPlane + o] = op.mode === 'max' ? best : sum / win.length;
    }
  }
  return { y, windows };
}

/** Gradient of an adaptive pool's input (max: to the first maximum, as PyTorch). */
export function adaptivePoolBackward(op: AdaptiveOp, x: Tensor, dy: Tensor): Float64Array {
  const { windows } = adaptivePool(op, x, dy.shape);
  const inPlane = numel(x.shape.slice(2));
  const outPlane = windows.length;
  const dx = new Float64Array(x.data.length);
  const planes = x.shape[0]! * x.shape[1]!;
  for (let p = 0; p < planes; p++)
    for (let o = 0; o < outPlane; o++) {
      const win = windows[o]!;
      const g = dy.data[p * outPlane + o]!;
      if (op.mode === 'avg') for (const k of win) dx[p * inPlane + k]! += g / win.length;
      else {
        let best = -Infinity;
        let at = 0;
        for (const k of win) if (x.data[p * inPlane + k]! > best) [best, at] = [x.data[p * inPlane + k]!, k];
        dx[p * inPlane + at]! += g;
      }
    }
  return dx;
}

/** The engine cannot do `what` for `layer`: named, never skipped. */
export function unsupported(layer: string, what: string): ShapeError {
  return new ShapeError(l10n.t('the engine cannot run {0}: {1} is not implemented', layer, what), 'notRunnable', {
    layer,
    what,
  });
}
