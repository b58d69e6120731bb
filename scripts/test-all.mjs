// `npm test`: lint, format check, type check, build, unit tests, golden cases, integration tests in a real VS Code; one summary line at the end.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './vscodeHost.mjs';

const stages = [];

/** Runs a command, echoing its output, and returns [passed, failed] parsed from it. */
function stage(name, cmd, args, parse) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  let [passed, failed] = parse ? parse(r.stdout ?? '') : [r.status === 0 ? 1 : 0, r.status === 0 ? 0 : 1];
  if (r.status !== 0 && failed === 0) failed = 1; // a crash or a non-zero exit is a failure even if nothing was counted
  stages.push({ name, passed, failed, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}

const plain = (out) => {
  const m = [...out.matchAll(/(\d+) passed, (\d+) failed/g)].pop();
  return m ? [Number(m[1]), Number(m[2])] : [0, 1];
};
const nodeTest = (out) => [Number(/# pass (\d+)/.exec(out)?.[1] ?? 0), Number(/# fail (\d+)/.exec(out)?.[1] ?? 1)];

stage('lint (ESLint, type-aware)', 'npm', ['run', '-s', 'lint']);
stage('format check (Prettier)', 'npm', ['run', '-s', 'format:check']);
stage('type check', 'npm', ['run', '-s', 'typecheck']);
stage('build', 'npm', ['run', '-s', 'build']);
stage(
  'unit tests (engine, analysis, bundles)',
  process.execPath,
  ['--test', '--test-reporter=tap', 'out/unit/'],
  nodeTest,
);
stage(
  'UI tests (webview bundles in headless Chromium)',
  process.execPath,
  ['--test', '--test-reporter=tap', 'out/ui/'],
  nodeTest,
);
// The project's own cases always run; the public set beside the repo runs too when it is there.
stage('golden cases (in repo)', process.execPath, ['dist/golden.js', join(root, 'test', 'golden', 'cases')], plain);
const sharedGolden = join(root, '..', 'shared', 'golden');
if (existsSync(sharedGolden))
  stage('golden cases (../shared/golden)', process.execPath, ['dist/golden.js', sharedGolden], plain);
else console.log('\n(../shared/golden not found: only the in-repo golden cases ran)');
stage(
  'real-model corpus (test/corpus, against PyTorch ground truth)',
  process.execPath,
  ['test/corpus/runCorpus.mjs'],
  plain,
);
stage(
  'integration tests in a real VS Code (Node extension host)',
  process.execPath,
  ['test/integration/runInCodeServer.mjs'],
  plain,
);
stage(
  'integration tests in a real VS Code (browser extension host, as vscode.dev)',
  process.execPath,
  ['test/integration/runInCodeServer.mjs', '--web'],
  plain,
);
stage(
  'Restricted Mode (workspace trust on, folder untrusted)',
  process.execPath,
  ['test/integration/runRestricted.mjs'],
  plain,
);
stage('German display language (runtime l10n bundles)', process.execPath, ['test/integration/runLocale.mjs'], plain);
stage(
  'the packaged .vsix installed into a clean VS Code',
  process.execPath,
  ['test/integration/runInstalledVsix.mjs'],
  plain,
);

console.log('\n=== summary ===');
for (const s of stages)
  console.log(`${s.failed ? '✘' : '✔'} ${s.name}: ${s.passed} passed, ${s.failed} failed (${s.seconds} s)`);
const passed = stages.reduce((a, s) => a + s.passed, 0);
const failed = stages.reduce((a, s) => a + s.failed, 0);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
