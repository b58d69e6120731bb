// nn.Linear on the WebAssembly GEMM: yᵀ = W·xᵀ + b (bias per row of yᵀ), transposed back on the way out.
import { freshArena } from './wasmMemory';
import type { WasmKernels } from './wasmRuntime';
import { B_MATRIX, gemmWork } from './wasmGemm';

/** y (rows×outF) = x (rows×inF) · Wᵀ + b, every element written. */
export function wasmLinear(
  k: WasmKernels,
  rows: number,
  inF: number,
  outF: number,
  x: Float64Array,
  w: Float64Array,
  b: Float64Array | undefined,
  y: Float64Array,
): void {
  const arena = freshArena(k);
  const xp = arena.putF32(x);
  const wp = arena.putF32(w);
  const bp = b ? arena.putF32(b) : 0;
  const yt = arena.alloc(outF * rows);
  const { aPack, bPack } = gemmWork(arena, outF, inF);
  // B = xᵀ: element (i, r) = x[r, i], so rows of B are strided by 1 and columns by inF.
  k.gemm(outF, rows, inF, wp, inF, 1, xp, 1, inF, B_MATRIX, yt, rows, 0, bp, aPack, bPack);
  const f = arena.floats();
  const base = yt >> 2;
  for (let o = 0; o < outF; o++) {
    for (let r = 0; r < rows; r++) y[r * outF + o] = f[base + o * rows + r]!;
  }
}
