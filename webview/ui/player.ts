// The step player every animation panel shares: title, error line, play/step/scrub/speed controls, keyboard, status for screen readers, state.
import { isFields, stringFields } from '../../src/contract/guards';
import type { Scene, SceneRequest } from '../../src/contract/viewModels';
import type { ExportFormat, HostToWebview } from '../../src/protocol';
import { enableEditing } from './cellEditor';
import { resetEditable } from './editableGrids';
import { button } from './controls';
import { gifAnimation, gifSteps, pngFrame } from './exporter';
import { setDisplayScale } from './grid';
import { onHostMessage, vscodeApi } from './vscodeApi';
import * as l10n from '../../src/l10n';
import { bundleTranslator, setTranslator } from '../../src/l10n';

/** How much larger present mode draws. */
const PRESENT_SCALE = 1.6;

/** What a panel plugs into the player. */
export interface PanelView<S extends Scene> {
  readonly kind: S['kind'];
  /** Draws step `step` of the scene; grids drawn with `edit` send their changes through `update`. */
  draw(scene: S, step: number, update: (request: SceneRequest) => void): void;
  /** One sentence for the status line and screen readers, e.g. "output (1, 2) = sum of 9 products = 14". */
  describe(scene: S, step: number): string;
  /** A second line of detail (products, window values); empty for none. */
  detail(scene: S, step: number): string;
  /** Settings controls for the scene; `update` asks the host to recompute. */
  settings(scene: S, update: (request: SceneRequest) => void): HTMLElement[];
  /** Number of steps. */
  stepCount(scene: S): number;
  /** The request that reproduces the scene (saved as state, sent with settings changes). */
  request(scene: S): SceneRequest;
}

interface ViewState {
  request?: SceneRequest;
  step?: number;
  present?: boolean;
}

/** Builds the page around a panel view and runs it: the webview speaks first (`ready`), then draws what the host sends. */
export function runPlayer<S extends Scene>(view: PanelView<S>, body: HTMLElement): void {
  useHostLanguage();
  const vscode = vscodeApi<ViewState>();
  const app = document.getElementById('app')!;
  let scene: S | undefined;
  let step = 0;
  let timer: number | undefined;
  let speedMs = 600;

  const title = document.createElement('h2');
  const error = document.createElement('p');
  error.className = 'error';
  error.setAttribute('role', 'alert');
  const status = document.createElement('p');
  status.className = 'status';
  status.setAttribute('aria-live', 'polite');
  const detail = document.createElement('p');
  detail.className = 'products';
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.min = '0';
  slider.setAttribute('aria-label', l10n.t('Step'));
  slider.addEventListener('input', () => goTo(Number(slider.value)));
  const playButton = button(l10n.t('▶ Play'), l10n.t('Play / pause (Space)'), () => togglePlay(), false);
  const update = (request: SceneRequest): void => vscode.postMessage({ type: 'update', request });
  let present = vscode.getState()?.present === true;
  const bar = document.createElement('div');
  bar.className = 'controls';
  bar.append(
    button(l10n.t('Reset'), l10n.t('Reset to the first step (Home)'), () => goTo(0)),
    button('◀', l10n.t('Step back (←)'), () => goTo(step - 1)),
    playButton,
    button('▶', l10n.t('Step forward (→)'), () => goTo(step + 1)),
    button(l10n.t('Slower'), l10n.t('Slower (-)'), () => setSpeed(speedMs * 1.5)),
    button(l10n.t('Faster'), l10n.t('Faster (+)'), () => setSpeed(speedMs / 1.5)),
    slider,
    button('PNG', l10n.t('Export the current frame as PNG'), () => void exportAs('png')),
    button('GIF', l10n.t('Export the whole animation as an animated GIF'), () => void exportAs('gif')),
    button(l10n.t('Present'), l10n.t('Present mode: large type, no controls (P; Esc leaves)'), () =>
      setPresent(!present),
    ),
  );
  const settingsBar = document.createElement('div');
  settingsBar.className = 'controls';
  app.append(title, error, bar, settingsBar, body, status, detail);
  if (body instanceof HTMLCanvasElement) enableEditing(body, (message) => (error.textContent = message));

  function redraw(): void {
    if (!scene) return;
    resetEditable();
    view.draw(scene, step, update);
  }

  // Present mode fits the picture to the window: draw again when the window changes size.
  window.addEventListener('resize', () => {
    if (present) redraw();
  });

  function setPresent(on: boolean): void {
    present = on;
    document.body.classList.toggle('present', on);
    setDisplayScale(on ? PRESENT_SCALE : 1);
    redraw();
    saveState();
    vscode.postMessage({ type: 'presentChanged', on });
  }

  /** Renders the export and sends it to the host to save; the current step is shown again afterwards. */
  async function exportAs(format: ExportFormat): Promise<void> {
    if (!scene || !(body instanceof HTMLCanvasElement)) return;
    stop();
    const shown = step;
    const current = scene;
    const frames = format === 'png' ? [shown] : gifSteps(view.stepCount(current));
    status.textContent =
      format === 'png' ? l10n.t('Exporting the frame…') : l10n.t('Rendering {0} frames…', frames.length);
    const base64 =
      format === 'png'
        ? pngFrame(body)
        : await gifAnimation(
            body,
            frames,
            (s) => {
              resetEditable();
              view.draw(current, s, update);
            },
            Math.max(100, Math.min(1000, speedMs)),
          );
    goTo(shown);
    vscode.postMessage({ type: 'export', format, base64, frames: frames.length });
  }

  function saveState(): void {
    if (scene) vscode.setState({ request: view.request(scene), step, present });
  }

  const playing = (): boolean => timer !== undefined;

  function stop(): void {
    if (timer !== undefined) window.clearInterval(timer);
    timer = undefined;
    playButton.textContent = l10n.t('▶ Play');
  }

  function togglePlay(): void {
    if (playing() || !scene) return stop();
    playButton.textContent = l10n.t('⏸ Pause');
    if (step >= view.stepCount(scene) - 1) goTo(0);
    timer = window.setInterval(() => {
      if (!scene || step >= view.stepCount(scene) - 1) return stop();
      goTo(step + 1);
    }, speedMs);
  }

  function setSpeed(ms: number): void {
    speedMs = Math.max(60, Math.min(4000, ms));
    if (playing()) {
      stop();
      togglePlay();
    }
  }

  function goTo(target: number): void {
    if (!scene) return;
    step = Math.max(0, Math.min(view.stepCount(scene) - 1, target));
    slider.value = String(step);
    redraw();
    const summary = 'summary' in scene && typeof scene.summary === 'string' ? scene.summary : undefined;
    const description = summary ?? view.describe(scene, step);
    status.textContent = summary ?? l10n.t('Step {0} of {1}: {2}', step + 1, view.stepCount(scene), description);
    detail.textContent = view.detail(scene, step);
    body.setAttribute('aria-label', description);
    saveState();
    vscode.postMessage({ type: 'stepShown', step, description });
  }

  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (target instanceof HTMLInputElement || target?.tagName === 'VSCODE-TEXT-FIELD' || target?.tagName === 'SELECT')
      return;
    if (e.key === ' ') togglePlay();
    else if (e.key === 'ArrowRight') goTo(step + 1);
    else if (e.key === 'ArrowLeft') goTo(step - 1);
    else if (e.key === 'Home') goTo(0);
    else if (e.key === 'End' && scene) goTo(view.stepCount(scene) - 1);
    else if (e.key === '+') setSpeed(speedMs / 1.5);
    else if (e.key === '-') setSpeed(speedMs * 1.5);
    else if (e.key === 'p' || e.key === 'P') setPresent(!present);
    else if (e.key === 'Escape' && present) setPresent(false);
    else return;
    e.preventDefault();
  });

  onHostMessage((message: HostToWebview) => {
    switch (message.type) {
      case 'scene':
        if (message.scene.kind !== view.kind) return;
        stop();
        scene = message.scene as S;
        error.textContent = '';
        title.textContent = scene.title;
        slider.max = String(view.stepCount(scene) - 1);
        settingsBar.replaceChildren(...view.settings(scene, update));
        goTo(message.step);
        return;
      case 'error':
        error.textContent = message.message;
        return;
      case 'present':
        if (message.on !== present) setPresent(message.on);
        return;
      case 'requestExport':
        void exportAs(message.format);
        return;
      case 'graph':
      case 'highlight':
        // The graph panel's messages: not for an animation panel.
        return;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  });

  if (present) {
    // Restored in present mode: draw large from the start and tell the host, whose toggle starts from "off".
    document.body.classList.add('present');
    setDisplayScale(PRESENT_SCALE);
    vscode.postMessage({ type: 'presentChanged', on: true });
  }
  vscode.postMessage({ type: 'ready' });
}

/** Speaks the display language: the host puts its l10n bundle (English message → translation) on <body data-l10n>. */
function useHostLanguage(): void {
  try {
    const bundle: unknown = JSON.parse(document.body.dataset['l10n'] ?? '{}');
    if (isFields(bundle)) setTranslator(bundleTranslator(stringFields(bundle)));
  } catch {
    // A malformed bundle leaves the panel in English.
  }
}

/** Posts text for the host to copy to the clipboard. */
export function copyToClipboard(text: string): void {
  vscodeApi().postMessage({ type: 'copyLiteral', text });
}

/** A matrix as a NumPy literal, rows aligned; stacked planes are reshaped to `leading` × rows × cols (default depth × …). */
export function numpyLiteral(
  name: string,
  m: { rows: number; cols: number; depth?: number; data: readonly number[] },
  leading?: readonly number[],
): string {
  const depth = m.depth ?? 1;
  if (depth > 1)
    return `${name} = np.array([${m.data.join(', ')}]).reshape(${[...(leading ?? [depth]), m.rows, m.cols].join(', ')})`;
  const rows: string[] = [];
  for (let r = 0; r < m.rows; r++) rows.push(`[${m.data.slice(r * m.cols, (r + 1) * m.cols).join(', ')}]`);
  return `${name} = np.array([${rows.join(',\n' + ' '.repeat(name.length + 13))}])`;
}
