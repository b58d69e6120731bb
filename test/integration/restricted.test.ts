// Restricted Mode: with workspace trust on and the folder not trusted, ConvLens still reads code (it never runs any).
import * as vscode from 'vscode';
import type { ConvLensApi } from '../../src/extension';
import { assert, assertEqual, eventually, runAll, test } from './harness';
import { lensTitles } from './probes';

test('in an untrusted workspace ConvLens activates and shows CodeLens and diagnostics', async () => {
  assertEqual(vscode.workspace.isTrusted, false, 'workspace trust');
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, '08_broken_model.py'));
  await vscode.window.showTextDocument(doc);
  const ext = vscode.extensions.getExtension<ConvLensApi>('convlens.convlens');
  assert(ext, 'ConvLens missing');
  await (ext.isActive ? Promise.resolve(ext.exports) : ext.activate());
  const titles = await lensTitles(doc);
  assert(
    titles.some((t) => t.startsWith('BrokenNet ·')),
    `lenses: ${JSON.stringify(titles)}`,
  );
  const diag = await eventually(
    () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === 'ConvLens'),
    'diagnostic in Restricted Mode',
  );
  assert(diag.message.includes('Linear expects 576 input features'), diag.message);
});

/** Called by VS Code. */
export function run(): Promise<void> {
  return runAll();
}
