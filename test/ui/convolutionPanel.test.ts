// UI tests of the convolution panel bundle in headless Chromium: handshake, drawing, keyboard, editing, screenshots.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildConvolutionScene, DEFAULT_INPUT, DEFAULT_KERNEL } from '../../src/scenes/convolutionScene';
import { colourOnCanvas, openPanel, posted, send, useBrowser } from './webviewPage';

const { browser, shots } = useBrowser();

const image = { rows: 5, cols: 5, data: [3, 0, 1, 2, 7, 1, 5, 8, 9, 3, 2, 7, 2, 5, 1, 0, 1, 3, 1, 7, 4, 2, 1, 6, 2] };
const kernel = { rows: 3, cols: 3, data: [1, 0, -1, 1, 0, -1, 1, 0, -1] };

async function ready(page: Page): Promise<void> {
  const first = await posted(page);
  assert.deepEqual(first[0], { type: 'ready' }, 'the webview must speak first');
}

async function status(page: Page): Promise<string> {
  return (await page.textContent('.status')) ?? '';
}

test('answers ready, draws the scene the host sends and reports each step', async () => {
  const page = await openPanel(browser(), 'convolution', 'dark');
  await ready(page);
  const scene = buildConvolutionScene('image ⋆ kernel', image, kernel, { stride: 1, padding: 1, dilation: 1 });
  await send(page, { type: 'scene', scene, step: 0 });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.startsWith('Step 1'));
  assert.equal(await status(page), `Step 1 of 25: output (0, 0) = sum of 9 products = ${scene.output.data[0]}`);
  // The kernel's window over the padded input includes padded zeros at the corner.
  assert.match((await page.textContent('.products')) ?? '', /^0·1 \+ 0·0 \+ 0·-1 \+ 0·1 \+ 3·0/);
  const frame = await page.evaluate(() => {
    const t = performance.now();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    return performance.now() - t;
  });
  // Only a gross regression fails here (10× a 16 ms frame): the frame budget itself is measured in the bench.
  assert.ok(frame < 10 * 16, `a step took ${frame} ms`);
  assert.equal(await status(page), `Step 2 of 25: output (0, 1) = sum of 9 products = ${scene.output.data[1]}`);
  const reports = (await posted(page)).filter((m) => m.type === 'stepShown');
  assert.deepEqual(reports.at(-1), {
    type: 'stepShown',
    step: 1,
    description: `output (0, 1) = sum of 9 products = ${scene.output.data[1]}`,
  });
  await page.keyboard.press('End');
  assert.match(await status(page), /^Step 25 of 25: output \(4, 4\)/);
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.screenshot({ path: join(shots, 'convolution-panel.png') });
  await page.close();
});

test('the highlighted window is drawn in the focus colour on the canvas', async () => {
  const page = await openPanel(browser(), 'convolution', 'light');
  await send(page, {
    type: 'scene',
    scene: buildConvolutionScene('t', DEFAULT_INPUT, DEFAULT_KERNEL, { stride: 1, padding: 0, dilation: 1 }),
    step: 0,
  });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.startsWith('Step 1'));
  // The theme's focus colour (#0066bf) outlines the window, and the outline moves right with the next step.
  const first = await colourOnCanvas(page, [0, 102, 191]);
  assert.ok(first.count > 0, 'no pixel in the focus colour');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.startsWith('Step 2'));
  const second = await colourOnCanvas(page, [0, 102, 191]);
  assert.ok(second.minX > first.minX, `the outline did not move right (${first.minX} → ${second.minX})`);
  await page.keyboard.press('ArrowLeft');
  await page.screenshot({ path: join(shots, 'convolution-panel-light.png') });
  await page.close();
});

test('editing stride asks the host to recompute; an engine error is shown, not thrown', async () => {
  const page = await openPanel(browser(), 'convolution', 'dark');
  await send(page, {
    type: 'scene',
    scene: buildConvolutionScene('t', image, kernel, { stride: 1, padding: 0, dilation: 1 }),
    step: 0,
  });
  await page.waitForSelector('vscode-text-field');
  await page.evaluate(() => {
    const field = document.querySelector('vscode-text-field') as HTMLElement & { value: string };
    field.value = '2';
    field.dispatchEvent(new Event('change'));
  });
  const update = (await posted(page)).find((m) => m.type === 'update') as
    { request: { kind: string; settings: { stride: number } } } | undefined;
  assert.equal(update?.request.kind, 'convolution');
  assert.equal(update?.request.settings.stride, 2);
  await send(page, { type: 'error', message: 'kernel 3×3 is larger than padded input 2×2' });
  assert.equal(await page.textContent('.error'), 'kernel 3×3 is larger than padded input 2×2');
  assert.match(await status(page), /^Step 1 of 9/);
  await page.close();
});

test('Copy as literal posts Python literals of the current tensors', async () => {
  const page = await openPanel(browser(), 'convolution', 'dark');
  await send(page, {
    type: 'scene',
    scene: buildConvolutionScene('t', image, kernel, { stride: 1, padding: 0, dilation: 1 }),
    step: 0,
  });
  await page.waitForSelector('vscode-button[title^="Copy"]');
  await page.click('vscode-button[title^="Copy"]');
  const copy = (await posted(page)).find((m) => m.type === 'copyLiteral') as { text: string } | undefined;
  assert.ok(copy && copy.text.startsWith('image = np.array([[3, 0, 1, 2, 7],'), copy?.text);
  assert.ok(copy.text.includes('kernel = np.array([[1, 0, -1],'));
  await page.close();
});

test('a 64×64 input steps within the frame budget; a larger output gets the summarised view', async () => {
  const big = (n: number): { rows: number; cols: number; data: number[] } => ({
    rows: n,
    cols: n,
    data: Array.from({ length: n * n }, (_, i) => ((i * 37) % 11) - 5),
  });
  const page = await openPanel(browser(), 'convolution', 'dark');
  await send(page, {
    type: 'scene',
    scene: buildConvolutionScene('64×64', big(64), kernel, { stride: 1, padding: 0, dilation: 1 }),
    step: 0,
  });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.startsWith('Step 1 of 3844'));
  const perFrame = await page.evaluate(() => {
    const t = performance.now();
    for (let k = 0; k < 30; k++) document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    return (performance.now() - t) / 30;
  });
  console.log(`frame work at 64×64: ${perFrame.toFixed(2)} ms`);
  // The target is 4 ms (measured ~3.5 ms here); only a gross regression (10×) fails, so a slow 2-core CI passes.
  assert.ok(perFrame < 10 * 4, `a step of a 64×64 animation took ${perFrame.toFixed(1)} ms`);
  const large = buildConvolutionScene('80×80', big(80), kernel, { stride: 1, padding: 0, dilation: 1 });
  assert.equal(large.steps.length, 1);
  await send(page, { type: 'scene', scene: large, step: 0 });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.includes('more than the 4,096'));
  assert.equal(
    await page.textContent('.status'),
    '6,084 output cells are more than the 4,096 an animation shows: the whole result is drawn, stepping is off',
  );
  await page.close();
});
