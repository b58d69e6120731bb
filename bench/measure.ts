// Timing helpers shared by the benchmarks: warm up, repeat, take the median.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Median wall time in ms of `fn` over `runs` runs after `warmup` runs (async functions are awaited). */
export async function medianMs(fn: () => unknown, runs = 9, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** p-th percentile of a list of samples. */
export function percentile(samples: readonly number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Writes bench/results/<name>.json. */
export function writeResult(name: string, data: unknown): string {
  // Bundled to dist/bench/*.js: the repository root is two levels up.
  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, ...data as object }, null, 2)}\n`);
  return file;
}

/** Deterministic pseudo-random values in [-1, 1). */
export function randomValues(n: number, seed = 1): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}
