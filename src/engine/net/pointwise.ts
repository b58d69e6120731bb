// Elementwise activations and softmax along an axis: forward values and the backward pass (gradient of the input).
import type { ActivationFn } from './plan';

const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;
const SQRT1_2PI = 0.3989422804014327;

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number): number => (x > 30 ? x : Math.log1p(Math.exp(x)));

/** erf to double precision: its Taylor series near 0, a continued fraction for erfc further out. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 60; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (ax > 6) return Math.sign(x);
  // erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))), evaluated from the tail.
  let f = 0;
  for (let k = 60; k >= 1; k--) f = k / 2 / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return Math.sign(x) * (1 - erfc);
}

/** f(x) for one activation; `a`, `b` are its settings (negative slope, alpha, min/max, beta/threshold, lambda…). */
export function activate(fn: ActivationFn, x: number, a: number, b: number): number {
  switch (fn) {
    case 'relu':
      return x > 0 ? x : 0;
    case 'relu6':
      return Math.min(Math.max(x, 0), 6);
    case 'leakyRelu':
      return x > 0 ? x : a * x;
    case 'elu':
      return x > 0 ? x : a * Math.expm1(x);
    case 'selu':
      return SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
    case 'celu':
      return Math.max(0, x) + Math.min(0, a * Math.expm1(x / a));
    case 'gelu':
      return 0.5 * x * (1 + erf(x * Math.SQRT1_2));
    case 'geluTanh':
      return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    case 'silu':
      return x * sigmoid(x);
    case 'mish':
      return x * Math.tanh(softplus(x));
    case 'sigmoid':
      return sigmoid(x);
    case 'tanh':
      return Math.tanh(x);
    case 'hardswish':
      return (x * Math.min(Math.max(x + 3, 0), 6)) / 6;
    case 'hardsigmoid':
      return Math.min(Math.max(x + 3, 0), 6) / 6;
    case 'hardtanh':
      return Math.min(Math.max(x, a), b);
    case 'softplus':
      return a * x > b ? x : Math.log1p(Math.exp(a * x)) / a;
    case 'softsign':
      return x / (1 + Math.abs(x));
    case 'tanhshrink':
      return x - Math.tanh(x);
    case 'softshrink':
      return x > a ? x - a : x < -a ? x + a : 0;
    case 'hardshrink':
      return x > a || x < -a ? x : 0;
    case 'logSigmoid':
      return -softplus(-x);
    case 'threshold':
      return x > a ? x : b;
  }
}

/** f'(x), the derivative used by the backward pass (PyTorch's choice at kinks: 0 for relu at 0). */
export function activateGrad(fn: ActivationFn, x: number, a: number, b: number): number {
  switch (fn) {
    case 'relu':
      return x > 0 ? 1 : 0;
    case 'relu6':
      return x > 0 && x < 6 ? 1 : 0;
    case 'leakyRelu':
      return x > 0 ? 1 : a;
    case 'elu':
      return x > 0 ? 1 : a * Math.exp(x);
    case 'selu':
      return SELU_SCALE * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x));
    case 'celu':
      return x > 0 ? 1 : Math.exp(x / a);
    case 'gelu':
      return 0.5 * (1 + erf(x * Math.SQRT1_2)) + x * SQRT1_2PI * Math.exp(-0.5 * x * x);
    case 'geluTanh': {
      const k = Math.sqrt(2 / Math.PI);
      const t = Math.tanh(k * (x + 0.044715 * x * x * x));
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x);
    }
    case 'silu': {
      const s = sigmoid(x);
      return s * (1 + x * (1 - s));
    }
    case 'mish': {
      const t = Math.tanh(softplus(x));
      return t + x * (1 - t * t) * sigmoid(x);
    }
    case 'sigmoid': {
      const s = sigmoid(x);
      return s * (1 - s);
    }
    case 'tanh': {
      const t = Math.tanh(x);
      return 1 - t * t;
    }
    case 'hardswish':
      return x < -3 ? 0 : x > 3 ? 1 : (2 * x + 3) / 6;
    case 'hardsigmoid':
      return x > -3 && x < 3 ? 1 / 6 : 0;
    case 'hardtanh':
      return x > a && x < b ? 1 : 0;
    case 'softplus':
      return a * x > b ? 1 : sigmoid(a * x);
    case 'softsign': {
      const d = 1 + Math.abs(x);
      return 1 / (d * d);
    }
    case 'tanhshrink': {
      const t = Math.tanh(x);
      return t * t;
    }
    case 'softshrink':
      return x > a || x < -a ? 1 : 0;
    case 'hardshrink':
      return x > a || x < -a ? 1 : 0;
    case 'logSigmoid':
      return 1 - sigmoid(x);
    case 'threshold':
      return x > a ? 1 : 0;
  }
}

/** Extent of one axis as (outer, size, inner) element counts: the axis' elements lie `inner` apart. */
export function axisSplit(shape: readonly number[], dim: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i]!;
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[dim]!, inner];
}

/** softmax (log: log_softmax; negate: softmin) along `dim` of x (shape `shape`) into a new array. */
export function softmaxForward(
  x: Float64Array,
  shape: readonly number[],
  dim: number,
  log: boolean,
  negate: boolean,
): Float64Array {
  const [outer, size, inner] = axisSplit(shape, dim);
  const y = new Float64Array(x.length);
  const sign = negate ? -1 : 1;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let max = -Infinity;
      for (let k = 0; k < size; k++) max = Math.max(max, sign * x[base + k * inner]!);
      let total = 0;
      for (let k = 0; k < size; k++) total += Math.exp(sign * x[base + k * inner]! - max);
      const logTotal = Math.log(total);
      for (let k = 0; k < size; k++) {
        const z = sign * x[base + k * inner]! - max - logTotal;
        y[base + k * inner] = log ? z : Math.exp(z);
      }
    }
  }
  return y;
}

/** Gradient of the input of softmax / log_softmax / softmin given its output y and the output gradient dy. */
export function softmaxBackward(
  y: Float64Array,
  dy: Float64Array,
  shape: readonly number[],
  dim: number,
  log: boolean,
  negate: boolean,
): Float64Array {
  const [outer, size, inner] = axisSplit(shape, dim);
  const dx = new Float64Array(y.length);
  const sign = negate ? -1 : 1;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let s = 0;
      for (let k = 0; k < size; k++) {
        const at = base + k * inner;
        s += log ? dy[at]! : dy[at]! * y[at]!;
      }
      for (let k = 0; k < size; k++) {
        const at = base + k * inner;
        dx[at] = sign * (log ? dy[at]! - Math.exp(y[at]!) * s : y[at]! * (dy[at]! - s));
      }
    }
  }
  return dx;
}
