// The graph panel's pure parts: module groups and scopes, runs of repeated blocks, skip edges, folds, the stop, layout.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { traceGraphs } from '../../src/analysis/graphTrace';
import { allFolds, initialFold, revealNode, toggleRun, visibleGraph } from '../../src/scenes/graphFold';
import { buildGraphView, nodesAtLine, STOP_ID } from '../../src/scenes/graphView';
import { layoutGraph } from '../../webview/graph/layout';

const block = (stride: number, shortcut: boolean): string[] => [
  'import torch.nn as nn',
  'import torch.nn.functional as F',
  'class Block(nn.Module):',
  '    def __init__(self, c, stride=1):',
  '        super().__init__()',
  `        self.conv1 = nn.Conv2d(c, c, 3, stride=stride, padding=1)`,
  '        self.conv2 = nn.Conv2d(c, c, 3, padding=1)',
  shortcut ? '        self.down = nn.Conv2d(c, c, 1, stride=stride)' : '        self.down = None',
  '    def forward(self, x):',
  '        out = self.conv2(F.relu(self.conv1(x)))',
  shortcut ? '        return F.relu(out + self.down(x))' : '        return F.relu(out + x)',
  '# convlens: input 1x8x16x16',
  'class Net(nn.Module):',
  '    def __init__(self):',
  '        super().__init__()',
  `        self.blocks = nn.Sequential(Block(8, ${stride}), Block(8), Block(8))`,
  '        self.head = nn.Conv2d(8, 2, 1)',
  '    def forward(self, x):',
  '        return self.head(self.blocks(x))',
];

function net(lines: string[]) {
  const model = traceGraphs(lines.join('\n'), { defaultInputShape: [1, 8, 16, 16] }).find((m) => m.name === 'Net');
  assert.ok(model);
  return { model, view: buildGraphView(model, 'Net') };
}

test('a block\'s residual add belongs to the block (its forward ran it); three chained blocks are one run "Block ×3"', () => {
  const { view } = net(block(1, false));
  const add = view.nodes.filter((n) => n.typeName === 'add');
  assert.equal(add.length, 3);
  assert.deepEqual(
    add.map((n) => view.groups[n.group!]!.path),
    ['blocks.0', 'blocks.1', 'blocks.2'],
  );
  assert.deepEqual(
    view.runs.map((r) => [r.typeName, r.groups.length, r.label]),
    [['Block', 3, 'blocks.0–2']],
  );
  // The identity input of each add is a skip; the conv path is not.
  const skips = view.edges.filter((e) => e.skip);
  assert.equal(skips.length, 3);
  assert.ok(skips.every((e) => add.some((a) => a.id === e.to)));
  // Folded, the run is one box between the input and the head, the Sequential frame around it dropped.
  const folded = visibleGraph(view, initialFold(view));
  assert.deepEqual(
    folded.items.map((i) => i.key),
    ['n-1', 'r0', `n${view.nodes.find((n) => n.path === 'head')!.id}`],
  );
  assert.deepEqual(folded.clusters, []);
  assert.equal(folded.edges.length, 2);
  // Unfolded, each block is a frame inside the Sequential's.
  const open = visibleGraph(view, toggleRun(initialFold(view), 0));
  assert.deepEqual(
    open.clusters.map((c) => [c.group.path, c.parent === undefined ? '' : view.groups[c.parent]!.path]),
    [
      ['blocks', ''],
      ['blocks.0', 'blocks'],
      ['blocks.1', 'blocks'],
      ['blocks.2', 'blocks'],
    ],
  );
  assert.equal(open.items.length, view.nodes.length);
});

test('a projection shortcut is a branch, not a skip; each node has its shape, params and receptive field', () => {
  const { view } = net(block(2, true));
  assert.equal(view.edges.filter((e) => e.skip).length, 0);
  const conv1 = view.nodes.find((n) => n.path === 'blocks.0.conv1')!;
  assert.deepEqual(
    [conv1.title, conv1.detail, conv1.shape, conv1.params, conv1.rf],
    ['conv1', '3×3 /2 p1', '1×8×8×8', 8 * 8 * 9 + 8, '3'],
  );
  const line = conv1.at!.line;
  // The cursor on the block's forward line marks that call in all three blocks.
  assert.equal(nodesAtLine(view, line).length, 3 * 3);
  // Everything laid out: every box placed, inside its frame.
  const shown = visibleGraph(view, allFolds(view, true));
  const layout = layoutGraph(shown);
  assert.equal(layout.boxes.length, shown.items.length);
  for (const b of layout.boxes) {
    if (b.item.cluster === undefined) continue;
    const frame = layout.clusters.find((c) => c.group === b.item.cluster)!;
    assert.ok(b.x - b.width / 2 >= frame.x && b.x + b.width / 2 <= frame.x + frame.width, b.item.key);
    assert.ok(b.y - b.height / 2 >= frame.y && b.y + b.height / 2 <= frame.y + frame.height, b.item.key);
  }
});

test('a layer that does not fit is a stop in its own module, after the last traced node; the blocks stay folded', () => {
  const lines = block(1, false);
  lines[15] = '        self.blocks = nn.Sequential(Block(8), Block(8), Block(8), nn.Conv2d(4, 2, 1))';
  const { view } = net(lines);
  const stop = view.nodes.find((n) => n.id === STOP_ID)!;
  assert.equal(stop.kind, 'stop');
  assert.equal(stop.severity, 'error');
  assert.match(stop.message!, /4/);
  assert.ok(view.edges.some((e) => e.to === STOP_ID));
  // The stop names the layer (blocks.3): it sits in the Sequential, after the three blocks, which stay folded.
  assert.equal(stop.path, 'blocks.3');
  assert.equal(view.groups[stop.group!]!.path, 'blocks');
  assert.equal(initialFold(view).unfoldedRuns.size, 0);
  const folded = visibleGraph(view, initialFold(view));
  assert.ok(folded.items.some((i) => i.key === 'n-2'));
  // Revealing a node inside a folded run opens it.
  const inner = view.nodes.find((n) => n.path === 'blocks.1.conv2')!;
  const open = visibleGraph(view, revealNode(view, initialFold(view), inner.id));
  assert.equal(open.keyOf.get(inner.id), `n${inner.id}`);
});
