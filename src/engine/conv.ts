// conv2d forward and backward and conv_transpose2d on typed arrays, matching PyTorch's definitions.
import { conv2dGeometry, validRange, type Conv2dOptions, type ConvGeometry } from './convGeometry';
import { pair, requireInts, type Pair } from './params';
import { depthwiseForwardInto } from './depthwise';
import { gemm } from './gemm';
import { scratch } from './scratch';
import { convTransposeOutputSize } from './shapes';
import { dims4, formatShape, MAX_TENSOR_ELEMENTS, ShapeError, tensor, type Tensor } from './tensor';
import { wasmConvForward, wasmConvInputGrad, wasmConvWeightGrad } from './wasm/wasmConv';
import { ranInWasm, wasmFor } from './wasm/wasmRuntime';
import * as l10n from '../l10n';

function checkBias(bias: Tensor | undefined, channels: number): void {
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== channels)) {
    throw new ShapeError(
      l10n.t('bias must have shape {0} (one per output channel), got {1}', channels, formatShape(bias.shape)),
    );
  }
}

/** Multiply-adds of one conv2d pass with this geometry. */
function convMacs(g: ConvGeometry): number {
  return g.batch * g.outChannels * (g.inChannels / g.groups) * g.kh * g.kw * g.outH * g.outW;
}

/** Below this many multiply-adds the direct loop wins; above it, im2col + packed GEMM. */
const GEMM_THRESHOLD = 1 << 12;

/** y = conv2d(x, weight) + bias, cross-correlation as in PyTorch. */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor, options: Conv2dOptions = {}): Tensor {
  const g = conv2dGeometry(x.shape, weight.shape, options);
  checkBias(bias, g.outChannels);
  const y = tensor([g.batch, g.outChannels, g.outH, g.outW]);
  const macs = convMacs(g);
  // im2col needs (C_in/groups)·Kh·Kw × H_out·W_out of scratch: past the tensor limit the direct loop (no scratch) runs.
  const columns = (g.inChannels / g.groups) * g.kh * g.kw * g.outH * g.outW;
  const wasm = wasmFor(macs);
  if (wasm && ranInWasm(() => wasmConvForward(wasm, g, x.data, weight.data, bias?.data, y.data))) return y;
  // One input channel per group: a GEMM of depth Kh·Kw would be mostly packing; sums in registers beat it.
  if (g.inChannels === g.groups) depthwiseForwardInto(g, x.data, weight.data, bias?.data, y.data);
  else if (macs >= GEMM_THRESHOLD && g.outChannels / g.groups >= 4 && columns <= MAX_TENSOR_ELEMENTS)
    convGemmInto(g, x.data, weight.data, bias?.data, y.data);
  else convForwardInto(g, x.data, weight.data, bias?.data, y.data);
  return y;
}

/** The reference conv2d: the direct loop nest only (tests compare the fast path against it). */
export function conv2dReference(x: Tensor, weight: Tensor, bias?: Tensor, options: Conv2dOptions = {}): Tensor {
  const g = conv2dGeometry(x.shape, weight.shape, options);
  checkBias(bias, g.outChannels);
  const y = tensor([g.batch, g.outChannels, g.outH, g.outW]);
  convForwardInto(g, x.data, weight.data, bias?.data, y.data);
  return y;
}

/** Unrolls one image's group of input channels into columns: row (ic, ki, kj), column (oh, ow); padding reads as 0. */
function im2col(g: ConvGeometry, x: Float64Array, xOffset: number, channels: number, col: Float64Array): void {
  const plane = g.outH * g.outW;
  let row = 0;
  for (let ic = 0; ic < channels; ic++) {
    const xBase = xOffset + ic * g.inH * g.inW;
    for (let ki = 0; ki < g.kh; ki++) {
      const offH = ki * g.dilationH - g.padTop;
      const [ohLo, ohHi] = validRange(offH, g.strideH, g.inH, g.outH);
      for (let kj = 0; kj < g.kw; kj++, row++) {
        const offW = kj * g.dilationW - g.padLeft;
        const [owLo, owHi] = validRange(offW, g.strideW, g.inW, g.outW);
        const base = row * plane;
        col.fill(0, base, base + plane);
        for (let oh = ohLo; oh < ohHi; oh++) {
          const xRow = xBase + (oh * g.strideH + offH) * g.inW + offW;
          const cRow = base + oh * g.outW;
          for (let ow = owLo; ow < owHi; ow++) col[cRow + ow] = x[xRow + ow * g.strideW]!;
        }
      }
    }
  }
}

/** conv2d as one matrix product per image and group: W (C_out/g × C_in/g·Kh·Kw) · im2col(x). */
function convGemmInto(
  g: ConvGeometry,
  x: Float64Array,
  w: Float64Array,
  b: Float64Array | undefined,
  y: Float64Array,
): void {
  const inPerGroup = g.inChannels / g.groups;
  const outPerGroup = g.outChannels / g.groups;
  const k = inPerGroup * g.kh * g.kw;
  const plane = g.outH * g.outW;
  const col = scratch('conv.col', k * plane);
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      im2col(g, x, (n * g.inChannels + grp * inPerGroup) * g.inH * g.inW, inPerGroup, col);
      gemm(
        outPerGroup,
        plane,
        k,
        w,
        grp * outPerGroup * k,
        col,
        y,
        (n * g.outChannels + grp * outPerGroup) * plane,
        b,
        grp * outPerGroup,
      );
    }
  }
}

/** The forward loop nest: for each weight tap, a broadcast multiply-add over the valid output rows. */
function convForwardInto(
  g: ConvGeometry,
  x: Float64Array,
  w: Float64Array,
  b: Float64Array | undefined,
  y: Float64Array,
): void {
  // Sizes in locals: the inner loop should touch nothing but the two arrays.
  const { kw, inW, outW, strideW: sw, strideH: sh } = g;
  const inPerGroup = g.inChannels / g.groups;
  const outPerGroup = g.outChannels / g.groups;
  const inPlane = g.inH * g.inW;
  const outPlane = g.outH * g.outW;
  const kArea = g.kh * g.kw;
  for (let n = 0; n < g.batch; n++) {
    for (let oc = 0; oc < g.outChannels; oc++) {
      const yBase = (n * g.outChannels + oc) * outPlane;
      if (b) y.fill(b[oc]!, yBase, yBase + outPlane);
      const firstIn = Math.floor(oc / outPerGroup) * inPerGroup;
      for (let icg = 0; icg < inPerGroup; icg++) {
        const xBase = (n * g.inChannels + firstIn + icg) * inPlane;
        const wBase = (oc * inPerGroup + icg) * kArea;
        for (let ki = 0; ki < g.kh; ki++) {
          const offH = ki * g.dilationH - g.padTop;
          const [ohLo, ohHi] = validRange(offH, g.strideH, g.inH, g.outH);
          for (let kj = 0; kj < kw; kj++) {
            const wv = w[wBase + ki * kw + kj]!;
            if (wv === 0) continue;
            const offW = kj * g.dilationW - g.padLeft;
            const [owLo, owHi] = validRange(offW, sw, inW, outW);
            for (let oh = ohLo; oh < ohHi; oh++) {
              const xRow = xBase + (oh * sh + offH) * inW + offW;
              const yRow = yBase + oh * outW;
              if (sw === 1) for (let ow = owLo; ow < owHi; ow++) y[yRow + ow]! += wv * x[xRow + ow]!;
              else for (let ow = owLo; ow < owHi; ow++) y[yRow + ow]! += wv * x[xRow + ow * sw]!;
            }
          }
        }
      }
    }
  }
}

/**
 * The input-gradient loop nest, dx += Wᵀ ⋆ dy: also the forward pass of a transposed convolution. It walks the same
 * taps as convForwardInto with the arrays' roles swapped; the two stay separate so each inner loop is a plain
 * typed-array multiply-add (passing the inner statement as a callback makes it several times slower).
 */
function convInputGradInto(g: ConvGeometry, dy: Float64Array, w: Float64Array, dx: Float64Array): void {
  const inPerGroup = g.inChannels / g.groups;
  const outPerGroup = g.outChannels / g.groups;
  const inPlane = g.inH * g.inW;
  const outPlane = g.outH * g.outW;
  const kArea = g.kh * g.kw;
  for (let n = 0; n < g.batch; n++) {
    for (let oc = 0; oc < g.outChannels; oc++) {
      const dyBase = (n * g.outChannels + oc) * outPlane;
      const firstIn = Math.floor(oc / outPerGroup) * inPerGroup;
      for (let icg = 0; icg < inPerGroup; icg++) {
        const dxBase = (n * g.inChannels + firstIn + icg) * inPlane;
        const wBase = (oc * inPerGroup + icg) * kArea;
        for (let ki = 0; ki < g.kh; ki++) {
          const offH = ki * g.dilationH - g.padTop;
          const [ohLo, ohHi] = validRange(offH, g.strideH, g.inH, g.outH);
          for (let kj = 0; kj < g.kw; kj++) {
            const wv = w[wBase + ki * g.kw + kj]!;
            if (wv === 0) continue;
            const offW = kj * g.dilationW - g.padLeft;
            const [owLo, owHi] = validRange(offW, g.strideW, g.inW, g.outW);
            for (let oh = ohLo; oh < ohHi; oh++) {
              const dxRow = dxBase + (oh * g.strideH + offH) * g.inW + offW;
              const dyRow = dyBase + oh * g.outW;
              for (let ow = owLo; ow < owHi; ow++) dx[dxRow + ow * g.strideW]! += wv * dy[dyRow + ow]!;
            }
          }
        }
      }
    }
  }
}

/** The weight-gradient loop nest: dW[oc, ic, ki, kj] = Σ dy[oc] · x[ic] shifted by the tap. */
function convWeightGradInto(g: ConvGeometry, x: Float64Array, dy: Float64Array, dw: Float64Array): void {
  const inPerGroup = g.inChannels / g.groups;
  const outPerGroup = g.outChannels / g.groups;
  const inPlane = g.inH * g.inW;
  const outPlane = g.outH * g.outW;
  const kArea = g.kh * g.kw;
  for (let oc = 0; oc < g.outChannels; oc++) {
    const firstIn = Math.floor(oc / outPerGroup) * inPerGroup;
    for (let icg = 0; icg < inPerGroup; icg++) {
      const wBase = (oc * inPerGroup + icg) * kArea;
      for (let ki = 0; ki < g.kh; ki++) {
        const offH = ki * g.dilationH - g.padTop;
        const [ohLo, ohHi] = validRange(offH, g.strideH, g.inH, g.outH);
        for (let kj = 0; kj < g.kw; kj++) {
          const offW = kj * g.dilationW - g.padLeft;
          const [owLo, owHi] = validRange(offW, g.strideW, g.inW, g.outW);
          let acc = 0;
          for (let n = 0; n < g.batch; n++) {
            const xBase = (n * g.inChannels + firstIn + icg) * inPlane;
            const dyBase = (n * g.outChannels + oc) * outPlane;
            for (let oh = ohLo; oh < ohHi; oh++) {
              const xRow = xBase + (oh * g.strideH + offH) * g.inW + offW;
              const dyRow = dyBase + oh * g.outW;
              for (let ow = owLo; ow < owHi; ow++) acc += dy[dyRow + ow]! * x[xRow + ow * g.strideW]!;
            }
          }
          dw[wBase + ki * g.kw + kj] = acc;
        }
      }
    }
  }
}

/** Gradients of conv2d with respect to its input, weight and (when it had one) bias. */
export interface Conv2dGrads {
  readonly dx: Tensor;
  readonly dw: Tensor;
  readonly db?: Tensor;
}

/** Backward pass of conv2d: dX = flip(W) full-convolved with dY, dW = X ⋆ dY, db = Σ dY. */
export function conv2dBackward(
  x: Tensor,
  weight: Tensor,
  dy: Tensor,
  options: Conv2dOptions = {},
  hasBias = false,
): Conv2dGrads {
  const g = backwardGeometry(x, weight, dy, options);
  const dx = tensor(x.shape);
  const wasm = wasmFor(convMacs(g));
  if (!wasm || !ranInWasm(() => wasmConvInputGrad(wasm, g, dy.data, weight.data, dx.data)))
    convInputGradInto(g, dy.data, weight.data, dx.data);
  return { dx, ...parameterGrads(g, x, weight, dy, hasBias) };
}

/** The parameter half of conv2dBackward (dW and db, no dX): what a first layer needs when training. */
export function conv2dParameterGrads(
  x: Tensor,
  weight: Tensor,
  dy: Tensor,
  options: Conv2dOptions = {},
  hasBias = false,
): Omit<Conv2dGrads, 'dx'> {
  return parameterGrads(backwardGeometry(x, weight, dy, options), x, weight, dy, hasBias);
}

/** The forward geometry, with dy checked against its output shape. */
function backwardGeometry(x: Tensor, weight: Tensor, dy: Tensor, options: Conv2dOptions): ConvGeometry {
  const g = conv2dGeometry(x.shape, weight.shape, options);
  const expected = [g.batch, g.outChannels, g.outH, g.outW];
  if (dy.shape.length !== 4 || dy.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(
      l10n.t("dy must have the output's shape {0}, got {1}", formatShape(expected), formatShape(dy.shape)),
    );
  }
  return g;
}

function parameterGrads(
  g: ConvGeometry,
  x: Tensor,
  weight: Tensor,
  dy: Tensor,
  hasBias: boolean,
): Omit<Conv2dGrads, 'dx'> {
  const dw = tensor(weight.shape);
  const wasm = wasmFor(convMacs(g));
  if (!wasm || !ranInWasm(() => wasmConvWeightGrad(wasm, g, x.data, dy.data, dw.data)))
    convWeightGradInto(g, x.data, dy.data, dw.data);
  if (!hasBias) return { dw };
  const db = tensor([g.outChannels]);
  const plane = g.outH * g.outW;
  for (let n = 0; n < g.batch; n++) {
    for (let oc = 0; oc < g.outChannels; oc++) {
      let s = 0;
      const base = (n * g.outChannels + oc) * plane;
      for (let i = 0; i < plane; i++) s += dy.data[base + i]!;
      db.data[oc]! += s;
    }
  }
  return { dw, db };
}

/** Hyper-parameters of a transposed convolution (PyTorch names and defaults). */
export interface ConvTranspose2dOptions {
  readonly stride?: number | Pair;
  readonly padding?: number | Pair;
  readonly outputPadding?: number | Pair;
  readonly dilation?: number | Pair;
  readonly groups?: number;
}

/** Output shape of conv_transpose2d for x: N×C_in×H×W and weight: C_in×C_out/groups×Kh×Kw, validated. */
export function convTranspose2dShape(
  xShape: readonly number[],
  wShape: readonly number[],
  options: ConvTranspose2dOptions = {},
): [number, number, number, number] {
  if (xShape.length !== 4)
    throw new ShapeError(l10n.t('input must be 4-D (N, C, H, W), got shape {0}', formatShape(xShape)));
  if (wShape.length !== 4)
    throw new ShapeError(l10n.t('weight must be 4-D (C_in, C_out/groups, Kh, Kw), got shape {0}', formatShape(wShape)));
  const [n, cin, h, w] = xShape as [number, number, number, number];
  const [wIn, outPerGroup, kh, kw] = wShape as [number, number, number, number];
  const stride = pair(options.stride ?? 1, 'stride');
  const padding = pair(options.padding ?? 0, 'padding');
  const outputPadding = pair(options.outputPadding ?? 0, 'output_padding');
  const dilation = pair(options.dilation ?? 1, 'dilation');
  const groups = options.groups ?? 1;
  requireInts(stride, 'stride', 1);
  requireInts(dilation, 'dilation', 1);
  requireInts(padding, 'padding', 0);
  requireInts(outputPadding, 'output_padding', 0);
  if (!Number.isInteger(groups) || groups < 1)
    throw new ShapeError(l10n.t('groups must be an integer ≥ 1, got {0}', groups));
  if (cin % groups !== 0) throw new ShapeError(l10n.t('groups={0} does not divide in_channels={1}', groups, cin));
  if (wIn !== cin)
    throw new ShapeError(
      l10n.t('input has {0} channels but the transposed-conv weight {1} expects {2}', cin, formatShape(wShape), wIn),
    );
  for (let a = 0; a < 2; a++) {
    if (outputPadding[a]! >= stride[a]! && outputPadding[a]! >= dilation[a]!) {
      throw new ShapeError(
        l10n.t(
          'output_padding {0} must be smaller than either stride {1} or dilation {2}',
          outputPadding[a]!,
          stride[a]!,
          dilation[a]!,
        ),
      );
    }
  }
  const outH = convTransposeOutputSize(h, kh, stride[0], padding[0], dilation[0], outputPadding[0]);
  const outW = convTransposeOutputSize(w, kw, stride[1], padding[1], dilation[1], outputPadding[1]);
  if (outH <= 0 || outW <= 0)
    throw new ShapeError(
      l10n.t(
        'transposed convolution output would be {0}×{1}: padding {2}×{3} is too large',
        outH,
        outW,
        padding[0],
        padding[1],
      ),
    );
  return [n, outPerGroup * groups, outH, outW];
}

/** y = conv_transpose2d(x, weight) + bias: every input cell stamps a scaled kernel into the output. */
export function convTranspose2d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor,
  options: ConvTranspose2dOptions = {},
): Tensor {
  const [n, cout, outH, outW] = convTranspose2dShape(x.shape, weight.shape, options);
  checkBias(bias, cout);
  const [, cin, h, w] = dims4(x, 'input');
  const stride = pair(options.stride ?? 1, 'stride');
  const padding = pair(options.padding ?? 0, 'padding');
  const dilation = pair(options.dilation ?? 1, 'dilation');
  // A transposed conv is the input-gradient of the conv that maps its output (cout channels) back to x (cin).
  const g: ConvGeometry = {
    batch: n,
    inChannels: cout,
    inH: outH,
    inW: outW,
    outChannels: cin,
    kh: weight.shape[2]!,
    kw: weight.shape[3]!,
    groups: options.groups ?? 1,
    strideH: stride[0],
    strideW: stride[1],
    dilationH: dilation[0],
    dilationW: dilation[1],
    padTop: padding[0],
    padBottom: padding[0],
    padLeft: padding[1],
    padRight: padding[1],
    outH: h,
    outW: w,
  };
  const y = tensor([n, cout, outH, outW]);
  const wasm = wasmFor(convMacs(g));
  if (!wasm || !ranInWasm(() => wasmConvInputGrad(wasm, g, x.data, weight.data, y.data)))
    convInputGradInto(g, x.data, weight.data, y.data);
  if (bias) {
    const plane = outH * outW;
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < cout; c++) {
        const base = (b * cout + c) * plane;
        for (let i = 0; i < plane; i++) y.data[base + i]! += bias.data[c]!;
      }
    }
  }
  return y;
}
