// UI test of the equivariance panel: conv follows every shift; max pooling only shifts by whole pooling steps.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildEquivarianceScene } from '../../src/scenes/equivarianceScene';
import { openPanel, send, useBrowser } from './webviewPage';

const { browser, shots } = useBrowser();

test('the tutorial counterexample: shift 1 breaks max pooling ([3, 4] vs [1, 3, 4]), shift 2 does not', async () => {
  const scene = buildEquivarianceScene(
    't',
    { rows: 1, cols: 8, data: [1, 3, 2, 4, 0, 0, 0, 0] },
    { rows: 1, cols: 3, data: [1, 0, -1] },
  );
  assert.deepEqual(scene.steps[0]!.pool, [3, 4, 0, 0]);
  assert.deepEqual(scene.steps[1]!.poolOfShifted.slice(0, 3), [1, 3, 4]);
  assert.deepEqual(
    scene.steps.map((s) => s.convEquivariant),
    [true, true, true, true, true],
  );
  assert.deepEqual(
    scene.steps.map((s) => s.poolEquivariant),
    [true, false, true, false, true],
  );
  const page = await openPanel(browser(), 'equivariance', 'light');
  await send(page, { type: 'scene', scene, step: 1 });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.startsWith('Step 2'));
  assert.equal(
    await page.textContent('.status'),
    'Step 2 of 5: shift 1: conv(shift(x)) = shift(conv(x)) ✓; max pooling changes: a 1-cell shift is half a pooling step ✗',
  );
  await page.screenshot({ path: join(shots, 'equivariance-panel.png') });
  await page.keyboard.press('ArrowRight');
  assert.equal(
    await page.textContent('.status'),
    'Step 3 of 5: shift 2: conv(shift(x)) = shift(conv(x)) ✓; max pooling follows the shift ✓',
  );
  await page.close();
});
