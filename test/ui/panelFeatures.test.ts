// UI tests of what every panel shares and of the multi-channel convolution: editing cells in place, PNG and GIF export,
// present mode, channel and group controls.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildConvolutionScene } from '../../src/scenes/convolutionScene';
import { buildPoolingScene } from '../../src/scenes/poolingScene';
import { colourOnCanvas, openPanel, posted, send, setField, updateRequest, useBrowser } from './webviewPage';

const { browser, shots } = useBrowser();

const twoChannels = {
  rows: 4,
  cols: 4,
  depth: 2,
  data: [1, 2, 0, 1, 3, 1, 2, 0, 0, 2, 1, 3, 1, 0, 2, 1, /* ch 1 */ 2, 0, 1, 1, 0, 1, 3, 2, 1, 1, 0, 0, 2, 3, 1, 0],
};
// Two output channels, groups = 2 (depthwise): out 0 reads ch 0, out 1 reads ch 1.
const depthwise = { rows: 2, cols: 2, depth: 2, data: [1, 0, 0, -1, 2, 1, 1, 0] };

async function status(page: Page): Promise<string> {
  return (await page.textContent('.status')) ?? '';
}

async function showScene(page: Page, scene: unknown): Promise<void> {
  await send(page, { type: 'scene', scene, step: 0 });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.startsWith('Step 1'));
}

test('multi-channel, grouped convolution: each output channel reads its group; bias in the sum; screenshot', async () => {
  const page = await openPanel(browser(), 'convolution', 'dark');
  const scene = buildConvolutionScene(
    'grouped',
    twoChannels,
    depthwise,
    { stride: 1, padding: 0, dilation: 1, groups: 2 },
    [0.5, -1],
  );
  await showScene(page, scene);
  assert.equal(
    await status(page),
    `Step 1 of 18: output channel 0 (0, 0) = input channel 0, 4 products + bias 0.5 = ${scene.output.data[0]}`,
  );
  await page.keyboard.press('End');
  assert.equal(
    await status(page),
    `Step 18 of 18: output channel 1 (2, 2) = input channel 1, 4 products + bias -1 = ${scene.output.data[17]}`,
  );
  assert.match((await page.textContent('.products')) ?? '', /^ch 1: .* bias -1 → /);
  await page.keyboard.press('Home');
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await page.screenshot({ path: join(shots, 'convolution-multichannel.png') });
  // Asking for 3 input channels with groups 2 is refused in the panel, not sent.
  const before = (await posted(page)).length;
  await setField(page, 'In ch', '3');
  assert.match((await page.textContent('.error')) ?? '', /groups=2 must divide both in channels \(3\)/);
  assert.equal((await posted(page)).filter((m) => m.type === 'update').length, 0);
  // Groups 1 with the same kernels asks for 2·2 kernel planes: the host gets a request the engine accepts.
  await setField(page, 'Groups', '1');
  const request = await updateRequest<{ settings: { groups: number }; kernel: { depth: number; data: number[] } }>(
    page,
    before,
  );
  assert.equal(request.settings.groups, 1);
  assert.equal(request.kernel.depth, 4);
  assert.deepEqual(request.kernel.data.slice(0, 8), depthwise.data, 'the kernels it had are kept');
  await page.close();
});

test('clicking a cell edits it in place; Enter sends the new tensor, Escape cancels; E opens the first cell from the keyboard', async () => {
  const page = await openPanel(browser(), 'pooling', 'dark');
  const input = { rows: 4, cols: 4, data: [1, 3, 2, 4, 5, 6, 1, 2, 7, 0, 3, 8, 2, 4, 9, 1] };
  await showScene(page, buildPoolingScene('pool', input, { mode: 'max', kernel: 2, stride: 2, padding: 0 }));
  const box = (await page.locator('canvas').boundingBox())!;
  const cell = Math.max(8, Math.min(40, Math.floor(560 / (2 * 4 + 2 + 4))));
  // Input cell (1, 2) holds 1.
  await page.mouse.click(box.x + 10 + 2.5 * cell, box.y + 4 + 18 + 1.5 * cell);
  const field = page.locator('input.cell-editor');
  assert.equal(await field.inputValue(), '1');
  assert.equal(await field.getAttribute('aria-label'), 'input 4×4 (1, 2)');
  await field.fill('oops');
  await field.press('Enter');
  assert.equal(await page.textContent('.error'), '"oops" is not a number');
  await field.fill('9.5');
  await field.press('Enter');
  const request = await updateRequest<{ input: { data: number[] } }>(page);
  assert.deepEqual(request.input.data, [1, 3, 2, 4, 5, 6, 9.5, 2, 7, 0, 3, 8, 2, 4, 9, 1]);
  assert.equal(await field.count(), 0, 'the field closes after Enter');
  await page.locator('canvas').focus();
  await page.keyboard.press('e');
  assert.equal(await page.locator('input.cell-editor').getAttribute('aria-label'), 'input 4×4 (0, 0)');
  await page.keyboard.press('Tab');
  assert.equal(await page.locator('input.cell-editor').getAttribute('aria-label'), 'input 4×4 (0, 1)');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('input.cell-editor').count(), 0);
  assert.equal(
    (await posted(page)).filter((m) => m.type === 'update').length,
    1,
    'Tab and Escape without a change send nothing',
  );
  await page.close();
});

test('PNG exports the current frame and GIF every step, as real image files on an opaque background', async () => {
  const page = await openPanel(browser(), 'convolution', 'light');
  await showScene(
    page,
    buildConvolutionScene(
      't',
      { rows: 4, cols: 4, data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 7, 6, 5, 4, 3, 2] },
      { rows: 2, cols: 2, data: [1, 0, 0, -1] },
      { stride: 1, padding: 0, dilation: 1 },
    ),
  );
  await page.keyboard.press('ArrowRight');
  await page.click('vscode-button[title^="Export the current frame"]');
  await page.waitForFunction(() =>
    (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'export'),
  );
  const png = (await posted(page)).find((m) => m.type === 'export') as unknown as {
    format: string;
    base64: string;
    frames: number;
  };
  assert.equal(png.format, 'png');
  assert.equal(png.frames, 1);
  const pngBytes = Buffer.from(png.base64, 'base64');
  assert.deepEqual([...pngBytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
  await send(page, { type: 'requestExport', format: 'gif' });
  await page.waitForFunction(
    () =>
      (window as unknown as { __posted: { type: string; format?: string }[] }).__posted.some(
        (m) => m.type === 'export' && m.format === 'gif',
      ),
    undefined,
    { timeout: 20_000 },
  );
  const gif = (await posted(page)).find((m) => m.type === 'export' && m['format'] === 'gif') as unknown as {
    base64: string;
    frames: number;
  };
  assert.equal(gif.frames, 9, 'one frame per step');
  const gifBytes = Buffer.from(gif.base64, 'base64');
  assert.equal(gifBytes.subarray(0, 6).toString('latin1'), 'GIF89a');
  // Frames are image descriptors (0x2C) after graphic-control extensions (0x21 0xF9): count the latter.
  let controls = 0;
  for (let i = 0; i + 1 < gifBytes.length; i++)
    if (gifBytes[i] === 0x21 && gifBytes[i + 1] === 0xf9 && gifBytes[i + 2] === 4) controls++;
  assert.ok(controls >= 9, `the GIF holds ${controls} frames`);
  assert.match(await status(page), /^Step 2 of 9/, 'the panel returns to the step it showed');
  await page.close();
});

test('present mode hides the controls and draws larger; keys still step; P and Esc toggle; the host can switch it', async () => {
  const page = await openPanel(browser(), 'convolution', 'dark');
  await showScene(
    page,
    buildConvolutionScene('t', twoChannels, depthwise, { stride: 1, padding: 0, dilation: 1, groups: 2 }),
  );
  const width = async (): Promise<number> => (await page.locator('canvas').boundingBox())!.width;
  const normal = await width();
  await page.keyboard.press('p');
  assert.equal(await page.evaluate(() => document.body.classList.contains('present')), true);
  assert.equal(await page.locator('.controls').first().isVisible(), false);
  const presented = await width();
  assert.ok(presented > normal * 1.3, `the canvas is drawn larger (${normal} → ${presented} px)`);
  assert.ok(presented <= 900 - 40, `and still fits the 900 px window (${presented} px)`);
  await page.keyboard.press('ArrowRight');
  assert.match(await status(page), /^Step 2 of 18/);
  await page.screenshot({ path: join(shots, 'present-mode.png') });
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.body.classList.contains('present')), false);
  assert.equal(await width(), normal);
  await send(page, { type: 'present', on: true });
  await page.waitForFunction(() => document.body.classList.contains('present'));
  const changes = (await posted(page)).filter((m) => m.type === 'presentChanged').map((m) => m['on']);
  assert.deepEqual(changes, [true, false, true]);
  await page.close();
});

test('a panel speaks the display language of the bundle the host puts on the page (German here)', async () => {
  const bundle = JSON.parse(readFileSync(join(__dirname, '..', '..', 'l10n', 'bundle.l10n.de.json'), 'utf8')) as Record<
    string,
    string
  >;
  const page = await openPanel(browser(), 'convolution', 'dark', bundle);
  await send(page, {
    type: 'scene',
    scene: buildConvolutionScene(
      't',
      { rows: 3, cols: 3, data: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
      { rows: 2, cols: 2, data: [1, 0, 0, 1] },
      { stride: 1, padding: 0, dilation: 1 },
    ),
    step: 0,
  });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.startsWith('Schritt 1'));
  assert.equal(await status(page), 'Schritt 1 von 4: Ausgabe (0, 0) = Summe von 4 Produkten = 6');
  assert.equal(await page.textContent('vscode-button[title^="Abspielen"]'), '▶ Abspielen');
  assert.equal(
    await page.getAttribute('vscode-button[title^="Zum ersten"]', 'aria-label'),
    'Zum ersten Schritt (Pos1)',
  );
  await page.close();
});

test('padding presets (valid, same, full) and pooling ceil mode ask the host for the matching settings', async () => {
  const conv = await openPanel(browser(), 'convolution', 'dark');
  await showScene(
    conv,
    buildConvolutionScene(
      't',
      { rows: 5, cols: 5, data: new Array<number>(25).fill(1) },
      { rows: 3, cols: 3, data: new Array<number>(9).fill(1) },
      { stride: 1, padding: 0, dilation: 2 },
    ),
  );
  await conv.click('vscode-button[title^="Padding 4 = d(K − 1)"]');
  assert.equal(
    (await updateRequest<{ settings: { padding: number } }>(conv)).settings.padding,
    4,
    'full padding for a 3×3 kernel at dilation 2',
  );
  await conv.close();
  const pool = await openPanel(browser(), 'pooling', 'dark');
  const input = { rows: 5, cols: 5, data: Array.from({ length: 25 }, (_, i) => i) };
  await showScene(pool, buildPoolingScene('p', input, { mode: 'max', kernel: 2, stride: 2, padding: 0 }));
  await pool.click('vscode-button[title^="Round the output size up"]');
  const request = await updateRequest<{ settings: { ceilMode: boolean } }>(pool);
  assert.equal(request.settings.ceilMode, true);
  // The host's scene for that request keeps the last, partial window: 3×3 instead of 2×2.
  const ceil = buildPoolingScene('p', input, { mode: 'max', kernel: 2, stride: 2, padding: 0, ceilMode: true });
  assert.deepEqual([ceil.output.rows, ceil.steps.length], [3, 9]);
  await showScene(pool, ceil);
  assert.match(await status(pool), /^Step 1 of 9:/);
  assert.equal(await pool.textContent('vscode-button[title^="Round the output size up"]'), 'Ceil mode: on');
  await pool.close();
});

test("in a high-contrast theme the window outline takes the theme's focus colour and the text its foreground", async () => {
  const page = await openPanel(browser(), 'convolution', 'highContrast');
  await showScene(
    page,
    buildConvolutionScene(
      't',
      { rows: 5, cols: 5, data: Array.from({ length: 25 }, (_, i) => i % 7) },
      { rows: 3, cols: 3, data: [0, -1, 0, -1, 4, -1, 0, -1, 0] },
      { stride: 1, padding: 0, dilation: 1 },
    ),
  );
  const outline = await colourOnCanvas(page, [243, 133, 24]);
  assert.ok(outline.count > 0, 'the high-contrast focus border (#f38518) outlines the window');
  assert.equal(
    await page.evaluate(() => getComputedStyle(document.querySelector('.status')!).color),
    'rgb(255, 255, 255)',
  );
  await page.screenshot({ path: join(shots, 'convolution-panel-high-contrast.png') });
  await page.close();
});
