// UI test of the filter-visualization panel: a CNN trained for one epoch, its filters stepped through, digits switched.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readDigits } from '../../src/classroom/digits';
import { accuracy, train } from '../../src/classroom/digitNet';
import { buildFiltersScene } from '../../src/scenes/filtersScene';
import { openPanel, send, updateRequest, useBrowser } from './webviewPage';

const { browser, shots } = useBrowser();

test('shows kernels, ascent images and feature maps; steps from filter to filter; Next digit asks for the next sample', async () => {
  const digits = readDigits(new Uint8Array(readFileSync(join(__dirname, '..', '..', 'dist', 'data', 'digits.bin'))));
  const weights = await train(digits.train, { epochs: 1, batchSize: 20, learningRate: 0.05, momentum: 0.9, seed: 7 });
  const picked = [0, 1, 2].map((d) => digits.test.labels.indexOf(d));
  const network = {
    side: 28,
    weights,
    accuracy: accuracy(weights, digits.test),
    samples: { rows: 28, cols: 28, depth: 3, data: picked.flatMap((i) => Array.from(digits.test.images[i]!)) },
    labels: [0, 1, 2],
  };
  const scene = buildFiltersScene('Filters', network, 2);
  const page = await openPanel(browser(), 'filters', 'dark');
  await send(page, { type: 'scene', scene, step: 0 });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent?.startsWith('Step 1'));
  const first = scene.steps[0]!;
  assert.match(
    (await page.textContent('.status')) ?? '',
    new RegExp(
      `^Step 1 of 14: conv1 filter 0: gradient ascent raised its centre units' mean activation from \\S+ to \\S+; on this 2 its feature map peaks at \\S+$`,
    ),
  );
  assert.ok(first.after > first.before);
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  assert.match((await page.textContent('.status')) ?? '', /^Step 9 of 14: conv2 filter 2:/);
  assert.match(
    (await page.textContent('.products')) ?? '',
    /% of the held-out digits classified correctly · probabilities 0: \d+%/,
  );
  await page.screenshot({ path: join(shots, 'filters-panel.png'), fullPage: true });
  await page.click('vscode-button[title^="Show the feature maps of the next"]');
  assert.equal((await updateRequest<{ sample: number }>(page)).sample, 0, 'wraps around after the last sample');
  await page.close();
});
