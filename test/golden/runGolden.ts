// `npm run golden -- DIR`: runs every case of every *.json in DIR on both engine paths (WebAssembly and TypeScript),
// prints each failure, ends with "N passed, M failed" (a case passes when it passes on both paths).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCase, type GoldenCase } from './goldenOps';
import { engineBackend, setEngineBackend, type EngineBackend } from '../../src/engine/wasm/wasmRuntime';

/** Runs one case on one path (WebAssembly for every call, however small); the error names the path. */
function runOn(backend: EngineBackend, c: GoldenCase): void {
  setEngineBackend(backend, 0);
  try {
    runCase(c);
  } catch (e) {
    throw new Error(`${backend} path: ${(e as Error).message}`);
  } finally {
    setEngineBackend('wasm');
  }
}

const BACKENDS: readonly EngineBackend[] = ['ts', 'wasm'];

function main(dir: string | undefined): number {
  if (!dir) {
    console.error('usage: npm run golden -- DIR');
    return 2;
  }
  // Without WebAssembly SIMD here the second path would silently be the first again: say so, and fail.
  if (engineBackend() !== 'wasm') {
    console.log('FAIL the WebAssembly kernels did not load, so the golden cases cannot run on both paths');
    return 1;
  }
  let passed = 0;
  let failed = 0;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const file of files) {
    let cases: GoldenCase[];
    try {
      cases = JSON.parse(readFileSync(join(dir, file), 'utf8')) as GoldenCase[];
      if (!Array.isArray(cases)) throw new Error('not an array of cases');
    } catch (e) {
      console.log(`FAIL ${file}: cannot read: ${(e as Error).message}`);
      failed++;
      continue;
    }
    for (const c of cases) {
      try {
        for (const backend of BACKENDS) runOn(backend, c);
        passed++;
      } catch (e) {
        failed++;
        console.log(`FAIL ${c.name ?? '(unnamed)'} [${file}]: ${(e as Error).message}`);
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv[2]);
