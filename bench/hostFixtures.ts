// What the in-host benchmark and the memory test both set up: a generated 5,000-line Python file open in the workspace.
import * as vscode from 'vscode';
import { syntheticTypicalPython } from './syntheticSource';

/** Writes a generated training script of `lines` lines into the workspace under `name` and shows it. */
export async function openGeneratedPython(name: string, lines = 5000): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(syntheticTypicalPython(lines)));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}
