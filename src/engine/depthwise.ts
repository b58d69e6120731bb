// conv2d forward for one input channel per group (depthwise convs, and any conv of a one-channel image) in TypeScript:
// each output sums its taps in a register, in the reference loop nest's order, so the result is bit for bit the same.
import type { ConvGeometry } from './convGeometry';

/** First and end output index whose whole window lies inside the input along one axis. */
function interior(pad: number, stride: number, span: number, size: number, outSize: number): [number, number] {
  const lo = Math.min(outSize, Math.ceil(pad / stride));
  const hi = Math.min(outSize, Math.floor((size - span + pad) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * y = conv2d(x, w) + b for inChannels / groups = 1 (every element written). Like convForwardInto it starts from the
 * bias (or 0) and adds weight × input tap by tap in (ki, kj) order, skipping zero weights and taps in the padding;
 * here the sum stays in a register instead of being read and written back once per tap.
 */
export function depthwiseForwardInto(
  g: ConvGeometry,
  x: Float64Array,
  w: Float64Array,
  b: Float64Array | undefined,
  y: Float64Array,
): void {
  const { kh, kw, inH, inW, outH, outW, strideH: sh, strideW: sw, dilationH: dh, dilationW: dw } = g;
  const padT = g.padTop,
    padL = g.padLeft;
  const mult = g.outChannels / g.groups;
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  const [ohLo, ohHi] = interior(padT, sh, (kh - 1) * dh + 1, inH, outH);
  const [owLo, owHi] = interior(padL, sw, (kw - 1) * dw + 1, inW, outW);
  // Per output channel: its nonzero taps' weights, their offsets from the window's corner, and their (ki, kj).
  const tapW = new Float64Array(kh * kw);
  const tapOff = new Int32Array(kh * kw);
  const tapRow = new Int32Array(kh * kw);
  const tapCol = new Int32Array(kh * kw);
  for (let n = 0; n < g.batch; n++) {
    for (let oc = 0; oc < g.outChannels; oc++) {
      const xBase = (n * g.inChannels + Math.floor(oc / mult)) * inPlane;
      const yBase = (n * g.outChannels + oc) * outPlane;
      const bias = b ? b[oc]! : 0;
      let taps = 0;
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const wv = w[oc * kh * kw + ki * kw + kj]!;
          if (wv === 0) continue;
          tapW[taps] = wv;
          tapOff[taps] = ki * dh * inW + kj * dw;
          tapRow[taps] = ki * dh;
          tapCol[taps] = kj * dw;
          taps++;
        }
      }
      const nonzero: Taps = { count: taps, w: tapW, row: tapRow, col: tapCol };
      for (let oh = 0; oh < outH; oh++) {
        const ih0 = oh * sh - padT;
        const yRow = yBase + oh * outW;
        if (oh < ohLo || oh >= ohHi) {
          edgeCells(x, y, nonzero, xBase, yRow, ih0, 0, outW, sw, padL, inH, inW, bias);
          continue;
        }
        edgeCells(x, y, nonzero, xBase, yRow, ih0, 0, owLo, sw, padL, inH, inW, bias);
        edgeCells(x, y, nonzero, xBase, yRow, ih0, owHi, outW, sw, padL, inH, inW, bias);
        const corner = xBase + ih0 * inW - padL;
        if (taps === 9 && kh === 3 && kw === 3)
          interior3x3(x, y, corner, yRow, owLo, owHi, sw, dh * inW, dw, bias, tapW);
        else {
          for (let ow = owLo; ow < owHi; ow++) {
            const at = corner + ow * sw;
            let acc = bias;
            for (let t = 0; t < taps; t++) acc += tapW[t]! * x[at + tapOff[t]!]!;
            y[yRow + ow] = acc;
          }
        }
      }
    }
  }
}

/** One output channel's nonzero taps: weights and (row, column) offsets in the input from the window's corner. */
interface Taps {
  readonly count: number;
  readonly w: Float64Array;
  readonly row: Int32Array;
  readonly col: Int32Array;
}

/** Output cells [from, to) of one row whose window reaches into the padding: each tap checked against the edges. */
function edgeCells(
  x: Float64Array,
  y: Float64Array,
  taps: Taps,
  xBase: number,
  yRow: number,
  ih0: number,
  from: number,
  to: number,
  sw: number,
  padL: number,
  inH: number,
  inW: number,
  bias: number,
): void {
  for (let ow = from; ow < to; ow++) {
    const iw0 = ow * sw - padL;
    let acc = bias;
    for (let t = 0; t < taps.count; t++) {
      const ih = ih0 + taps.row[t]!,
        iw = iw0 + taps.col[t]!;
      if (ih >= 0 && ih < inH && iw >= 0 && iw < inW) acc += taps.w[t]! * x[xBase + ih * inW + iw]!;
    }
    y[yRow + ow] = acc;
  }
}

/** Interior cells of one output row for a 3×3 kernel with nine nonzero weights: the weights in locals, no loop. */
function interior3x3(
  x: Float64Array,
  y: Float64Array,
  corner: number,
  yRow: number,
  owLo: number,
  owHi: number,
  sw: number,
  rowStep: number,
  colStep: number,
  bias: number,
  tapW: Float64Array,
): void {
  const w0 = tapW[0]!,
    w1 = tapW[1]!,
    w2 = tapW[2]!,
    w3 = tapW[3]!,
    w4 = tapW[4]!,
    w5 = tapW[5]!,
    w6 = tapW[6]!,
    w7 = tapW[7]!,
    w8 = tapW[8]!;
  const c1 = colStep,
    c2 = 2 * colStep;
  for (let ow = owLo; ow < owHi; ow++) {
    const r0 = corner + ow * sw,
      r1 = r0 + rowStep,
      r2 = r1 + rowStep;
    y[yRow + ow] =
      bias +
      w0 * x[r0]! +
      w1 * x[r0 + c1]! +
      w2 * x[r0 + c2]! +
      w3 * x[r1]! +
      w4 * x[r1 + c1]! +
      w5 * x[r1 + c2]! +
      w6 * x[r2]! +
      w7 * x[r2 + c1]! +
      w8 * x[r2 + c2]!;
  }
}
