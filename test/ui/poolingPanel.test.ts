// UI tests of the pooling panel bundle: argmax per step, the max-pool counterexample, gradient routing, mode switch.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildPoolingScene } from '../../src/scenes/poolingScene';
import { openPanel, posted, send, useBrowser } from './webviewPage';

const { browser, shots } = useBrowser();

const x = { rows: 4, cols: 4, data: [1, 3, 2, 4, 5, 6, 1, 2, 7, 0, 3, 8, 2, 4, 9, 1] };

test('max pooling: each step names the max and where it sits; dX routes only to argmaxes', async () => {
  const page = await openPanel(browser(), 'pooling', 'dark');
  assert.deepEqual((await posted(page))[0], { type: 'ready' });
  const scene = buildPoolingScene('max pool 2×2', x, { mode: 'max', kernel: 2, stride: 2, padding: 0 });
  assert.deepEqual(scene.output.data, [6, 4, 7, 9]);
  assert.deepEqual(scene.gradient.data, [0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0]);
  await send(page, { type: 'scene', scene, step: 0 });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.startsWith('Step 1'));
  assert.equal(await page.textContent('.status'), 'Step 1 of 4: output (0, 0) = max of 4 values = 6 at input (1, 1)');
  await page.keyboard.press('End');
  assert.equal(await page.textContent('.status'), 'Step 4 of 4: output (1, 1) = max of 4 values = 9 at input (3, 2)');
  await page.screenshot({ path: join(shots, 'pooling-panel.png') });
  await page.click('vscode-button[title^="Show avg"]');
  const update = (await posted(page)).find((m) => m.type === 'update') as
    { request: { settings: { mode: string } } } | undefined;
  assert.equal(update?.request.settings.mode, 'avg');
  await page.close();
});

test('the max-pool counterexample: [1, 3, 2, 4] → [3, 4], shifted [0, 1, 3, 2, 4] → [1, 3, 4]', () => {
  // The panel's windows are square, so the 1-D example is shown on two identical rows.
  const twoRows = (row: number[]): readonly number[] =>
    buildPoolingScene(
      't',
      { rows: 2, cols: row.length, data: [...row, ...row] },
      { mode: 'max', kernel: 2, stride: 2, padding: 0 },
    ).output.data;
  assert.deepEqual(twoRows([1, 3, 2, 4]), [3, 4]);
  assert.deepEqual(twoRows([0, 1, 3, 2, 4, 0]), [1, 3, 4]);
});
