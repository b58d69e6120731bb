// Typed messages between the extension host and the webview panels: one discriminated union per direction.
import { checkWeights, type DigitNetWeights } from './classroom/netShape';
import type { CellRegion } from './engine/receptiveField';
import type { LayerCost } from './engine/shapes';
import type { ConvBackwardStep, MultiConvStep, PoolStep, TransposeStep } from './engine/steps';

/** A 2-D matrix sent to a panel: row-major values plus its size; `depth` stacks that many planes (default 1). */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly depth?: number;
  readonly data: readonly number[];
}

/** Number of planes of a matrix. */
export function depthOf(m: Matrix): number {
  return m.depth ?? 1;
}

/** Hyper-parameters the convolution panel shows and edits. */
export interface ConvSettings {
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  /** Channel groups (1 = every output channel reads every input channel; C_in = depthwise). */
  readonly groups?: number;
}

/** Hyper-parameters of the transposed-convolution panel. */
export interface TransposedSettings {
  readonly stride: number;
  readonly padding: number;
  readonly outputPadding: number;
}

/** The layer the depthwise-separable panel compares: C_in → C_out with a K×K kernel on a size × size map. */
export interface SeparableSettings {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly size: number;
}

/** One layer of a receptive-field stack (square kernel, symmetric padding). */
export interface RfLayerSpec {
  readonly name: string;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
}

/** A stack whose receptive field the panel lights up, on an input of size × size. */
export interface RfStack {
  readonly name: string;
  readonly layers: readonly RfLayerSpec[];
}

/** Hyper-parameters the pooling panel shows and edits. */
export interface PoolSettings {
  readonly mode: 'max' | 'avg';
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  /** Round the output size up (PyTorch ceil_mode): a last, partial window is kept. */
  readonly ceilMode?: boolean;
}

/** A trained digit network with a few sample digits (one per class) to look at it with. */
export interface FilterNetwork {
  readonly side: number;
  readonly weights: DigitNetWeights;
  /** Share of the held-out digits it classifies correctly. */
  readonly accuracy: number;
  /** Sample digits, one plane each (side × side). */
  readonly samples: Matrix;
  readonly labels: readonly number[];
}

/** What a panel is asked to show: the tensors and settings, before the engine runs. */
export type SceneRequest =
  /** input: C_in planes; kernel: C_out·(C_in/groups) planes, output channel by output channel; bias: one per output channel. */
  | { readonly kind: 'convolution'; readonly title: string; readonly input: Matrix; readonly kernel: Matrix; readonly settings: ConvSettings; readonly bias?: readonly number[] }
  | { readonly kind: 'pooling'; readonly title: string; readonly input: Matrix; readonly settings: PoolSettings }
  | { readonly kind: 'backward'; readonly title: string; readonly input: Matrix; readonly kernel: Matrix; readonly settings: ConvSettings }
  | { readonly kind: 'equivariance'; readonly title: string; readonly input: Matrix; readonly kernel: Matrix }
  | { readonly kind: 'transposed'; readonly title: string; readonly input: Matrix; readonly kernel: Matrix; readonly settings: TransposedSettings }
  | { readonly kind: 'separable'; readonly title: string; readonly settings: SeparableSettings }
  /** `stacks` share the input; the first is the one whose unit (row, col) is picked, the others are compared at the same input position. */
  | { readonly kind: 'receptiveField'; readonly title: string; readonly inputSize: number; readonly stacks: readonly RfStack[]; readonly unit: { readonly row: number; readonly col: number } }
  /** The trained digit network's filters, visualised; `sample` picks the digit whose feature maps are shown. */
  | { readonly kind: 'filters'; readonly title: string; readonly network: FilterNetwork; readonly sample: number };

/** The panel kinds, one webview script and view type each. */
export type PanelKind = SceneRequest['kind'];

/** Everything the convolution panel draws, computed by the engine on the host. */
export interface ConvolutionScene {
  readonly kind: 'convolution';
  readonly title: string;
  /** C_in planes. */
  readonly input: Matrix;
  /** C_out·(C_in/groups) planes. */
  readonly kernel: Matrix;
  /** C_out planes. */
  readonly output: Matrix;
  readonly settings: ConvSettings;
  readonly bias?: readonly number[];
  readonly steps: readonly MultiConvStep[];
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

/** A transposed convolution: every input cell stamps value·kernel into an uncropped canvas; padding crops the border. */
export interface TransposedScene {
  readonly kind: 'transposed';
  readonly title: string;
  readonly input: Matrix;
  readonly kernel: Matrix;
  readonly settings: TransposedSettings;
  /** The uncropped canvas (its size before `padding` is cropped from each side). */
  readonly canvas: { readonly rows: number; readonly cols: number };
  /** conv_transpose2d's output: the canvas without `padding` cells on each side. */
  readonly output: Matrix;
  /** The output-size formula with this scene's numbers. */
  readonly formula: string;
  readonly steps: readonly TransposeStep[];
  readonly summary?: string;
}

/** One stage of the depthwise-separable comparison: which planes feed which, for one channel. */
export interface SeparableStep {
  readonly pipeline: 'standard' | 'depthwise' | 'pointwise';
  /** The output channel (standard, pointwise) or channel (depthwise) being computed. */
  readonly channel: number;
  /** Input channels read for it. */
  readonly reads: readonly number[];
  /** Weights this channel uses: C_in·K·K (standard), K·K (depthwise), C_in (pointwise). */
  readonly weights: number;
}

/** Standard K×K conv vs depthwise K×K + pointwise 1×1, with live counts. */
export interface SeparableScene {
  readonly kind: 'separable';
  readonly title: string;
  readonly settings: SeparableSettings;
  readonly standard: LayerCost;
  readonly separable: LayerCost;
  readonly depthwise: LayerCost;
  readonly pointwise: LayerCost;
  readonly steps: readonly SeparableStep[];
}

/** One stack of the receptive-field panel: its levels from the input (0) to the output, each with the lit region. */
export interface RfStackScene {
  readonly name: string;
  readonly layers: readonly RfLayerSpec[];
  readonly levels: readonly { readonly rows: number; readonly cols: number; readonly region: CellRegion }[];
  /** Side of the field on the input, and the weights per input–output channel pair (ΣK²). */
  readonly fieldSize: number;
  readonly weights: number;
}

/** Receptive field of one output unit, lit layer by layer back to the input; step k shows level L − k. */
export interface ReceptiveFieldScene {
  readonly kind: 'receptiveField';
  readonly title: string;
  readonly inputSize: number;
  readonly unit: { readonly row: number; readonly col: number };
  readonly stacks: readonly RfStackScene[];
}

/** One step of the filter panel: one filter of one layer in focus. */
export interface FilterStep {
  readonly layer: 1 | 2;
  readonly filter: number;
  /** Mean activation of the filter on the starting noise and on the ascended image. */
  readonly before: number;
  readonly after: number;
  /** Largest value of its feature map on the chosen digit. */
  readonly peak: number;
}

/** Learned kernels, the images each filter responds to most (gradient ascent), and one digit's feature maps. */
export interface FiltersScene {
  readonly kind: 'filters';
  readonly title: string;
  readonly network: FilterNetwork;
  readonly sample: number;
  /** conv1's kernels (depth = filters). */
  readonly kernels1: Matrix;
  /** Gradient-ascent images, one plane per filter, for conv1 and conv2. */
  readonly ascent1: Matrix;
  readonly ascent2: Matrix;
  /** ReLU feature maps of the chosen digit. */
  readonly maps1: Matrix;
  readonly maps2: Matrix;
  readonly probabilities: readonly number[];
  readonly steps: readonly FilterStep[];
}

/** A scene of any panel. */
export type Scene = ConvolutionScene | PoolingScene | BackwardScene | EquivarianceScene | TransposedScene | SeparableScene | ReceptiveFieldScene | FiltersScene;

/** Host → webview. */
export type HostToWebview =
  /** Draw this scene from step `step` (restored state passes its step back). */
  | { readonly type: 'scene'; readonly scene: Scene; readonly step: number }
  /** The engine rejected the requested settings; keep the old scene and show why. */
  | { readonly type: 'error'; readonly message: string }
  /** Present mode on or off: large type, controls hidden, keyboard stepping. */
  | { readonly type: 'present'; readonly on: boolean }
  /** Render the animation (or the current frame) and send it back as an `export` message. */
  | { readonly type: 'requestExport'; readonly format: ExportFormat };

/** What a panel can export: the current frame or the whole animation. */
export type ExportFormat = 'png' | 'gif';

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
  | { readonly type: 'export'; readonly format: ExportFormat; readonly base64: string; readonly frames: number };

/** Largest matrix a panel accepts from a webview (the animation's own limit is on steps). */
const MAX_CELLS = 65_536;
/** Largest export a webview may send (base64 characters): a long GIF of a big panel stays well below. */
const MAX_EXPORT = 64 * 1024 * 1024;

function isMatrix(v: unknown): v is Matrix {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const rows = m['rows'];
  const cols = m['cols'];
  const depth = m['depth'] ?? 1;
  const data = m['data'];
  return Number.isInteger(rows) && Number.isInteger(cols) && Number.isInteger(depth) && Array.isArray(data) && (rows as number) > 0 && (cols as number) > 0 && (depth as number) > 0
    && (rows as number) * (cols as number) * (depth as number) === data.length && data.length <= MAX_CELLS && data.every((x) => typeof x === 'number' && Number.isFinite(x));
}

function smallInt(v: unknown, min = 0, max = 64): v is number {
  return Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
}

function smallInts(s: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.every((k) => smallInt(s[k]));
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function parseConvSettings(s: Record<string, unknown>): ConvSettings | undefined {
  if (!smallInts(s, ['stride', 'padding', 'dilation']) || (s['groups'] !== undefined && !smallInt(s['groups'], 1, 1024))) return undefined;
  const base = { stride: s['stride'] as number, padding: s['padding'] as number, dilation: s['dilation'] as number };
  return s['groups'] === undefined ? base : { ...base, groups: s['groups'] as number };
}

function parseNetwork(v: unknown): FilterNetwork | undefined {
  const n = record(v);
  if (!n || !smallInt(n['side'], 8, 64) || typeof n['accuracy'] !== 'number' || !(n['accuracy'] >= 0 && n['accuracy'] <= 1)) return undefined;
  const side = n['side'];
  const weights = checkWeights(n['weights'], side);
  const samples = n['samples'];
  const labels = n['labels'];
  if (!weights || !isMatrix(samples) || samples.rows !== side || samples.cols !== side) return undefined;
  if (!Array.isArray(labels) || labels.length !== depthOf(samples) || !labels.every((l) => smallInt(l, 0, 9))) return undefined;
  return { side, weights, accuracy: n['accuracy'], samples, labels: labels as number[] };
}

function parseRfStack(v: unknown): RfStack | undefined {
  const r = record(v);
  const layers = r?.['layers'];
  if (!r || !Array.isArray(layers) || layers.length === 0 || layers.length > 64) return undefined;
  const parsed: RfLayerSpec[] = [];
  for (const raw of layers) {
    const l = record(raw);
    if (!l || !smallInt(l['kernel'], 1) || !smallInt(l['stride'], 1) || !smallInt(l['padding']) || !smallInt(l['dilation'], 1)) return undefined;
    parsed.push({ name: typeof l['name'] === 'string' ? l['name'].slice(0, 80) : 'layer', kernel: l['kernel'], stride: l['stride'], padding: l['padding'], dilation: l['dilation'] });
  }
  return { name: typeof r['name'] === 'string' ? r['name'].slice(0, 80) : 'stack', layers: parsed };
}

/** Validates a scene request (from a webview or saved state); undefined when malformed. */
export function parseSceneRequest(raw: unknown): SceneRequest | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const title = typeof r['title'] === 'string' ? r['title'].slice(0, 200) : 'ConvLens';
  if (r['kind'] === 'separable') {
    const s = record(r['settings']);
    if (!s || !smallInt(s['inChannels'], 1, 4096) || !smallInt(s['outChannels'], 1, 4096) || !smallInt(s['kernel'], 1, 15) || !smallInt(s['size'], 1, 4096)) return undefined;
    return { kind: 'separable', title, settings: { inChannels: s['inChannels'], outChannels: s['outChannels'], kernel: s['kernel'], size: s['size'] } };
  }
  if (r['kind'] === 'filters') {
    const network = parseNetwork(r['network']);
    const count = network ? depthOf(network.samples) : 0;
    return network && smallInt(r['sample'], 0, count - 1) ? { kind: 'filters', title, network, sample: r['sample'] } : undefined;
  }
  if (r['kind'] === 'receptiveField') {
    const unit = record(r['unit']);
    const stacks = Array.isArray(r['stacks']) ? r['stacks'].slice(0, 4).map(parseRfStack) : [];
    if (!smallInt(r['inputSize'], 1, 1024) || !unit || !smallInt(unit['row'], 0, 1024) || !smallInt(unit['col'], 0, 1024) || stacks.length === 0 || stacks.some((x) => !x)) return undefined;
    return { kind: 'receptiveField', title, inputSize: r['inputSize'], unit: { row: unit['row'], col: unit['col'] }, stacks: stacks as RfStack[] };
  }
  if (!isMatrix(r['input'])) return undefined;
  if (r['kind'] === 'equivariance') return isMatrix(r['kernel']) ? { kind: 'equivariance', title, input: r['input'], kernel: r['kernel'] } : undefined;
  const settings = r['settings'];
  if (typeof settings !== 'object' || settings === null) return undefined;
  const s = settings as Record<string, unknown>;
  const conv = parseConvSettings(s);
  if (r['kind'] === 'convolution' && isMatrix(r['kernel']) && conv) {
    const bias = r['bias'];
    if (bias !== undefined && !(Array.isArray(bias) && bias.length <= 1024 && bias.every((b) => typeof b === 'number' && Number.isFinite(b)))) return undefined;
    return { kind: 'convolution', title, input: r['input'], kernel: r['kernel'], settings: conv, ...(bias ? { bias: bias as number[] } : {}) };
  }
  if (r['kind'] === 'backward' && isMatrix(r['kernel']) && conv) {
    return { kind: 'backward', title, input: r['input'], kernel: r['kernel'], settings: { stride: conv.stride, padding: conv.padding, dilation: conv.dilation } };
  }
  if (r['kind'] === 'transposed' && isMatrix(r['kernel']) && smallInt(s['stride'], 1) && smallInts(s, ['padding', 'outputPadding'])) {
    return { kind: 'transposed', title, input: r['input'], kernel: r['kernel'], settings: { stride: s['stride'], padding: s['padding'] as number, outputPadding: s['outputPadding'] as number } };
  }
  if (r['kind'] === 'pooling' && (s['mode'] === 'max' || s['mode'] === 'avg') && smallInts(s, ['kernel', 'stride', 'padding']) && (s['ceilMode'] === undefined || typeof s['ceilMode'] === 'boolean')) {
    const base: PoolSettings = { mode: s['mode'], kernel: s['kernel'] as number, stride: s['stride'] as number, padding: s['padding'] as number };
    return { kind: 'pooling', title, input: r['input'], settings: s['ceilMode'] === undefined ? base : { ...base, ceilMode: s['ceilMode'] } };
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
    case 'presentChanged':
      return typeof m['on'] === 'boolean' ? { type: 'presentChanged', on: m['on'] } : undefined;
    case 'export':
      return (m['format'] === 'png' || m['format'] === 'gif') && typeof m['base64'] === 'string' && m['base64'].length <= MAX_EXPORT && /^[A-Za-z0-9+/]*={0,2}$/.test(m['base64']) && smallInt(m['frames'], 1, 100_000)
        ? { type: 'export', format: m['format'], base64: m['base64'], frames: m['frames'] }
        : undefined;
    default:
      return undefined;
  }
}
