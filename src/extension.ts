// Entry point for both extension hosts: wires providers, commands and the panel serializer, nothing more.
import * as vscode from 'vscode';
import { ConvLensCodeLensProvider } from './host/codelens';
import { registerCommands } from './host/commands';
import { ConvLensDiagnostics, ConvLensQuickFixes } from './host/diagnostics';
import { AnalysisCache } from './host/documentAnalysis';
import { ConvLensHoverProvider } from './host/hover';
import { ConvLensInlayHintsProvider } from './host/inlayHints';
import { Logger } from './host/logger';
import { AnimationPanel, PANEL_KINDS } from './host/panels/animationPanel';
import type { PanelKind } from './protocol';

/** Languages ConvLens reads, for files and untitled documents alike (notebook cells are python documents). */
const SELECTOR: vscode.DocumentSelector = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'json', 'jsonc'].map((language) => ({ language }));

/** What activation returns: used by the integration tests to reach the panel. */
export interface ConvLensApi {
  readonly activationMs: number;
  readonly panel: (kind: PanelKind) => AnimationPanel | undefined;
}

export function activate(context: vscode.ExtensionContext): ConvLensApi {
  const started = Date.now();
  const log = new Logger();
  const cache = new AnalysisCache(log);
  const codeLens = new ConvLensCodeLensProvider(cache, log);
  const inlay = new ConvLensInlayHintsProvider(cache, log);
  const diagnostics = new ConvLensDiagnostics(cache, log);
  context.subscriptions.push(
    log,
    cache,
    diagnostics,
    vscode.languages.registerCodeLensProvider(SELECTOR, codeLens),
    vscode.languages.registerHoverProvider(SELECTOR, new ConvLensHoverProvider(cache, log)),
    vscode.languages.registerInlayHintsProvider(SELECTOR, inlay),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ConvLensQuickFixes(), { providedCodeActionKinds: ConvLensQuickFixes.kinds }),
    ...registerCommands({ extensionUri: context.extensionUri, cache, log }),
    ...(Object.keys(PANEL_KINDS) as PanelKind[]).map((kind) =>
      vscode.window.registerWebviewPanelSerializer(PANEL_KINDS[kind].viewType, {
        deserializeWebviewPanel: async (panel, state) => {
          AnimationPanel.revive(kind, panel, context.extensionUri, log, state);
        },
      })),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('convlens')) return;
      cache.clear();
      codeLens.refresh();
      inlay.refresh();
      diagnostics.refreshAll();
    }),
    { dispose: () => AnimationPanel.disposeAll() },
  );
  const activationMs = Date.now() - started;
  log.info(`ConvLens activated in ${activationMs} ms`);
  return { activationMs, panel: (kind) => AnimationPanel.active(kind) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
