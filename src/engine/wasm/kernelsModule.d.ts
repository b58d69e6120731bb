// The compiled kernels of assembly/, provided at bundle time by scripts/wasmKernels.mjs (an esbuild plugin).
declare module 'convlens:wasm-kernels' {
  /** The WebAssembly module's bytes, base64. */
  export const WASM_KERNELS_BASE64: string;
}
