// `npm run screenshots`: README pictures from a real VS Code with ConvLens installed (workbench) and the panel UI tests.
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath, ensureVsCodeHost, root, startServer } from '../../scripts/vscodeHost.mjs';

const out = join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
ensureVsCodeHost();
const pkg = JSON.parse(
  spawnSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: root, encoding: 'utf8' }).stdout,
);
const extensionsDir = mkdtempSync(join(tmpdir(), 'convlens-shot-ext-'));
symlinkSync(root, join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');
const workspace = mkdtempSync(join(tmpdir(), 'convlens-shot-ws-'));
cpSync(join(root, 'samples'), workspace, { recursive: true });
const server = await startServer({ extensionsDir });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForTimeout(4000);
  // Hide the secondary side bar (chat) so the editor has the room.
  await page.keyboard.press('Control+Alt+B');
  await page.waitForTimeout(500);
  for (const [file, name] of [
    ['02_lenet_module.py', 'lenet-module'],
    ['08_broken_model.py', 'broken-model'],
    ['07_keras_cnn.py', 'keras-cnn'],
  ]) {
    await page.keyboard.press('Control+P');
    await page.waitForTimeout(600);
    await page.keyboard.type(file);
    await page.waitForTimeout(600);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(4000);
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`wrote docs/screenshots/${name}.png`);
  }
  /** Runs a command from the palette by its title (picking `choice` if it asks), then waits `ms`. */
  const run = async (title, ms, choice) => {
    await page.keyboard.press('F1');
    await page.waitForTimeout(600);
    await page.keyboard.type(title);
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    if (choice) {
      await page.waitForTimeout(1000);
      await page.keyboard.type(choice);
      await page.waitForTimeout(600);
      await page.keyboard.press('Enter');
    }
    await page.waitForTimeout(ms);
  };
  const shot = async (name) => {
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`wrote docs/screenshots/${name}.png`);
  };
  // The model graph of the residual sample's TinyResNet, beside its source (the cursor on the class picks the model).
  await page.keyboard.press('Control+P');
  await page.waitForTimeout(600);
  await page.keyboard.type('16_residual_graphs.py');
  await page.waitForTimeout(600);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(3000);
  await page.keyboard.press('Control+G');
  await page.waitForTimeout(400);
  await page.keyboard.type('40');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(400);
  await run('ConvLens: Show Model Graph', 5000);
  await shot('graph-in-vscode');
  await run('View: Close All Editors', 800);
  await run('Welcome: Open Walkthrough', 3000, 'Learn convolutions with ConvLens');
  await shot('walkthrough');
  await run('View: Close All Editors', 800);
  // The filter visualization trains first (a few seconds), then opens beside the editor.
  await run('ConvLens: Visualize Learned Filters', 20_000);
  await shot('filters-in-vscode');
} finally {
  await browser.close();
  server.stop();
}
const ui = spawnSync(process.execPath, ['--test', 'out/ui/'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CONVLENS_SCREENSHOTS: join('docs', 'screenshots') },
});
process.exitCode = ui.status ?? 1;
