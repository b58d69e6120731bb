// A status bar note, shown only while the active file was too large to analyse, saying so and how to change the limit.
import * as vscode from 'vscode';
import { lexFamily } from '../analysis/tokens';
import { sizeLimitReason } from './documentAnalysis';
import * as l10n from '../l10n';

/** Keeps the note in step with the active editor. */
export class SkippedFileStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('convlens.skipped', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.item.name = 'ConvLens';
    this.item.command = {
      title: l10n.t('Open settings'),
      command: 'workbench.action.openSettings',
      arguments: ['convlens.maxFileSizeKB'],
    };
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.update();
      }),
    ];
    this.update();
  }

  /** Shows the note when the active document was skipped, hides it otherwise. */
  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    // Only the size matters here: checking it must not analyse the document on every keystroke.
    const reason = document && lexFamily(document.languageId) ? sizeLimitReason(document) : undefined;
    if (!reason) {
      this.item.hide();
      return;
    }
    this.item.text = `$(warning) ${l10n.t('ConvLens: file too large')}`;
    this.item.tooltip = l10n.t('{0}. Click to change the limit.', reason);
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
