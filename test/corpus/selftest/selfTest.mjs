#!/usr/bin/env node
// Tests runCorpus.mjs itself against fakeCli.mjs: an exact answer passes every entry, each kind of damage fails
// the entries it touches with a message naming what differed.   node test/corpus/selftest/selfTest.mjs
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const runner = join(here, '..', 'runCorpus.mjs');
const fake = join(here, 'fakeCli.mjs');
const run = (mode, ...extra) => {
  const r = spawnSync(process.execPath, [runner, '--cli', fake, ...extra], { encoding: 'utf8', env: { ...process.env, CONVLENS_FAKE: mode } });
  const lines = r.stdout.trim().split('\n');
  const m = /^(\d+) passed, (\d+) failed$/.exec(lines.at(-1));
  return { code: r.status, passed: m ? +m[1] : NaN, failed: m ? +m[2] : NaN, lines, out: r.stdout };
};
const expected = JSON.parse(readFileSync(join(here, '..', 'expected.json'), 'utf8')).entries;
const stops = expected.filter((e) => e.expect === 'stop').length;
const resnets = expected.filter((e) => e.file.includes('tv_resnet') || e.model.includes('tv_resnet')).length;
const cases = [
  ['exact', (r) => r.failed === 0 && r.passed > 40 && r.code === 0],
  ['text', (r) => r.passed === 0 && r.code === 1 && r.lines[0].includes('not JSON')],
  ['params', (r) => r.code === 1 && r.lines.filter((l) => l.startsWith('FAIL')).every((l) => l.includes('params.total')) && r.passed === stops],
  ['used', (r) => r.code === 1 && r.out.includes('params.usedInForward') && !r.out.includes('keras_') ],
  ['output', (r) => r.code === 1 && r.out.includes('output [') && r.passed === stops],
  ['layer-shape', (r) => r.code === 1 && /: output \[0\] != /.test(r.out)],
  ['layer-missing', (r) => r.code === 1 && (r.out.includes('layers missing (by path)') && r.out.includes('layers reported, expected'))],
  ['macs', (r) => r.code === 1 && r.out.includes(': macs ')],
  ['incomplete', (r) => r.code === 1 && r.out.includes('complete is false, expected true (stop unknown x line 3: fake stop)') && r.passed === stops],
  ['complete-stop', (r) => r.code === 1 && r.failed === stops && r.out.includes('expected false (an honest stop')],
  ['two-models', (r) => r.failed === 0 && r.code === 0],
  ['drop-optional', (r) => r.failed === 0 && r.code === 0],
  ['optional-wrong', (r) => r.code === 1 && r.failed > 0 && r.lines.filter((l) => l.startsWith('FAIL')).every((l) => l.includes('output [9]'))],
];
let passed = 0;
let failed = 0;
for (const [mode, ok] of cases) {
  const r = run(mode);
  if (ok(r)) passed++;
  else {
    failed++;
    console.log(`FAIL mode ${mode}: exit ${r.code}, ${r.passed} passed, ${r.failed} failed\n${r.lines.slice(0, 4).join('\n')}`);
  }
}
const only = run('exact', '--only', 'tv_resnet', '--verbose');
if (only.passed === resnets && only.failed === 0 && only.lines.filter((l) => l.startsWith('ok ')).length === resnets) passed++;
else {
  failed++;
  console.log(`FAIL --only tv_resnet --verbose: ${only.passed} passed, ${only.failed} failed`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
