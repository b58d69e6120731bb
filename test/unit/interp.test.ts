// The static interpreter against PyTorch's own numbers (fixtures/interpCases.py), and its honest stops on what it cannot know.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { traceGraphs, type GraphModel } from '../../src/analysis/graphTrace';

interface TruthCase {
  readonly expr: string;
  readonly input: number[];
  readonly total: number;
  readonly output: number[];
  readonly src: string;
}

// Bundled into out/unit/, so the fixture is found from the repository root.
const cases = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'test', 'unit', 'fixtures', 'interpTruth.json'), 'utf8'),
) as Record<string, TruthCase>;

function traceOne(src: string, options: { input?: number[]; model?: string } = {}): GraphModel {
  const models = traceGraphs(src, {
    defaultInputShape: [1, 3, 32, 32],
    ...(options.input ? { inputOverride: options.input } : {}),
    ...(options.model ? { modelExpression: options.model } : {}),
  });
  assert.equal(models.length, 1, `expected one model, got ${models.map((m) => m.name).join(', ')}`);
  return models[0]!;
}

for (const [name, c] of Object.entries(cases)) {
  test(`${name}: ${c.expr} has PyTorch's parameter count and output shape`, () => {
    const m = traceOne(c.src, { input: c.input, model: c.expr });
    assert.equal(m.stop, null, m.stop?.message);
    assert.equal(m.complete, true);
    assert.equal(m.params.total, c.total);
    assert.deepEqual(m.output, c.output);
  });
}

test('a residual add is a merge node whose inputs are both paths, and the shortcut conv counts', () => {
  const m = traceOne(cases['residual_downsample']!.src, { input: [1, 64, 32, 32], model: 'Block()' });
  const add = m.nodes.find((n) => n.typeName === 'add');
  assert.ok(add, 'no add node');
  assert.equal(add.inputs.length, 2);
  assert.ok(m.nodes.some((n) => n.path === 'shortcut.0' && n.params === 64 * 128));
});

test('branches joined by torch.cat meet in one node with each branch as an input', () => {
  const m = traceOne(cases['branches_cat']!.src, { input: [1, 64, 16, 16], model: 'Inception()' });
  const cat = m.nodes.find((n) => n.typeName === 'cat')!;
  assert.deepEqual(
    cat.inputShapes.map((s) => s[1]),
    [32, 32, 16],
  );
  // The receptive field is the largest over the paths: 3×3 conv branch and 3×3 pool branch both give 3.
  assert.deepEqual([m.receptiveField?.rows.size, m.receptiveField?.cols.size], [3, 3]);
});

test('modules registered but never called are named, and not counted as used', () => {
  const m = traceOne(cases['modulelist_dict']!.src, { input: [1, 16], model: 'Heads()' });
  assert.deepEqual(m.unusedModules, ['unused']);
  assert.equal(m.params.usedInForward, 1884 - 20);
});

test('a shared module is counted once but called twice', () => {
  const m = traceOne(cases['shared_module']!.src, { input: [1, 10], model: 'Tied()' });
  assert.equal(m.nodes.filter((n) => n.op === 'layer').length, 2);
  assert.equal(m.params.total, 110);
});

const ARGPARSE = `
import argparse
import torch.nn as nn
parser = argparse.ArgumentParser()
parser.add_argument('--dataset', required=True)
parser.add_argument('--ngf', type=int, default=64)
opt = parser.parse_args()
if opt.dataset in ['imagenet', 'cifar10']:
    nc = 3
elif opt.dataset == 'mnist':
    nc = 1
ngf = int(opt.ngf)

class G(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Sequential(nn.ConvTranspose2d(100, ngf, 4, 1, 0), nn.ConvTranspose2d(ngf, nc, 4, 2, 1))
    def forward(self, x):
        return self.main(x)
`;

test('a value set under a condition on a required command-line option stops the trace and names the option', () => {
  const m = traceOne(ARGPARSE, { input: [1, 100, 1, 1] });
  assert.equal(m.complete, false);
  assert.equal(m.stop?.kind, 'unknown');
  assert.match(m.stop.message, /--dataset/);
  assert.equal(m.params.total, null);
});

test('argparse defaults are used, with a note saying so', () => {
  const m = traceOne(ARGPARSE.replace('required=True', "default='mnist'"), { input: [1, 100, 1, 1] });
  assert.equal(m.complete, true, m.stop?.message);
  assert.deepEqual(m.output, [1, 1, 8, 8]);
  assert.ok(m.notes.some((n) => /--ngf/.test(n)));
});

test('a residual add of mismatched shapes is an error at that line, naming both shapes', () => {
  const src = cases['residual_downsample']!.src.replace('if stride != 1 or in_planes != planes:', 'if False:');
  const m = traceOne(src, { input: [1, 64, 32, 32], model: 'Block()' });
  assert.equal(m.stop?.kind, 'error');
  assert.equal(m.stop?.code, 'mergeMismatch');
  assert.equal(
    m.stop?.range.start.line + 1,
    src.split('\n').findIndex((l) => l.includes('out += self.shortcut(x)')) + 1,
  );
  assert.match(m.stop.message, /1×128×16×16.*1×64×32×32/);
});

test('a forward that branches on tensor values stops instead of guessing', () => {
  const m = traceOne(
    `
import torch.nn as nn
class Gate(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(4, 4)
        self.b = nn.Linear(4, 8)
    def forward(self, x):
        if x.sum() > 0:
            return self.a(x)
        return self.b(x)
`,
    { input: [1, 4] },
  );
  assert.equal(m.complete, false);
  assert.equal(m.stop?.kind, 'unknown');
  assert.equal(m.output, null);
});

/** A model class that needs an argument, built nowhere in its file. */
const NEEDS_ARGUMENT = `class VGG(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.f = nn.Conv2d(3, cfg, 3)
    def forward(self, x):
        return self.f(x)
`;

test('a class with required arguments and no call site asks for a model comment', () => {
  const m = traceOne(`import torch.nn as nn\n${NEEDS_ARGUMENT}`);
  assert.equal(m.stop?.code, 'needsArguments');
  assert.match(m.stop.message, /# convlens: model VGG\(cfg=…\)/);
});

test('a `# convlens: model` comment traces the class with those arguments', () => {
  const m = traceOne(`import torch.nn as nn\n# convlens: model VGG(16)\n${NEEDS_ARGUMENT}`);
  assert.equal(m.complete, true, m.stop?.message);
  assert.equal(m.params.total, 3 * 16 * 9 + 16);
});

test('each Keras model variable is its own model: a reassignment starts a new one', () => {
  const models = traceGraphs(
    `
from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(8, 3)])
model.add(layers.Flatten())
model = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(4)])
model.add(layers.Dense(2))
`,
    { defaultInputShape: [1, 3, 32, 32] },
  );
  assert.equal(models.length, 2);
  assert.deepEqual(
    models.map((m) => m.params.total),
    [8 * 9 + 8, 10 * 4 + 4 + 4 * 2 + 2],
  );
  assert.deepEqual(
    models.map((m) => m.output),
    [
      [1, 26 * 26 * 8],
      [1, 2],
    ],
  );
});

test('a Keras functional model with a residual add traces every layer once', () => {
  const models = traceGraphs(
    `
import keras
from keras import layers
inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(16, 3, padding="same")(inputs)
y = layers.Conv2D(16, 3, padding="same")(x)
x = layers.add([x, y])
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
`,
    { defaultInputShape: [1, 3, 32, 32] },
  );
  const m = models.find((x) => x.name === 'model')!;
  assert.equal(m.complete, true, m.stop?.message);
  assert.equal(m.params.total, 3 * 9 * 16 + 16 + (16 * 9 * 16 + 16) + (16 * 10 + 10));
  assert.deepEqual(m.output, [1, 10]);
});

test('half-typed code neither throws nor invents layers', () => {
  const m = traceGraphs(
    `
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8,
    def forward(self, x):
        return self.conv(x)
`,
    { defaultInputShape: [1, 3, 32, 32] },
  );
  for (const model of m) assert.ok(!model.complete || model.params.total !== 0);
});
