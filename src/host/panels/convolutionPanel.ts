// The convolution animation panel's host side: one panel reused, restored after reload, fed scenes computed by the engine.
import * as vscode from 'vscode';
import { buildConvolutionScene, DEFAULT_INPUT, DEFAULT_KERNEL } from '../../scenes/convolutionScene';
import { parseWebviewMessage, type ConvSettings, type ConvolutionScene, type HostToWebview, type Matrix, type WebviewToHost } from '../../protocol';
import type { Logger } from '../logger';
import { panelHtml, panelOptions } from './webviewHtml';

/** What a convolution panel is asked to show. */
export interface ConvolutionRequest {
  readonly title: string;
  readonly input: Matrix;
  readonly kernel: Matrix;
  readonly settings: ConvSettings;
}

/** State the webview saves (vscode.setState) and the serializer hands back after a reload. */
interface SavedState {
  readonly request?: ConvolutionRequest;
  readonly step?: number;
}

const DEFAULT_SETTINGS: ConvSettings = { stride: 1, padding: 0, dilation: 1 };

/** One convolution panel; `createOrShow` reuses the open one. */
export class ConvolutionPanel {
  static readonly viewType = 'convlens.convolution';
  private static current: ConvolutionPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private request: ConvolutionRequest;
  private lastStep = 0;
  private readonly stepListeners = new Set<(step: number, description: string) => void>();
  private disposed = false;

  /** The panel currently open, if any (tests use it to talk to the webview). */
  static get active(): ConvolutionPanel | undefined {
    return ConvolutionPanel.current;
  }

  /** Opens (or reveals and updates) the panel. */
  static createOrShow(extensionUri: vscode.Uri, log: Logger, request?: Partial<ConvolutionRequest>): ConvolutionPanel {
    const full: ConvolutionRequest = {
      title: request?.title ?? 'Convolution',
      input: request?.input ?? DEFAULT_INPUT,
      kernel: request?.kernel ?? DEFAULT_KERNEL,
      settings: request?.settings ?? DEFAULT_SETTINGS,
    };
    const existing = ConvolutionPanel.current;
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside);
      existing.show(full, 0);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(ConvolutionPanel.viewType, `ConvLens: ${full.title}`, vscode.ViewColumn.Beside, panelOptions(extensionUri));
    return new ConvolutionPanel(panel, extensionUri, log, full, 0);
  }

  /** Rebuilds a panel VS Code restored after a reload; a corrupt state falls back to the default example. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: Logger, state: unknown): ConvolutionPanel {
    const saved = (typeof state === 'object' && state !== null ? state : {}) as SavedState;
    let request: ConvolutionRequest = { title: 'Convolution', input: DEFAULT_INPUT, kernel: DEFAULT_KERNEL, settings: DEFAULT_SETTINGS };
    const candidate = parseWebviewMessage({ type: 'update', ...(saved.request ?? {}) });
    if (candidate?.type === 'update') request = { title: typeof saved.request?.title === 'string' ? saved.request.title : 'Convolution', input: candidate.input, kernel: candidate.kernel, settings: candidate.settings };
    else if (saved.request) log.info('saved convolution panel state was not valid; showing the default example');
    panel.webview.options = panelOptions(extensionUri);
    return new ConvolutionPanel(panel, extensionUri, log, request, Number.isInteger(saved.step) ? saved.step! : 0);
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly log: Logger, request: ConvolutionRequest, step: number) {
    ConvolutionPanel.current = this;
    this.request = request;
    this.lastStep = step;
    panel.webview.html = panelHtml(panel.webview, extensionUri, 'convolutionPanel', 'ConvLens: Convolution');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
    );
  }

  /** Resolves with the next step the webview reports (used by tests and the UI round trip). */
  nextStepReport(): Promise<{ step: number; description: string }> {
    return new Promise((resolve) => {
      const listener = (step: number, description: string): void => {
        this.stepListeners.delete(listener);
        resolve({ step, description });
      };
      this.stepListeners.add(listener);
    });
  }

  /** The scene currently shown. */
  currentRequest(): ConvolutionRequest {
    return this.request;
  }

  private receive(raw: unknown): void {
    const message: WebviewToHost | undefined = parseWebviewMessage(raw);
    if (!message) {
      this.log.info(`ignored a malformed message from the convolution panel: ${safeJson(raw)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.show(this.request, this.lastStep);
        return;
      case 'update':
        this.show({ ...this.request, input: message.input, kernel: message.kernel, settings: message.settings }, 0);
        return;
      case 'copyLiteral':
        void vscode.env.clipboard.writeText(message.text).then(() => vscode.window.setStatusBarMessage('ConvLens: literal copied', 2000));
        return;
      case 'stepShown':
        this.lastStep = message.step;
        for (const l of [...this.stepListeners]) l(message.step, message.description);
        return;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  private show(request: ConvolutionRequest, step: number): void {
    let scene: ConvolutionScene;
    try {
      scene = buildConvolutionScene(request.title, request.input, request.kernel, request.settings);
    } catch (e) {
      this.post({ type: 'error', message: (e as Error).message });
      return;
    }
    this.request = request;
    this.panel.title = `ConvLens: ${request.title}`;
    this.post({ type: 'scene', scene, step });
  }

  private post(message: HostToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ConvolutionPanel.current === this) ConvolutionPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v).slice(0, 200);
  } catch {
    return String(v);
  }
}
