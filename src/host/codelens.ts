// CodeLens above array literals (shape, animate) and above models (params, MACs, receptive field, input, trace).
import * as vscode from 'vscode';
import type { TracedModel } from '../analysis/modelTrace';
import type { AnalysisCache } from './documentAnalysis';
import { describeShape, formatCount, formatMacs, formatShape } from '../report/format';
import { toRange } from './convert';
import { guarded, type Logger } from './logger';

const SOURCE_WORDS = { comment: 'from comment', keras: 'from input_shape', tensor: 'from tensor in file', setting: 'from setting' } as const;

/** The one-line summary shown above a model. */
export function modelSummary(m: TracedModel): string {
  const head = `${m.model.name} · input ${formatShape(m.input.shape)} (${SOURCE_WORDS[m.input.source]})`;
  const err = m.trace.error;
  if (err && !err.unknown) return `${head} · ✗ layer ${err.layerIndex + 1}: ${err.message}`;
  const last = m.trace.layers[m.trace.layers.length - 1];
  const parts = [`${m.model.name}`, `${formatCount(m.trace.totalParams)} params`, `${formatMacs(m.trace.totalMacs)} MACs`];
  if (last) parts.push(`RF ${last.receptiveField.size}`);
  parts.push(`input ${formatShape(m.input.shape)} (${SOURCE_WORDS[m.input.source]})`);
  if (err) parts.push(`traced to layer ${err.layerIndex}`);
  return parts.join(' · ');
}

/** Provides the lenses; refreshes when the analysis cache is cleared. */
export class ConvLensCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly cache: AnalysisCache, private readonly log: Logger) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    return guarded(this.log, 'CodeLens', [], () => {
      const analysis = this.cache.get(document);
      if (token.isCancellationRequested) return [];
      const lenses: vscode.CodeLens[] = [];
      for (const l of analysis.literals) {
        const range = toRange(l.range);
        const args = { uri: document.uri.toString(), line: l.range.start.line };
        if (!l.ok) {
          lenses.push(new vscode.CodeLens(range, { title: `✗ ${l.message}`, command: '' }));
          continue;
        }
        lenses.push(new vscode.CodeLens(range, { title: describeShape(l.shape), command: '' }));
        if (l.shape.length >= 2) {
          lenses.push(
            new vscode.CodeLens(range, { title: '▶ Animate convolution', command: 'convlens.openConvolutionAnimation', arguments: [args], tooltip: 'Open the convolution animation with this literal and its obvious partner' }),
            new vscode.CodeLens(range, { title: 'Convolve with…', command: 'convlens.convolveSelection', arguments: [args], tooltip: 'Pick another literal in this file to convolve with' }),
            new vscode.CodeLens(range, { title: 'Max pool 2×2', command: 'convlens.openPoolingAnimation', arguments: [args], tooltip: 'Animate 2×2 max pooling of this literal' }),
          );
        }
      }
      analysis.models.forEach((m, index) => {
        const range = toRange(m.model.range);
        const args = { uri: document.uri.toString(), model: index };
        lenses.push(new vscode.CodeLens(range, { title: modelSummary(m), command: 'convlens.showShapeTrace', arguments: [args], tooltip: 'Show the layer-by-layer shape trace' }));
        lenses.push(new vscode.CodeLens(range, { title: 'Show trace', command: 'convlens.showShapeTrace', arguments: [args] }));
        lenses.push(new vscode.CodeLens(range, { title: 'Set input shape…', command: 'convlens.setInputShape', arguments: [args] }));
        if (m.trace.layers.length > 0) lenses.push(new vscode.CodeLens(range, { title: 'Receptive field', command: 'convlens.openReceptiveField', arguments: [args], tooltip: 'Light up what one output unit sees, layer by layer' }));
      });
      for (const e of analysis.exercises) {
        const range = new vscode.Range(e.line, 0, e.line, 0);
        lenses.push(new vscode.CodeLens(range, { title: '✓ Check my answer', command: 'convlens.checkMyAnswer', arguments: [document.uri.toString()], tooltip: `Compare your answer with ${e.call}` }));
      }
      return lenses;
    });
  }
}
