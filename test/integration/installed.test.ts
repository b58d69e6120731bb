// Runs against ConvLens installed from its .vsix (not the development folder): activation, a CodeLens, a panel round trip.
import * as vscode from 'vscode';
import type { ConvLensApi } from '../../src/extension';
import { assert, assertEqual, eventually, runAll, test } from './harness';
import { lensTitles } from './probes';

test('the installed .vsix activates from the extensions folder and serves CodeLens and panels', async () => {
  const ext = vscode.extensions.getExtension<ConvLensApi>('convlens.convlens');
  assert(ext, 'ConvLens is not installed');
  assert(/convlens\.convlens-\d+\.\d+\.\d+/.test(ext.extensionUri.path), `not the installed copy: ${ext.extensionUri.path}`);
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, '03_lenet_sequential.py'));
  await vscode.window.showTextDocument(doc);
  const api = ext.isActive ? ext.exports : await ext.activate();
  const titles = await lensTitles(doc);
  assert(titles.some((t) => t.startsWith('model · 61,706 params')), `lenses: ${JSON.stringify(titles)}`);
  const opened = vscode.commands.executeCommand('convlens.openPoolingAnimation');
  const panel = await eventually(() => api.panel('pooling'), 'pooling panel');
  const report = await panel.nextStepReport();
  await opened;
  assertEqual(report.step, 0, 'first step from the packaged webview bundle');
  panel.dispose();
});

/** Called by VS Code. */
export function run(): Promise<void> {
  return runAll();
}
