// conv2d forward, input gradient and weight gradient on the WebAssembly kernels (float32 inside, float64 outside).
import type { ConvGeometry } from '../convGeometry';
import { B_IM2COL, B_MATRIX, gemmWork } from './wasmGemm';
import { freshArena, type WasmArena } from './wasmMemory';
import type { WasmKernels } from './wasmRuntime';

/** Output channels per group below which the direct kernel beats packing for the GEMM. */
const DIRECT_BELOW = 16;

function setGeometry(k: WasmKernels, g: ConvGeometry): void {
  k.setConvGeometry(
    g.inH,
    g.inW,
    g.outH,
    g.outW,
    g.kh,
    g.kw,
    g.strideH,
    g.strideW,
    g.dilationH,
    g.dilationW,
    g.padTop,
    g.padLeft,
  );
}

/** The geometry the direct kernels take before their pointers, in their parameter order. */
type DirectGeometry = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
function directGeometry(g: ConvGeometry): DirectGeometry {
  return [
    g.batch,
    g.inChannels,
    g.inH,
    g.inW,
    g.outChannels,
    g.outH,
    g.outW,
    g.kh,
    g.kw,
    g.groups,
    g.strideH,
    g.strideW,
    g.dilationH,
    g.dilationW,
    g.padTop,
    g.padLeft,
  ];
}

/** y = conv2d(x, w) + b into y (every element written). */
export function wasmConvForward(
  k: WasmKernels,
  g: ConvGeometry,
  x: Float64Array,
  w: Float64Array,
  b: Float64Array | undefined,
  y: Float64Array,
): void {
  const arena = freshArena(k);
  const xp = arena.putF32(x);
  const wp = arena.putF32(w);
  const bp = b ? arena.putF32(b) : 0;
  const yp = arena.alloc(y.length);
  convForwardIn(k, arena, g, xp, wp, bp, yp);
  arena.getF32(yp, y.length, y);
}

/** The forward pass on operands already in the kernels' memory (also dX of a stride-1 conv, with flipped weights). */
function convForwardIn(
  k: WasmKernels,
  arena: WasmArena,
  g: ConvGeometry,
  xp: number,
  wp: number,
  bp: number,
  yp: number,
): void {
  const inPerGroup = g.inChannels / g.groups;
  const outPerGroup = g.outChannels / g.groups;
  const inPlane = g.inH * g.inW;
  const plane = g.outH * g.outW;
  if (inPerGroup === 1) {
    // Depthwise: one input plane per group; a direct kernel (a GEMM with one row would waste the register tile).
    const padded = arena.alloc(
      k.depthwiseWork(g.outH, g.outW, g.kh, g.kw, g.strideH, g.strideW, g.dilationH, g.dilationW),
    );
    for (let n = 0; n < g.batch; n++) {
      k.depthwiseConv(
        g.outChannels,
        outPerGroup,
        g.inH,
        g.inW,
        g.outH,
        g.outW,
        g.kh,
        g.kw,
        g.strideH,
        g.strideW,
        g.dilationH,
        g.dilationW,
        g.padTop,
        g.padLeft,
        xp + 4 * n * g.inChannels * inPlane,
        wp,
        bp,
        yp + 4 * n * g.outChannels * plane,
        padded,
      );
    }
    return;
  }
  if (outPerGroup < DIRECT_BELOW) {
    // Few outputs per group: most of a GEMM tile would be padding, and packing would cost more than the products.
    k.convDirect(...directGeometry(g), xp, wp, bp, yp);
    return;
  }
  const depth = inPerGroup * g.kh * g.kw;
  const { aPack, bPack } = gemmWork(arena, outPerGroup, depth);
  // A 1×1, stride-1, unpadded conv reads the image itself as the K×P matrix.
  const pointwise =
    g.kh === 1 &&
    g.kw === 1 &&
    g.strideH === 1 &&
    g.strideW === 1 &&
    g.padTop === 0 &&
    g.padLeft === 0 &&
    g.outH === g.inH &&
    g.outW === g.inW;
  setGeometry(k, g);
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const xg = xp + 4 * (n * g.inChannels + grp * inPerGroup) * inPlane;
      const yg = yp + 4 * (n * g.outChannels + grp * outPerGroup) * plane;
      const bg = bp ? bp + 4 * grp * outPerGroup : 0;
      k.gemm(
        outPerGroup,
        plane,
        depth,
        wp + 4 * grp * outPerGroup * depth,
        depth,
        1,
        xg,
        plane,
        1,
        pointwise ? B_MATRIX : B_IM2COL,
        yg,
        plane,
        0,
        bg,
        aPack,
        bPack,
      );
    }
  }
}

/** dx = Wᵀ ⋆ dy (the input gradient; also a transposed convolution's forward pass) into dx (every element written). */
export function wasmConvInputGrad(
  k: WasmKernels,
  g: ConvGeometry,
  dy: Float64Array,
  w: Float64Array,
  dx: Float64Array,
): void {
  const arena = freshArena(k);
  const dyp = arena.putF32(dy);
  const dxp = arena.alloc(dx.length);
  const fullPadTop = g.dilationH * (g.kh - 1) - g.padTop;
  const fullPadLeft = g.dilationW * (g.kw - 1) - g.padLeft;
  if (
    g.strideH === 1 &&
    g.strideW === 1 &&
    fullPadTop >= 0 &&
    fullPadLeft >= 0 &&
    g.dilationH * (g.kh - 1) >= g.padBottom &&
    g.dilationW * (g.kw - 1) >= g.padRight
  ) {
    // Stride 1: dX is the forward conv of dY with the flipped, transposed kernel and the complementary padding.
    const flipped: ConvGeometry = {
      batch: g.batch,
      inChannels: g.outChannels,
      inH: g.outH,
      inW: g.outW,
      outChannels: g.inChannels,
      kh: g.kh,
      kw: g.kw,
      groups: g.groups,
      strideH: 1,
      strideW: 1,
      dilationH: g.dilationH,
      dilationW: g.dilationW,
      padTop: fullPadTop,
      padLeft: fullPadLeft,
      padBottom: g.dilationH * (g.kh - 1) - g.padBottom,
      padRight: g.dilationW * (g.kw - 1) - g.padRight,
      outH: g.inH,
      outW: g.inW,
    };
    convForwardIn(k, arena, flipped, dyp, putFlipped(arena, g, w), 0, dxp);
  } else {
    colGradient(k, arena, g, dyp, arena.putF32(w), dxp);
  }
  arena.getF32(dxp, dx.length, dx);
}

/** W'[ic, oc', ki, kj] = W[oc, ic', Kh−1−ki, Kw−1−kj] within each group, as float32 in fresh memory. */
function putFlipped(arena: WasmArena, g: ConvGeometry, w: Float64Array): number {
  const inPerGroup = g.inChannels / g.groups;
  const outPerGroup = g.outChannels / g.groups;
  const area = g.kh * g.kw;
  const at = arena.alloc(w.length);
  const f = arena.floats();
  let o = at >> 2;
  for (let grp = 0; grp < g.groups; grp++) {
    for (let icg = 0; icg < inPerGroup; icg++) {
      for (let ocg = 0; ocg < outPerGroup; ocg++) {
        const src = ((grp * outPerGroup + ocg) * inPerGroup + icg) * area;
        for (let t = area - 1; t >= 0; t--) f[o++] = w[src + t]!;
      }
    }
  }
  return at;
}

/** General dX: col = Wᵀ·dY per image and group (a GEMM), then col2im adds each column back where it was read. */
function colGradient(k: WasmKernels, arena: WasmArena, g: ConvGeometry, dyp: number, wp: number, dxp: number): void {
  const inPerGroup = g.inChannels / g.groups;
  const outPerGroup = g.outChannels / g.groups;
  const depth = inPerGroup * g.kh * g.kw;
  const plane = g.outH * g.outW;
  const inPlane = g.inH * g.inW;
  const col = arena.alloc(depth * plane);
  const { aPack, bPack } = gemmWork(arena, depth, outPerGroup);
  arena.floats().fill(0, dxp >> 2, (dxp >> 2) + g.batch * g.inChannels * inPlane);
  setGeometry(k, g);
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const dyg = dyp + 4 * (n * g.outChannels + grp * outPerGroup) * plane;
      k.gemm(
        depth,
        plane,
        outPerGroup,
        wp + 4 * grp * outPerGroup * depth,
        1,
        depth,
        dyg,
        plane,
        1,
        B_MATRIX,
        col,
        plane,
        0,
        0,
        aPack,
        bPack,
      );
      k.col2im(inPerGroup, col, dxp + 4 * (n * g.inChannels + grp * inPerGroup) * inPlane);
    }
  }
}

/** dw = Σ_n dY_n · im2col(x_n)ᵀ per group (every element written). */
export function wasmConvWeightGrad(
  k: WasmKernels,
  g: ConvGeometry,
  x: Float64Array,
  dy: Float64Array,
  dw: Float64Array,
): void {
  const arena = freshArena(k);
  const xp = arena.putF32(x);
  const dyp = arena.putF32(dy);
  const dwp = arena.alloc(dw.length);
  const inPerGroup = g.inChannels / g.groups;
  const outPerGroup = g.outChannels / g.groups;
  const depth = inPerGroup * g.kh * g.kw;
  const plane = g.outH * g.outW;
  const inPlane = g.inH * g.inW;
  if (outPerGroup < DIRECT_BELOW) {
    k.convWeightGradDirect(...directGeometry(g), xp, dyp, dwp);
    arena.getF32(dwp, dw.length, dw);
    return;
  }
  const { aPack, bPack } = gemmWork(arena, outPerGroup, plane);
  // im2col once per image and group, then B = im2colᵀ read by a transposing pack (no gathers from the image).
  const col = arena.alloc(depth * plane);
  setGeometry(k, g);
  for (let grp = 0; grp < g.groups; grp++) {
    for (let n = 0; n < g.batch; n++) {
      const dyg = dyp + 4 * (n * g.outChannels + grp * outPerGroup) * plane;
      k.im2col(inPerGroup, xp + 4 * (n * g.inChannels + grp * inPerGroup) * inPlane, col);
      k.gemm(
        outPerGroup,
        depth,
        plane,
        dyg,
        plane,
        1,
        col,
        1,
        plane,
        B_MATRIX,
        dwp + 4 * grp * outPerGroup * depth,
        depth,
        n > 0 ? 1 : 0,
        0,
        aPack,
        bPack,
      );
    }
  }
  arena.getF32(dwp, dw.length, dw);
}
