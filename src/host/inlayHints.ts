// Inlay hints after each layer: "→ 1×6×28×28 · 456 params" (every use of a layer shared in forward()).
import * as vscode from 'vscode';
import { tracedLayers } from './convert';
import type { AnalysisCache } from './documentAnalysis';
import { layerHint } from './layerExplain';
import { readConfig } from './config';
import { guarded, type Logger } from './logger';

/** Provides one hint at the end of each traced layer's source. */
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
      const analysis = this.cache.get(document);
      // A layer used twice in forward() (self.pool) gets one hint listing both outputs.
      const byEnd = new Map<string, { position: vscode.Position; labels: string[] }>();
      for (const t of tracedLayers(analysis.models)) {
        if (token.isCancellationRequested) return [];
        const label = layerHint(t);
        const end = t.occurrence.range.end;
        const position = new vscode.Position(end.line, end.character);
        if (!label || !range.contains(position)) continue;
        const key = `${end.line}:${end.character}`;
        const entry = byEnd.get(key) ?? { position, labels: [] };
        if (!entry.labels.includes(label)) entry.labels.push(label);
        byEnd.set(key, entry);
      }
      return [...byEnd.values()].map(({ position, labels }) => {
        const hint = new vscode.InlayHint(position, ` ${labels.join(' ; ')}`, vscode.InlayHintKind.Type);
        hint.paddingLeft = true;
        return hint;
      });
    });
  }
}
