// Integration test of the model graph panel in a real VS Code host: the Graph lens opens it, the real webview draws
// the graph, a node's reveal selects its line in the editor, and moving the cursor there highlights the node.
import * as vscode from 'vscode';
import { assert, assertEqual, eventually, test, withTimeout } from './harness';
import { convLensApi, lensTitles, openWorkspaceFile } from './probes';

test('the Graph lens draws the model; reveal selects the node line; the cursor there highlights the node', async () => {
  const doc = await openWorkspaceFile('16_residual_graphs.py');
  assert((await lensTitles(doc)).includes('Graph'), 'Graph lens missing');
  const api = await convLensApi();
  const models = api.analysis(doc).models;
  const index = models.findIndex((m) => m.name === 'TinyResNet');
  assert(index >= 0, `TinyResNet not traced: ${models.map((m) => m.name).join(', ')}`);
  const opened = vscode.commands.executeCommand('convlens.showModelGraph', { uri: doc.uri.toString(), model: index });
  const panel = await eventually(() => api.graphPanel(), 'the graph panel to open');
  // The real webview posts `ready`, receives the graph, lays it out with dagre and reports its boxes.
  const boxes = await withTimeout(panel.shown(), 'the graph webview never drew the graph');
  await opened;
  const view = panel.currentView();
  assert(view, 'no graph view');
  assertEqual(view.model, 'TinyResNet', 'model drawn');
  // input, stem (conv, bn, relu), two folded stages of BasicBlock ×2, pooling, flatten, fc.
  assert(boxes >= 8 && boxes < view.nodes.length, `folded box count ${boxes} of ${view.nodes.length} nodes`);
  assertEqual(
    view.runs.map((r) => `${r.typeName} ×${r.groups.length}`).join(', '),
    'BasicBlock ×2, BasicBlock ×2',
    'runs of blocks',
  );

  // The webview sends { type: 'reveal', node } on a click; the host selects that call in the editor.
  const conv2 = view.nodes.find((n) => n.path === 'layer1.0.conv2');
  assert(conv2?.at, 'layer1.0.conv2 has no call site');
  const revealed = panel.nextReveal();
  await panel.receive({ type: 'reveal', node: conv2.id });
  const range = await withTimeout(revealed, 'no reveal');
  const editor = vscode.window.activeTextEditor;
  assert(editor?.document === doc, 'the model file is the active editor after reveal');
  assertEqual(editor.selection.active.line, conv2.at.line, 'cursor on the node line');
  assertEqual(doc.lineAt(range.start.line).text.trim(), 'out = self.bn2(self.conv2(out))', 'revealed line');

  // Moving the cursor to a forward line highlights the nodes applied there: every block's bn2 and conv2.
  const highlighted = panel.nextHighlight();
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.trim() === 'out += self.shortcut(x)');
  editor.selection = new vscode.Selection(line, 8, line, 8);
  const nodes = await withTimeout(highlighted, 'no highlight after moving the cursor');
  const kinds = nodes.map((id) => view.nodes.find((n) => n.id === id)?.typeName);
  assert(nodes.length >= 4 && kinds.includes('add'), `highlighted on the shortcut line: ${kinds.join(', ')}`);
  panel.dispose();
});
