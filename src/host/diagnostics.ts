// Diagnostics (source "ConvLens") for ragged literals and layers whose input cannot fit, with quick fixes where obvious.
import * as vscode from 'vscode';
import type { ModelStop } from '../analysis/graphTrace';
import type { SourceRange } from '../analysis/literals';
import { inDocument } from '../analysis/notebook';
import { toRange } from './convert';
import type { AnalysisCache } from './documentAnalysis';
import { guarded, type Logger } from './logger';
import * as l10n from '../l10n';

/** Diagnostic codes, so quick fixes can find their diagnostics. */
export const DIAGNOSTIC_CODES = {
  ragged: 'ragged-literal',
  shape: 'shape-mismatch',
  linearFeatures: 'linear-in-features',
  channels: 'in-channels',
} as const;

/** Publishes diagnostics for open documents, updated as they change. */
export class ConvLensDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('convlens');
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly cache: AnalysisCache,
    private readonly log: Logger,
    private readonly delayMs = 250,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d)),
      // While typing, analyse once the keystrokes pause rather than on every one.
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d.uri.toString());
        this.collection.delete(d.uri);
      }),
    );
    // Documents already open are analysed just after activation, not inside it (a large file would hold activation up).
    const initial = setTimeout(() => {
      for (const d of vscode.workspace.textDocuments) this.update(d);
    }, 0);
    this.subscriptions.push({ dispose: () => clearTimeout(initial) });
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.cancel(key);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!document.isClosed) this.update(document);
      }, this.delayMs),
    );
  }

  private cancel(key: string): void {
    const timer = this.pending.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(key);
  }

  /** Recomputes a document's diagnostics. */
  update(document: vscode.TextDocument): void {
    guarded(this.log, 'diagnostics', undefined, () => {
      const analysis = this.cache.get(document);
      const found: vscode.Diagnostic[] = [];
      for (const l of analysis.literals) {
        if (l.ok || l.reason !== 'ragged') continue;
        const d = new vscode.Diagnostic(toRange(l.range), l.message, vscode.DiagnosticSeverity.Error);
        d.source = 'ConvLens';
        d.code = DIAGNOSTIC_CODES.ragged;
        found.push(d);
      }
      const seen = new Set<string>();
      for (const m of analysis.models) {
        const stop = m.stop;
        if (stop?.kind !== 'error') continue;
        // A layer that does not fit is marked where it is constructed (its arguments are what a fix changes).
        const at = stopSite(stop);
        // Lines outside the document belong to another notebook cell; one model and its module-level instance share a stop.
        const key = `${JSON.stringify(at)}|${stop.message}`;
        if (!inDocument(at, document.lineCount) || seen.has(key)) continue;
        seen.add(key);
        const d = new vscode.Diagnostic(
          toRange(at),
          l10n.t('{0}: {1}', m.name, stop.message),
          vscode.DiagnosticSeverity.Error,
        );
        d.source = 'ConvLens';
        d.code = diagnosticCode(stop.code);
        if (stop.definedAt && inDocument(stop.range, document.lineCount)) {
          d.relatedInformation = [
            new vscode.DiagnosticRelatedInformation(
              new vscode.Location(document.uri, toRange(stop.range)),
              l10n.t('applied here'),
            ),
          ];
        }
        found.push(d);
      }
      this.collection.set(document.uri, found);
    });
  }

  refreshAll(): void {
    // Documents already open are analysed just after activation, not inside it (a large file would hold activation up).
    const initial = setTimeout(() => {
      for (const d of vscode.workspace.textDocuments) this.update(d);
    }, 0);
    this.subscriptions.push({ dispose: () => clearTimeout(initial) });
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

/** Where a stop is marked: the layer's constructor when it has one, else where the values meet. */
function stopSite(stop: ModelStop): SourceRange {
  return stop.definedAt ?? stop.range;
}

/** The diagnostic code of a stop code (quick fixes find their diagnostics by it). */
function diagnosticCode(code: string): string {
  return code === 'featureMismatch'
    ? DIAGNOSTIC_CODES.linearFeatures
    : code === 'channelMismatch'
      ? DIAGNOSTIC_CODES.channels
      : DIAGNOSTIC_CODES.shape;
}

/** The argument a stop's fix rewrites, by stop code. */
const FIXED_ARGUMENT: Readonly<Record<string, string>> = {
  featureMismatch: 'in_features',
  channelMismatch: 'in_channels',
};

/** Quick fixes: set Linear in_features / Conv in_channels to what actually arrives, from the stop's fields. */
export class ConvLensQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly cache: AnalysisCache,
    private readonly log: Logger,
  ) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    return guarded(this.log, 'quick fixes', [], () => {
      const ours = context.diagnostics.filter(
        (d) =>
          d.source === 'ConvLens' &&
          (d.code === DIAGNOSTIC_CODES.linearFeatures || d.code === DIAGNOSTIC_CODES.channels),
      );
      if (ours.length === 0) return [];
      const stops = this.cache
        .get(document)
        .models.flatMap((m) => (m.stop?.kind === 'error' && m.stop.definedAt ? [m.stop] : []));
      const actions: vscode.CodeAction[] = [];
      for (const d of ours) {
        const stop = stops.find((s) => toRange(stopSite(s)).isEqual(d.range));
        const what = stop && FIXED_ARGUMENT[stop.code];
        const got = stop?.fields['got'];
        if (!stop || !what || typeof got !== 'number') continue;
        const firstArg = firstArgumentRange(document, d.range);
        if (!firstArg) continue;
        const action = new vscode.CodeAction(l10n.t('Change {0} to {1}', what, got), vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.isPreferred = true;
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, firstArg, String(got));
        actions.push(action);
      }
      return actions;
    });
  }
}

/** Range of the first argument of the call written in `range` (text between "(" and the first top-level ","). */
export function firstArgumentRange(document: vscode.TextDocument, range: vscode.Range): vscode.Range | undefined {
  const text = document.getText(range);
  const open = text.indexOf('(');
  if (open < 0) return undefined;
  let depth = 0;
  let k = open + 1;
  for (; k < text.length; k++) {
    const c = text[k]!;
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) break;
  }
  let start = open + 1;
  let end = k;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  const arg = text.slice(start, end);
  if (!arg || arg.includes('=')) return undefined;
  const base = document.offsetAt(range.start);
  return new vscode.Range(document.positionAt(base + start), document.positionAt(base + end));
}
