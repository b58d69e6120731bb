// `npm run package`: a minified production build packed into convlens-<version>.vsix; its size goes to bench/results/size.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './vscodeHost.mjs';

const pkg = JSON.parse(
  spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: root, encoding: 'utf8' })
    .stdout,
);
// `--out FILE` packs elsewhere (the .vsix test uses a temporary file) and then leaves bench/results alone.
const outAt = process.argv.indexOf('--out');
const out = outAt >= 0 ? process.argv[outAt + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['esbuild.mjs', '--production']);
// Relative links stay relative: no repository URL is published yet (vsce would otherwise rewrite them against it).
run('npx', [
  'vsce',
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '-o',
  out,
]);
const bytes = statSync(out).size;
if (outAt < 0) {
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(root, 'bench', 'results', 'size.json'),
    `${JSON.stringify({ date: new Date().toISOString(), vsix: `${pkg.name}-${pkg.version}.vsix`, bytes, kilobytes: Math.round(bytes / 102.4) / 10, target_kilobytes: 500 }, null, 2)}\n`,
  );
}
console.log(
  `${out}: ${(bytes / 1024).toFixed(1)} KB (target < 500 KB)${outAt < 0 ? '; wrote bench/results/size.json' : ''}`,
);
// A production build drops the source maps; rebuild the development bundles for tests and debugging.
run(process.execPath, ['esbuild.mjs']);
