// Model reading as people write it, through traceGraphs: nn.Module with forward(), defaults, functional ops, view, nested
// Sequential, Keras, aliases; and what the editor reads from the graph (definition sites, forward lines, notebook cells, RF stack).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { traceGraphs, type GraphModel } from '../../src/analysis/graphTrace';
import { layerSites, statementSites } from '../../src/analysis/graphLayers';
import { inDocument, traceNotebookCell } from '../../src/analysis/notebook';
import { modelRfStack } from '../../src/scenes/receptiveFieldScene';

const DEFAULT = { defaultInputShape: [1, 3, 32, 32] };

function only(src: string, options = DEFAULT): GraphModel {
  const models = traceGraphs(src, options);
  assert.equal(models.length, 1, `expected one model, found ${models.map((m) => m.name).join(', ')}`);
  return models[0]!;
}

const LENET = `
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
`;

test('PyTorch tutorial CNN: __init__ defaults, F.relu, self.pool reused, torch.flatten(x, 1)', () => {
  const m = only(LENET);
  assert.equal(m.name, 'Net');
  assert.equal(m.stop, null);
  assert.equal(m.params.total, 62_006);
  assert.equal(m.params.usedInForward, 62_006);
  assert.deepEqual(m.output, [1, 10]);
  assert.equal(m.nodes.filter((n) => n.path === 'pool').length, 2);
  // The docstring's nn.Conv2d is not a layer.
  assert.deepEqual(
    m.modules.filter((x) => x.leaf).map((x) => x.path),
    ['conv1', 'pool', 'conv2', 'fc1', 'fc2', 'fc3'],
  );
});

test('editor sites: one per layer definition with its first call and call count; one per forward line with its last node', () => {
  const m = only(LENET);
  const sites = layerSites([m]);
  assert.deepEqual(
    sites.map((s) => [s.node.path, s.definedAt.start.line, s.calls, s.node.outputShape.join('x')]),
    [
      ['conv1', 9, 1, '1x6x28x28'],
      ['pool', 10, 2, '1x6x14x14'],
      ['conv2', 11, 1, '1x16x10x10'],
      ['fc1', 12, 1, '1x120'],
      ['fc2', 13, 1, '1x84'],
      ['fc3', 14, 1, '1x10'],
    ],
  );
  // `x = self.pool(F.relu(self.conv1(x)))` shows what the pool gives; `torch.flatten` is a function, still a line.
  assert.deepEqual(
    statementSites(m).map((s) => [s.line, s.node.outputShape.join('x')]),
    [
      [17, '1x6x14x14'],
      [18, '1x16x5x5'],
      [19, '1x400'],
      [20, '1x120'],
      [21, '1x84'],
      [22, '1x10'],
    ],
  );
});

test('a block class used twice: its layers are one definition site each, called twice, the first call shown', () => {
  const m = only(`
import torch.nn as nn
class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
    def forward(self, x):
        return self.conv(x) + x
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.blocks = nn.Sequential(Block(8), Block(8))
    def forward(self, x):
        return self.blocks(self.stem(x))
`);
  assert.equal(m.name, 'Net');
  assert.equal(m.params.total, 3 * 8 * 9 + 8 + 2 * (8 * 8 * 9 + 8));
  const conv = layerSites([m]).find((s) => s.node.path === 'blocks.0.conv')!;
  assert.equal(conv.calls, 2);
  assert.deepEqual(conv.node.outputShape, [1, 8, 16, 16]);
  // The residual add is a node: the block's return line shows its output.
  assert.ok(statementSites(m).some((s) => s.line === 7 && s.node.op !== 'layer'));
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
  assert.deepEqual(only(body('x.view(-1, 16 * 5 * 5)')).output, [4, 10]);
  assert.deepEqual(only(body('x.view(x.size(0), -1)')).output, [4, 10]);
  const bad = only(body('x.view(-1, 576)'));
  assert.equal(bad.stop?.kind, 'error');
  assert.equal(bad.stop.range.start.line, 10);
  assert.match(bad.stop.message, /1600|1,600/);
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
  assert.deepEqual(
    m.nodes.map((n) => n.path),
    ['conv', 'act', 'head.0'],
  );
  assert.deepEqual(m.output, [1, 64, 32, 32]);
  assert.equal(m.params.total, 3 * 32 * 9 + 32 + 32 * 64 + 64);
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
  assert.equal(m.framework, 'keras');
  assert.equal(m.input.source, 'declared');
  const layers = m.nodes.filter((n) => n.op === 'layer');
  assert.deepEqual(
    layers.map((l) => l.outputShape),
    [
      [1, 14, 14, 32],
      [1, 14, 14, 32],
      [1, 14, 14, 32],
      [1, 12, 12, 64],
      [1, 64],
      [1, 10],
    ],
  );
  assert.deepEqual(
    layers.map((l) => l.params),
    [320, 128, 320, 32 * 9 + 32 * 64 + 64, 0, 650],
  );
  // Keras counts the moving mean and variance as (non-trainable) parameters.
  assert.equal(m.params.nonTrainable, 64);
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
  assert.deepEqual(
    m.nodes.filter((n) => n.op === 'layer').map((l) => l.outputShape),
    [
      [1, 8, 8, 8],
      [1, 4, 4, 8],
      [1, 128],
      [1, 2],
    ],
  );
});

test('Keras functional model: the graph from keras.Input to keras.Model, a residual add, its receptive-field stack', () => {
  const m = only(`
from tensorflow import keras
from tensorflow.keras import layers
inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
y = layers.Conv2D(16, 3, padding="same")(x)
x = layers.add([x, y])
x = layers.MaxPooling2D(2)(x)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
`);
  assert.equal(m.name, 'model');
  assert.equal(m.complete, true);
  assert.deepEqual(m.output, [1, 10]);
  assert.equal(m.params.total, 3 * 9 * 16 + 16 + (16 * 9 * 16 + 16) + (16 * 10 + 10));
  const rf = modelRfStack(m)!;
  // Along the widest path: conv, conv (through the add), pool; the global pool ends the stack.
  assert.deepEqual(
    rf.stack.layers.map((l) => [l.kernel, l.stride, l.padding]),
    [
      [3, 1, 1],
      [3, 1, 1],
      [2, 2, 0],
    ],
  );
  assert.deepEqual([rf.inputSize, rf.outputSize], [32, 16]);
});

test('input shape: comment beats tensor constructor beats the setting, and says where it came from', () => {
  const seq = 'import torch\nimport torch.nn as nn\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3))\n';
  assert.equal(only(seq).input.source, 'setting');
  assert.deepEqual(only(seq + 'x = torch.randn(2, 3, 16, 16)\n').input, {
    shape: [2, 3, 16, 16],
    source: 'tensor',
    line: 3,
  });
  assert.deepEqual(only('# convlens: input 1x3x8x8\n' + seq + 'x = torch.randn(2, 3, 16, 16)\n').input, {
    shape: [1, 3, 8, 8],
    source: 'comment',
    line: 0,
  });
});

// The interpreter drops a module-level assignment whose value is unknown, so no lens says why: reported to the lead.
test('unresolvable arguments stop the trace as unknown, naming what is missing, not guessed', () => {
  const m = only('import torch.nn as nn\nmodel = nn.Sequential(nn.Conv2d(3, width, 3), nn.ReLU())\n');
  assert.equal(m.complete, false);
  assert.equal(m.stop?.kind, 'unknown');
  assert.match(m.stop.message, /width/);
});

test('channel mismatch is an error with the numbers a quick fix needs, and where the layer is constructed', () => {
  const src = 'import torch.nn as nn\nmodel = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(8, 32, 3))\n';
  const m = only(src);
  assert.equal(m.stop?.kind, 'error');
  assert.equal(m.stop.code, 'channelMismatch');
  assert.deepEqual([m.stop.fields['expected'], m.stop.fields['got']], [8, 16]);
  assert.match(m.stop.message, /^Conv2d expects 8 input channels, gets 16/);
  const at = m.stop.definedAt!;
  assert.equal(src.split('\n')[at.start.line]!.slice(at.start.character, at.end.character), 'nn.Conv2d(8, 32, 3)');
});

test('a Linear that does not fit is a featureMismatch with got/expected', () => {
  const m = only(
    'import torch.nn as nn\n# convlens: input 1x3x8x8\nmodel = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten(), nn.Linear(100, 2))\n',
  );
  assert.equal(m.stop?.code, 'featureMismatch');
  assert.deepEqual([m.stop.fields['expected'], m.stop.fields['got']], [100, 144]);
});

test('PyTorch counts every registered module: one never called is in the total, not in the forward pass', () => {
  const m = only(`
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.spare = nn.Linear(10, 10)
    def forward(self, x):
        return self.conv(x)
`);
  assert.equal(m.params.total, 224 + 110);
  assert.equal(m.params.usedInForward, 224);
  assert.deepEqual(m.unusedModules, ['spare']);
});

test('a class that needs constructor arguments and is never built asks for a model comment; the comment then traces it', () => {
  const src =
    'import torch.nn as nn\nclass Wide(nn.Module):\n    def __init__(self, width):\n        super().__init__()\n        self.conv = nn.Conv2d(3, width, 3)\n    def forward(self, x):\n        return self.conv(x)\n';
  const m = only(src);
  assert.equal(m.stop?.code, 'needsArguments');
  const comment = /`([^`]+)`/.exec(m.stop.message)?.[1];
  assert.equal(comment, '# convlens: model Wide(width=…)');
  const traced = only(src.replace('class Wide', '# convlens: model Wide(width=4)\nclass Wide'));
  assert.equal(traced.complete, true);
  assert.equal(traced.params.total, 3 * 4 * 9 + 4);
});

test('random and truncated Python never throws', () => {
  const seed =
    'class Net(nn.Module):\n    def __init__(self, c=3):\n        self.a = nn.Conv2d(c, 8, 3)\n    def forward(self, x):\n        x = F.relu(self.a(x)).view(-1, 8)\n        return x\nm = nn.Sequential(nn.Conv2d(3, 4, (3, 3)), nn.Linear(4, 2))\n';
  fc.assert(
    fc.property(fc.integer({ min: 0, max: seed.length }), fc.string({ maxLength: 20 }), (cut, noise) => {
      for (const m of traceGraphs(seed.slice(0, cut) + noise + seed.slice(cut), DEFAULT)) {
        layerSites([m]);
        statementSites(m);
        modelRfStack(m);
      }
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (s) => {
      traceGraphs(s, DEFAULT);
    }),
    { numRuns: 500 },
  );
});

test("a notebook cell sees constants and inputs from the other cells; ranges are the cell's own", () => {
  const cells = [
    'import torch\nimport torch.nn as nn\nWIDTH = 16',
    'model = nn.Sequential(\n    nn.Conv2d(1, WIDTH, 3),\n    nn.ReLU(),\n)',
    'x = torch.randn(2, 1, 10, 10)',
  ];
  const [m] = traceNotebookCell(cells, 1, DEFAULT);
  assert.ok(m);
  assert.deepEqual(m.input, { shape: [2, 1, 10, 10], source: 'tensor' });
  assert.deepEqual(m.nodes[0]!.outputShape, [2, 16, 8, 8]);
  assert.equal(m.range.start.line, 0);
  assert.equal(m.nodes[0]!.definedAt!.start.line, 1);
  assert.deepEqual(traceNotebookCell(cells, 0, DEFAULT), []);
});

test('a notebook model whose class is in another cell: its layers lie outside the cell and are not hinted there', () => {
  const cells = [
    'import torch.nn as nn\nclass Small(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 4, 3)\n    def forward(self, x):\n        return self.conv(x)',
    'net = Small()',
  ];
  const [m] = traceNotebookCell(cells, 1, DEFAULT);
  assert.equal(m?.name, 'net');
  assert.equal(m.range.start.line, 0);
  assert.ok(!inDocument(m.nodes[0]!.definedAt!, 1), 'the conv is written in the first cell');
});

test('a parse carried through edits gives the same tree as a fresh parse, and a missed edit falls back to one', async () => {
  const { EditedParse } = await import('../../src/analysis/editedParse');
  const { parsePython } = await import('../../src/analysis/python/parse');
  const v1 = LENET;
  const at = v1.indexOf('nn.Linear(84, num_classes)');
  const v2 = `${v1.slice(0, at)}nn.Linear(84, 7)${v1.slice(at + 'nn.Linear(84, num_classes)'.length)}`;
  const parse = new EditedParse();
  parse.parse(v1, 1);
  parse.edited([{ offset: at, length: 'nn.Linear(84, num_classes)'.length, inserted: 'nn.Linear(84, 7)'.length }], 2);
  assert.deepEqual(parse.parse(v2, 2), parsePython(v2));
  assert.equal(only(v2).params.total, 62_006 - 850 + 84 * 7 + 7);
  // Version 4 after 2: version 3's edit was not seen, so nothing stale is reused.
  parse.edited([{ offset: 0, length: 0, inserted: 1 }], 4);
  assert.deepEqual(parse.parse(` ${v2}`, 4), parsePython(` ${v2}`));
});

test('a ModuleDict key that is not a known string stops the trace instead of dropping the submodule', () => {
  const wrap = (key: string) => `import sys
import torch.nn as nn
class Net(nn.Module):
    def __init__(self, name):
        super().__init__()
        self.heads = nn.ModuleDict({name: nn.Linear(4, 2), 'b': nn.Linear(4, 3)})
    def forward(self, x):
        return self.heads['b'](x)
# convlens: input 1x4
model = Net(${key})
`;
  const known = traceGraphs(wrap("'a'"), DEFAULT).find((g) => g.name === 'model')!;
  assert.equal(known.params.total, 10 + 15, 'both heads count');
  const unknown = traceGraphs(wrap('sys.argv[1]'), DEFAULT).find((g) => g.name === 'model')!;
  assert.equal(unknown.complete, false);
  assert.equal(unknown.stop?.kind, 'unknown');
  const number = traceGraphs(wrap('3'), DEFAULT).find((g) => g.name === 'model')!;
  assert.equal(number.stop?.code, 'moduleNameNotString');
});

test('factories defined at module level by setattr(sys.modules[__name__], name, partial(...)) are entry points', () => {
  const src = `import sys
from functools import partial
import torch.nn as nn
def _net(width, num_classes=10):
    return nn.Sequential(nn.Conv2d(3, width, 3), nn.Flatten(), nn.LazyLinear(num_classes))
def small(*args, **kwargs): pass
def wide(*args, **kwargs): pass
this = sys.modules[__name__]
for name, width in zip(['small', 'wide'], [2, 8]):
    setattr(this, name, partial(_net, width=width))
`;
  const models = traceGraphs(src, DEFAULT);
  const small = models.find((m) => m.name === 'small')!;
  const wide = models.find((m) => m.name === 'wide')!;
  // Conv2d(3, w, 3) + Linear(w·30·30, 10), as PyTorch counts them.
  assert.equal(small.params.total, 3 * 2 * 9 + 2 + 2 * 900 * 10 + 10);
  assert.equal(wide.params.total, 3 * 8 * 9 + 8 + 8 * 900 * 10 + 10);
});

test('setattr(self, name, layer) with a name ConvLens cannot know stops rather than dropping the layer', () => {
  const m = only(`import os
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        setattr(self, os.environ['LAYER'], nn.Linear(4, 2))
        self.fc = nn.Linear(4, 3)
    def forward(self, x):
        return self.fc(x)
`);
  assert.equal(m.complete, false);
  assert.equal(m.stop?.kind, 'unknown');
});

test('a float with a trailing dot (width_mult=1., 2. * x) is a number, not an attribute of an int', () => {
  const m = only(
    `import torch.nn as nn
def make(width_mult=1., scale=2.):
    return nn.Sequential(nn.Linear(4, int(8 * width_mult * scale / 2.)))
`,
    { defaultInputShape: [1, 4] },
  );
  assert.equal(m.complete, true, m.stop?.message);
  assert.equal(m.params.total, 4 * 8 + 8);
});
