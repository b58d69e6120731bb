// The animation panels' host side: one panel per kind, reused, restored after reload, fed scenes computed by the engine.
import * as vscode from 'vscode';
import { buildScene } from '../../scenes/buildScene';
import { DEFAULT_INPUT, DEFAULT_KERNEL } from '../../scenes/convolutionScene';
import { twoThreeByThreeVsFiveByFive } from '../../scenes/receptiveFieldScene';
import { isFields, isIntIn, type Fields } from '../../contract/guards';
import { parseSceneRequest } from '../../contract/parseSceneRequest';
import type { PanelKind, Scene, SceneRequest } from '../../contract/viewModels';
import {
  parseWebviewMessage,
  type ExportFormat,
  type HostToWebview,
  type SavedFormat,
  type WebviewToHost,
} from '../../protocol';
import { saveDialog, saveExport, type ExportTargetChooser } from './exportSave';
import type { Logger } from '../logger';
import { panelHtml, panelOptions } from './webviewHtml';
import * as l10n from '../../l10n';

/** Panels with an example to show when there is no input (the filter panel needs a trained network instead). */
export type ExampleKind = Exclude<PanelKind, 'filters'>;

/** Per kind: the view type the serializer restores and what to show with no input (built on each
 * use, so its title is in the display language: this table exists before activation installs the translator). */
export const PANEL_KINDS: Readonly<Record<ExampleKind, { viewType: string; fallback: SceneRequest }>> = {
  convolution: {
    viewType: 'convlens.convolution',
    get fallback(): SceneRequest {
      return {
        kind: 'convolution',
        title: l10n.t('Convolution (example)'),
        input: DEFAULT_INPUT,
        kernel: DEFAULT_KERNEL,
        settings: { stride: 1, padding: 0, dilation: 1 },
      };
    },
  },
  backward: {
    viewType: 'convlens.backward',
    get fallback(): SceneRequest {
      return {
        kind: 'backward',
        title: l10n.t('Backward pass (example)'),
        input: { rows: 4, cols: 4, data: [1, 2, 0, 1, 3, 1, 2, 0, 0, 2, 1, 3, 1, 0, 2, 1] },
        kernel: { rows: 2, cols: 2, data: [1, -1, 2, 0] },
        settings: { stride: 1, padding: 0, dilation: 1 },
      };
    },
  },
  equivariance: {
    viewType: 'convlens.equivariance',
    // The tutorial's counterexample: [1, 3, 2, 4] pools to [3, 4]; shifted by one it pools to [1, 3, 4].
    get fallback(): SceneRequest {
      return {
        kind: 'equivariance',
        title: l10n.t('Translation equivariance'),
        input: { rows: 1, cols: 8, data: [1, 3, 2, 4, 0, 0, 0, 0] },
        kernel: { rows: 1, cols: 3, data: [1, 0, -1] },
      };
    },
  },
  pooling: {
    viewType: 'convlens.pooling',
    get fallback(): SceneRequest {
      return {
        kind: 'pooling',
        title: l10n.t('Max pooling (example)'),
        input: { rows: 4, cols: 4, data: [1, 3, 2, 4, 5, 6, 1, 2, 7, 0, 3, 8, 2, 4, 9, 1] },
        settings: { mode: 'max', kernel: 2, stride: 2, padding: 0 },
      };
    },
  },
  transposed: {
    viewType: 'convlens.transposed',
    get fallback(): SceneRequest {
      return {
        kind: 'transposed',
        title: l10n.t('Transposed convolution (example)'),
        input: { rows: 2, cols: 2, data: [1, 2, 3, 4] },
        kernel: { rows: 3, cols: 3, data: [1, 0, -1, 2, 1, 0, 0, 1, 1] },
        settings: { stride: 2, padding: 0, outputPadding: 0 },
      };
    },
  },
  separable: {
    viewType: 'convlens.separable',
    // The tutorial's numbers: 3×3, 32 → 64 is 18,432 weights standard and 2,336 depthwise-separable.
    get fallback(): SceneRequest {
      return {
        kind: 'separable',
        title: l10n.t('Depthwise-separable vs standard'),
        settings: { inChannels: 32, outChannels: 64, kernel: 3, size: 56 },
      };
    },
  },
  receptiveField: {
    viewType: 'convlens.receptiveField',
    get fallback(): SceneRequest {
      return {
        kind: 'receptiveField',
        title: l10n.t('Receptive field: two 3×3 vs one 5×5'),
        inputSize: 9,
        stacks: twoThreeByThreeVsFiveByFive(),
        unit: { row: 2, col: 2 },
      };
    },
  },
};

/** The view type of every panel kind. */
export const PANEL_VIEWS: Readonly<Record<PanelKind, { viewType: string }>> = {
  ...PANEL_KINDS,
  filters: { viewType: 'convlens.filters' },
};

export type { ExportTargetChooser } from './exportSave';

/** One animation panel; `createOrShow` reuses the open panel of the same kind. */
export class AnimationPanel {
  private static readonly open = new Map<PanelKind, AnimationPanel>();
  /** The panel the user looked at last (export and present commands act on it). */
  private static focused: AnimationPanel | undefined;
  /** How export targets are chosen; tests replace the dialog with a fixed file. */
  static chooseExportTarget: ExportTargetChooser = saveDialog;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly stepListeners = new Set<(step: number, description: string) => void>();
  private readonly exportListeners = new Set<(saved: vscode.Uri | undefined) => void>();
  private lastStep: number;
  private presentMode = false;
  private disposed = false;

  /** The panel shown last, if it is still open. */
  static lastFocused(): AnimationPanel | undefined {
    return AnimationPanel.focused && !AnimationPanel.focused.disposed ? AnimationPanel.focused : undefined;
  }

  /** The open panel of a kind, if any (tests use it to talk to the webview). */
  static active(kind: PanelKind): AnimationPanel | undefined {
    return AnimationPanel.open.get(kind);
  }

  /** Opens (or reveals and updates) the panel for the request's kind. */
  static createOrShow(extensionUri: vscode.Uri, log: Logger, request: SceneRequest): AnimationPanel {
    const existing = AnimationPanel.open.get(request.kind);
    if (existing) {
      // Where it already is: revealing "beside" would move it into yet another editor group each time.
      existing.panel.reveal();
      existing.show(request, 0);
      return existing;
    }
    const kind = PANEL_VIEWS[request.kind];
    const panel = vscode.window.createWebviewPanel(
      kind.viewType,
      l10n.t('ConvLens: {0}', request.title),
      vscode.ViewColumn.Beside,
      panelOptions(extensionUri),
    );
    return new AnimationPanel(panel, extensionUri, log, request, 0);
  }

  /** Rebuilds a panel VS Code restored after a reload; a corrupt saved state falls back to the example, with a note in the log. */
  static revive(
    kind: PanelKind,
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    log: Logger,
    state: unknown,
  ): AnimationPanel | undefined {
    // What the webview saved (vscode.setState): { request, step }, checked field by field.
    const saved: Fields = isFields(state) ? state : {};
    const parsed = parseSceneRequest(saved['request']);
    const fallback = kind === 'filters' ? undefined : PANEL_KINDS[kind].fallback;
    const request = parsed && parsed.kind === kind ? parsed : fallback;
    if (!request) {
      log.info(`the saved ${kind} panel state was not valid and there is no example to show; closing it`);
      void vscode.window.showInformationMessage(
        l10n.t('ConvLens could not restore the filter visualization; run "ConvLens: Visualize Learned Filters" again.'),
      );
      panel.dispose();
      return undefined;
    }
    if (saved['request'] !== undefined && request !== parsed) {
      log.info(`the saved ${kind} panel state was not valid; showing the example instead`);
      void vscode.window.showInformationMessage(
        l10n.t('ConvLens could not restore the {0} animation; it shows the example instead.', kind),
      );
    }
    panel.webview.options = panelOptions(extensionUri);
    const savedStep = saved['step'];
    const step = isIntIn(savedStep, 0, Number.MAX_SAFE_INTEGER) ? savedStep : 0;
    return new AnimationPanel(panel, extensionUri, log, request, request === parsed ? step : 0);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: Logger,
    private request: SceneRequest,
    step: number,
  ) {
    AnimationPanel.open.get(request.kind)?.dispose();
    AnimationPanel.open.set(request.kind, this);
    this.lastStep = step;
    panel.webview.html = panelHtml(panel.webview, extensionUri, request.kind, l10n.t('ConvLens: {0}', request.title));
    AnimationPanel.focused = this;
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) AnimationPanel.focused = this;
      }),
    );
  }

  /** Asks the webview to render the frame (png) or the whole animation (gif); resolves with the saved file, if any. */
  requestExport(format: ExportFormat): Promise<vscode.Uri | undefined> {
    return new Promise((resolve) => {
      this.exportListeners.add(resolve);
      this.post({ type: 'requestExport', format });
    });
  }

  /** Whether the panel is in present mode (large type, controls hidden). */
  get presenting(): boolean {
    return this.presentMode;
  }

  /** Turns present mode on or off. */
  setPresentMode(on: boolean): void {
    this.presentMode = on;
    this.post({ type: 'present', on });
  }

  private saveExport(format: SavedFormat, base64: string, frames: number): Promise<vscode.Uri | undefined> {
    return saveExport(this.request.kind, format, base64, frames, this.log, AnimationPanel.chooseExportTarget);
  }

  /** Resolves with the next step the webview reports (tests and the UI round trip use it). */
  nextStepReport(): Promise<{ step: number; description: string }> {
    return new Promise((resolve) => {
      const listener = (step: number, description: string): void => {
        this.stepListeners.delete(listener);
        resolve({ step, description });
      };
      this.stepListeners.add(listener);
    });
  }

  /** What the panel currently shows. */
  currentRequest(): SceneRequest {
    return this.request;
  }

  /** Handles one message from the webview: validated first, unknown or malformed ones are logged and ignored. */
  receive(raw: unknown): void {
    const message: WebviewToHost | undefined = parseWebviewMessage(raw);
    if (!message) {
      this.log.info(`ignored a malformed message from the ${this.request.kind} panel: ${safeJson(raw)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.show(this.request, this.lastStep);
        return;
      case 'update':
        if (message.request.kind === this.request.kind) this.show({ ...message.request, title: this.request.title }, 0);
        return;
      case 'copyLiteral':
        void vscode.env.clipboard
          .writeText(message.text)
          .then(() => vscode.window.setStatusBarMessage(l10n.t('ConvLens: literal copied to the clipboard'), 2000));
        return;
      case 'stepShown':
        this.lastStep = message.step;
        for (const l of [...this.stepListeners]) l(message.step, message.description);
        return;
      case 'presentChanged':
        this.presentMode = message.on;
        return;
      case 'reveal':
      case 'graphShown':
        // The graph panel's messages: an animation panel has no nodes.
        return;
      case 'export':
        void this.saveExport(message.format, message.base64, message.frames).then((saved) => {
          for (const l of [...this.exportListeners]) l(saved);
          this.exportListeners.clear();
        });
        return;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  private show(request: SceneRequest, step: number): void {
    let scene: Scene;
    try {
      scene = buildScene(request);
    } catch (e) {
      this.post({ type: 'error', message: (e as Error).message });
      return;
    }
    this.request = request;
    this.panel.title = l10n.t('ConvLens: {0}', request.title);
    this.post({ type: 'scene', scene, step });
  }

  private post(message: HostToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (AnimationPanel.open.get(this.request.kind) === this) AnimationPanel.open.delete(this.request.kind);
    if (AnimationPanel.focused === this) AnimationPanel.focused = undefined;
    for (const l of [...this.exportListeners]) l(undefined);
    this.exportListeners.clear();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** Disposes every open panel (deactivation). */
  static disposeAll(): void {
    for (const p of [...AnimationPanel.open.values()]) p.dispose();
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 200) ?? String(v);
  } catch {
    return String(v);
  }
}
