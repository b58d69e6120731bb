// Inlay hints: after each layer definition its output shape and parameters; after each forward() statement the shape it produces.
import * as vscode from 'vscode';
import type { SourceRange } from '../analysis/literals';
import { layerSites, statementSites } from '../analysis/graphLayers';
import type { AnalysisCache } from './documentAnalysis';
import { layerHint } from './layerExplain';
import { readConfig } from './config';
import { guarded, type Logger } from './logger';
import { formatShape } from '../report/format';

/** After `nn.Conv2d(3, 6, 5),` the hint reads better past the comma: move it to the end of the code on that line. */
function lineEndIfOnlyClosersFollow(document: vscode.TextDocument, end: SourceRange['end']): SourceRange['end'] {
  if (end.line >= document.lineCount) return end;
  const text = document.lineAt(end.line).text;
  const rest = /^[\s,)\]]*/.exec(text.slice(end.character))![0];
  const after = text.slice(end.character + rest.length);
  if (after !== '' && !/^#/.test(after)) return end;
  return { line: end.line, character: end.character + rest.trimEnd().length };
}

/** Collects hint labels per position, keeping each distinct label once and in order. */
class HintSet {
  private readonly byKey = new Map<string, { position: vscode.Position; labels: string[] }>();

  add(line: number, character: number, label: string): void {
    const key = `${line}:${character}`;
    const entry = this.byKey.get(key) ?? { position: new vscode.Position(line, character), labels: [] };
    if (!entry.labels.includes(label)) entry.labels.push(label);
    this.byKey.set(key, entry);
  }

  /** Replaces whatever is at a position (a statement shows only its final shape). */
  set(line: number, character: number, label: string): void {
    this.byKey.set(`${line}:${character}`, { position: new vscode.Position(line, character), labels: [label] });
  }

  hints(range: vscode.Range): vscode.InlayHint[] {
    return [...this.byKey.values()]
      .filter((e) => range.contains(e.position))
      .map(({ position, labels }) => {
        const hint = new vscode.InlayHint(position, labels.join(' ; '), vscode.InlayHintKind.Type);
        hint.paddingLeft = true;
        return hint;
      });
  }
}

/** Provides the hints from the cached analysis. */
export class ConvLensInlayHintsProvider implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(
    private readonly cache: AnalysisCache,
    private readonly log: Logger,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(
    document: vscode.TextDocument,
    range: vscode.Range,
    token: vscode.CancellationToken,
  ): vscode.InlayHint[] {
    return guarded(this.log, 'inlay hints', [], () => {
      if (!readConfig(document.uri).inlayHints) return [];
      const set = new HintSet();
      const models = this.cache.get(document).models;
      // VS Code asks for the visible lines only: skip the rest before doing any text work. Lines outside the document
      // (a notebook cell's model using layers written in another cell) are never visible.
      const visible = (line: number): boolean =>
        line >= range.start.line && line <= range.end.line && line < document.lineCount;
      for (const site of layerSites(models)) {
        if (token.isCancellationRequested) return [];
        if (!visible(site.definedAt.end.line) || site.definedAt.start.line < 0) continue;
        const at = lineEndIfOnlyClosersFollow(document, site.definedAt.end);
        set.add(at.line, at.character, layerHint(site));
      }
      // Each forward() line shows what it produces; the first model that runs a line speaks for it.
      const shown = new Set<number>();
      for (const model of models) {
        for (const s of statementSites(model)) {
          if (token.isCancellationRequested) return [];
          if (!visible(s.line) || shown.has(s.line)) continue;
          shown.add(s.line);
          const at = lineEndIfOnlyClosersFollow(document, s.end);
          set.set(at.line, at.character, `→ ${formatShape(s.node.outputShape)}`);
        }
      }
      return set.hints(range);
    });
  }
}
