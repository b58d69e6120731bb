// Normalisations: BatchNorm (eval with running statistics, train with batch statistics), Instance/Group/LayerNorm; forward and backward.
import type { Tensor } from '../tensor';

/** What a normalisation's forward pass keeps for its backward pass: the normalised values and 1/σ per set. */
export interface NormCache {
  readonly xhat: Float64Array;
  readonly invStd: Float64Array;
}

/** Per-channel (axis 1) statistics of an (N, C, …) tensor. */
function channelSplit(shape: readonly number[]): [number, number, number] {
  const n = shape[0]!;
  const c = shape.length > 1 ? shape[1]! : 1;
  let inner = 1;
  for (let i = 2; i < shape.length; i++) inner *= shape[i]!;
  return [n, c, inner];
}

/**
 * BatchNorm forward. In eval mode (or without batch statistics) it uses the running mean and variance; in train mode
 * the batch's own (biased variance) and updates the running ones with the unbiased variance, momentum as in PyTorch.
 */
export function batchNormForward(
  x: Tensor,
  p: {
    weight?: Float64Array;
    bias?: Float64Array;
    runningMean?: Float64Array;
    runningVar?: Float64Array;
    eps: number;
    momentum: number;
  },
  train: boolean,
): { y: Float64Array; cache: NormCache } {
  const [n, c, inner] = channelSplit(x.shape);
  const y = new Float64Array(x.data.length);
  const xhat = new Float64Array(x.data.length);
  const invStd = new Float64Array(c);
  const count = n * inner;
  for (let ch = 0; ch < c; ch++) {
    let mean: number;
    let variance: number;
    if (train || !p.runningMean || !p.runningVar) {
      let s = 0;
      for (let b = 0; b < n; b++) for (let i = 0; i < inner; i++) s += x.data[(b * c + ch) * inner + i]!;
      mean = s / count;
      let v = 0;
      for (let b = 0; b < n; b++)
        for (let i = 0; i < inner; i++) {
          const d = x.data[(b * c + ch) * inner + i]! - mean;
          v += d * d;
        }
      variance = v / count;
      if (train && p.runningMean && p.runningVar) {
        p.runningMean[ch] = (1 - p.momentum) * p.runningMean[ch]! + p.momentum * mean;
        const unbiased = count > 1 ? v / (count - 1) : variance;
        p.runningVar[ch] = (1 - p.momentum) * p.runningVar[ch]! + p.momentum * unbiased;
      }
    } else {
      mean = p.runningMean[ch]!;
      variance = p.runningVar[ch]!;
    }
    const inv = 1 / Math.sqrt(variance + p.eps);
    invStd[ch] = inv;
    const g = p.weight ? p.weight[ch]! : 1;
    const beta = p.bias ? p.bias[ch]! : 0;
    for (let b = 0; b < n; b++)
      for (let i = 0; i < inner; i++) {
        const at = (b * c + ch) * inner + i;
        const h = (x.data[at]! - mean) * inv;
        xhat[at] = h;
        y[at] = h * g + beta;
      }
  }
  return { y, cache: { xhat, invStd } };
}

/** BatchNorm backward with batch statistics (train mode): dx, dγ, dβ. */
export function batchNormBackward(
  shape: readonly number[],
  dy: Float64Array,
  cache: NormCache,
  weight: Float64Array | undefined,
  train: boolean,
): { dx: Float64Array; dw: Float64Array; db: Float64Array } {
  const [n, c, inner] = channelSplit(shape);
  const dx = new Float64Array(dy.length);
  const dw = new Float64Array(c);
  const db = new Float64Array(c);
  const count = n * inner;
  for (let ch = 0; ch < c; ch++) {
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let b = 0; b < n; b++)
      for (let i = 0; i < inner; i++) {
        const at = (b * c + ch) * inner + i;
        sumDy += dy[at]!;
        sumDyXhat += dy[at]! * cache.xhat[at]!;
      }
    dw[ch] = sumDyXhat;
    db[ch] = sumDy;
    const g = (weight ? weight[ch]! : 1) * cache.invStd[ch]!;
    for (let b = 0; b < n; b++)
      for (let i = 0; i < inner; i++) {
        const at = (b * c + ch) * inner + i;
        // With running statistics (eval) the normalisation is a fixed affine map.
        dx[at] = train ? g * (dy[at]! - sumDy / count - (cache.xhat[at]! * sumDyXhat) / count) : g * dy[at]!;
      }
  }
  return { dx, dw, db };
}

/**
 * Normalises contiguous rows of `rowSize` elements (GroupNorm: one row per sample and group; InstanceNorm: per sample
 * and channel; LayerNorm: per position over the trailing shape), then scales by weight[k] and shifts by bias[k] where
 * k = affineIndex(element index).
 */
export function rowNormForward(
  x: Float64Array,
  rowSize: number,
  eps: number,
  weight: Float64Array | undefined,
  bias: Float64Array | undefined,
  affineIndex: (i: number) => number,
): { y: Float64Array; cache: NormCache } {
  const rows = x.length / rowSize;
  const y = new Float64Array(x.length);
  const xhat = new Float64Array(x.length);
  const invStd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let i = 0; i < rowSize; i++) s += x[r * rowSize + i]!;
    const mean = s / rowSize;
    let v = 0;
    for (let i = 0; i < rowSize; i++) v += (x[r * rowSize + i]! - mean) ** 2;
    const inv = 1 / Math.sqrt(v / rowSize + eps);
    invStd[r] = inv;
    for (let i = 0; i < rowSize; i++) {
      const at = r * rowSize + i;
      const h = (x[at]! - mean) * inv;
      xhat[at] = h;
      const k = affineIndex(at);
      y[at] = h * (weight ? weight[k]! : 1) + (bias ? bias[k]! : 0);
    }
  }
  return { y, cache: { xhat, invStd } };
}

/** Backward of rowNormForward: dx and the affine gradients (length `affineSize`). */
export function rowNormBackward(
  dy: Float64Array,
  rowSize: number,
  cache: NormCache,
  weight: Float64Array | undefined,
  affineIndex: (i: number) => number,
  affineSize: number,
): { dx: Float64Array; dw: Float64Array; db: Float64Array } {
  const rows = dy.length / rowSize;
  const dx = new Float64Array(dy.length);
  const dw = new Float64Array(affineSize);
  const db = new Float64Array(affineSize);
  const dh = new Float64Array(rowSize);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    let sumH = 0;
    for (let i = 0; i < rowSize; i++) {
      const at = r * rowSize + i;
      const k = affineIndex(at);
      dw[k]! += dy[at]! * cache.xhat[at]!;
      db[k]! += dy[at]!;
      dh[i] = dy[at]! * (weight ? weight[k]! : 1);
      sum += dh[i]!;
      sumH += dh[i]! * cache.xhat[at]!;
    }
    const inv = cache.invStd[r]!;
    for (let i = 0; i < rowSize; i++) {
      const at = r * rowSize + i;
      dx[at] = inv * (dh[i]! - sum / rowSize - (cache.xhat[at]! * sumH) / rowSize);
    }
  }
  return { dx, dw, db };
}
