// Timing helpers shared by the benchmarks: warm up, repeat, take the median.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Median wall time in ms of one call of `fn` (async functions are awaited), after warming the JIT for at least
 * `warmup` calls and 200 ms. Fast functions are timed in batches so each sample spans at least 5 ms.
 */
export async function medianMs(fn: () => unknown, runs = 9, warmup = 5): Promise<number> {
  const warmEnd = Date.now() + 200;
  for (let i = 0; i < warmup || Date.now() < warmEnd; i++) await fn();
  const probe = process.hrtime.bigint();
  await fn();
  const once = Number(process.hrtime.bigint() - probe) / 1e6;
  const batch = Math.max(1, Math.ceil(5 / Math.max(once, 1e-3)));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    for (let j = 0; j < batch; j++) await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6 / batch);
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
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, ...(data as object) }, null, 2)}\n`,
  );
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
