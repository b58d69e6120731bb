// Runs inside a real VS Code host: CodeLens, inlay hints and diagnostics on a 5,000-line Python file after each edit, and hovers.
import * as vscode from 'vscode';
import { memoryProbe } from './memoryProbe';
import { percentile } from './measure';
import { convLensApi } from '../test/integration/probes';
import { openGeneratedPython } from './hostFixtures';

function ms(start: number): number {
  return performance.now() - start;
}

function stats(samples: number[]): { p50: number; p95: number; n: number } {
  const r = (v: number): number => Math.round(v * 100) / 100;
  return { p50: r(percentile(samples, 50)), p95: r(percentile(samples, 95)), n: samples.length };
}

/** Called by VS Code as extensionTestsPath; logs one `editor-bench {json}` line that bench/runEditorBench.mjs records. */
export async function run(): Promise<void> {
  const doc = await openGeneratedPython('bench_5000_lines.py');
  const uri = doc.uri;
  const api = await convLensApi();
  const token = new vscode.CancellationTokenSource().token;
  const full = new vscode.Range(0, 0, doc.lineCount, 0);
  // What VS Code asks for while you scroll: the visible lines (about a screenful).
  const middle = Math.floor(doc.lineCount / 2);
  const viewport = new vscode.Range(middle, 0, middle + 60, 0);
  const edits = Number(process.env['BENCH_EDITS'] ?? 40);
  const first: number[] = [];
  const codeLens: number[] = [];
  const inlay: number[] = [];
  const inlayFull: number[] = [];
  const diagnostics: number[] = [];
  const hover: number[] = [];
  const layerLine = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.includes('nn.Conv2d(6, 16, 5)'));
  for (let k = 0; k < edits; k++) {
    // Each edit makes a new document version, so the first provider pays for the analysis.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), `# edit ${k}\n`);
    let t = performance.now();
    await vscode.workspace.applyEdit(edit);
    await api.providers.codeLens.provideCodeLenses(doc, token);
    first.push(ms(t));
    t = performance.now();
    await api.providers.codeLens.provideCodeLenses(doc, token);
    codeLens.push(ms(t));
    t = performance.now();
    await api.providers.inlayHints.provideInlayHints(doc, viewport, token);
    inlay.push(ms(t));
    t = performance.now();
    await api.providers.inlayHints.provideInlayHints(doc, full, token);
    inlayFull.push(ms(t));
    t = performance.now();
    api.providers.diagnostics.update(doc);
    diagnostics.push(ms(t));
    t = performance.now();
    await api.providers.hover.provideHover(doc, new vscode.Position(layerLine + k + 1, 12), token);
    hover.push(ms(t));
  }
  const result = {
    activation_ms: api.activationMs,
    file: { lines: doc.lineCount, bytes: doc.getText().length },
    edits,
    // From the edit to the first CodeLens: applying the edit, the change listeners (diagnostics analyse the new version), the lenses.
    edit_to_codelens_ms: stats(first),
    codelens_cached_ms: stats(codeLens),
    inlay_hints_visible_60_lines_ms: stats(inlay),
    inlay_hints_whole_file_ms: stats(inlayFull),
    diagnostics_ms: stats(diagnostics),
    hover_ms: stats(hover),
  };
  const memory = await memoryProbe(api, doc, 100, 1000);
  console.log(`editor-bench ${JSON.stringify({ ...result, memory })}`);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}
