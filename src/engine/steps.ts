// Animation step traces: what a teacher points at for each output cell of a convolution or pooling, computed once here.
import { conv2dGeometry, type Conv2dOptions } from './convGeometry';
import { avgPool2d, pool2dGeometry, type Pool2dOptions } from './pool';
import { ShapeError, type Tensor } from './tensor';

/** One input cell under the window; `padded` cells lie outside the input and read as 0 (or −∞ for max pooling). */
export interface WindowCell {
  /** Row and column in input coordinates (negative or ≥ size inside padding). */
  readonly row: number;
  readonly col: number;
  readonly value: number;
  readonly padded: boolean;
}

/** One step of a single-channel convolution: the window, the kernel taps, their products and the sum. */
export interface ConvStep {
  readonly outRow: number;
  readonly outCol: number;
  readonly window: readonly WindowCell[];
  readonly weights: readonly number[];
  readonly products: readonly number[];
  readonly bias: number;
  readonly sum: number;
}

function plane(t: Tensor, what: string): { h: number; w: number; at: (r: number, c: number) => number } {
  if (t.shape.length !== 2) throw new ShapeError(`${what} must be a 2-D matrix for the animation, got ${t.shape.length}-D`);
  const [h, w] = t.shape as [number, number];
  return { h, w, at: (r, c) => t.data[r * w + c]! };
}

/** Every step of conv2d on one input plane with one kernel, in row-major output order. */
export function* convSteps(input: Tensor, kernel: Tensor, options: Conv2dOptions = {}, bias = 0): Generator<ConvStep> {
  const x = plane(input, 'input');
  const k = plane(kernel, 'kernel');
  const g = conv2dGeometry([1, 1, x.h, x.w], [1, 1, k.h, k.w], options);
  for (let oh = 0; oh < g.outH; oh++) {
    for (let ow = 0; ow < g.outW; ow++) {
      const window: WindowCell[] = [];
      const weights: number[] = [];
      const products: number[] = [];
      let sum = bias;
      for (let ki = 0; ki < k.h; ki++) {
        for (let kj = 0; kj < k.w; kj++) {
          const row = oh * g.strideH - g.padTop + ki * g.dilationH;
          const col = ow * g.strideW - g.padLeft + kj * g.dilationW;
          const padded = row < 0 || col < 0 || row >= x.h || col >= x.w;
          const value = padded ? 0 : x.at(row, col);
          const w = k.at(ki, kj);
          window.push({ row, col, value, padded });
          weights.push(w);
          products.push(value * w);
          sum += value * w;
        }
      }
      yield { outRow: oh, outCol: ow, window, weights, products, bias, sum };
    }
  }
}

/** One step of pooling: the window and, for max pooling, which cell won. */
export interface PoolStep {
  readonly outRow: number;
  readonly outCol: number;
  readonly window: readonly WindowCell[];
  /** Index into `window` of the maximum (max pooling), or −1 (average). */
  readonly argmax: number;
  readonly value: number;
}

/** Every step of max or average pooling over one plane. */
export function* poolSteps(input: Tensor, mode: 'max' | 'avg', options: Pool2dOptions): Generator<PoolStep> {
  const x = plane(input, 'input');
  const g = pool2dGeometry([1, 1, x.h, x.w], options);
  // Averages come from the engine's own pooling so ceil_mode and count_include_pad follow one rule.
  const averages = mode === 'avg' ? avgPool2d({ shape: [1, 1, x.h, x.w], data: input.data }, options).data : undefined;
  for (let oh = 0; oh < g.outH; oh++) {
    for (let ow = 0; ow < g.outW; ow++) {
      const window: WindowCell[] = [];
      let best = -1;
      for (let ki = 0; ki < g.kh; ki++) {
        for (let kj = 0; kj < g.kw; kj++) {
          const row = oh * g.strideH - g.padH + ki * g.dilationH;
          const col = ow * g.strideW - g.padW + kj * g.dilationW;
          const padded = row < 0 || col < 0 || row >= x.h || col >= x.w;
          const value = padded ? (mode === 'max' ? -Infinity : 0) : x.at(row, col);
          window.push({ row, col, value, padded });
          if (!padded && (best < 0 || value > window[best]!.value || Number.isNaN(value))) best = window.length - 1;
        }
      }
      const value = averages ? averages[oh * g.outW + ow]! : window[best]!.value;
      yield { outRow: oh, outCol: ow, window, argmax: mode === 'max' ? best : -1, value };
    }
  }
}

/** One step of the convolution backward pass: how one dY cell spreads into dX (through W) and into dW (through X). */
export interface ConvBackwardStep {
  readonly outRow: number;
  readonly outCol: number;
  /** The upstream gradient at this output cell. */
  readonly grad: number;
  /** Input cells this dY cell reaches, each receiving grad · w (padded cells receive nothing). */
  readonly dxContributions: readonly { readonly row: number; readonly col: number; readonly amount: number }[];
  /** Kernel taps this dY cell updates, each receiving grad · x at input (row, col) under the window (0 in padding). */
  readonly dwContributions: readonly { readonly ki: number; readonly kj: number; readonly row: number; readonly col: number; readonly amount: number }[];
  /** Running totals of dX and dW after this step, row-major. */
  readonly dx: readonly number[];
  readonly dw: readonly number[];
}

/** Every step of the single-channel conv2d backward pass, in row-major dY order; the last step holds the full dX and dW. */
export function* convBackwardSteps(input: Tensor, kernel: Tensor, dy: Tensor, options: Conv2dOptions = {}): Generator<ConvBackwardStep> {
  const x = plane(input, 'input');
  const k = plane(kernel, 'kernel');
  const g = conv2dGeometry([1, 1, x.h, x.w], [1, 1, k.h, k.w], options);
  const d = plane(dy, 'dy');
  if (d.h !== g.outH || d.w !== g.outW) throw new ShapeError(`dy must be ${g.outH}×${g.outW} (the output's size), got ${d.h}×${d.w}`);
  const dx = new Array<number>(x.h * x.w).fill(0);
  const dw = new Array<number>(k.h * k.w).fill(0);
  for (let oh = 0; oh < g.outH; oh++) {
    for (let ow = 0; ow < g.outW; ow++) {
      const grad = d.at(oh, ow);
      const dxContributions: { row: number; col: number; amount: number }[] = [];
      const dwContributions: { ki: number; kj: number; row: number; col: number; amount: number }[] = [];
      for (let ki = 0; ki < k.h; ki++) {
        for (let kj = 0; kj < k.w; kj++) {
          const row = oh * g.strideH - g.padTop + ki * g.dilationH;
          const col = ow * g.strideW - g.padLeft + kj * g.dilationW;
          const inside = row >= 0 && col >= 0 && row < x.h && col < x.w;
          const xv = inside ? x.at(row, col) : 0;
          dwContributions.push({ ki, kj, row, col, amount: grad * xv });
          dw[ki * k.w + kj]! += grad * xv;
          if (inside) {
            const amount = grad * k.at(ki, kj);
            dxContributions.push({ row, col, amount });
            dx[row * x.w + col]! += amount;
          }
        }
      }
      yield { outRow: oh, outCol: ow, grad, dxContributions, dwContributions, dx: [...dx], dw: [...dw] };
    }
  }
}
