// Static analysis speed on a 5,000-line Python file: literals, models, and both together (median and p95 ms).
import { findLiterals } from '../src/analysis/literals';
import { traceModels } from '../src/analysis/modelTrace';
import { PyModule } from '../src/analysis/pySource';
import { tokenize } from '../src/analysis/tokens';
import { percentile, writeResult } from './measure';
import { syntheticPython } from './syntheticSource';

function sample(fn: () => unknown, runs: number): number[] {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

function main(): void {
  const src = syntheticPython(5000);
  const runs = Number(process.env['BENCH_RUNS'] ?? 30);
  const options = { defaultInputShape: [1, 3, 32, 32] };
  const rows = [
    { task: 'literals (5,000 lines)', times: sample(() => findLiterals(src, 'python'), runs) },
    { task: 'models + trace (5,000 lines)', times: sample(() => traceModels(src, options), runs) },
    {
      task: 'both, one tokenization (what a document version costs)',
      times: sample(() => {
        const tokens = tokenize(src, 'python');
        findLiterals(src, 'python', {}, tokens);
        traceModels(new PyModule(src, tokens), options);
      }, runs),
    },
  ].map((r) => ({ task: r.task, median_ms: round(percentile(r.times, 50)), p95_ms: round(percentile(r.times, 95)) }));
  const found = { literals: findLiterals(src, 'python').length, models: traceModels(src, options).length };
  console.log(`Analysis of a ${src.split('\n').length - 1}-line Python file (${found.literals} literals, ${found.models} models; target: median < 10 ms)`);
  console.table(rows);
  console.log(`wrote ${writeResult('analysis', { lines: 5000, bytes: src.length, found, runs, rows })}`);
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

main();
