// Virtual workspaces: documents from a non-file file system (as on vscode.dev or a remote repository) get the same surfaces.
import * as vscode from 'vscode';
import { assert, test } from './harness';
import { lensTitles } from './probes';

/** A minimal in-memory file system under the `convlens-mem` scheme. */
class MemoryFs implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Uint8Array>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: data.length };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [...this.files.keys()].map((p) => [p.slice(1), vscode.FileType.File]);
  }
  createDirectory(): void {}
  readFile(uri: vscode.Uri): Uint8Array {
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return data;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.files.set(uri.path, content);
  }
  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
  }
  rename(): void {}
}

test('a model in a virtual (non-file) file system gets CodeLens and hovers', async () => {
  const registration = vscode.workspace.registerFileSystemProvider('convlens-mem', new MemoryFs());
  try {
    const uri = vscode.Uri.parse('convlens-mem:/tiny.py');
    await vscode.workspace.fs.writeFile(
      uri,
      new TextEncoder().encode(
        'import torch.nn as nn\n# convlens: input 1x1x8x8\nnet = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())\nk = [[1, 0], [0, 1]]\n',
      ),
    );
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const titles = await lensTitles(doc);
    assert(
      titles.includes('net · 20 params · 648 MACs · RF 3 · input 1×1×8×8 (from comment)'),
      `lenses: ${JSON.stringify(titles)}`,
    );
    assert(titles.includes('2×2 matrix'), 'no literal lens in the virtual file');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(2, 24),
    );
    assert((hovers ?? []).length > 0, 'no hover in the virtual file');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  } finally {
    registration.dispose();
  }
});
