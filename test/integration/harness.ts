// A minimal test harness for inside the extension host: named async tests, run in order, results written where the runner reads them.

type TestFn = () => Promise<void> | void;

const tests: { name: string; fn: TestFn }[] = [];

/** Registers a test. */
export function test(name: string, fn: TestFn): void {
  tests.push({ name, fn });
}

/** Fails a test with a message unless `cond` holds. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

/** Fails unless two values are equal (JSON comparison). */
export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Retries `probe` until it returns a value (providers and diagnostics settle asynchronously). */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** Where results go besides the log: a file in the Node host, nowhere in the browser host. */
/** Rejects with `message` if `p` has not settled within `ms`. */
export function withTimeout<T>(p: Promise<T>, message: string, ms = 20_000): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms))]);
}

export type ReportWriter = (json: string) => void;

/** Runs every registered test in order; rejects when any failed. Each result is logged as "ok - name" / "not ok - name". */
export async function runAll(report?: ReportWriter): Promise<void> {
  const results: { name: string; ok: boolean; error?: string; ms: number }[] = [];
  for (const t of tests) {
    const start = Date.now();
    try {
      await t.fn();
      results.push({ name: t.name, ok: true, ms: Date.now() - start });
    } catch (e) {
      results.push({ name: t.name, ok: false, error: (e as Error).stack ?? String(e), ms: Date.now() - start });
    }
    const last = results[results.length - 1]!;
    console.log(`${last.ok ? 'ok' : 'not ok'} - ${last.name}${last.error ? `\n${last.error}` : ''}`);
    report?.(JSON.stringify(results));
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} integration tests failed`);
}
