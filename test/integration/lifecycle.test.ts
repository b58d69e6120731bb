// Node host, last: after shutdown (what deactivation disposes) no ConvLens provider, listener or timer does any work.
import * as vscode from 'vscode';
import { assert, assertEqual, eventually, test } from './harness';
import { convLensApi } from './probes';

test('after deactivation nothing of ConvLens runs: no lenses, no diagnostics, no log lines on edits', async () => {
  const a = await convLensApi();
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  // Its own broken model: the sample one was repaired by the quick-fix test.
  const uri = vscode.Uri.joinPath(folder, 'lifecycle_broken.py');
  await vscode.workspace.fs.writeFile(
    uri,
    new TextEncoder().encode(
      'import torch.nn as nn\n# convlens: input 1x3x8x8\nnet = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten(), nn.Linear(10, 2))\n',
    ),
  );
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  await eventually(
    () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === 'ConvLens'),
    'a diagnostic before shutdown',
  );
  // An edit whose debounced analysis is still pending when the extension goes away.
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, new vscode.Position(0, 0), '# pending\n');
  await vscode.workspace.applyEdit(edit);
  const logged = a.recentLog().length;
  a.shutdown();
  await new Promise((r) => setTimeout(r, 600));
  assertEqual(
    vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'ConvLens').length,
    0,
    'ConvLens diagnostics after shutdown',
  );
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
  assertEqual((lenses ?? []).length, 0, 'CodeLens after shutdown');
  assertEqual(a.recentLog().length, logged, 'log lines after shutdown');
  assert(a.panel('convolution') === undefined, 'a panel survived shutdown');
  await doc.save();
});
