// UI tests of the transposed-convolution, depthwise-separable and receptive-field panels in headless Chromium.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildReceptiveFieldScene, twoThreeByThreeVsFiveByFive } from '../../src/scenes/receptiveFieldScene';
import { buildSeparableScene } from '../../src/scenes/separableScene';
import { buildTransposedScene } from '../../src/scenes/transposedScene';
import { openPanel, send, setField, updateRequest, useBrowser } from './webviewPage';

const { browser, shots } = useBrowser();

async function showScene(page: Page, scene: unknown): Promise<void> {
  await send(page, { type: 'scene', scene, step: 0 });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.startsWith('Step 1'));
}

const status = async (page: Page): Promise<string> => (await page.textContent('.status')) ?? '';

test('transposed convolution: each input cell stamps the scaled kernel; the formula and crop are shown', async () => {
  const page = await openPanel(browser(), 'transposed', 'dark');
  const scene = buildTransposedScene(
    't',
    { rows: 2, cols: 2, data: [1, 2, 3, 4] },
    { rows: 3, cols: 3, data: [1, 0, -1, 2, 1, 0, 0, 1, 1] },
    { stride: 2, padding: 1, outputPadding: 1 },
  );
  assert.equal(scene.formula, 'H_out = (H − 1)·S − 2P + K + output_padding = (2 − 1)·2 − 2·1 + 3 + 1 = 4');
  await showScene(page, scene);
  assert.equal(await status(page), 'Step 1 of 4: input (0, 0) = 1 stamps 1·kernel onto canvas rows 0–2, cols 0–2');
  await page.keyboard.press('ArrowRight');
  assert.equal(await status(page), 'Step 2 of 4: input (0, 1) = 2 stamps 2·kernel onto canvas rows 0–2, cols 2–4');
  assert.equal(await page.textContent('.products'), 'adds 2, 0, -2, 4, 2, 0, 0, 2, 2');
  await page.keyboard.press('End');
  await page.screenshot({ path: join(shots, 'transposed-panel.png') });
  await setField(page, 'Stride', '1');
  const request = await updateRequest<{ kind: string; settings: { stride: number; padding: number } }>(page);
  assert.deepEqual([request.kind, request.settings.stride, request.settings.padding], ['transposed', 1, 1]);
  await page.close();
});

test('depthwise-separable vs standard: 18,432 vs 2,336 weights for 3×3, 32→64; the stages step through', async () => {
  const page = await openPanel(browser(), 'separable', 'light');
  await showScene(page, buildSeparableScene('sep', { inChannels: 32, outChannels: 64, kernel: 3, size: 56 }));
  assert.equal(
    await status(page),
    'Step 1 of 24: standard: output channel 0 reads all 32 input channels with 32·3·3 = 288 weights',
  );
  assert.equal(
    await page.textContent('.products'),
    'standard 18,432 weights, 57.80 M MACs · separable 2,336 weights, 7.33 M MACs',
  );
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await status(page), 'Step 9 of 24: depthwise: channel 0 is filtered on its own with 3·3 = 9 weights');
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  assert.equal(
    await status(page),
    'Step 17 of 24: pointwise: output channel 0 mixes the 32 depthwise outputs with 32 weights (1×1)',
  );
  await page.screenshot({ path: join(shots, 'separable-panel.png') });
  await page.close();
});

test('receptive field: two 3×3 and one 5×5 light the same 5×5 input patch; clicking the output picks a unit', async () => {
  const page = await openPanel(browser(), 'receptiveField', 'dark');
  await showScene(page, buildReceptiveFieldScene('rf', 9, twoThreeByThreeVsFiveByFive(), { row: 2, col: 2 }));
  assert.equal(await status(page), 'Step 1 of 3: two 3×3 convs: output unit (2, 2); one 5×5 conv: output unit (2, 2)');
  await page.keyboard.press('ArrowRight');
  assert.equal(
    await status(page),
    'Step 2 of 3: two 3×3 convs: conv 3×3 → 7×7: rows 2–4, cols 2–4 (3×3); one 5×5 conv: input 9×9: rows 2–6, cols 2–6 (5×5)',
  );
  await page.keyboard.press('ArrowRight');
  assert.equal(
    await status(page),
    'Step 3 of 3: two 3×3 convs: input 9×9: rows 2–6, cols 2–6 (5×5); one 5×5 conv: input 9×9: rows 2–6, cols 2–6 (5×5)',
  );
  await page.screenshot({ path: join(shots, 'receptive-field-panel.png') });
  // The first stack's output (5×5) is its third map: fitted in a 150 px box, 30 px cells, drawn at x = 10 + 2·170.
  const box = (await page.locator('canvas').boundingBox())!;
  await page.mouse.click(box.x + 10 + 2 * 170 + 4 * 30 + 15, box.y + 4 + 24 + 18 + 0 * 30 + 15);
  assert.deepEqual((await updateRequest<{ unit: { row: number; col: number } }>(page)).unit, { row: 0, col: 4 });
  await page.close();
});
