// Compiles assembly/ (the engine's WebAssembly kernels) with AssemblyScript and serves the bytes to esbuild as
// `convlens:wasm-kernels`, a module exporting them base64-encoded, so every bundle loads them synchronously.
import asc from 'assemblyscript/asc';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SOURCE_DIR = resolve('assembly');
const FLAGS = [
  '--optimizeLevel',
  '3',
  '--shrinkLevel',
  '0',
  '--runtime',
  'stub',
  '--noAssert',
  '--enable',
  'simd',
  '--initialMemory',
  '1',
];

let cached;

function sources() {
  return readdirSync(SOURCE_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(SOURCE_DIR, f));
}

/** The compiled module's bytes (recompiled when a source changed since the last call). */
export async function compileKernels() {
  const stamp = sources()
    .map((f) => `${f}:${statSync(f).mtimeMs}`)
    .join('|');
  if (cached?.stamp === stamp) return cached.bytes;
  let bytes;
  const errors = [];
  const result = await asc.main([join(SOURCE_DIR, 'index.ts'), '--outFile', 'kernels.wasm', ...FLAGS], {
    writeFile(name, contents) {
      if (name.endsWith('.wasm')) bytes = contents;
    },
    stderr: {
      write: (s) => {
        errors.push(String(s));
        return true;
      },
    },
    stdout: { write: () => true },
  });
  if (result.error || !bytes)
    throw new Error(`AssemblyScript build of assembly/ failed:\n${errors.join('')}${result.error ?? ''}`);
  cached = { stamp, bytes };
  return bytes;
}

/**
 * esbuild plugin: `import { WASM_KERNELS_BASE64 } from 'convlens:wasm-kernels'`. With `{ stub: true }` (the webview
 * bundle, whose CSP allows no WebAssembly) the string is empty and the engine runs its TypeScript kernels.
 */
export function wasmKernelsPlugin({ stub = false } = {}) {
  return {
    name: 'convlens-wasm-kernels',
    setup(build) {
      build.onResolve({ filter: /^convlens:wasm-kernels$/ }, (args) => ({
        path: args.path,
        namespace: 'convlens-wasm',
      }));
      build.onLoad({ filter: /.*/, namespace: 'convlens-wasm' }, async () => {
        if (stub) return { contents: 'export const WASM_KERNELS_BASE64 = "";\n', loader: 'js' };
        const bytes = await compileKernels();
        return {
          contents: `export const WASM_KERNELS_BASE64 = ${JSON.stringify(Buffer.from(bytes).toString('base64'))};\n`,
          loader: 'js',
          watchFiles: sources(),
        };
      });
    },
  };
}
