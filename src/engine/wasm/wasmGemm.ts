// What the JavaScript side needs to know about assembly/gemm.ts: its tile sizes, B layouts and work space.
import type { WasmArena } from './wasmMemory';

// Must match assembly/gemm.ts.
const MR = 5;
const NR = 8;
const KC = 512;

/** gemm's bKind: B is a strided matrix, the im2col matrix of the image set by setConvGeometry, or its transpose. */
export const B_MATRIX = 0;
export const B_IM2COL = 1;
export const B_IM2COL_T = 2;

/** Work space of one gemm call with m rows and depth k: packed A for one K block, one packed B panel. */
export function gemmWork(arena: WasmArena, m: number, k: number): { aPack: number; bPack: number } {
  return { aPack: arena.alloc(Math.ceil(m / MR) * MR * Math.min(k, KC)), bPack: arena.alloc(NR * KC) };
}
