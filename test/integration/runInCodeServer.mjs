// Runs the integration suite inside a real VS Code (Node extension host via the VS Code server), driven by headless Chromium.
import { chromium } from 'playwright-core';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath, ensureVsCodeHost, root, startServer } from '../../scripts/vscodeHost.mjs';

const TIMEOUT_MS = 240_000;

async function main() {
  const suite = join(root, 'dist', 'test', 'integration.js');
  if (!existsSync(suite)) throw new Error('dist/test/integration.js missing: run `npm run build` first');
  ensureVsCodeHost();
  // Tests edit files: give them a copy of the samples.
  const workspace = mkdtempSync(join(tmpdir(), 'convlens-samples-'));
  cpSync(join(root, 'samples'), workspace, { recursive: true });
  const report = join(mkdtempSync(join(tmpdir(), 'convlens-report-')), 'results.json');
  const server = await startServer({ env: { CONVLENS_TEST_REPORT: report } });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  let exitCode = 1;
  const started = Date.now();
  try {
    const page = await browser.newPage();
    const exited = new Promise((res) => {
      void page.exposeFunction('codeAutomationLog', (type, args) => {
        const text = Array.isArray(args) ? args.join(' ') : String(args);
        if (process.env.CONVLENS_DEBUG) console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${type}: ${text.slice(0, 300)}`);
        if (/^(ok|not ok) - |integration tests failed|Error/.test(text)) console.log(text);
      });
      void page.exposeFunction('codeAutomationExit', (code) => res(code));
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(root)], ['extensionTestsPath', remote(suite)]];
    await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer;
    const timeout = new Promise((res) => {
      timer = setTimeout(() => res('timeout'), TIMEOUT_MS);
    });
    const result = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (process.env.CONVLENS_DEBUG) console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] exit: ${String(result)}`);
    if (result === 'timeout') console.log(`integration: timed out after ${TIMEOUT_MS / 1000} s`);
    else exitCode = Number(result);
  } finally {
    await browser.close();
    server.stop();
  }
  const results = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : [];
  for (const r of results) console.log(`${r.ok ? '  ✔' : '  ✘'} ${r.name} (${r.ms} ms)${r.ok ? '' : `\n${r.error}`}`);
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed + (results.length === 0 || (exitCode !== 0 && passed === results.length) ? 1 : 0);
  if (results.length === 0) console.log('integration: no test reported a result (did the extension host start?)');
  console.log(`integration: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log('integration: 0 passed, 1 failed');
  process.exitCode = 1;
});
