// Node host only: memory stays flat while panels open and close and a long file is edited (a short run of the bench probe).
import * as vscode from 'vscode';
import { memoryProbe } from '../../bench/memoryProbe';
import { syntheticTypicalPython } from '../../bench/syntheticSource';
import type { ConvLensApi } from '../../src/extension';
import { assert, test } from './harness';

test('memory stays flat over 20 panels and 200 edits of a 5,000-line file', async () => {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, 'memory_probe.py');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(syntheticTypicalPython(5000)));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const ext = vscode.extensions.all.find((e) => e.id.toLowerCase() === 'convlens.convlens')!;
  const api = (ext.isActive ? ext.exports : await ext.activate()) as ConvLensApi;
  const r = await memoryProbe(api, doc, 20, 200);
  assert(r.growth_mb < 10, `heap grew ${r.growth_mb} MB (${r.heap_after_warmup_mb} → ${r.heap_after_mb})`);
  await doc.save();
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});
