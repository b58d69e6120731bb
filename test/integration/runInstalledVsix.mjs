// Packages ConvLens, installs the .vsix into a clean extensions folder with the VS Code server's CLI, and runs a smoke
// suite against the installed copy (a stub development extension only carries the tests).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResultLine, reportResults, runInVsCode } from '../../scripts/runInVsCode.mjs';
import { ensureVsCodeHost, installVsix, root } from '../../scripts/vscodeHost.mjs';

const label = 'installed .vsix';

async function main() {
  ensureVsCodeHost();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // Packed to a temporary file, so a test run leaves the working tree (and bench/results) as it was.
  const vsix = join(mkdtempSync(join(tmpdir(), 'convlens-vsix-')), `${pkg.name}-${pkg.version}.vsix`);
  const packed = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix], {
    cwd: root,
    encoding: 'utf8',
  });
  if (packed.status !== 0 || !existsSync(vsix))
    throw new Error(`packaging failed:\n${packed.stdout}\n${packed.stderr}`);
  const extensionsDir = mkdtempSync(join(tmpdir(), 'convlens-clean-ext-'));
  installVsix(vsix, extensionsDir);
  const installed = join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`, 'package.json');
  if (!existsSync(installed)) throw new Error(`the .vsix did not install to ${installed}`);
  // The tests need a development extension to ride on; this one contributes nothing.
  const stub = mkdtempSync(join(tmpdir(), 'convlens-test-carrier-'));
  writeFileSync(
    join(stub, 'package.json'),
    JSON.stringify({ name: 'test-carrier', publisher: 'convlens-tests', version: '0.0.0', engines: pkg.engines }),
  );
  const results = [];
  const { exitCode } = await runInVsCode({
    extension: stub,
    extensionsDir,
    testsPath: join(root, 'dist', 'test', 'installed.js'),
    onLog: (text) => {
      const result = parseResultLine(text);
      if (result) results.push(result);
    },
  });
  process.exitCode = reportResults(label, results, exitCode);
}

main().catch((e) => {
  console.error(e);
  console.log(`${label}: 0 passed, 1 failed`);
  process.exitCode = 1;
});
