// Real public model files in the editor (issue 14): the CodeLens numbers on torchvision's ResNet, kuangliu's DenseNet and a
// keras-io functional U-Net, checked against PyTorch's and Keras's own totals (test/corpus/expected.json); and the lens
// that writes a `# convlens: model …` comment for a class that needs arguments.
import * as vscode from 'vscode';
import resnetSource from '../corpus/models/tv_resnet.py';
import densenetSource from '../corpus/models/cifar_densenet.py';
import unetSource from '../corpus/models/keras_oxford_pets_unet.py';
import { assert, assertEqual, eventually, test } from './harness';
import { convLensApi, lensTitles } from './probes';

/**
 * Writes `content` as `name` into the (scratch) workspace and opens it: the corpus is not in the samples folder, and
 * untitled documents would share URIs between tests (a closed Untitled-1's lenses can answer for the next one).
 */
async function openSource(name: string, content: string): Promise<vscode.TextDocument> {
  const folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'corpus');
  await vscode.workspace.fs.createDirectory(folder);
  const uri = vscode.Uri.joinPath(folder, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Saves (tests edit these files) and closes the active editor, so no dirty editor holds up shutdown. */
async function saveAndClose(doc: vscode.TextDocument): Promise<void> {
  await doc.save();
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}

test('torchvision resnet.py: resnet18() has 11,689,512 params; at 224×224 (Set Input Shape) 1.81 G MACs, as PyTorch counts them', async () => {
  const doc = await openSource('tv_resnet.py', resnetSource);
  try {
    const titles = await lensTitles(doc);
    // Every factory of the file is a model; resnet18 is found through _resnet, ResNet._make_layer and BasicBlock.
    assert(
      titles.includes('resnet18 · 11,689,512 params · 37.52 M MACs · RF 435 · input 1×3×32×32 (from setting)'),
      `resnet lenses: ${JSON.stringify(titles)}`,
    );
    assert(
      titles.some((t) => t.startsWith('resnet50 · 25,557,032 params · ')),
      `resnet50 lens: ${JSON.stringify(titles)}`,
    );
    const a = await convLensApi();
    const index = a.analysis(doc).models.findIndex((m) => m.name === 'resnet18');
    assert(
      await vscode.commands.executeCommand<boolean>(
        'convlens.setInputShape',
        { uri: doc.uri.toString(), model: index },
        '1x3x224x224',
      ),
      'Set Input Shape did not apply',
    );
    await eventually(
      async () =>
        (await lensTitles(doc)).includes(
          'resnet18 · 11,689,512 params · 1.81 G MACs · RF 627 · input 1×3×224×224 (from comment)',
        )
          ? true
          : undefined,
      'the 224×224 lens',
    );
  } finally {
    await saveAndClose(doc);
  }
});

test('a model class that needs constructor arguments gets a lens that writes the model comment, which then traces it', async () => {
  const doc = await openSource(
    'wide.py',
    'import torch.nn as nn\n\n\nclass Wide(nn.Module):\n    def __init__(self, width):\n        super().__init__()\n        self.conv = nn.Conv2d(3, width, 3)\n\n    def forward(self, x):\n        return self.conv(x)\n',
  );
  try {
    const titles = await lensTitles(doc);
    assert(titles.includes('Wide · needs constructor arguments to be traced'), `lenses: ${JSON.stringify(titles)}`);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const write = lenses.find((l) => l.command?.command === 'convlens.writeModelComment')?.command;
    assertEqual(write?.title, 'Write a model comment…', 'the lens');
    assert(
      await vscode.commands.executeCommand<boolean>(write!.command, ...((write!.arguments ?? []) as unknown[])),
      'the comment was not written',
    );
    assertEqual(doc.lineAt(3).text, '# convlens: model Wide(width=…)', 'written comment');
    // Filled in, the comment traces the class.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(3, 0, 3, doc.lineAt(3).text.length), '# convlens: model Wide(width=8)');
    await vscode.workspace.applyEdit(edit);
    await eventually(
      async () => ((await lensTitles(doc)).some((t) => t.startsWith('Wide · 224 params · ')) ? true : undefined),
      'the traced lens',
    );
  } finally {
    await saveAndClose(doc);
  }
});

test('kuangliu DenseNet: DenseNet121() has 6,956,298 params at 1×3×32×32 (the setting), and the inlay hints show its layers', async () => {
  const doc = await openSource('cifar_densenet.py', densenetSource);
  try {
    const titles = await lensTitles(doc);
    assert(
      titles.includes('DenseNet121 · 6,956,298 params · 888.35 M MACs · RF 542 · input 1×3×32×32 (from setting)'),
      `densenet lenses: ${JSON.stringify(titles)}`,
    );
    assert(
      titles.includes('densenet_cifar · 1,000,618 params · 125.34 M MACs · RF 542 · input 1×3×32×32 (from setting)'),
      `densenet lenses: ${JSON.stringify(titles)}`,
    );
    const hints = await eventually(async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        doc.uri,
        new vscode.Range(0, 0, doc.lineCount, 0),
      );
      return h && h.length > 0 ? h : undefined;
    }, 'DenseNet inlay hints');
    const label = (h: vscode.InlayHint): string =>
      (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')).trim();
    // The stem conv, written once and called once: 3·64·3·3 weights, no bias.
    const stemLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('self.conv1 = nn.Conv2d(3, num_planes'));
    assertEqual(
      hints.filter((h) => h.position.line === stemLine).map(label),
      ['→ 1×64×32×32 · 1,728 params'],
      'stem hint',
    );
    // Bottleneck's first conv is written once and called for all 58 layers of DenseNet121's dense blocks.
    const bottleneckLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('self.conv1 = nn.Conv2d(in_planes, 4*growth_rate'));
    const bottleneck = hints.filter((h) => h.position.line === bottleneckLine).map(label);
    assert(
      bottleneck.length === 1 && bottleneck[0]!.endsWith(' ×58'),
      `bottleneck hint: ${JSON.stringify(bottleneck)}`,
    );
  } finally {
    await saveAndClose(doc);
  }
});

test('keras-io Oxford pets U-Net (functional API, residual adds): 2,058,979 params at its declared 160×160×3 input', async () => {
  const doc = await openSource('keras_oxford_pets_unet.py', unetSource);
  try {
    const titles = await lensTitles(doc);
    assert(
      titles.includes('model · 2,058,979 params · 997.43 M MACs · RF 209 · input 1×160×160×3 (from input_shape)'),
      `U-Net lenses: ${JSON.stringify(titles)}`,
    );
  } finally {
    await saveAndClose(doc);
  }
});
