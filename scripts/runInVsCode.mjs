// Opens a real VS Code (the VS Code server, in headless Chromium) on a copy of samples/ with ConvLens loaded from
// `extension`, runs the module at `testsPath` as extensionTestsPath, and resolves with its exit code and log lines.
import { chromium } from 'playwright-core';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath, ensureVsCodeHost, root, startServer } from './vscodeHost.mjs';

/** Runs one extensionTests module; `onLog` sees every line the workbench logs. */
export async function runInVsCode({ extension, testsPath, env = {}, onLog = () => {}, timeoutMs = 240_000, extensionsDir }) {
  ensureVsCodeHost();
  // Tests edit files: give them a copy of the samples.
  const workspace = mkdtempSync(join(tmpdir(), 'convlens-samples-'));
  cpSync(join(root, 'samples'), workspace, { recursive: true });
  const server = await startServer({ env, extensionsDir });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  const started = Date.now();
  try {
    const page = await browser.newPage();
    const exited = new Promise((res) => {
      void page.exposeFunction('codeAutomationLog', (type, args) => {
        const text = Array.isArray(args) ? args.join(' ') : String(args);
        if (process.env.CONVLENS_DEBUG) console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${type}: ${text.slice(0, 300)}`);
        onLog(text);
      });
      void page.exposeFunction('codeAutomationExit', (code) => res(Number(code)));
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(extension)], ['extensionTestsPath', remote(testsPath)]];
    await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer;
    const timeout = new Promise((res) => {
      timer = setTimeout(() => res('timeout'), timeoutMs);
    });
    const result = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    return { exitCode: result === 'timeout' ? 1 : result, timedOut: result === 'timeout' };
  } finally {
    await browser.close();
    server.stop();
  }
}
