// The digit CNN behind the filter visualization: data file, exact gradients, training that learns, cancellation, ascent.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readDigits, TEST_PER_DIGIT } from '../../src/classroom/digits';
import {
  accuracy,
  batchTensor,
  initWeights,
  lossAndGradients,
  train,
  TrainingCancelled,
  type DigitNetWeights,
} from '../../src/classroom/digitNet';
import { ascend } from '../../src/classroom/filterAscent';
import { checkWeights } from '../../src/contract/digitNetShape';
import { buildFiltersScene } from '../../src/scenes/filtersScene';
import { setEngineBackend } from '../../src/engine/wasm/wasmRuntime';

const digits = readDigits(new Uint8Array(readFileSync(join(__dirname, '..', '..', 'dist', 'data', 'digits.bin'))));

test('the packed digits: 28×28, every class, test digits held out, values in [0, 1]', () => {
  assert.equal(digits.train.side, 28);
  assert.equal(digits.test.labels.length, 10 * TEST_PER_DIGIT);
  assert.deepEqual([...new Set(digits.train.labels)].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const ink = digits.train.images[0]!.reduce((a, b) => a + b, 0);
  assert.ok(ink > 30 && ink < 300, `a digit has ${ink} units of ink`);
  assert.ok(digits.train.images.every((img) => img.every((v) => v >= 0 && v <= 1)));
  assert.throws(() => readDigits(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), /CLD1 header/);
});

test('backpropagation through conv, ReLU, max pool and linear matches finite differences', () => {
  // A central difference with h = 1e-5 needs float64 losses: run on the TypeScript kernels (the WebAssembly ones
  // compute in float32 and are held equal to these by wasmEngine.test.ts).
  setEngineBackend('ts');
  try {
    checkFiniteDifferences();
  } finally {
    setEngineBackend('wasm');
  }
});

function checkFiniteDifferences(): void {
  const w = initWeights(28, 5) as { -readonly [K in keyof DigitNetWeights]: number[] };
  // Zero biases put every blank-background unit exactly on ReLU's kink, where a central difference halves the slope.
  w.bias1 = w.bias1.map((_, i) => 0.03 * (i + 1));
  w.bias2 = w.bias2.map((_, i) => 0.02 * (i + 1));
  const x = batchTensor(digits.train.images.slice(0, 3), 28);
  const labels = digits.train.labels.slice(0, 3);
  const { grads } = lossAndGradients(w, x, labels);
  for (const [key, index] of [
    ['conv1', 7],
    ['bias1', 2],
    ['conv2', 40],
    ['bias2', 5],
    ['fc', 123],
    ['biasFc', 4],
  ] as const) {
    const saved = w[key][index]!;
    const h = 1e-5;
    w[key][index] = saved + h;
    const up = lossAndGradients(w, x, labels).loss;
    w[key][index] = saved - h;
    const down = lossAndGradients(w, x, labels).loss;
    w[key][index] = saved;
    const numeric = (up - down) / (2 * h);
    assert.ok(
      Math.abs(numeric - grads[key][index]!) < 1e-6 + 1e-4 * Math.abs(numeric),
      `${key}[${index}]: analytic ${grads[key][index]} vs numeric ${numeric}`,
    );
  }
}

test('one epoch of training beats chance by far; cancelling stops it with TrainingCancelled', async () => {
  let reports = 0;
  const weights = await train(
    digits.train,
    { epochs: 1, batchSize: 20, learningRate: 0.05, momentum: 0.9, seed: 7 },
    { progress: () => reports++ },
  );
  assert.equal(reports, Math.ceil(digits.train.labels.length / 20));
  const share = accuracy(weights, digits.test);
  assert.ok(share > 0.6, `accuracy after one epoch: ${share}`);
  assert.ok(checkWeights(JSON.parse(JSON.stringify(weights)), 28), 'weights survive the JSON cache');
  let batches = 0;
  await assert.rejects(train(digits.train, undefined, { cancelled: () => ++batches > 3 }), TrainingCancelled);
  assert.equal(batches, 4);
});

test("gradient ascent raises a filter's mean activation; the scene has a step per filter", () => {
  const w = initWeights(28, 3);
  for (const layer of [1, 2] as const) {
    const r = ascend(w, 28, layer, 1, { steps: 20, stepSize: 0.05, l2: 0.05, seed: 1 });
    assert.ok(r.after > r.before, `conv${layer}: ${r.before} → ${r.after}`);
    assert.ok(r.image.every((v) => v >= 0 && v <= 1));
  }
  const samples = { rows: 28, cols: 28, depth: 2, data: [...digits.test.images[0]!, ...digits.test.images[25]!] };
  const scene = buildFiltersScene(
    'f',
    { side: 28, weights: w, accuracy: 0.1, samples, labels: [digits.test.labels[0]!, digits.test.labels[25]!] },
    1,
  );
  assert.equal(scene.steps.length, 6 + 8);
  assert.equal(scene.maps1.depth, 6);
  assert.equal(scene.maps2.rows, 10);
  assert.ok(Math.abs(scene.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-9);
});
