// UI tests of the model graph panel in headless Chromium: torchvision's ResNet, DenseNet and Inception, folded blocks,
// labels, click → reveal message, keyboard, a stopped trace in the error colour, SVG export.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { traceGraphs } from '../../src/analysis/graphTrace';
import type { GraphView } from '../../src/contract/graphView';
import { buildGraphView } from '../../src/scenes/graphView';
import { openPanel, posted, send, useBrowser } from './webviewPage';

const { browser, shots } = useBrowser();
const root = join(__dirname, '..', '..');

function viewOf(file: string, name: string, input: readonly number[]): GraphView {
  const text = readFileSync(join(root, 'test', 'corpus', 'models', file), 'utf8');
  const model = traceGraphs(text, { defaultInputShape: input }).find((m) => m.name === name);
  if (!model) throw new Error(`no model ${name} in ${file}`);
  return buildGraphView(model, `${model.name} · ${model.params.total ?? '?'} params`);
}

async function showGraph(page: Page, view: GraphView): Promise<void> {
  await send(page, { type: 'graph', view, uri: 'file:///m.py', model: 0 });
  await page.waitForSelector('.cl-box');
}

/** The first text line of every box on screen. */
const titles = (page: Page): Promise<string[]> =>
  page.$$eval('.cl-box', (boxes) => boxes.map((b) => b.querySelector('text')?.textContent ?? ''));

const boxCount = async (page: Page): Promise<number> => (await page.$$('.cl-box')).length;

test('ResNet-18: stages fold to "BasicBlock ×2"; a click unfolds one; the block shows its residual add and skip edge', async () => {
  const page = await openPanel(browser(), 'graph', 'dark');
  await showGraph(page, viewOf('tv_resnet.py', 'resnet18', [1, 3, 224, 224]));
  const folded = await titles(page);
  assert.equal(folded.filter((t) => t === '▸ BasicBlock ×2').length, 4, folded.join(' | '));
  for (const layer of ['input', 'conv1', 'bn1', 'relu', 'maxpool', 'avgpool', 'flatten', 'fc'])
    assert.ok(folded.includes(layer), layer);
  // Edges carry the tensor shapes.
  const labels = await page.$$eval('.cl-edge-label', (ls) => ls.map((l) => l.textContent));
  for (const shape of ['1×3×224×224', '1×64×112×112', '1×64×56×56', '1×128×28×28', '1×512×7×7', '1×512'])
    assert.ok(labels.includes(shape), `${shape} in ${labels.join(', ')}`);
  // conv1's box: kernel, stride, padding, params, MACs and receptive field.
  const conv1 = await page.$eval('.cl-box[data-key="n0"]', (b) =>
    Array.from(b.querySelectorAll<SVGTextElement>('text'), (t) => t.textContent),
  );
  assert.deepEqual(conv1, ['conv1', 'Conv2d 7×7 /2 p3', '9.4K params · 118M MACs · RF 7']);
  await page.screenshot({ path: join(shots, 'graph-resnet18-folded.png') });

  const before = await boxCount(page);
  await page.click('.cl-box.run >> nth=1');
  await page.waitForSelector('.cl-cluster-header');
  const headers = await page.$$eval('.cl-cluster-header text', (ts) => ts.map((t) => t.textContent));
  assert.ok(
    headers.some((h) => h?.startsWith('▾ layer2.0 · BasicBlock')),
    headers.join(' | '),
  );
  assert.ok(
    headers.some((h) => h?.startsWith('▾ layer2.0.downsample · Sequential')),
    headers.join(' | '),
  );
  // layer2.0: conv1, bn1, relu, conv2, bn2, downsample.0, downsample.1, add, relu; layer2.1 the same without downsample.
  assert.equal(await boxCount(page), before - 1 + 9 + 7);
  // layer2.1 has an identity shortcut: one dashed skip edge into its add.
  assert.equal(await page.$$eval('.cl-edge.skip', (es) => es.length), 1);
  await page.screenshot({ path: join(shots, 'graph-resnet18-unfolded.png') });

  // Click a layer → the host is asked to reveal it.
  const from = (await posted(page)).length;
  await page.click('.cl-box[data-key="n0"]');
  const reveal = (await posted(page)).slice(from).find((m) => m.type === 'reveal');
  assert.deepEqual(reveal, { type: 'reveal', node: 0 });
  // Keyboard: ArrowDown moves to bn1, Enter reveals it.
  await page.keyboard.press('ArrowDown');
  assert.match((await page.textContent('.cl-graph-details')) ?? '', /^bn1 \(BatchNorm2d\)/);
  await page.keyboard.press('Enter');
  assert.deepEqual((await posted(page)).at(-1), { type: 'reveal', node: 1 });
  // + zooms in, - out.
  const scaleOf = (): Promise<number> =>
    page.evaluate(() => (window as unknown as { __graph: { transform: { scale: number } } }).__graph.transform.scale);
  const s0 = await scaleOf();
  await page.keyboard.press('+');
  assert.ok((await scaleOf()) > s0);
  await page.keyboard.press('-');
  assert.ok(Math.abs((await scaleOf()) - s0) < 1e-6);
  // The editor cursor on a block line highlights its box.
  await send(page, { type: 'highlight', nodes: [1] });
  await page.waitForSelector('.cl-box.highlighted');
  assert.deepEqual(await page.$$eval('.cl-box.highlighted', (bs) => bs.map((b) => b.getAttribute('data-key'))), ['n1']);
  await page.close();
});

test('DenseNet-121: dense blocks fold to _DenseLayer ×6, ×12, ×24, ×16; unfolded, the dense links are skip edges', async () => {
  const page = await openPanel(browser(), 'graph', 'light');
  const view = viewOf('tv_densenet.py', 'densenet121', [1, 3, 224, 224]);
  await showGraph(page, view);
  const folded = await titles(page);
  for (const n of [6, 12, 24, 16]) assert.ok(folded.includes(`▸ _DenseLayer ×${n}`), `×${n} in ${folded.join(' | ')}`);
  for (const t of ['cat', 'conv0', 'norm5']) assert.ok(folded.includes(t), t);
  await page.screenshot({ path: join(shots, 'graph-densenet121.png') });
  // The first block lies below the panel's fold: click it where it is (a user would scroll there first).
  await page.$eval('.cl-box.run', (b) => b.dispatchEvent(new MouseEvent('click', { bubbles: true })));
  await page.waitForSelector('.cl-cluster-header');
  // Layer k of the unfolded block concatenates the block input and the k − 1 layers before it (all but the newest are
  // skips: 0 + 1 + … + 5), the block's final cat takes the input and all six (6 skips); each folded block's cat gets
  // one skip edge from its input.
  assert.equal(await page.$$eval('.cl-edge.skip', (es) => es.length), 15 + 6 + 3);
  await page.close();
});

test('Inception v3: InceptionA ×3 folds; unfolded, its four branches meet in one cat and none is called a skip', async () => {
  const page = await openPanel(browser(), 'graph', 'dark');
  await showGraph(page, viewOf('tv_inception.py', 'inception_v3', [1, 3, 299, 299]));
  const folded = await titles(page);
  assert.ok(folded.includes('▸ InceptionA ×3'), folded.join(' | '));
  assert.ok(folded.includes('▸ InceptionE ×2'), folded.join(' | '));
  await page.$eval('.cl-box.run[aria-label^="InceptionA"]', (b) =>
    b.dispatchEvent(new MouseEvent('click', { bubbles: true })),
  );
  await page.waitForSelector('.cl-cluster-header');
  const cats = await page.$$eval('.cl-box.merge', (bs) => bs.map((b) => b.getAttribute('data-key')));
  assert.ok(cats.length >= 3, `three cats in the unfolded InceptionA run, got ${cats.length}`);
  const into = await page.$$eval(`.cl-edge[data-to="${cats[0]!}"]`, (es) =>
    es.map((e) => e.classList.contains('skip')),
  );
  assert.deepEqual(into, [false, false, false, false]);
  await page.screenshot({ path: join(shots, 'graph-inception.png') });
  await page.close();
});

test('a residual add that does not fit: the stop sits in its block, in the error colour, with the message', async () => {
  const text = [
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    'class Block(nn.Module):',
    '    def __init__(self, cin, cout, stride):',
    '        super().__init__()',
    '        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1)',
    '        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)',
    '    def forward(self, x):',
    '        return F.relu(self.conv2(F.relu(self.conv1(x))) + x)',
    '# convlens: input 1x3x32x32',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.stem = nn.Conv2d(3, 64, 3, padding=1)',
    '        self.block1 = Block(64, 64, 1)',
    '        self.block2 = Block(64, 128, 2)',
    '    def forward(self, x):',
    '        return self.block2(self.block1(self.stem(x)))',
  ].join('\n');
  const model = traceGraphs(text, { defaultInputShape: [1, 3, 32, 32] }).find((m) => m.name === 'Net')!;
  const page = await openPanel(browser(), 'graph', 'highContrast');
  await showGraph(page, buildGraphView(model, 'Net'));
  const stop = await page.$eval('.cl-box.error', (b) =>
    Array.from(b.querySelectorAll<SVGTextElement>('text'), (t) => t.textContent).join(' '),
  );
  assert.match(stop, /does not fit line 9 .*\(1×128×16×16\) \+ x \(1×64×32×32\) do not match/);
  // The run Block ×2 is unfolded so the stop shows inside block2.
  const headers = await page.$$eval('.cl-cluster-header text', (ts) => ts.map((t) => t.textContent));
  assert.ok(
    headers.some((h) => h?.startsWith('▾ block2 · Block')),
    headers.join(' | '),
  );
  const colour = await page.$eval('.cl-box.error .cl-body', (r) => getComputedStyle(r).stroke);
  assert.equal(colour, 'rgb(244, 135, 113)', 'the theme error colour');
  await page.screenshot({ path: join(shots, 'graph-broken-high-contrast.png') });
  await page.close();
});

test('SVG export: a standalone file with the theme colours written in, every box and label', async () => {
  const page = await openPanel(browser(), 'graph', 'dark');
  await showGraph(page, viewOf('tv_resnet.py', 'resnet18', [1, 3, 224, 224]));
  const from = (await posted(page)).length;
  await page.click('button:has-text("SVG")');
  await page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, from);
  const message = (await posted(page)).slice(from).find((m) => m.type === 'export')!;
  assert.equal(message['format'], 'svg');
  const svg = Buffer.from(message['base64'] as string, 'base64').toString('utf8');
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(!svg.includes('var(--vscode'), 'colours resolved');
  assert.ok(svg.includes('BasicBlock ×2') && svg.includes('1×64×56×56'));
  assert.ok(svg.includes('fill="rgb(30, 30, 30)"'), 'the editor background behind the graph');
  writeFileSync(join(shots, 'graph-resnet18.svg'), svg);
  await page.click('button:has-text("PNG")');
  await page.waitForFunction(() =>
    (window as unknown as { __posted: { type: string; format?: string }[] }).__posted.some((m) => m.format === 'png'),
  );
  const png = (await posted(page)).find((m) => m['format'] === 'png')!;
  assert.equal(
    Buffer.from(png['base64'] as string, 'base64')
      .subarray(1, 4)
      .toString(),
    'PNG',
  );
  await page.close();
});
