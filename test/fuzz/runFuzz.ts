// `npm run fuzz -- --runs N`: a fuzz campaign over every target; counts and failures go to bench/results/fuzz.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS } from './fuzzTargets';

const at = process.argv.indexOf('--runs');
const runs = at >= 0 ? Number(process.argv[at + 1]) : 10_000;
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run fuzz -- --runs N');
  process.exit(2);
}
const results = TARGETS.map((t) => {
  const started = Date.now();
  const r = t.check(runs);
  const row = { target: t.name, runs: r.numRuns, failed: r.failed ? 1 : 0, seconds: Math.round((Date.now() - started) / 100) / 10, ...(r.failed ? { report: r.report.slice(0, 2000) } : {}) };
  console.log(`${r.failed ? '✘' : '✔'} ${t.name}: ${r.numRuns} inputs in ${row.seconds} s${r.failed ? `\n${r.report}` : ''}`);
  return row;
});
// Bundled to dist/fuzz.js: the repository root is one level up.
const dir = join(__dirname, '..', 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'fuzz.json'), `${JSON.stringify({ date: new Date().toISOString(), runsPerTarget: runs, results }, null, 2)}\n`);
const failed = results.filter((r) => r.failed).length;
console.log(`fuzz: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
