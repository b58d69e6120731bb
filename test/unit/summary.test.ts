// The nested summary and the memory estimate against PyTorch's own numbers (fixtures/summaryCases.py) and torchinfo's convention.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { traceGraphs, type GraphModel } from '../../src/analysis/graphTrace';
import { estimateMemory, formatBytes } from '../../src/report/memory';
import { shapeTraceCsv, shapeTraceMarkdown, shapeTraceText } from '../../src/report/shapeTrace';
import { summarize } from '../../src/report/summary';

interface Child {
  readonly name: string;
  readonly type: string;
  readonly params: number;
  readonly trainable: number;
  readonly output: number[];
}

interface TruthCase {
  readonly file: string | null;
  readonly suffix: string | null;
  readonly src: string | null;
  readonly expr: string;
  readonly input: number[];
  readonly output: number[];
  readonly total: number;
  readonly trainable: number;
  readonly children: Child[];
  readonly torchinfoForwardBackwardBytes: number;
  readonly paramBytes: number;
  readonly inputBytes: number;
  readonly savedForBackwardBytes: number;
}

const root = join(__dirname, '..', '..');
const cases = JSON.parse(readFileSync(join(root, 'test', 'unit', 'fixtures', 'summaryTruth.json'), 'utf8')) as Record<
  string,
  TruthCase
>;

function sourceOf(c: TruthCase): string {
  if (c.src) return c.src;
  return readFileSync(join(root, 'test', 'corpus', 'models', c.file!), 'utf8') + (c.suffix ?? '');
}

function traceCase(c: TruthCase): GraphModel {
  const [m] = traceGraphs(sourceOf(c), {
    defaultInputShape: [1, 3, 32, 32],
    inputOverride: c.input,
    modelExpression: c.expr,
  });
  assert(m, 'no model');
  assert.equal(m.stop, null, m.stop?.message);
  return m;
}

for (const [name, c] of Object.entries(cases)) {
  test(`${name}: total and trainable params, depth-1 rows and torchinfo's sizes are PyTorch's`, () => {
    const m = traceCase(c);
    assert.deepEqual(m.output, c.output);
    assert.equal(m.params.total, c.total);
    assert.equal(m.params.trainable, c.trainable);
    assert.equal(m.params.nonTrainable, c.total - c.trainable);
    const rows = summarize(m, { depth: 1 }).rows.filter((r) => r.kind !== 'op');
    assert.deepEqual(
      rows.map((r) => ({ name: r.path, type: r.typeName, params: r.params, output: [...r.outputShape] })),
      c.children.map((ch) => ({ name: ch.name, type: ch.type, params: ch.params, output: ch.output })),
    );
    for (const [k, r] of rows.entries())
      assert.equal(r.params! - r.nonTrainable!, c.children[k]!.trainable, `trainable params of ${r.path}`);
    const e = estimateMemory(m, { precision: 'float32' });
    assert.equal(e.torchinfo?.forwardBackwardBytes, c.torchinfoForwardBackwardBytes);
    assert.equal(e.paramBytes, c.paramBytes);
    assert.equal(e.inputBytes, c.inputBytes);
    // What autograd really saves is of the same order as the estimate (which keeps every recorded output).
    assert(e.trainingActivationBytes >= c.savedForBackwardBytes * 0.5, `${e.trainingActivationBytes} too small`);
    assert(e.trainingActivationBytes <= c.savedForBackwardBytes * 2.5 + 1024, `${e.trainingActivationBytes} too large`);
  });
}

test('resnet18 at 1×3×64×64 gives the sizes torchinfo prints for it (its README: 3.25 MB, 46.76 MB, 50.06 MB)', () => {
  const m = traceCase(cases['resnet18']!);
  const t = estimateMemory(m, { precision: 'float32' }).torchinfo!;
  assert.equal(formatBytes(t.forwardBackwardBytes), '3.25 MB');
  assert.equal(formatBytes(t.paramsBytes), '46.76 MB');
  assert.equal(formatBytes(t.totalBytes), '50.06 MB');
});

test('depth folds layers into their blocks; every depth adds up to the same params and MACs', () => {
  const m = traceCase(cases['resnet18']!);
  const d1 = summarize(m, { depth: 1 });
  const d2 = summarize(m, { depth: 2 });
  const all = summarize(m, { depth: Infinity });
  assert.equal(all.maxDepth, 4); // layer1.0.downsample.0
  assert.deepEqual(
    d1.rows.map((r) => r.path),
    ['conv1', 'bn1', 'relu', 'maxpool', 'layer1', 'layer2', 'layer3', 'layer4', 'avgpool', 'fc'],
  );
  assert(d1.rows.find((r) => r.path === 'layer1')?.folded);
  const blocks = d2.rows.filter((r) => r.depth === 2);
  assert.deepEqual(
    blocks.map((r) => `${r.path} ${r.typeName} ${r.params}`),
    [
      'layer1.0 BasicBlock 73984',
      'layer1.1 BasicBlock 73984',
      'layer2.0 BasicBlock 230144',
      'layer2.1 BasicBlock 295424',
      'layer3.0 BasicBlock 919040',
      'layer3.1 BasicBlock 1180672',
      'layer4.0 BasicBlock 3673088',
      'layer4.1 BasicBlock 4720640',
    ],
  );
  // The residual add belongs to its block: a row under layer1.0 at full depth, folded into it at depth 2.
  const add = all.rows.find((r) => r.kind === 'op' && r.typeName === 'add')!;
  assert.equal(add.depth, 3);
  for (const s of [d1, d2, all]) {
    const top = s.rows.filter((r) => r.depth === 1);
    assert.equal(
      top.reduce((a, r) => a + (r.params ?? 0), 0),
      m.params.total,
    );
    assert.equal(
      top.reduce((a, r) => a + r.macs, 0),
      m.macs,
    );
  }
  // The second call of the block's shared ReLU carries no parameters of its own twice.
  const layer1 = d2.rows.find((r) => r.path === 'layer1')!;
  assert.deepEqual(layer1.inputShape, [1, 64, 16, 16]);
  assert.deepEqual(layer1.outputShape, [1, 64, 16, 16]);
});

test('the text, Markdown and CSV forms show the same rows; CSV quotes what needs it', () => {
  const m = traceCase(cases['frozen_backbone']!);
  const text = shapeTraceText(m, { depth: 2 });
  assert.match(text, /backbone \(Sequential\)\s+2×3×16×16\s+2×32×8×8\s+\(5,120\)/);
  assert.match(text, /Trainable params: 330/);
  assert.match(text, /Non-trainable params: 5,120/);
  const md = shapeTraceMarkdown(m, { depth: 1 });
  assert.match(md, /\| 1 \| `backbone \(Sequential\)` \| 2×3×16×16 \| 2×32×8×8 … \| \(5,120\) \|/);
  assert(!md.includes('backbone.0'), 'depth 1 shows no layer inside the backbone');
  const csv = shapeTraceCsv([m], { depth: Infinity }).trimEnd().split('\n');
  assert.equal(csv[0]!.split(',')[0], 'model');
  const conv = csv.find((l) => l.includes(',backbone.0,'))!.split(',');
  assert.deepEqual(conv.slice(2, 12), [
    '2',
    'layer',
    'backbone.0',
    'Conv2d',
    '15',
    '2x3x16x16',
    '2x16x16x16',
    '448',
    '448',
    '221184',
  ]);
  const quoted = shapeTraceCsv([{ ...m, name: 'a,"b"' }], { depth: 1 });
  assert(quoted.split('\n')[1]!.startsWith('"a,""b""",1,'), quoted);
});

test('a model that cannot be built claims no MAC total; one that stops says its MACs stop there', () => {
  const broken = traceGraphs(
    'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Conv2d(3, 8, 3)\n        self.b = nn.Linear(999, 10)\n    def forward(self, x):\n        return self.b(self.a(x).flatten(1))\nclass Bad(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Conv2d(3, 8, load_kernel())\n',
    { defaultInputShape: [1, 3, 32, 32] },
  );
  const [net, bad] = broken;
  assert(net && bad);
  const badText = shapeTraceText(bad);
  assert(!/Total MACs: 0/.test(badText), badText);
  assert.match(badText, /Total MACs: not known/);
  const netText = shapeTraceText(net);
  assert.match(netText, /MACs up to the stop: 194,400 \(the total is not known\)/);
  assert(!/Total MACs/.test(netText));
});

test('memory: float16 halves float32, activations scale with the batch, inference needs less than training', () => {
  const m = traceCase(cases['resnet18']!);
  const a = estimateMemory(m, { precision: 'float32' });
  const h = estimateMemory(m, { precision: 'float16' });
  const b8 = estimateMemory(m, { precision: 'float32', batch: 8 });
  assert.equal(h.paramBytes! * 2, a.paramBytes);
  assert.equal(h.trainingActivationBytes * 2, a.trainingActivationBytes);
  assert.equal(b8.trainingActivationBytes, 8 * a.trainingActivationBytes);
  assert.equal(b8.paramBytes, a.paramBytes);
  assert(a.inferenceActivationBytes < a.trainingActivationBytes);
  // The peak is at least the largest single output plus the input it is computed from.
  const largest = Math.max(...a.nodes.map((n) => n.outputBytes));
  assert(a.inferenceActivationBytes >= largest + a.inputBytes);
  assert.equal(a.trainingBytes, a.paramBytes! + a.gradientBytes! + a.trainingActivationBytes);
  // A frozen backbone keeps nothing for backward: only the head's input (for its weight gradient) and output.
  const f = estimateMemory(traceCase(cases['frozen_backbone']!), { precision: 'float32' });
  assert.equal(f.trainingActivationBytes, 2 * 32 * 4 + 2 * 10 * 4);
  assert.equal(f.gradientBytes, 330 * 4);
});
