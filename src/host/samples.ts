// ConvLens: Open Sample… — the walkthrough's way to a sample file: the workspace's copy if it has one, else an editable copy.
import * as vscode from 'vscode';
import * as l10n from '../l10n';

const LANGUAGE_BY_EXTENSION: Readonly<Record<string, string>> = {
  py: 'python',
  ts: 'typescript',
  js: 'javascript',
  json: 'json',
};

/** The sample files bundled with the extension. */
async function bundledSamples(extensionUri: vscode.Uri): Promise<string[]> {
  const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(extensionUri, 'samples'));
  return entries
    .filter(([name, type]) => type === vscode.FileType.File && /\.(py|ts|js|json|ipynb)$/.test(name))
    .map(([name]) => name)
    .sort();
}

/** Opens a sample by file name (asks when none is given); resolves with the document shown. */
export async function openSample(extensionUri: vscode.Uri, name?: string): Promise<vscode.TextDocument | undefined> {
  const chosen =
    name ??
    (await vscode.window.showQuickPick(await bundledSamples(extensionUri), {
      title: l10n.t('Open a ConvLens sample'),
    }));
  if (!chosen || /[\\/]/.test(chosen)) return undefined;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const candidate = vscode.Uri.joinPath(folder.uri, chosen);
    try {
      await vscode.workspace.fs.stat(candidate);
      if (chosen.endsWith('.ipynb')) {
        await vscode.window.showNotebookDocument(await vscode.workspace.openNotebookDocument(candidate));
        return undefined;
      }
      const doc = await vscode.workspace.openTextDocument(candidate);
      await vscode.window.showTextDocument(doc);
      return doc;
    } catch {
      // not in this folder
    }
  }
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'samples', chosen));
  const language = LANGUAGE_BY_EXTENSION[chosen.slice(chosen.lastIndexOf('.') + 1)] ?? 'plaintext';
  const doc = await vscode.workspace.openTextDocument({ language, content: new TextDecoder().decode(bytes) });
  await vscode.window.showTextDocument(doc);
  return doc;
}
