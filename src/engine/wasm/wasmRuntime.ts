// Loads the WebAssembly kernels synchronously (once), owns their memory, and says which path the engine runs.
import { WASM_KERNELS_BASE64 } from 'convlens:wasm-kernels';
import { decodeBase64 } from './base64';

/** The exports of assembly/index.ts (pointers are byte offsets into `memory`). */
export interface WasmKernels {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    ars: number,
    acs: number,
    b: number,
    brs: number,
    bcs: number,
    bKind: number,
    c: number,
    ldc: number,
    accumulate: number,
    bias: number,
    aPack: number,
    bPack: number,
  ): void;
  fillRows(m: number, n: number, c: number, ldc: number, bias: number): void;
  setConvGeometry(
    inH: number,
    inW: number,
    outH: number,
    outW: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padT: number,
    padL: number,
  ): void;
  col2im(channels: number, col: number, dx: number): void;
  im2col(channels: number, x: number, col: number): void;
  depthwiseConv(
    channels: number,
    mult: number,
    inH: number,
    inW: number,
    outH: number,
    outW: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padT: number,
    padL: number,
    x: number,
    w: number,
    bias: number,
    y: number,
    padded: number,
  ): void;
  convDirect(
    batch: number,
    inC: number,
    inH: number,
    inW: number,
    outC: number,
    outH: number,
    outW: number,
    kh: number,
    kw: number,
    groups: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padT: number,
    padL: number,
    x: number,
    w: number,
    bias: number,
    y: number,
  ): void;
  convWeightGradDirect(
    batch: number,
    inC: number,
    inH: number,
    inW: number,
    outC: number,
    outH: number,
    outW: number,
    kh: number,
    kw: number,
    groups: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padT: number,
    padL: number,
    x: number,
    dy: number,
    dw_: number,
  ): void;
  depthwiseWork(
    outH: number,
    outW: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
  ): number;
  maxPool(
    planes: number,
    h: number,
    w: number,
    oh: number,
    ow: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    ph: number,
    pw: number,
    dh: number,
    dw: number,
    x: number,
    y: number,
    idx: number,
  ): void;
  maxPool2x2(planes: number, h: number, w: number, oh: number, ow: number, x: number, y: number, idx: number): void;
  maxPool2x2Values(planes: number, h: number, w: number, oh: number, ow: number, x: number, y: number): void;
  maxPoolBackward(planes: number, inPlane: number, outPlane: number, dy: number, idx: number, dx: number): void;
  simdPeak(iters: number, buf: number): number;
  demote(src: number, dst: number, n: number): void;
}

/** The part of the WebAssembly JS API the loader uses (typed here: the engine's tsconfig has neither DOM nor Node types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** Which kernels run: 'wasm' (WebAssembly SIMD) or 'ts' (the TypeScript reference kernels). */
export type EngineBackend = 'wasm' | 'ts';

let loaded: WasmKernels | null | undefined;
let loadError = '';
let preferred: EngineBackend = 'wasm';
/** Work (multiply-adds or cells) below which the TypeScript kernels run anyway; see setEngineBackend. */
const DEFAULT_MIN_WORK = 1 << 14;
let minWork = DEFAULT_MIN_WORK;

function load(): WasmKernels | null {
  if (loaded !== undefined) return loaded;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  try {
    if (!api) throw new Error('no WebAssembly in this runtime');
    // The webview bundle carries no kernels (its CSP allows no WebAssembly).
    if (WASM_KERNELS_BASE64 === '') throw new Error('not in this bundle');
    // Synchronous compile: fine in Node and in web workers (the browser extension host); the module is ~10 KB.
    const instance = new api.Instance(new api.Module(decodeBase64(WASM_KERNELS_BASE64)), {});
    loaded = instance.exports as WasmKernels;
  } catch (e) {
    // No WebAssembly, or no SIMD (the module fails to validate): the TypeScript kernels run.
    loadError = e instanceof Error ? e.message : String(e);
    loaded = null;
  }
  return loaded;
}

/** The WebAssembly kernels when they are loaded and selected, else null (callers then run the TypeScript path). */
export function wasmKernels(): WasmKernels | null {
  return preferred === 'wasm' ? load() : null;
}

/**
 * The kernels for a call doing `work` multiply-adds (or cells), or null for the TypeScript path. Small calls stay in
 * TypeScript: a teaching-size literal is exact in float64 there, and crossing into WebAssembly would cost more.
 */
export function wasmFor(work: number): WasmKernels | null {
  return work >= minWork ? wasmKernels() : null;
}

/**
 * Runs a WebAssembly kernel call; false when its memory cannot grow that far (wasm32 stops at 4 GB), so the caller
 * runs the TypeScript kernel instead. Any other error is a bug and is thrown.
 */
export function ranInWasm(call: () => void): boolean {
  try {
    call();
    return true;
  } catch (e) {
    if (e instanceof RangeError) return false;
    throw e;
  }
}

/**
 * Selects the path (tests and benchmarks run both); 'wasm' falls back to 'ts' where WebAssembly SIMD is missing.
 * `smallest` is the least work sent to WebAssembly (tests pass 0 so that tiny cases exercise it too).
 */
export function setEngineBackend(backend: EngineBackend, smallest = DEFAULT_MIN_WORK): void {
  preferred = backend;
  minWork = smallest;
}

/** The path that actually runs now. */
export function engineBackend(): EngineBackend {
  return wasmKernels() ? 'wasm' : 'ts';
}

/** One line for the output channel: which path runs and, when WebAssembly is missing, why. */
export function describeEngine(): string {
  if (engineBackend() === 'wasm') return 'WebAssembly SIMD kernels';
  if (preferred === 'ts') return 'TypeScript kernels (selected)';
  return `TypeScript kernels (WebAssembly SIMD unavailable: ${loadError})`;
}
