// CodeLens above array literals (shape, animate) and above models (params, MACs, receptive field, input, trace).
import * as vscode from 'vscode';
import type { GraphModel } from '../analysis/graphTrace';
import { windowOf } from '../analysis/graphLayers';
import type { AnalysisCache } from './documentAnalysis';
import { describeShape, formatCount, formatMacs, formatShape } from '../report/format';
import { toRange } from './convert';
import { guarded, type Logger } from './logger';
import * as l10n from '../l10n';

/** Where the input shape came from, in the display language (a function: labels are looked up at use, not at import). */
function sourceWords(source: GraphModel['input']['source']): string {
  switch (source) {
    case 'comment':
      return l10n.t('from comment');
    case 'declared':
      return l10n.t('from input_shape');
    case 'tensor':
      return l10n.t('from tensor in file');
    case 'firstLayer':
      return l10n.t('channels from the first layer');
    case 'option':
    case 'setting':
      return l10n.t('from setting');
  }
}

/** A stop's message cut to lens length (the trace table has it in full). */
function short(message: string): string {
  return message.length > 90 ? `${message.slice(0, 89)}…` : message;
}

/** The receptive field as the lens shows it: "RF 16", or "RF 16×12" when rows and columns differ. */
function fieldWords(m: GraphModel): string | undefined {
  const rf = m.receptiveField;
  if (!rf) return undefined;
  return l10n.t('RF {0}', rf.rows.size === rf.cols.size ? String(rf.rows.size) : `${rf.rows.size}×${rf.cols.size}`);
}

/** The one-line summary shown above a model. */
export function modelSummary(m: GraphModel): string {
  const input = l10n.t('input {0} ({1})', formatShape(m.input.shape), sourceWords(m.input.source));
  const stop = m.stop;
  if (stop?.code === 'needsArguments') return `${m.name} · ${l10n.t('needs constructor arguments to be traced')}`;
  if (stop?.kind === 'error')
    return `${m.name} · ${input} · ${l10n.t('✗ line {0}: {1}', stop.range.start.line + 1, short(stop.message))}`;
  const parts = [m.name];
  if (m.params.total !== null) parts.push(l10n.t('{0} params', formatCount(m.params.total)));
  if (m.complete) {
    parts.push(l10n.t('{0} MACs', formatMacs(m.macs)));
    const rf = fieldWords(m);
    if (rf) parts.push(rf);
  }
  parts.push(input);
  if (stop) parts.push(l10n.t('stopped at line {0}: {1}', stop.range.start.line + 1, short(stop.message)));
  return parts.join(' · ');
}

/** The `# convlens: model …` comment a stop asks for (the text between its backticks), if it asks for one. */
export function modelComment(m: GraphModel): string | undefined {
  if (m.stop?.code !== 'needsArguments') return undefined;
  return /`([^`]+)`/.exec(m.stop.message)?.[1];
}

/** Provides the lenses; refreshes when the analysis cache is cleared. */
export class ConvLensCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly cache: AnalysisCache,
    private readonly log: Logger,
  ) {}

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
            new vscode.CodeLens(range, {
              title: l10n.t('▶ Animate convolution'),
              command: 'convlens.openConvolutionAnimation',
              arguments: [args],
              tooltip: l10n.t('Open the convolution animation with this literal and its obvious partner'),
            }),
            new vscode.CodeLens(range, {
              title: l10n.t('Convolve with…'),
              command: 'convlens.convolveSelection',
              arguments: [args],
              tooltip: l10n.t('Pick another literal in this file to convolve with'),
            }),
            new vscode.CodeLens(range, {
              title: l10n.t('Max pool 2×2'),
              command: 'convlens.openPoolingAnimation',
              arguments: [args],
              tooltip: l10n.t('Animate 2×2 max pooling of this literal'),
            }),
          );
        }
      }
      analysis.models.forEach((m, index) => {
        const range = toRange(m.range);
        const args = { uri: document.uri.toString(), model: index };
        lenses.push(
          new vscode.CodeLens(range, {
            title: modelSummary(m),
            command: 'convlens.showShapeTrace',
            arguments: [args],
            tooltip: m.stop ? m.stop.message : l10n.t('Show the layer-by-layer shape trace'),
          }),
        );
        const comment = modelComment(m);
        if (comment) {
          lenses.push(
            new vscode.CodeLens(range, {
              title: l10n.t('Write a model comment…'),
              command: 'convlens.writeModelComment',
              arguments: [args],
              tooltip: comment,
            }),
          );
          return;
        }
        lenses.push(
          new vscode.CodeLens(range, {
            title: l10n.t('Show trace'),
            command: 'convlens.showShapeTrace',
            arguments: [args],
          }),
        );
        lenses.push(
          new vscode.CodeLens(range, {
            title: l10n.t('Graph'),
            command: 'convlens.showModelGraph',
            arguments: [args],
            tooltip: l10n.t('Draw the model as a graph: blocks, branches, shapes'),
          }),
        );
        lenses.push(
          new vscode.CodeLens(range, {
            title: l10n.t('Set input shape…'),
            command: 'convlens.setInputShape',
            arguments: [args],
          }),
        );
        if (m.nodes.some((n) => windowOf(n)))
          lenses.push(
            new vscode.CodeLens(range, {
              title: l10n.t('Receptive field'),
              command: 'convlens.openReceptiveField',
              arguments: [args],
              tooltip: l10n.t('Light up what one output unit sees, layer by layer'),
            }),
          );
      });
      for (const e of analysis.exercises) {
        const range = new vscode.Range(e.line, 0, e.line, 0);
        lenses.push(
          new vscode.CodeLens(range, {
            title: l10n.t('✓ Check my answer'),
            command: 'convlens.checkMyAnswer',
            arguments: [document.uri.toString()],
            tooltip: l10n.t('Compare your answer with {0}', e.call),
          }),
        );
      }
      return lenses;
    });
  }
}
