// Typed messages between the extension host and the webview panels: one discriminated union per direction.
import { boundedString, isFields, isIntIn } from './contract/guards';
import { parseSceneRequest } from './contract/parseSceneRequest';
import type { Scene, SceneRequest } from './contract/viewModels';
import type { GraphView } from './contract/graphView';

/** Kept for host/hover.ts and host/convert.ts, which import Matrix from here (they are being rewritten); new code imports contract/viewModels. */
export type { Matrix } from './contract/viewModels';

/** Host → webview. */
export type HostToWebview =
  /** Draw this scene from step `step` (restored state passes its step back). */
  | { readonly type: 'scene'; readonly scene: Scene; readonly step: number }
  /** The engine rejected the requested settings; keep the old scene and show why. */
  | { readonly type: 'error'; readonly message: string }
  /** Present mode on or off: large type, controls hidden, keyboard stepping. */
  | { readonly type: 'present'; readonly on: boolean }
  /** Render the animation (or the current frame) and send it back as an `export` message. */
  | { readonly type: 'requestExport'; readonly format: ExportFormat }
  /** Graph panel: draw this model's graph (keeps the fold state when it is the same model). */
  | { readonly type: 'graph'; readonly view: GraphView; readonly uri: string; readonly model: number }
  /** Graph panel: mark these traced nodes (the editor cursor is on their line). */
  | { readonly type: 'highlight'; readonly nodes: readonly number[] };

/** What a panel can export: the current frame or the whole animation. */
export type ExportFormat = 'png' | 'gif';

/** What an export message can carry: the panels' formats and the graph panel's SVG. */
export type SavedFormat = ExportFormat | 'svg';

/** Webview → host. */
export type WebviewToHost =
  /** The webview's listener is ready; the host answers with a scene. */
  | { readonly type: 'ready' }
  /** The user changed settings or values: recompute. */
  | { readonly type: 'update'; readonly request: SceneRequest }
  /** Copy the current tensors as a code literal. */
  | { readonly type: 'copyLiteral'; readonly text: string }
  /** Reports the current step (tests and state restore use it). */
  | { readonly type: 'stepShown'; readonly step: number; readonly description: string }
  /** The user turned present mode on or off inside the panel (P key or button). */
  | { readonly type: 'presentChanged'; readonly on: boolean }
  /** An exported image, base64-encoded, for the host to save. */
  | { readonly type: 'export'; readonly format: SavedFormat; readonly base64: string; readonly frames: number }
  /** Graph panel: the user clicked (or pressed Enter on) this traced node: reveal its line. */
  | { readonly type: 'reveal'; readonly node: number }
  /** Graph panel: a graph was drawn, with this many boxes, laid out in this many milliseconds (tests, the log). */
  | { readonly type: 'graphShown'; readonly boxes: number; readonly layoutMs: number };

const HOST_MESSAGE_TYPES: ReadonlySet<unknown> = new Set<HostToWebview['type']>([
  'scene',
  'error',
  'present',
  'requestExport',
  'graph',
  'highlight',
]);

/** A message from the panel's own host: the webview checks its tag (the host built it from validated data). */
export function isHostMessage(v: unknown): v is HostToWebview {
  return isFields(v) && HOST_MESSAGE_TYPES.has(v['type']);
}

/** Largest export a webview may send (base64 characters): a long GIF of a big panel stays well below. */
const MAX_EXPORT = 64 * 1024 * 1024;

/** Validates a message from a webview; returns undefined for anything malformed or unknown. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!isFields(raw)) return undefined;
  switch (raw['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'update': {
      const request = parseSceneRequest(raw['request']);
      return request ? { type: 'update', request } : undefined;
    }
    case 'copyLiteral': {
      const { text } = raw;
      return typeof text === 'string' && text.length < 100_000 ? { type: 'copyLiteral', text } : undefined;
    }
    case 'stepShown': {
      const { step, description } = raw;
      return isIntIn(step, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) && typeof description === 'string'
        ? { type: 'stepShown', step, description: boundedString(description, 500, '') }
        : undefined;
    }
    case 'presentChanged': {
      const { on } = raw;
      return typeof on === 'boolean' ? { type: 'presentChanged', on } : undefined;
    }
    case 'export': {
      const { format, base64, frames } = raw;
      return (format === 'png' || format === 'gif' || format === 'svg') &&
        typeof base64 === 'string' &&
        base64.length <= MAX_EXPORT &&
        /^[A-Za-z0-9+/]*={0,2}$/.test(base64) &&
        isIntIn(frames, 1, 100_000)
        ? { type: 'export', format, base64, frames }
        : undefined;
    }
    case 'reveal': {
      const { node } = raw;
      return isIntIn(node, -2, 10_000_000) ? { type: 'reveal', node } : undefined;
    }
    case 'graphShown': {
      const { boxes, layoutMs } = raw;
      return isIntIn(boxes, 0, 10_000_000) && typeof layoutMs === 'number' && Number.isFinite(layoutMs)
        ? { type: 'graphShown', boxes, layoutMs }
        : undefined;
    }
    default:
      return undefined;
  }
}
