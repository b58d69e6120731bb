// Typed messages between the extension host and the webview panels: one discriminated union per direction.
import type { ConvBackwardStep, ConvStep, PoolStep } from './engine/steps';

/** A 2-D matrix sent to a panel: row-major values plus its size. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: readonly number[];
}

/** Hyper-parameters the convolution panel shows and edits. */
export interface ConvSettings {
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
}

/** Hyper-parameters the pooling panel shows and edits. */
export interface PoolSettings {
  readonly mode: 'max' | 'avg';
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
}

/** What a panel is asked to show: the tensors and settings, before the engine runs. */
export type SceneRequest =
  | { readonly kind: 'convolution'; readonly title: string; readonly input: Matrix; readonly kernel: Matrix; readonly settings: ConvSettings }
  | { readonly kind: 'pooling'; readonly title: string; readonly input: Matrix; readonly settings: PoolSettings }
  | { readonly kind: 'backward'; readonly title: string; readonly input: Matrix; readonly kernel: Matrix; readonly settings: ConvSettings }
  | { readonly kind: 'equivariance'; readonly title: string; readonly input: Matrix; readonly kernel: Matrix };

/** The panel kinds, one webview script and view type each. */
export type PanelKind = SceneRequest['kind'];

/** Everything the convolution panel draws, computed by the engine on the host. */
export interface ConvolutionScene {
  readonly kind: 'convolution';
  readonly title: string;
  readonly input: Matrix;
  readonly kernel: Matrix;
  readonly output: Matrix;
  readonly settings: ConvSettings;
  readonly steps: readonly ConvStep[];
  /** Set when the output has more cells than an animation shows: the panel draws the whole result, one step only. */
  readonly summary?: string;
}

/** Everything the pooling panel draws: forward steps and, for max pooling, where each dY goes in the backward pass. */
export interface PoolingScene {
  readonly kind: 'pooling';
  readonly title: string;
  readonly input: Matrix;
  readonly output: Matrix;
  readonly settings: PoolSettings;
  readonly steps: readonly PoolStep[];
  /** Set when the output has more cells than an animation shows: the panel draws the whole result, one step only. */
  readonly summary?: string;
  /** dY = 1 everywhere routed back: dX counts how many outputs each input cell feeds (max) or its share (avg). */
  readonly gradient: Matrix;
}

/** The backward pass of a convolution, step by step: each dY cell spreading into dX (through W) and dW (through X). */
export interface BackwardScene {
  readonly kind: 'backward';
  readonly title: string;
  readonly input: Matrix;
  readonly kernel: Matrix;
  /** The kernel rotated 180°: dX = flip(W) full-convolved with dY. */
  readonly flippedKernel: Matrix;
  /** The upstream gradient dY (ones: the gradient of the sum of the outputs). */
  readonly gradient: Matrix;
  readonly settings: ConvSettings;
  readonly steps: readonly ConvBackwardStep[];
}

/** One shift of the equivariance demo: conv and max pool of the signal and of its shifted copy. */
export interface EquivarianceStep {
  readonly shift: number;
  readonly shifted: readonly number[];
  readonly conv: readonly number[];
  readonly convOfShifted: readonly number[];
  /** conv(x) moved by `shift`: what equivariance predicts for conv(shift(x)). */
  readonly shiftedConv: readonly number[];
  /** Away from the border, conv(shift(x)) = shift(conv(x)). */
  readonly convEquivariant: boolean;
  readonly pool: readonly number[];
  readonly poolOfShifted: readonly number[];
  /** pool(x) moved by shift / stride cells (only defined for whole cells). */
  readonly shiftedPool: readonly (number | null)[];
  readonly poolEquivariant: boolean;
}

/** Translation equivariance of convolution, and how max pooling breaks it, on a 1-D signal shifted 0, 1, 2, … places. */
export interface EquivarianceScene {
  readonly kind: 'equivariance';
  readonly title: string;
  readonly input: Matrix;
  readonly kernel: Matrix;
  readonly steps: readonly EquivarianceStep[];
}

/** A scene of any panel. */
export type Scene = ConvolutionScene | PoolingScene | BackwardScene | EquivarianceScene;

/** Host → webview. */
export type HostToWebview =
  /** Draw this scene from step `step` (restored state passes its step back). */
  | { readonly type: 'scene'; readonly scene: Scene; readonly step: number }
  /** The engine rejected the requested settings; keep the old scene and show why. */
  | { readonly type: 'error'; readonly message: string };

/** Webview → host. */
export type WebviewToHost =
  /** The webview's listener is ready; the host answers with a scene. */
  | { readonly type: 'ready' }
  /** The user changed settings or values: recompute. */
  | { readonly type: 'update'; readonly request: SceneRequest }
  /** Copy the current tensors as a code literal. */
  | { readonly type: 'copyLiteral'; readonly text: string }
  /** Reports the current step (tests and state restore use it). */
  | { readonly type: 'stepShown'; readonly step: number; readonly description: string };

/** Largest matrix a panel accepts from a webview (the animation's own limit is on steps). */
const MAX_CELLS = 65_536;

function isMatrix(v: unknown): v is Matrix {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const rows = m['rows'];
  const cols = m['cols'];
  const data = m['data'];
  return Number.isInteger(rows) && Number.isInteger(cols) && Array.isArray(data) && (rows as number) > 0 && (cols as number) > 0
    && (rows as number) * (cols as number) === data.length && data.length <= MAX_CELLS && data.every((x) => typeof x === 'number' && Number.isFinite(x));
}

function smallInts(s: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.every((k) => Number.isInteger(s[k]) && (s[k] as number) >= 0 && (s[k] as number) <= 64);
}

/** Validates a scene request (from a webview or saved state); undefined when malformed. */
export function parseSceneRequest(raw: unknown): SceneRequest | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const title = typeof r['title'] === 'string' ? r['title'].slice(0, 200) : 'ConvLens';
  if (!isMatrix(r['input'])) return undefined;
  if (r['kind'] === 'equivariance') return isMatrix(r['kernel']) ? { kind: 'equivariance', title, input: r['input'], kernel: r['kernel'] } : undefined;
  const settings = r['settings'];
  if (typeof settings !== 'object' || settings === null) return undefined;
  const s = settings as Record<string, unknown>;
  if (r['kind'] === 'convolution' && isMatrix(r['kernel']) && smallInts(s, ['stride', 'padding', 'dilation'])) {
    return { kind: 'convolution', title, input: r['input'], kernel: r['kernel'], settings: { stride: s['stride'] as number, padding: s['padding'] as number, dilation: s['dilation'] as number } };
  }
  if (r['kind'] === 'backward' && isMatrix(r['kernel']) && smallInts(s, ['stride', 'padding', 'dilation'])) {
    return { kind: 'backward', title, input: r['input'], kernel: r['kernel'], settings: { stride: s['stride'] as number, padding: s['padding'] as number, dilation: s['dilation'] as number } };
  }
  if (r['kind'] === 'pooling' && (s['mode'] === 'max' || s['mode'] === 'avg') && smallInts(s, ['kernel', 'stride', 'padding'])) {
    return { kind: 'pooling', title, input: r['input'], settings: { mode: s['mode'], kernel: s['kernel'] as number, stride: s['stride'] as number, padding: s['padding'] as number } };
  }
  return undefined;
}

/** Validates a message from a webview; returns undefined for anything malformed or unknown. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'update': {
      const request = parseSceneRequest(m['request']);
      return request ? { type: 'update', request } : undefined;
    }
    case 'copyLiteral':
      return typeof m['text'] === 'string' && m['text'].length < 100_000 ? { type: 'copyLiteral', text: m['text'] } : undefined;
    case 'stepShown':
      return Number.isInteger(m['step']) && typeof m['description'] === 'string' ? { type: 'stepShown', step: m['step'] as number, description: m['description'].slice(0, 500) } : undefined;
    default:
      return undefined;
  }
}
