// Typed messages between the extension host and the webview panels: one discriminated union per direction.
import type { ConvStep } from './engine/steps';

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

/** Everything the convolution panel draws, computed by the engine on the host. */
export interface ConvolutionScene {
  readonly title: string;
  readonly input: Matrix;
  readonly kernel: Matrix;
  readonly output: Matrix;
  readonly settings: ConvSettings;
  readonly steps: readonly ConvStep[];
}

/** Host → webview. */
export type HostToWebview =
  /** Draw this scene from step `step` (restored state passes its step back). */
  | { readonly type: 'scene'; readonly scene: ConvolutionScene; readonly step: number }
  /** The engine rejected the requested settings; keep the old scene and show why. */
  | { readonly type: 'error'; readonly message: string };

/** Webview → host. */
export type WebviewToHost =
  /** The webview's listener is ready; the host answers with a scene. */
  | { readonly type: 'ready' }
  /** The user changed stride/padding/dilation or edited values: recompute. */
  | { readonly type: 'update'; readonly input: Matrix; readonly kernel: Matrix; readonly settings: ConvSettings }
  /** Copy the current tensors as a code literal. */
  | { readonly type: 'copyLiteral'; readonly text: string }
  /** Reports the current step (tests and state restore use it). */
  | { readonly type: 'stepShown'; readonly step: number; readonly description: string };

function isMatrix(v: unknown): v is Matrix {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return Number.isInteger(m['rows']) && Number.isInteger(m['cols']) && Array.isArray(m['data'])
    && (m['rows'] as number) > 0 && (m['cols'] as number) > 0 && (m['rows'] as number) * (m['cols'] as number) === (m['data'] as unknown[]).length
    && (m['data'] as unknown[]).length <= 4096 && (m['data'] as unknown[]).every((x) => typeof x === 'number' && Number.isFinite(x));
}

function isSettings(v: unknown): v is ConvSettings {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return ['stride', 'padding', 'dilation'].every((k) => Number.isInteger(s[k]) && (s[k] as number) >= 0 && (s[k] as number) <= 64);
}

/** Validates a message from a webview; returns undefined for anything malformed or unknown. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'update':
      return isMatrix(m['input']) && isMatrix(m['kernel']) && isSettings(m['settings'])
        ? { type: 'update', input: m['input'], kernel: m['kernel'], settings: m['settings'] }
        : undefined;
    case 'copyLiteral':
      return typeof m['text'] === 'string' && m['text'].length < 100_000 ? { type: 'copyLiteral', text: m['text'] } : undefined;
    case 'stepShown':
      return Number.isInteger(m['step']) && typeof m['description'] === 'string' ? { type: 'stepShown', step: m['step'] as number, description: m['description'] } : undefined;
    default:
      return undefined;
  }
}
