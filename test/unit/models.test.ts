// Model reading as people write it: nn.Module with forward(), defaults, functional ops, view, nested Sequential, Keras, aliases.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { traceModels } from '../../src/analysis/modelTrace';

const DEFAULT = { defaultInputShape: [1, 3, 32, 32] };

function only(src: string, options = DEFAULT) {
  const models = traceModels(src, options);
  assert.equal(models.length, 1, `expected one model, found ${models.length}`);
  return models[0]!;
}

test('PyTorch tutorial CNN: __init__ defaults, F.relu, self.pool reused, torch.flatten(x, 1)', () => {
  const m = only(`
import torch
import torch.nn as nn
import torch.nn.functional as F

class Net(nn.Module):
    """A docstring with code in it: nn.Conv2d(1, 2, 3) and self.fc9 = nn.Linear(1, 2)."""
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1) # flatten all dimensions except batch
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x
`);
  assert.equal(m.model.name, 'Net');
  assert.equal(m.trace.error, undefined);
  assert.equal(m.trace.totalParams, 62_006);
  assert.deepEqual(m.trace.layers.at(-1)!.outputShape, [1, 10]);
  assert.equal(m.model.layers.filter((l) => l.name === 'pool').length, 2);
});

test('x.view(-1, 16 * 5 * 5) and x.view(x.size(0), -1) reshape; a wrong view is a shape error', () => {
  const body = (view: string): string => `
import torch.nn as nn
# convlens: input 4x3x32x32
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 16, 5), nn.MaxPool2d(2), nn.Conv2d(16, 16, 5), nn.MaxPool2d(2))
        self.fc = nn.Linear(400, 10)
    def forward(self, x):
        x = self.features(x)
        x = ${view}
        return self.fc(x)
`;
  assert.deepEqual(only(body('x.view(-1, 16 * 5 * 5)')).trace.layers.at(-1)!.outputShape, [4, 10]);
  assert.deepEqual(only(body('x.view(x.size(0), -1)')).trace.layers.at(-1)!.outputShape, [4, 10]);
  const bad = only(body('x.view(-1, 576)'));
  assert.equal(bad.trace.error?.unknown, false);
  assert.match(bad.trace.error!.message, /cannot split 1600 elements/);
});

test('import aliases: from torch import nn, from torch.nn import Conv2d; constants and OrderedDict', () => {
  const m = only(`
from collections import OrderedDict
from torch.nn import Conv2d, ReLU, Sequential
C = 32
net = Sequential(OrderedDict([
    ('conv', Conv2d(3, C, kernel_size=3, padding=1)),
    ('act', ReLU()),
    ('head', Sequential(Conv2d(C, 2 * C, 1))),
]))
`);
  assert.deepEqual(m.model.layers.map((l) => l.name ?? ''), ['conv', 'act', '']);
  assert.deepEqual(m.trace.layers.at(-1)!.outputShape, [1, 64, 32, 32]);
  assert.equal(m.trace.totalParams, 3 * 32 * 9 + 32 + 32 * 64 + 64);
});

test('Keras Sequential: Input(shape=), channels last, same padding with stride, Keras BN counts 4 per channel', () => {
  const m = only(`
from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, strides=2, padding="same"),
    layers.BatchNormalization(),
    layers.DepthwiseConv2D(3, padding="same"),
    layers.SeparableConv2D(64, 3),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10),
])
`);
  assert.equal(m.input.source, 'keras');
  assert.deepEqual(m.trace.layers.map((l) => l.outputShape), [[1, 14, 14, 32], [1, 14, 14, 32], [1, 14, 14, 32], [1, 12, 12, 64], [1, 64], [1, 10]]);
  assert.deepEqual(m.trace.layers.map((l) => l.params), [320, 128, 320, 32 * 9 + 32 * 64 + 64, 0, 650]);
});

test('Keras model.add() after Sequential()', () => {
  const m = only(`
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense
model = Sequential()
model.add(Conv2D(8, (3, 3), input_shape=(10, 10, 3)))
model.add(MaxPooling2D())
model.add(Flatten())
model.add(Dense(2))
`);
  assert.deepEqual(m.trace.layers.map((l) => l.outputShape), [[1, 8, 8, 8], [1, 4, 4, 8], [1, 128], [1, 2]]);
});

test('input shape: comment beats tensor constructor beats the setting, and says where it came from', () => {
  const seq = 'import torch.nn as nn\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3))\n';
  assert.equal(only(seq).input.source, 'setting');
  assert.deepEqual(only(seq + 'x = torch.randn(2, 3, 16, 16)\n').input, { shape: [2, 3, 16, 16], source: 'tensor', line: 2 });
  assert.deepEqual(only('# convlens: input 1x3x8x8\n' + seq + 'x = torch.randn(2, 3, 16, 16)\n').input, { shape: [1, 3, 8, 8], source: 'comment', line: 0 });
});

test('unresolvable arguments are reported as unknown, not guessed', () => {
  const m = only('import torch.nn as nn\nmodel = nn.Sequential(nn.Conv2d(3, width, 3), nn.ReLU())\n');
  assert.equal(m.trace.error?.unknown, true);
  assert.match(m.trace.error!.message, /out_channels/);
});

test('channel mismatch names the layer and the numbers', () => {
  const m = only('import torch.nn as nn\nmodel = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(8, 32, 3))\n');
  assert.deepEqual([m.trace.error?.layerIndex, m.trace.error?.message], [2, 'Conv2d expects 8 input channels, gets 16']);
});

test('random and truncated Python never throws', () => {
  const seed = 'class Net(nn.Module):\n    def __init__(self, c=3):\n        self.a = nn.Conv2d(c, 8, 3)\n    def forward(self, x):\n        x = F.relu(self.a(x)).view(-1, 8)\n        return x\nm = nn.Sequential(nn.Conv2d(3, 4, (3, 3)), nn.Linear(4, 2))\n';
  fc.assert(fc.property(fc.integer({ min: 0, max: seed.length }), fc.string({ maxLength: 20 }), (cut, noise) => {
    traceModels(seed.slice(0, cut) + noise + seed.slice(cut), DEFAULT);
  }), { numRuns: 1500 });
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
    traceModels(s, DEFAULT);
  }), { numRuns: 1500 });
});

test('a notebook cell sees constants and inputs from the other cells; ranges are the cell\'s own', async () => {
  const { traceNotebookCell } = await import('../../src/analysis/notebook');
  const cells = [
    'import torch.nn as nn\nWIDTH = 16',
    'model = nn.Sequential(\n    nn.Conv2d(1, WIDTH, 3),\n    nn.ReLU(),\n)',
    'x = torch.randn(2, 1, 10, 10)',
  ];
  const [m] = traceNotebookCell(cells, 1, DEFAULT);
  assert.ok(m);
  assert.deepEqual(m.input, { shape: [2, 1, 10, 10], source: 'tensor' });
  assert.deepEqual(m.trace.layers[0]!.outputShape, [2, 16, 8, 8]);
  assert.equal(m.model.range.start.line, 0);
  assert.equal(m.model.layers[0]!.range.start.line, 1);
  assert.deepEqual(traceNotebookCell(cells, 0, DEFAULT), []);
});
