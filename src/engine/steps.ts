// Animation step traces: what a teacher points at for each output cell of a convolution or pooling, computed once here.
import { conv2dGeometry, type Conv2dOptions } from './convGeometry';
import { avgPool2d, pool2dGeometry, type Pool2dOptions } from './pool';
import { ShapeError, type Tensor } from './tensor';
import * as l10n from '../l10n';

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
  if (t.shape.length !== 2)
    throw new ShapeError(l10n.t('{0} must be a 2-D matrix for the animation, got {1}-D', what, t.shape.length));
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
  readonly dwContributions: readonly {
    readonly ki: number;
    readonly kj: number;
    readonly row: number;
    readonly col: number;
    readonly amount: number;
  }[];
  /** Running totals of dX and dW after this step, row-major. */
  readonly dx: readonly number[];
  readonly dw: readonly number[];
}

/** Every step of the single-channel conv2d backward pass, in row-major dY order; the last step holds the full dX and dW. */
export function* convBackwardSteps(
  input: Tensor,
  kernel: Tensor,
  dy: Tensor,
  options: Conv2dOptions = {},
): Generator<ConvBackwardStep> {
  const x = plane(input, 'input');
  const k = plane(kernel, 'kernel');
  const g = conv2dGeometry([1, 1, x.h, x.w], [1, 1, k.h, k.w], options);
  const d = plane(dy, 'dy');
  if (d.h !== g.outH || d.w !== g.outW)
    throw new ShapeError(l10n.t("dy must be {0}×{1} (the output's size), got {2}×{3}", g.outH, g.outW, d.h, d.w));
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

/** One input channel's share of a multi-channel output cell: its window, its kernel plane, the products and their sum. */
export interface ChannelPart {
  readonly inChannel: number;
  readonly window: readonly WindowCell[];
  readonly weights: readonly number[];
  readonly products: readonly number[];
  readonly sum: number;
}

/** One output cell of a multi-channel (optionally grouped) convolution: the planes it reads, plus bias. */
export interface MultiConvStep {
  readonly outChannel: number;
  readonly outRow: number;
  readonly outCol: number;
  readonly parts: readonly ChannelPart[];
  readonly bias: number;
  readonly sum: number;
}

/** Options of a multi-channel step trace: conv2d's geometry plus groups. */
export interface MultiConvOptions extends Conv2dOptions {
  readonly groups?: number;
}

function channelPlane(t: Tensor, index: number): Tensor {
  const [, h, w] = t.shape as [number, number, number];
  return { shape: [h, w], data: t.data.subarray(index * h * w, (index + 1) * h * w) };
}

/**
 * Every step of conv2d on input C_in×H×W with weight C_out×(C_in/groups)×Kh×Kw, output channel by output channel, each
 * cell listing the input planes of its group; the sums equal conv2d's output (the tests hold them to it).
 */
export function* multiChannelConvSteps(
  input: Tensor,
  weight: Tensor,
  bias: readonly number[] | undefined,
  options: MultiConvOptions = {},
): Generator<MultiConvStep> {
  if (input.shape.length !== 3)
    throw new ShapeError(l10n.t('input must be 3-D (C, H, W) for the animation, got {0}-D', input.shape.length));
  if (weight.shape.length !== 4)
    throw new ShapeError(l10n.t('weight must be 4-D (C_out, C_in/groups, Kh, Kw), got {0}-D', weight.shape.length));
  const [cin] = input.shape as [number];
  const [cout, perGroup, kh, kw] = weight.shape as [number, number, number, number];
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1)
    throw new ShapeError(l10n.t('groups must be an integer ≥ 1, got {0}', groups));
  if (cin % groups !== 0) throw new ShapeError(l10n.t('groups={0} does not divide in_channels={1}', groups, cin));
  if (cout % groups !== 0) throw new ShapeError(l10n.t('groups={0} does not divide out_channels={1}', groups, cout));
  if (perGroup !== cin / groups)
    throw new ShapeError(
      l10n.t('each kernel must have in_channels/groups = {0} planes, got {1}', cin / groups, perGroup),
    );
  if (bias && bias.length !== cout)
    throw new ShapeError(l10n.t('bias must have {0} values (one per output channel), got {1}', cout, bias.length));
  const outPerGroup = cout / groups;
  // Each plane is convolved on its own: the plane options are the layer's without groups.
  const { groups: _layerGroups, ...planeOptions }: Conv2dOptions = options;
  for (let oc = 0; oc < cout; oc++) {
    const first = Math.floor(oc / outPerGroup) * perGroup;
    const planes = Array.from({ length: perGroup }, (_, j) =>
      convSteps(
        channelPlane(input, first + j),
        {
          shape: [kh, kw],
          data: weight.data.subarray((oc * perGroup + j) * kh * kw, (oc * perGroup + j + 1) * kh * kw),
        },
        planeOptions,
      ),
    );
    const b = bias?.[oc] ?? 0;
    for (;;) {
      const steps = planes.map((p) => p.next());
      if (steps.some((s) => s.done)) break;
      const parts = steps.map((s, j): ChannelPart => {
        const step = s.value as ConvStep;
        return {
          inChannel: first + j,
          window: step.window,
          weights: step.weights,
          products: step.products,
          sum: step.sum,
        };
      });
      const head = steps[0]!.value as ConvStep;
      yield {
        outChannel: oc,
        outRow: head.outRow,
        outCol: head.outCol,
        parts,
        bias: b,
        sum: parts.reduce((acc, p) => acc + p.sum, b),
      };
    }
  }
}

/** One output cell a stamp touches: canvas position, the kernel tap, what is added and the running total after it. */
export interface StampCell {
  readonly row: number;
  readonly col: number;
  readonly weight: number;
  readonly add: number;
  readonly total: number;
}

/** One step of a transposed convolution: input cell (inRow, inCol) stamps value·kernel into the output canvas. */
export interface TransposeStep {
  readonly inRow: number;
  readonly inCol: number;
  readonly value: number;
  readonly cells: readonly StampCell[];
}

/** The uncropped canvas a transposed convolution stamps into: (H − 1)·S + d·(K − 1) + 1 (+ output_padding) per side. */
export function stampCanvasSize(
  inSize: number,
  kernel: number,
  stride: number,
  dilation: number,
  outputPadding: number,
): number {
  return (inSize - 1) * stride + dilation * (kernel - 1) + 1 + outputPadding;
}

/**
 * Every stamp of a single-channel transposed convolution in row-major input order, on the uncropped canvas; cropping
 * `padding` cells from each side gives conv_transpose2d's output (the tests hold it to the engine's).
 */
export function* convTransposeSteps(
  input: Tensor,
  kernel: Tensor,
  stride = 1,
  dilation = 1,
  outputPadding = 0,
): Generator<TransposeStep> {
  const x = plane(input, 'input');
  const k = plane(kernel, 'kernel');
  for (const [name, v, min] of [
    ['stride', stride, 1],
    ['dilation', dilation, 1],
    ['output_padding', outputPadding, 0],
  ] as const) {
    if (!Number.isInteger(v) || v < min)
      throw new ShapeError(l10n.t('{0} must be an integer ≥ {1}, got {2}', name, min, v));
  }
  const cols = stampCanvasSize(x.w, k.w, stride, dilation, outputPadding);
  const totals = new Float64Array(stampCanvasSize(x.h, k.h, stride, dilation, outputPadding) * cols);
  for (let i = 0; i < x.h; i++) {
    for (let j = 0; j < x.w; j++) {
      const value = x.at(i, j);
      const cells: StampCell[] = [];
      for (let ki = 0; ki < k.h; ki++) {
        for (let kj = 0; kj < k.w; kj++) {
          const row = i * stride + ki * dilation;
          const col = j * stride + kj * dilation;
          const weight = k.at(ki, kj);
          const add = value * weight;
          totals[row * cols + col]! += add;
          cells.push({ row, col, weight, add, total: totals[row * cols + col]! });
        }
      }
      yield { inRow: i, inCol: j, value, cells };
    }
  }
}
