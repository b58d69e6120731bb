// Small probes the VS Code test suites share: ConvLens's API, opening a workspace file, and the CodeLens titles VS Code
// reports for a document.
import * as vscode from 'vscode';
import type { ConvLensApi } from '../../src/extension';
import type { PanelKind } from '../../src/contract/viewModels';
import { assert, eventually, withTimeout } from './harness';

/** ConvLens's test hooks, activating it if needed (VS Code runs it in extension mode Test, so it exports them). */
export async function convLensApi(): Promise<ConvLensApi> {
  const ext = vscode.extensions.getExtension<ConvLensApi | undefined>('convlens.convlens');
  assert(ext, 'ConvLens is not installed in the host');
  const api = ext.isActive ? ext.exports : await ext.activate();
  assert(api, 'ConvLens exported no test hooks: is the host running it in extension mode Test?');
  return api;
}

/** The titles of the CodeLens VS Code reports for a document, once there are any. */
export function lensTitles(doc: vscode.TextDocument): Promise<string[]> {
  return eventually(async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titles = (lenses ?? []).map((l) => l.command?.title ?? '').filter((t) => t);
    return titles.length > 0 ? titles : undefined;
  }, `CodeLens in ${doc.fileName}`);
}

/** Opens a file of the (samples) workspace in an editor. */
export async function openWorkspaceFile(name: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the samples folder open');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Runs a command that opens a panel of `kind`; resolves with the panel and the first step its webview reports. */
export async function openPanelFrom(
  kind: PanelKind,
  command: string,
  ...args: unknown[]
): Promise<{ panel: NonNullable<ReturnType<ConvLensApi['panel']>>; report: { step: number; description: string } }> {
  const api = await convLensApi();
  const opened = vscode.commands.executeCommand(command, ...args);
  const panel = await eventually(() => api.panel(kind), `the ${kind} panel to open`);
  const report = await withTimeout(panel.nextStepReport(), `the ${kind} webview never reported a step`);
  await opened;
  return { panel, report };
}
