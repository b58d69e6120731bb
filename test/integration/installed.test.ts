// Runs against ConvLens installed from its .vsix (not the development folder): activation, a CodeLens, a panel round trip.
import * as vscode from 'vscode';
import type { AnimationPanel } from '../../src/host/panels/animationPanel';
import { assert, assertEqual, runAll, test } from './harness';
import { lensTitles } from './probes';

test('the installed .vsix activates from the extensions folder and serves CodeLens and panels', async () => {
  const ext = vscode.extensions.getExtension<unknown>('convlens.convlens');
  assert(ext, 'ConvLens is not installed');
  assert(
    /convlens\.convlens-\d+\.\d+\.\d+/.test(ext.extensionUri.path),
    `not the installed copy: ${ext.extensionUri.path}`,
  );
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, '03_lenet_sequential.py'));
  await vscode.window.showTextDocument(doc);
  const exported = ext.isActive ? ext.exports : await ext.activate();
  // An installed copy runs in extension mode Production: no test hooks, no test-only commands.
  assertEqual(exported, undefined, 'what activation exports outside tests');
  const commands = await vscode.commands.getCommands(true);
  assert(!commands.includes('convlens.calculatorDefaults'), 'a test-only command is registered');
  const titles = await lensTitles(doc);
  assert(
    titles.some((t) => t.startsWith('model · 61,706 params')),
    `lenses: ${JSON.stringify(titles)}`,
  );
  // The command hands back the panel it opened (same extension host), so the packaged webview can be watched.
  const panel = await vscode.commands.executeCommand<AnimationPanel | undefined>('convlens.openPoolingAnimation');
  assert(panel, 'Open Pooling Animation returned no panel');
  const report = await panel.nextStepReport();
  assertEqual(report.step, 0, 'first step from the packaged webview bundle');
  panel.dispose();
});

/** Called by VS Code. */
export function run(): Promise<void> {
  return runAll();
}
