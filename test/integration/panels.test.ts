// Integration tests of the newer panels in a real VS Code host: transposed, depthwise-separable and receptive-field panels
// from their commands, hover links and CodeLens; export to PNG and GIF; present mode.
import * as vscode from 'vscode';
import { assert, assertEqual, test, withTimeout } from './harness';
import { convLensApi, lensTitles, openPanelFrom, openWorkspaceFile } from './probes';

const open = openWorkspaceFile;

test('the transposed-convolution panel opens from a literal and reports its first stamp', async () => {
  const doc = await open('01_numpy_conv2d.py');
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.startsWith('kernel ='));
  const { panel, report } = await openPanelFrom('transposed', 'convlens.openTransposedAnimation', {
    uri: doc.uri.toString(),
    line,
  });
  assertEqual(panel.currentRequest().title, 'transposed convolution of image with kernel', 'transposed title');
  assert(
    /^input \(0, 0\) = -?\d+(\.\d+)? stamps .*·kernel onto canvas rows 0–2, cols 0–2$/.test(report.description),
    `first stamp: ${report.description}`,
  );
  panel.dispose();
});

test("a conv layer hover links to the depthwise-separable comparison, which opens with that layer's numbers", async () => {
  const doc = await open('04_vgg_block.py');
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.includes('nn.Conv2d(C, 2 * C'));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    doc.uri,
    new vscode.Position(line, 8),
  );
  const text = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  const link = /\[Compare with depthwise-separable\]\(command:convlens\.openSeparableComparison\?([^)]+)\)/.exec(text);
  assert(link, `no comparison link in the hover: ${text}`);
  const args = JSON.parse(decodeURIComponent(link[1]!)) as [unknown];
  const a = await convLensApi();
  // An earlier test may have annotated another input size: the conv keeps H (padding 1).
  const h = a.analysis(doc).models[0]!.input.shape[2];
  assertEqual(args[0], { inChannels: 64, outChannels: 128, kernel: 3, size: h }, 'link arguments');
  const { panel, report } = await openPanelFrom('separable', 'convlens.openSeparableComparison', args[0]);
  assertEqual(
    report.description,
    'standard: output channel 0 reads all 64 input channels with 64·3·3 = 576 weights',
    'first separable step',
  );
  panel.dispose();
});

test('the model CodeLens opens the receptive field of its centre output unit', async () => {
  const doc = await open('04_vgg_block.py');
  assert((await lensTitles(doc)).includes('Receptive field'), 'receptive field lens missing');
  const a = await convLensApi();
  const { panel, report } = await openPanelFrom('receptiveField', 'convlens.openReceptiveField', {
    uri: doc.uri.toString(),
    model: 0,
  });
  assertEqual(panel.currentRequest().title, 'Receptive field of vgg_block', 'receptive field title');
  // conv 3×3 p1, conv 3×3 p1, max pool 2: the output is H/2; its centre unit is the one shown.
  const h = a.analysis(doc).models[0]!.input.shape[2]!;
  const centre = Math.floor((h / 2 - 1) / 2);
  assertEqual(report.description, `vgg_block: output unit (${centre}, ${centre})`, 'first receptive-field step');
  const request = panel.currentRequest();
  assert(
    request.kind === 'receptiveField' && request.stacks[0]!.layers.length === 3 && request.inputSize === h,
    `stack: ${JSON.stringify(request)}`,
  );
  panel.dispose();
});

test('Export Panel as PNG and as GIF save real image files; Toggle Present Mode switches the panel', async () => {
  const a = await convLensApi();
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const targets: vscode.Uri[] = [];
  a.setExportTarget((suggested, format) => {
    assert(suggested.path.endsWith(`convlens-separable.${format}`), `suggested name ${suggested.toString()}`);
    const target = vscode.Uri.joinPath(folder, `.convlens-test-export.${format}`);
    targets.push(target);
    return Promise.resolve(target);
  });
  try {
    const { panel } = await openPanelFrom('separable', 'convlens.openSeparableComparison', {
      inChannels: 4,
      outChannels: 6,
      kernel: 3,
      size: 8,
    });
    const png = await withTimeout(
      Promise.resolve(vscode.commands.executeCommand<vscode.Uri | undefined>('convlens.exportPanelPng')),
      'PNG export never finished',
    );
    assert(png, 'PNG export saved nothing');
    const pngBytes = await vscode.workspace.fs.readFile(png);
    assertEqual(String.fromCharCode(...pngBytes.subarray(1, 4)), 'PNG', 'PNG signature');
    const gif = await withTimeout(
      Promise.resolve(vscode.commands.executeCommand<vscode.Uri | undefined>('convlens.exportPanelGif')),
      'GIF export never finished',
      60_000,
    );
    assert(gif, 'GIF export saved nothing');
    const gifBytes = await vscode.workspace.fs.readFile(gif);
    assertEqual(String.fromCharCode(...gifBytes.subarray(0, 6)), 'GIF89a', 'GIF signature');
    assert(
      gifBytes.length > pngBytes.length,
      `a ${4 + 4 + 6}-frame GIF (${gifBytes.length} bytes) should outweigh one PNG frame (${pngBytes.length})`,
    );
    assertEqual(await vscode.commands.executeCommand('convlens.togglePresentMode'), true, 'present mode on');
    assertEqual(panel.presenting, true, 'panel presenting');
    assertEqual(await vscode.commands.executeCommand('convlens.togglePresentMode'), false, 'present mode off');
    panel.dispose();
  } finally {
    a.setExportTarget(() => Promise.resolve(undefined));
    for (const t of targets) await Promise.resolve(vscode.workspace.fs.delete(t)).catch(() => undefined);
  }
});

test('Visualize Learned Filters trains the digit CNN, opens its filters, and reuses the cached weights', async () => {
  const a = await convLensApi();
  const started = Date.now();
  const panel = await withTimeout(
    Promise.resolve(
      vscode.commands.executeCommand<
        { currentRequest(): { kind: string; title: string }; dispose(): void } | undefined
      >('convlens.visualizeFilters', { retrain: true, epochs: 1 }),
    ),
    'training never finished',
    60_000,
  );
  assert(panel, 'no filter panel');
  const trainedMs = Date.now() - started;
  assert(
    /^Filters of a small CNN trained on digits \(\d+% on held-out digits\)$/.test(panel.currentRequest().title),
    panel.currentRequest().title,
  );
  assert(
    a.recentLog().some((l) => /trained the digit CNN in \d+ ms: \d+\.\d% on 200 held-out digits/.test(l)),
    'training not logged',
  );
  const live = a.panel('filters');
  assert(live, 'filter panel not registered');
  const report = await withTimeout(live.nextStepReport(), 'the filter webview never reported a step');
  assert(report.description.startsWith('conv1 filter 0: gradient ascent raised'), report.description);
  live.dispose();
  // Second time: the weights come from extension storage, no training.
  const again = Date.now();
  const cached = await vscode.commands.executeCommand<
    { currentRequest(): { title: string }; dispose(): void } | undefined
  >('convlens.visualizeFilters');
  assert(cached, 'no panel from the cache');
  assertEqual(cached.currentRequest().title, panel.currentRequest().title, 'same network');
  assert(
    Date.now() - again < trainedMs,
    `the cached run (${Date.now() - again} ms) was not faster than training (${trainedMs} ms)`,
  );
  cached.dispose();
});

test("a pooling layer's hover animates that layer: its kernel and stride on a demo input", async () => {
  const doc = await open('03_lenet_sequential.py');
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.includes('nn.MaxPool2d'));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    doc.uri,
    new vscode.Position(line, doc.lineAt(line).text.indexOf('MaxPool2d') + 2),
  );
  const text = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  const link = /\[Animate this layer\]\(command:convlens\.animateLayer\?([^)]+)\)/.exec(text);
  assert(link, `no animate link in the hover: ${text}`);
  const [demo] = JSON.parse(decodeURIComponent(link[1]!)) as [{ kind: string; kernel: number; stride: number }];
  assertEqual([demo.kind, demo.kernel, demo.stride], ['pool', 2, 2], "the layer's settings");
  const { panel, report } = await openPanelFrom('pooling', 'convlens.animateLayer', demo);
  const request = panel.currentRequest();
  assert(
    request.kind === 'pooling' &&
      request.settings.kernel === 2 &&
      request.settings.stride === 2 &&
      request.input.rows === 6,
    JSON.stringify(request),
  );
  assert(/^output \(0, 0\) = max of 4 values = \d+ at input/.test(report.description), report.description);
  panel.dispose();
});
