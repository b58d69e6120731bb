// Opens a real VS Code (the VS Code server, in headless Chromium) on a copy of samples/ with ConvLens loaded from
// `extension`, runs the module at `testsPath` as extensionTestsPath, and resolves with its exit code and log lines.
import { chromium } from 'playwright-core';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath, ensureVsCodeHost, root, startServer } from './vscodeHost.mjs';

/** Runs one extensionTests module; `onLog` sees every line the workbench logs. */
export async function runInVsCode({
  extension,
  testsPath,
  env = {},
  onLog = () => {},
  timeoutMs = 240_000,
  extensionsDir,
  dataDir,
  workspaceTrust = false,
  locale,
}) {
  ensureVsCodeHost();
  // Tests edit files: give them a copy of the samples.
  const workspace = mkdtempSync(join(tmpdir(), 'convlens-samples-'));
  cpSync(join(root, 'samples'), workspace, { recursive: true });
  const server = await startServer({ env, extensionsDir, dataDir, workspaceTrust, locale });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  const started = Date.now();
  try {
    const page = await browser.newPage(locale ? { locale } : {});
    const exited = new Promise((res) => {
      void page.exposeFunction('codeAutomationLog', (type, args) => {
        const text = Array.isArray(args) ? args.join(' ') : String(args);
        if (process.env.CONVLENS_DEBUG)
          console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${type}: ${text.slice(0, 300)}`);
        onLog(text);
      });
      void page.exposeFunction('codeAutomationExit', (code) => res(Number(code)));
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extension)],
      ['extensionTestsPath', remote(testsPath)],
    ];
    await page.goto(
      `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
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

/** Reads an "ok - name" / "not ok - name\nerror" line the test harness logs; undefined for other lines. */
export function parseResultLine(text) {
  const m = /^(ok|not ok) - ([^\n]*)([\s\S]*)$/.exec(text);
  return m ? { ok: m[1] === 'ok', name: m[2], error: m[3]?.trim(), ms: 0 } : undefined;
}

/** Prints each result and the closing "label: N passed, M failed" line; returns the process exit code. */
export function reportResults(label, results, exitCode) {
  for (const r of results)
    console.log(`${r.ok ? '  ✔' : '  ✘'} ${r.name}${r.ms ? ` (${r.ms} ms)` : ''}${r.ok ? '' : `\n${r.error}`}`);
  const passed = results.filter((r) => r.ok).length;
  // A run that reported nothing, or exited non-zero with every test passing, still counts as one failure.
  const failed =
    results.length - passed + (results.length === 0 || (exitCode !== 0 && passed === results.length) ? 1 : 0);
  if (results.length === 0) console.log(`${label}: no test reported a result (did the extension host start?)`);
  console.log(`${label}: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/** Runs one suite whose results arrive as log lines, prints them under `label` and sets the exit code; never throws. */
export async function runLoggedSuite(label, options) {
  const results = [];
  try {
    const { exitCode } = await runInVsCode({
      ...options,
      onLog: (text) => {
        const result = parseResultLine(text);
        if (result) results.push(result);
      },
    });
    process.exitCode = reportResults(label, results, exitCode);
  } catch (e) {
    console.error(e);
    console.log(`${label}: 0 passed, 1 failed`);
    process.exitCode = 1;
  }
}
