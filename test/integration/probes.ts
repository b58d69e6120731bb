// Small probes the VS Code test suites share: ConvLens's API, and the CodeLens titles VS Code reports for a document.
import * as vscode from 'vscode';
import type { ConvLensApi } from '../../src/extension';
import { assert, eventually } from './harness';

/** ConvLens's exports, activating it if needed. */
export async function convLensApi(): Promise<ConvLensApi> {
  const ext = vscode.extensions.getExtension<ConvLensApi>('convlens.convlens');
  assert(ext, 'ConvLens is not installed in the host');
  return ext.isActive ? ext.exports : ext.activate();
}

/** The titles of the CodeLens VS Code reports for a document, once there are any. */
export function lensTitles(doc: vscode.TextDocument): Promise<string[]> {
  return eventually(async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titles = (lenses ?? []).map((l) => l.command?.title ?? '').filter((t) => t);
    return titles.length > 0 ? titles : undefined;
  }, `CodeLens in ${doc.fileName}`);
}
