// `npm run fuzz -- --runs N [--only TEXT]`: a fuzz campaign over every target (or those whose name contains TEXT);
// counts and failures go to bench/results/fuzz.json, where rows of targets not run this time are kept.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS } from './fuzzTargets';

const at = process.argv.indexOf('--runs');
const runs = at >= 0 ? Number(process.argv[at + 1]) : 10_000;
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run fuzz -- --runs N');
  process.exit(2);
}
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '') : '';
const results = TARGETS.filter((t) => t.name.includes(only)).map((t) => {
  const started = Date.now();
  const r = t.check(runs);
  const row = {
    target: t.name,
    runs: r.numRuns,
    failed: r.failed ? 1 : 0,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    ...(r.failed ? { report: r.report.slice(0, 2000) } : {}),
  };
  console.log(
    `${r.failed ? '✘' : '✔'} ${t.name}: ${r.numRuns} inputs in ${row.seconds} s${r.failed ? `\n${r.report}` : ''}`,
  );
  return row;
});
// Bundled to dist/fuzz.js: the repository root is one level up.
const dir = join(__dirname, '..', 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, 'fuzz.json');
type Row = (typeof results)[number];
const earlier: Row[] = existsSync(file)
  ? ((JSON.parse(readFileSync(file, 'utf8')) as { results?: Row[] }).results ?? [])
  : [];
const merged = TARGETS.map(
  (t) => results.find((r) => r.target === t.name) ?? earlier.find((r) => r.target === t.name),
).filter((r): r is Row => r !== undefined);
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), results: merged }, null, 2)}\n`);
const failed = results.filter((r) => r.failed).length;
console.log(`fuzz: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
