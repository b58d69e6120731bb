// Inlay hints: after each layer definition its output shape and parameters; after each forward() statement the shape it produces.
import * as vscode from 'vscode';
import type { SourceRange } from '../analysis/literals';
import { tracedLayers, type TracedLayer } from './convert';
import type { AnalysisCache } from './documentAnalysis';
import { layerHint } from './layerExplain';
import { readConfig } from './config';
import { guarded, type Logger } from './logger';
import { formatShape } from '../report/format';

function inside(inner: SourceRange, outer: SourceRange): boolean {
  const before = (a: SourceRange['start'], b: SourceRange['start']): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

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
    return [...this.byKey.values()].filter((e) => range.contains(e.position)).map(({ position, labels }) => {
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

  constructor(private readonly cache: AnalysisCache, private readonly log: Logger) {}

  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): vscode.InlayHint[] {
    return guarded(this.log, 'inlay hints', [], () => {
      if (!readConfig(document.uri).inlayHints) return [];
      const set = new HintSet();
      const layers: TracedLayer[] = [...tracedLayers(this.cache.get(document).models)];
      const visible = (line: number): boolean => line >= range.start.line && line <= range.end.line;
      for (const t of layers) {
        if (token.isCancellationRequested) return [];
        const { usedAt, range: defined } = t.occurrence;
        // VS Code asks for the visible lines only: skip the rest before doing any text work.
        if (!visible(defined.end.line) && !(usedAt && visible(usedAt.end.line))) continue;
        const label = layerHint(t);
        if (!label) continue;
        // Functional ops (F.relu, x.view) are written inside the statement: only the statement gets a hint.
        if (!usedAt || !inside(defined, usedAt)) {
          const at = lineEndIfOnlyClosersFollow(document, defined.end);
          set.add(at.line, at.character, label);
        }
        // Later ops of the same statement overwrite earlier ones: the hint shows what the statement produces.
        if (usedAt && t.trace) {
          const at = lineEndIfOnlyClosersFollow(document, usedAt.end);
          set.set(at.line, at.character, `→ ${formatShape(t.trace.outputShape)}`);
        }
      }
      return set.hints(range);
    });
  }
}
