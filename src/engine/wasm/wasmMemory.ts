// A bump allocator over the kernels' linear memory, reset at each engine call, plus copies in and out of it.
import type { WasmKernels } from './wasmRuntime';

/** Bytes below this belong to the kernels' own small tables (assembly/gemm.ts EDGE_TILE, im2col.ts TAPS). */
const HEAP_START = 4096;
const PAGE = 65536;

/** Per-call work space in the kernels' memory: allocate, fill, run, read back; the next call starts over. */
export class WasmArena {
  private top = HEAP_START;
  private f32 = new Float32Array(0);
  private f64 = new Float64Array(0);

  constructor(readonly k: WasmKernels) {}

  /** Starts a new call: everything allocated before is free again. */
  reset(): this {
    this.top = HEAP_START;
    return this;
  }

  /** Byte offset of `count` fresh elements of `bytes` bytes each (16-byte aligned); contents are garbage. */
  alloc(count: number, bytes: 4 | 8 = 4): number {
    const at = this.top;
    this.top = Math.ceil((at + count * bytes) / 16) * 16;
    const have = this.k.memory.buffer.byteLength;
    if (this.top > have) this.k.memory.grow(Math.ceil((this.top - have) / PAGE));
    return at;
  }

  /** Float32 view of the whole memory (renewed after the memory grew). */
  floats(): Float32Array {
    if (this.f32.buffer !== this.k.memory.buffer) this.f32 = new Float32Array(this.k.memory.buffer);
    return this.f32;
  }

  /** Float64 view of the whole memory (renewed after the memory grew). */
  doubles(): Float64Array {
    if (this.f64.buffer !== this.k.memory.buffer) this.f64 = new Float64Array(this.k.memory.buffer);
    return this.f64;
  }

  /**
   * Copies `src` (rounded to float32) into fresh memory; returns its byte offset. The float64 bytes are copied in
   * (a memcpy) and narrowed by the kernels: Float32Array.set(Float64Array) converts one element at a time.
   */
  putF32(src: Float64Array): number {
    const at = this.alloc(src.length);
    const wide = this.alloc(src.length, 8);
    this.doubles().set(src, wide >> 3);
    this.k.demote(wide, at, src.length);
    // The float64 copy is dead: the next allocation reuses its space.
    this.top = wide;
    return at;
  }

  /** Copies `src` as float64 into fresh memory; returns its byte offset. */
  putF64(src: Float64Array): number {
    const at = this.alloc(src.length, 8);
    this.doubles().set(src, at >> 3);
    return at;
  }

  /** Copies `count` float32 values at byte offset `at` into `dst` (from `dstOffset`), widened to float64. */
  getF32(at: number, count: number, dst: Float64Array, dstOffset = 0): void {
    dst.set(this.floats().subarray(at >> 2, (at >> 2) + count), dstOffset);
  }

  /** Copies `count` float64 values at byte offset `at` into `dst`. */
  getF64(at: number, count: number, dst: Float64Array): void {
    dst.set(this.doubles().subarray(at >> 3, (at >> 3) + count));
  }
}

let arena: WasmArena | undefined;

/** The arena of the (single) kernels instance, reset for a new call. */
export function freshArena(k: WasmKernels): WasmArena {
  if (!arena || arena.k !== k) arena = new WasmArena(k);
  return arena.reset();
}
