// Runs the integration suite inside a real VS Code driven by headless Chromium: the Node extension host (the `main`
// entry, via the VS Code server) or, with --web, the browser web-worker extension host (the `browser` entry, as on vscode.dev).
import { chromium } from 'playwright-core';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath, ensureVsCodeHost, root, startServer } from '../../scripts/vscodeHost.mjs';

const TIMEOUT_MS = 240_000;
const web = process.argv.includes('--web');
const label = web ? 'integration (browser host)' : 'integration';

/** For --web: a copy of the manifest without `main`, so VS Code must run the `browser` entry in its web worker host. */
function browserOnlyExtension() {
  const dir = mkdtempSync(join(tmpdir(), 'convlens-web-ext-'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  delete pkg.main;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const entry of ['dist', 'media', 'samples']) symlinkSync(join(root, entry), join(dir, entry), 'dir');
  return dir;
}

async function main() {
  const suite = join(root, 'dist', 'test', web ? 'integration-web.js' : 'integration.js');
  if (!existsSync(suite)) throw new Error(`${suite} missing: run \`npm run build\` first`);
  ensureVsCodeHost();
  // Tests edit files: give them a copy of the samples.
  const workspace = mkdtempSync(join(tmpdir(), 'convlens-samples-'));
  cpSync(join(root, 'samples'), workspace, { recursive: true });
  const reportDir = mkdtempSync(join(tmpdir(), 'convlens-report-'));
  mkdirSync(reportDir, { recursive: true });
  const report = join(reportDir, 'results.json');
  const extension = web ? browserOnlyExtension() : root;
  const server = await startServer({ env: { CONVLENS_TEST_REPORT: report } });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  const logged = [];
  let exitCode = 1;
  const started = Date.now();
  try {
    const page = await browser.newPage();
    const exited = new Promise((res) => {
      void page.exposeFunction('codeAutomationLog', (type, args) => {
        const text = Array.isArray(args) ? args.join(' ') : String(args);
        if (process.env.CONVLENS_DEBUG) console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${type}: ${text.slice(0, 300)}`);
        const m = /^(ok|not ok) - ([^\n]*)([\s\S]*)$/.exec(text);
        if (m) logged.push({ ok: m[1] === 'ok', name: m[2], error: m[3]?.trim(), ms: 0 });
      });
      void page.exposeFunction('codeAutomationExit', (code) => res(code));
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const testsPath = web ? join(extension, 'dist', 'test', 'integration-web.js') : suite;
    const payload = [['extensionDevelopmentPath', remote(extension)], ['extensionTestsPath', remote(testsPath)]];
    await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer;
    const timeout = new Promise((res) => {
      timer = setTimeout(() => res('timeout'), TIMEOUT_MS);
    });
    const result = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (process.env.CONVLENS_DEBUG) console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] exit: ${String(result)}`);
    if (result === 'timeout') console.log(`${label}: timed out after ${TIMEOUT_MS / 1000} s`);
    else exitCode = Number(result);
  } finally {
    await browser.close();
    server.stop();
  }
  // The Node host writes a report file; the browser host can only log, so its results come from the log.
  const results = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : logged;
  for (const r of results) console.log(`${r.ok ? '  ✔' : '  ✘'} ${r.name}${r.ms ? ` (${r.ms} ms)` : ''}${r.ok ? '' : `\n${r.error}`}`);
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed + (results.length === 0 || (exitCode !== 0 && passed === results.length) ? 1 : 0);
  if (results.length === 0) console.log(`${label}: no test reported a result (did the extension host start?)`);
  console.log(`${label}: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log(`${label}: 0 passed, 1 failed`);
  process.exitCode = 1;
});
