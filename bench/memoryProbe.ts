// Heap measurements inside the Node extension host: open/close panels and edit a long file many times, GC, compare.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { ConvLensApi } from '../src/extension';

/** Collects garbage for real, so the numbers compare retained memory rather than GC timing. */
function collect(): void {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

function heapMb(): number {
  collect();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
}

/** Result of one probe: heap after a warm-up round and after the measured rounds, in MB. */
export interface MemoryResult {
  readonly panels: number;
  readonly edits: number;
  readonly heap_after_warmup_mb: number;
  readonly heap_after_mb: number;
  readonly growth_mb: number;
}

/** Opens and closes `panels` convolution panels and makes `edits` edits (each followed by CodeLens) to `doc`. */
export async function memoryProbe(
  api: ConvLensApi,
  doc: vscode.TextDocument,
  panels: number,
  edits: number,
): Promise<MemoryResult> {
  const token = new vscode.CancellationTokenSource().token;
  const round = async (p: number, e: number): Promise<void> => {
    for (let k = 0; k < p; k++) {
      await vscode.commands.executeCommand('convlens.openConvolutionAnimation');
      api.panel('convolution')?.dispose();
    }
    for (let k = 0; k < e; k++) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), k % 2 === 0 ? '#\n' : '');
      if (k % 2 === 1) edit.delete(doc.uri, new vscode.Range(0, 0, 1, 0));
      await vscode.workspace.applyEdit(edit);
      await api.providers.codeLens.provideCodeLenses(doc, token);
    }
  };
  await round(Math.min(10, panels), Math.min(50, edits));
  const before = heapMb();
  await round(panels, edits);
  const after = heapMb();
  return {
    panels,
    edits,
    heap_after_warmup_mb: before,
    heap_after_mb: after,
    growth_mb: Math.round((after - before) * 10) / 10,
  };
}
