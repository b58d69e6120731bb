// CodeLens above array literals (shape, animate) and above models (params, MACs, receptive field, input, trace).
import * as vscode from 'vscode';
import type { TracedModel } from '../analysis/modelTrace';
import type { AnalysisCache } from './documentAnalysis';
import { describeShape, formatCount, formatMacs, formatShape } from '../report/format';
import { toRange } from './convert';
import { guarded, type Logger } from './logger';
import * as l10n from '../l10n';

/** Where the input shape came from, in the display language (a function: labels are looked up at use, not at import). */
function sourceWords(source: TracedModel['input']['source']): string {
  switch (source) {
    case 'comment':
      return l10n.t('from comment');
    case 'keras':
      return l10n.t('from input_shape');
    case 'tensor':
      return l10n.t('from tensor in file');
    default:
      return l10n.t('from setting');
  }
}

/** The one-line summary shown above a model. */
export function modelSummary(m: TracedModel): string {
  const input = l10n.t('input {0} ({1})', formatShape(m.input.shape), sourceWords(m.input.source));
  const head = `${m.model.name} · ${input}`;
  const err = m.trace.error;
  if (err && !err.unknown) return `${head} · ${l10n.t('✗ layer {0}: {1}', err.layerIndex + 1, err.message)}`;
  const last = m.trace.layers[m.trace.layers.length - 1];
  const parts = [m.model.name, l10n.t('{0} params', formatCount(m.trace.totalParams)), l10n.t('{0} MACs', formatMacs(m.trace.totalMacs))];
  if (last) parts.push(l10n.t('RF {0}', last.receptiveField.size));
  parts.push(input);
  if (err) parts.push(l10n.t('traced to layer {0}', err.layerIndex));
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
          lenses.push(new vscode.CodeLens(range, { title: l10n.t('✗ {0}', l.message), command: '' }));
          continue;
        }
        lenses.push(new vscode.CodeLens(range, { title: describeShape(l.shape), command: '' }));
        if (l.shape.length >= 2) {
          lenses.push(
            new vscode.CodeLens(range, { title: l10n.t('▶ Animate convolution'), command: 'convlens.openConvolutionAnimation', arguments: [args], tooltip: l10n.t('Open the convolution animation with this literal and its obvious partner') }),
            new vscode.CodeLens(range, { title: l10n.t('Convolve with…'), command: 'convlens.convolveSelection', arguments: [args], tooltip: l10n.t('Pick another literal in this file to convolve with') }),
            new vscode.CodeLens(range, { title: l10n.t('Max pool 2×2'), command: 'convlens.openPoolingAnimation', arguments: [args], tooltip: l10n.t('Animate 2×2 max pooling of this literal') }),
          );
        }
      }
      analysis.models.forEach((m, index) => {
        const range = toRange(m.model.range);
        const args = { uri: document.uri.toString(), model: index };
        lenses.push(new vscode.CodeLens(range, { title: modelSummary(m), command: 'convlens.showShapeTrace', arguments: [args], tooltip: l10n.t('Show the layer-by-layer shape trace') }));
        lenses.push(new vscode.CodeLens(range, { title: l10n.t('Show trace'), command: 'convlens.showShapeTrace', arguments: [args] }));
        lenses.push(new vscode.CodeLens(range, { title: l10n.t('Set input shape…'), command: 'convlens.setInputShape', arguments: [args] }));
        if (m.trace.layers.length > 0) lenses.push(new vscode.CodeLens(range, { title: l10n.t('Receptive field'), command: 'convlens.openReceptiveField', arguments: [args], tooltip: l10n.t('Light up what one output unit sees, layer by layer') }));
      });
      for (const e of analysis.exercises) {
        const range = new vscode.Range(e.line, 0, e.line, 0);
        lenses.push(new vscode.CodeLens(range, { title: l10n.t('✓ Check my answer'), command: 'convlens.checkMyAnswer', arguments: [document.uri.toString()], tooltip: l10n.t('Compare your answer with {0}', e.call) }));
      }
      return lenses;
    });
  }
}
