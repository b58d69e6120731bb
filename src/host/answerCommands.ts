// ConvLens: Check My Answer — checks the `# convlens: check` exercises of a file and reports each verdict where the
// answer is written (Problems panel and squiggles), with a summary notification.
import * as vscode from 'vscode';
import { checkExercises, type CheckResult } from '../classroom/answers';
import { toRange } from './convert';
import type { AnalysisCache } from './documentAnalysis';
import type { Logger } from './logger';
import * as l10n from '../l10n';

const SEVERITY: Readonly<Record<CheckResult['status'], vscode.DiagnosticSeverity | undefined>> = {
  correct: vscode.DiagnosticSeverity.Information,
  wrong: vscode.DiagnosticSeverity.Warning,
  invalid: vscode.DiagnosticSeverity.Information,
  unanswered: undefined,
};

/** Owns the answer diagnostics: set by a check, cleared when the document changes (the verdicts are then stale). */
export class AnswerChecker implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('convlens-answers');
  private readonly onChange: vscode.Disposable;

  constructor(
    private readonly cache: AnalysisCache,
    private readonly log: Logger,
  ) {
    this.onChange = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) this.collection.delete(e.document.uri);
    });
  }

  /** Checks the document's exercises (the active editor's by default); returns the verdicts. */
  async check(uri?: string): Promise<CheckResult[]> {
    const document = uri
      ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))
      : vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showInformationMessage(
        l10n.t('ConvLens: open an exercise file (samples/12_exercises.py) to check your answers.'),
      );
      return [];
    }
    const analysis = this.cache.get(document);
    if (analysis.exercises.length === 0) {
      void vscode.window.showInformationMessage(
        l10n.t('ConvLens: this file has no `# convlens: check …` exercises. Open Sample… → 12_exercises.py has some.'),
      );
      return [];
    }
    const results = checkExercises(analysis.exercises, { literals: analysis.literals, models: analysis.models });
    this.collection.set(
      document.uri,
      results.flatMap((r) => {
        const severity = SEVERITY[r.status];
        if (severity === undefined) return [];
        const d = new vscode.Diagnostic(toRange(r.range), [r.summary, ...r.details].join('\n'), severity);
        d.source = 'ConvLens answers';
        d.code = r.call;
        return [d];
      }),
    );
    for (const r of results)
      this.log.info(
        `check ${r.call} (line ${r.line + 1}): ${r.summary}${r.details.length ? ` — ${r.details.join('; ')}` : ''}`,
      );
    const count = (s: CheckResult['status']): number => results.filter((r) => r.status === s).length;
    const open = count('unanswered');
    const parts = [
      l10n.t('{0} of {1} correct', count('correct'), results.length),
      count('wrong') ? l10n.t('{0} to revisit (see the Problems panel)', count('wrong')) : '',
      open ? l10n.t('{0} not answered yet', open) : '',
    ].filter(Boolean);
    void vscode.window.showInformationMessage(l10n.t('ConvLens: {0}.', parts.join(', ')));
    return results;
  }

  dispose(): void {
    this.onChange.dispose();
    this.collection.dispose();
  }
}
