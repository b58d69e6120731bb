// Entry point for both extension hosts: wires providers, commands and the panel serializer, nothing more.
import * as vscode from 'vscode';
import { setTranslator } from './l10n';
import { ConvLensCodeLensProvider } from './host/codelens';
import { calculatorDefaults, registerCommands } from './host/commands';
import { ConvLensDiagnostics, ConvLensQuickFixes } from './host/diagnostics';
import { AnalysisCache } from './host/documentAnalysis';
import { ConvLensHoverProvider } from './host/hover';
import { ConvLensInlayHintsProvider } from './host/inlayHints';
import { describeEngine } from './engine/wasm/wasmRuntime';
import { hostKind } from './host/hostKind';
import { Logger } from './host/logger';
import { SkippedFileStatus } from './host/statusBar';
import { readConfig } from './host/config';
import { setNumberFormat } from './report/format';
import { AnswerChecker } from './host/answerCommands';
import { AnimationPanel, PANEL_VIEWS } from './host/panels/animationPanel';
import { GRAPH_VIEW_TYPE, GraphPanel } from './host/panels/graphPanel';
import type { ConvLensApi } from './host/testApi';
import type { PanelKind } from './contract/viewModels';

/** Languages ConvLens reads, for files and untitled documents alike (notebook cells are python documents). */
const SELECTOR: vscode.DocumentSelector = [
  'python',
  'javascript',
  'typescript',
  'javascriptreact',
  'typescriptreact',
  'json',
  'jsonc',
].map((language) => ({ language }));

export type { ConvLensApi } from './host/testApi';

/** Wires ConvLens in; returns the test hooks only when VS Code runs it for tests (ExtensionMode.Test). */
export function activate(context: vscode.ExtensionContext): ConvLensApi | undefined {
  const started = Date.now();
  // Every l10n.t() from here on (engine messages included) speaks the display language.
  setTranslator((message, args) => vscode.l10n.t(message, ...args));
  const log = new Logger();
  const cache = new AnalysisCache(log);
  const codeLens = new ConvLensCodeLensProvider(cache, log);
  const inlay = new ConvLensInlayHintsProvider(cache, log);
  const hover = new ConvLensHoverProvider(cache, log);
  setNumberFormat(readConfig());
  const diagnostics = new ConvLensDiagnostics(cache, log);
  const skipped = new SkippedFileStatus();
  const answers = new AnswerChecker(cache, log);
  context.subscriptions.push(
    log,
    cache,
    diagnostics,
    skipped,
    answers,
    vscode.languages.registerCodeLensProvider(SELECTOR, codeLens),
    vscode.languages.registerHoverProvider(SELECTOR, hover),
    vscode.languages.registerInlayHintsProvider(SELECTOR, inlay),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ConvLensQuickFixes(cache, log), {
      providedCodeActionKinds: ConvLensQuickFixes.kinds,
    }),
    ...registerCommands({
      extensionUri: context.extensionUri,
      storageUri: context.globalStorageUri,
      cache,
      log,
      answers,
    }),
    ...(Object.keys(PANEL_VIEWS) as PanelKind[]).map((kind) =>
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEWS[kind].viewType, {
        deserializeWebviewPanel: (panel, state) => {
          AnimationPanel.revive(kind, panel, context.extensionUri, log, state);
          return Promise.resolve();
        },
      }),
    ),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => {
        GraphPanel.revive(panel, context.extensionUri, log, cache, state);
        return Promise.resolve();
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('convlens')) return;
      setNumberFormat(readConfig());
      cache.clear();
      skipped.update();
      codeLens.refresh();
      inlay.refresh();
      diagnostics.refreshAll();
    }),
    { dispose: () => AnimationPanel.disposeAll() },
    { dispose: () => GraphPanel.active()?.dispose() },
  );
  const activationMs = Date.now() - started;
  log.info(`ConvLens activated in ${activationMs} ms`);
  const engine = describeEngine();
  log.info(`engine: ${engine}`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    activationMs,
    host: hostKind(),
    engine,
    panel: (kind) => AnimationPanel.active(kind),
    graphPanel: () => GraphPanel.active(),
    analysis: (document) => cache.get(document),
    recentLog: () => log.recent(),
    shutdown: () => {
      for (const d of context.subscriptions.splice(0)) d.dispose();
    },
    revivePanel: (kind, panel, state) => AnimationPanel.revive(kind, panel, context.extensionUri, log, state),
    setExportTarget: (chooser) => {
      AnimationPanel.chooseExportTarget = chooser;
    },
    calculatorDefaults: () => calculatorDefaults(cache),
    providers: { codeLens, inlayHints: inlay, hover, diagnostics },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
