// Runs the integration suite inside a real VS Code: the Node extension host (the `main` entry) or, with --web, the
// browser web-worker extension host (the `browser` entry, as on vscode.dev).
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResultLine, reportResults, runInVsCode } from '../../scripts/runInVsCode.mjs';
import { root } from '../../scripts/vscodeHost.mjs';

const web = process.argv.includes('--web');
const label = web ? 'integration (browser host)' : 'integration';

/** For --web: a copy of the manifest without `main`, so VS Code must run the `browser` entry in its web worker host. */
function browserOnlyExtension() {
  const dir = mkdtempSync(join(tmpdir(), 'convlens-web-ext-'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  delete pkg.main;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const entry of ['dist', 'media', 'samples', 'l10n']) symlinkSync(join(root, entry), join(dir, entry), 'dir');
  for (const nls of readdirSync(root).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f)))
    symlinkSync(join(root, nls), join(dir, nls), 'file');
  return dir;
}

async function main() {
  const suite = join(root, 'dist', 'test', web ? 'integration-web.js' : 'integration.js');
  if (!existsSync(suite)) throw new Error(`${suite} missing: run \`npm run build\` first`);
  const report = join(mkdtempSync(join(tmpdir(), 'convlens-report-')), 'results.json');
  const extension = web ? browserOnlyExtension() : root;
  const logged = [];
  const { exitCode, timedOut } = await runInVsCode({
    extension,
    testsPath: join(extension, 'dist', 'test', web ? 'integration-web.js' : 'integration.js'),
    env: { CONVLENS_TEST_REPORT: report },
    // The suite re-traces a 5,000-line file 250 times (memory test) with the interpreter: on a loaded 2-core machine that
    // alone can pass 100 s, so the whole run gets 8 minutes before it counts as hung.
    timeoutMs: 480_000,
    onLog: (text) => {
      const result = parseResultLine(text);
      if (result) logged.push(result);
    },
  });
  if (timedOut) console.log(`${label}: timed out`);
  // The Node host writes a report file; the browser host can only log, so its results come from the log.
  const results = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : logged;
  process.exitCode = reportResults(label, results, exitCode);
}

main().catch((e) => {
  console.error(e);
  console.log(`${label}: 0 passed, 1 failed`);
  process.exitCode = 1;
});
