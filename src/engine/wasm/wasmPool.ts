// Max pooling forward and backward on the WebAssembly kernels, in float64 (as exact as the reference).
import type { PoolGeometry } from '../pool';
import { freshArena, type WasmArena } from './wasmMemory';
import type { WasmKernels } from './wasmRuntime';

/** The 2×2, stride 2, unpadded, undilated max pool: its own kernels. */
export function isPlain2x2(g: PoolGeometry): boolean {
  return (
    g.kh === 2 &&
    g.kw === 2 &&
    g.strideH === 2 &&
    g.strideW === 2 &&
    g.padH === 0 &&
    g.padW === 0 &&
    g.dilationH === 1 &&
    g.dilationW === 1 &&
    2 * g.outH <= g.inH &&
    2 * g.outW <= g.inW
  );
}

/** Runs the forward pass on x (copied in); returns where y and the argmax indices are in the kernels' memory. */
function poolIn(
  k: WasmKernels,
  arena: WasmArena,
  g: PoolGeometry,
  x: Float64Array,
): { y: number; idx: number; count: number } {
  const planes = g.batch * g.channels;
  const count = planes * g.outH * g.outW;
  const xp = arena.putF64(x);
  const y = arena.alloc(count, 8);
  const idx = arena.alloc(count, 8);
  if (isPlain2x2(g)) k.maxPool2x2(planes, g.inH, g.inW, g.outH, g.outW, xp, y, idx);
  else
    k.maxPool(
      planes,
      g.inH,
      g.inW,
      g.outH,
      g.outW,
      g.kh,
      g.kw,
      g.strideH,
      g.strideW,
      g.padH,
      g.padW,
      g.dilationH,
      g.dilationW,
      xp,
      y,
      idx,
    );
  return { y, idx, count };
}

/** Max pooling values and argmax indices into y and indices (every element written). */
export function wasmMaxPool(
  k: WasmKernels,
  g: PoolGeometry,
  x: Float64Array,
  y: Float64Array,
  indices: Float64Array,
): void {
  const arena = freshArena(k);
  const out = poolIn(k, arena, g, x);
  arena.getF64(out.y, out.count, y);
  arena.getF64(out.idx, out.count, indices);
}

/** Values only of a 2×2 max pool (isPlain2x2) into y (every element written): no argmax work. */
export function wasmMaxPool2x2Values(k: WasmKernels, g: PoolGeometry, x: Float64Array, y: Float64Array): void {
  const arena = freshArena(k);
  const xp = arena.putF64(x);
  const yp = arena.alloc(y.length, 8);
  k.maxPool2x2Values(g.batch * g.channels, g.inH, g.inW, g.outH, g.outW, xp, yp);
  arena.getF64(yp, y.length, y);
}

/** dx = dy routed to each window's argmax (every element written). */
export function wasmMaxPoolBackward(
  k: WasmKernels,
  g: PoolGeometry,
  x: Float64Array,
  dy: Float64Array,
  dx: Float64Array,
): void {
  const arena = freshArena(k);
  const out = poolIn(k, arena, g, x);
  const dyp = arena.putF64(dy);
  const dxp = arena.alloc(dx.length, 8);
  arena.doubles().fill(0, dxp >> 3, (dxp >> 3) + dx.length);
  k.maxPoolBackward(g.batch * g.channels, g.inH * g.inW, g.outH * g.outW, dyp, out.idx, dxp);
  arena.getF64(dxp, dx.length, dx);
}
