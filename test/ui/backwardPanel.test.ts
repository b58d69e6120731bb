// UI test of the backward-pass panel: each dY cell's spread into dX and dW, ending at the engine's full gradients.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { conv2dBackward } from '../../src/engine/conv';
import { tensor } from '../../src/engine/tensor';
import { buildBackwardScene } from '../../src/scenes/backwardScene';
import { openPanel, posted, send, useBrowser } from './webviewPage';

const { browser, shots } = useBrowser();

test('dY spreads into dX and dW step by step; the last step equals conv2dBackward', async () => {
  const x = { rows: 4, cols: 4, data: [1, 2, 0, 1, 3, 1, 2, 0, 0, 2, 1, 3, 1, 0, 2, 1] };
  const w = { rows: 2, cols: 2, data: [1, -1, 2, 0] };
  const scene = buildBackwardScene('backward', x, w, { stride: 1, padding: 0, dilation: 1 });
  assert.deepEqual(scene.flippedKernel.data, [0, 2, -1, 1]);
  const g = conv2dBackward(
    tensor([1, 1, 4, 4], x.data),
    tensor([1, 1, 2, 2], w.data),
    tensor([1, 1, 3, 3], new Array<number>(9).fill(1)),
  );
  assert.deepEqual(scene.steps.at(-1)!.dx, Array.from(g.dx.data));
  assert.deepEqual(scene.steps.at(-1)!.dw, Array.from(g.dw.data));
  const page = await openPanel(browser(), 'backward', 'dark');
  assert.deepEqual((await posted(page))[0], { type: 'ready' });
  await send(page, { type: 'scene', scene, step: 0 });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.startsWith('Step 1'));
  assert.equal(
    await page.textContent('.status'),
    'Step 1 of 9: dY(0, 0) = 1 adds dY·W to 4 cells of dX and dY·X to 4 taps of dW',
  );
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.match((await page.textContent('.status')) ?? '', /^Step 5 of 9: dY\(1, 1\)/);
  await page.screenshot({ path: join(shots, 'backward-panel.png') });
  await page.click('vscode-button[title^="Copy X, W"]');
  const text = String((await posted(page)).find((m) => m.type === 'copyLiteral')?.['text']);
  assert.ok(text.includes(`dx = np.array([[${Array.from(g.dx.data).slice(0, 4).join(', ')}],`), text);
  assert.ok(text.includes(`dw = np.array([[${Array.from(g.dw.data).slice(0, 2).join(', ')}],`), text);
  await page.close();
});
