// The model graph panel's host side: one panel, following one model of one document; click → reveal, cursor → highlight.
import * as vscode from 'vscode';
import type { GraphView } from '../../contract/graphView';
import { isFields, isIntIn } from '../../contract/guards';
import { parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../../protocol';
import { buildGraphView, nodesAtLine } from '../../scenes/graphView';
import { modelSummary } from '../codelens';
import type { AnalysisCache } from '../documentAnalysis';
import type { Logger } from '../logger';
import { AnimationPanel } from './animationPanel';
import { saveExport } from './exportSave';
import { panelHtml, panelOptions } from './webviewHtml';
import * as l10n from '../../l10n';

/** The graph panel's view type (the serializer restores it). */
export const GRAPH_VIEW_TYPE = 'convlens.graph';

/** What the panel remembers across a reload (the webview's state adds its fold state). */
interface Source {
  readonly uri: string;
  readonly model: number;
}

/** One model graph panel; `show` reuses the open one. */
export class GraphPanel {
  private static current: GraphPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly revealListeners = new Set<(range: vscode.Range) => void>();
  private readonly shownListeners = new Set<(boxes: number) => void>();
  private readonly highlightListeners = new Set<(nodes: readonly number[]) => void>();
  private readonly exportListeners = new Set<(saved: vscode.Uri | undefined) => void>();
  private view: GraphView | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private lastShown: number | undefined;

  /** The open graph panel, if any. */
  static active(): GraphPanel | undefined {
    return GraphPanel.current;
  }

  /** Shows model `model` of `document`, in the open panel if there is one. */
  static show(
    extensionUri: vscode.Uri,
    log: Logger,
    cache: AnalysisCache,
    document: vscode.TextDocument,
    model: number,
  ): GraphPanel {
    const source = { uri: document.uri.toString(), model };
    const existing = GraphPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, true);
      existing.source = source;
      existing.refresh();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      GRAPH_VIEW_TYPE,
      l10n.t('ConvLens: model graph'),
      vscode.ViewColumn.Beside,
      {
        ...panelOptions(extensionUri),
        // A long graph is expensive to lay out again: keep the page while the panel is hidden behind the editor.
        retainContextWhenHidden: true,
      },
    );
    return new GraphPanel(panel, extensionUri, log, cache, source);
  }

  /** Rebuilds the panel after a reload from the webview's saved state ({ uri, model, … }). */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    log: Logger,
    cache: AnalysisCache,
    state: unknown,
  ): void {
    const uri = isFields(state) && typeof state['uri'] === 'string' ? state['uri'] : undefined;
    const model = isFields(state) && isIntIn(state['model'], 0, 10_000) ? state['model'] : 0;
    if (!uri) {
      log.info('the saved graph panel state names no document; closing it');
      panel.dispose();
      return;
    }
    panel.webview.options = panelOptions(extensionUri);
    new GraphPanel(panel, extensionUri, log, cache, { uri, model });
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: Logger,
    private readonly cache: AnalysisCache,
    private source: Source,
  ) {
    GraphPanel.current?.dispose();
    GraphPanel.current = this;
    panel.webview.html = panelHtml(panel.webview, extensionUri, 'graph', l10n.t('ConvLens: model graph'));
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== this.source.uri) return;
        // Re-trace when typing pauses, not on every keystroke.
        if (this.refreshTimer) clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.refresh(), 400);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.toString() !== this.source.uri || !this.view) return;
        const line = e.selections[0]?.active.line;
        if (line === undefined) return;
        const nodes = nodesAtLine(this.view, line);
        this.post({ type: 'highlight', nodes });
        for (const l of [...this.highlightListeners]) l(nodes);
      }),
    );
  }

  /** The document the panel follows, if it is open. */
  private document(): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.source.uri);
  }

  /** Traces the document again and sends the graph. */
  refresh(): void {
    const document = this.document();
    if (!document) {
      this.post({ type: 'error', message: l10n.t('ConvLens: open {0} to see its graph.', this.source.uri) });
      return;
    }
    const models = this.cache.get(document).models;
    const model = models[this.source.model] ?? models[0];
    if (!model) {
      this.post({ type: 'error', message: l10n.t('ConvLens found no model in this file to draw.') });
      return;
    }
    this.view = buildGraphView(model, modelSummary(model));
    this.panel.title = l10n.t('ConvLens: graph of {0}', model.name);
    this.post({ type: 'graph', view: this.view, uri: this.source.uri, model: this.source.model });
  }

  /** Resolves with the range the next click on a node reveals (tests use it). */
  nextReveal(): Promise<vscode.Range> {
    return this.once(this.revealListeners);
  }

  /** Resolves with the box count of the next graph the page draws (tests wait for the real webview with it). */
  nextShown(): Promise<number> {
    return this.once(this.shownListeners);
  }

  /** The box count of the graph drawn last, or of the first one once the page has drawn it. */
  shown(): Promise<number> {
    return this.lastShown === undefined ? this.nextShown() : Promise.resolve(this.lastShown);
  }

  /** Resolves with the nodes the next editor cursor move highlights. */
  nextHighlight(): Promise<readonly number[]> {
    return this.once(this.highlightListeners);
  }

  private once<T>(listeners: Set<(value: T) => void>): Promise<T> {
    return new Promise((resolve) => {
      const listener = (value: T): void => {
        listeners.delete(listener);
        resolve(value);
      };
      listeners.add(listener);
    });
  }

  /** The graph the panel shows. */
  currentView(): GraphView | undefined {
    return this.view;
  }

  /** Sends a message to the page as the host would (tests fake the page's side with `receive`). */
  post(message: HostToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  /** Asks the page for a PNG of the whole graph; resolves with the saved file. */
  requestExport(): Promise<vscode.Uri | undefined> {
    return new Promise((resolve) => {
      this.exportListeners.add(resolve);
      this.post({ type: 'requestExport', format: 'png' });
    });
  }

  /** Handles one message from the page (validated first). */
  async receive(raw: unknown): Promise<void> {
    const message: WebviewToHost | undefined = parseWebviewMessage(raw);
    if (!message) {
      this.log.info('ignored a malformed message from the graph panel');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.refresh();
        return;
      case 'reveal':
        await this.reveal(message.node);
        return;
      case 'export': {
        const saved = await saveExport(
          'graph',
          message.format,
          message.base64,
          1,
          this.log,
          AnimationPanel.chooseExportTarget,
        );
        for (const l of [...this.exportListeners]) l(saved);
        this.exportListeners.clear();
        return;
      }
      case 'graphShown':
        this.log.info(`graph panel: ${message.boxes} boxes laid out in ${message.layoutMs.toFixed(0)} ms`);
        this.lastShown = message.boxes;
        for (const l of [...this.shownListeners]) l(message.boxes);
        return;
      case 'update':
      case 'copyLiteral':
      case 'stepShown':
      case 'presentChanged':
        return;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  /** Shows node `id`'s line in the editor beside the panel and selects the call. */
  private async reveal(id: number): Promise<void> {
    const node = this.view?.nodes.find((n) => n.id === id);
    const at = node?.at;
    const document = this.document();
    if (!at || !document) return;
    const range = new vscode.Range(at.line, at.character, at.endLine, at.endCharacter);
    const column =
      vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn ?? vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: column,
      selection: new vscode.Range(range.start, range.start),
      preserveFocus: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    for (const l of [...this.revealListeners]) l(range);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const l of [...this.exportListeners]) l(undefined);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
