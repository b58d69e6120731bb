// Validates a scene request that arrives untyped (from a webview or a panel's saved state) before the engine sees it.
import { isDigitNetWeights } from './digitNetShape';
import { boundedString, hasSmallInts, isFields, isFiniteNumbers, isSmallInt, type Fields } from './guards';
import {
  depthOf,
  type ConvSettings,
  type FilterNetwork,
  type Matrix,
  type PoolSettings,
  type RfLayerSpec,
  type RfStack,
  type SceneRequest,
} from './viewModels';

/** Largest matrix a panel accepts from a webview (the animation's own limit is on steps). */
const MAX_CELLS = 65_536;

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** A matrix whose size matches its data, of finite numbers, within the cell limit. */
export function isMatrix(v: unknown): v is Matrix {
  if (!isFields(v)) return false;
  const { rows, cols, data } = v;
  const depth = v['depth'] ?? 1;
  return (
    isPositiveInt(rows) &&
    isPositiveInt(cols) &&
    isPositiveInt(depth) &&
    isFiniteNumbers(data, MAX_CELLS) &&
    rows * cols * depth === data.length
  );
}

function parseConvSettings(s: Fields): ConvSettings | undefined {
  if (!hasSmallInts(s, ['stride', 'padding', 'dilation'])) return undefined;
  const { groups } = s;
  const base = { stride: s.stride, padding: s.padding, dilation: s.dilation };
  if (groups === undefined) return base;
  return isSmallInt(groups, 1, 1024) ? { ...base, groups } : undefined;
}

function parseNetwork(v: unknown): FilterNetwork | undefined {
  if (!isFields(v)) return undefined;
  const { side, accuracy, weights, samples, labels } = v;
  if (!isSmallInt(side, 8, 64) || typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= 1)) return undefined;
  if (!isDigitNetWeights(weights, side) || !isMatrix(samples) || samples.rows !== side || samples.cols !== side)
    return undefined;
  if (!Array.isArray(labels) || labels.length !== depthOf(samples)) return undefined;
  const digits: number[] = [];
  for (const l of labels) {
    if (!isSmallInt(l, 0, 9)) return undefined;
    digits.push(l);
  }
  return { side, weights, accuracy, samples, labels: digits };
}

function parseRfLayer(v: unknown): RfLayerSpec | undefined {
  if (!isFields(v)) return undefined;
  const { kernel, stride, padding, dilation } = v;
  if (!isSmallInt(kernel, 1) || !isSmallInt(stride, 1) || !isSmallInt(padding) || !isSmallInt(dilation, 1))
    return undefined;
  return { name: boundedString(v['name'], 80, 'layer'), kernel, stride, padding, dilation };
}

function parseRfStack(v: unknown): RfStack | undefined {
  if (!isFields(v)) return undefined;
  const { layers } = v;
  if (!Array.isArray(layers) || layers.length === 0 || layers.length > 64) return undefined;
  const parsed: RfLayerSpec[] = [];
  for (const raw of layers) {
    const layer = parseRfLayer(raw);
    if (!layer) return undefined;
    parsed.push(layer);
  }
  return { name: boundedString(v['name'], 80, 'stack'), layers: parsed };
}

function parseRfStacks(v: unknown): RfStack[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const stacks: RfStack[] = [];
  for (const raw of v.slice(0, 4)) {
    const stack = parseRfStack(raw);
    if (!stack) return undefined;
    stacks.push(stack);
  }
  return stacks.length > 0 ? stacks : undefined;
}

function parseBias(v: unknown): { readonly bias?: number[] } | undefined {
  if (v === undefined) return {};
  return isFiniteNumbers(v, 1024) ? { bias: v } : undefined;
}

/** The request types that carry an input matrix and a settings object. */
function parseMatrixRequest(r: Fields, title: string, input: Matrix): SceneRequest | undefined {
  const { kind, kernel } = r;
  if (kind === 'equivariance') return isMatrix(kernel) ? { kind, title, input, kernel } : undefined;
  const s = r['settings'];
  if (!isFields(s)) return undefined;
  const conv = parseConvSettings(s);
  if (kind === 'convolution' && isMatrix(kernel) && conv) {
    const bias = parseBias(r['bias']);
    return bias ? { kind, title, input, kernel, settings: conv, ...bias } : undefined;
  }
  if (kind === 'backward' && isMatrix(kernel) && conv) {
    return {
      kind,
      title,
      input,
      kernel,
      settings: { stride: conv.stride, padding: conv.padding, dilation: conv.dilation },
    };
  }
  if (
    kind === 'transposed' &&
    isMatrix(kernel) &&
    isSmallInt(s['stride'], 1) &&
    hasSmallInts(s, ['padding', 'outputPadding'])
  ) {
    return {
      kind,
      title,
      input,
      kernel,
      settings: { stride: s['stride'], padding: s.padding, outputPadding: s.outputPadding },
    };
  }
  const { mode, ceilMode } = s;
  if (
    kind === 'pooling' &&
    (mode === 'max' || mode === 'avg') &&
    hasSmallInts(s, ['kernel', 'stride', 'padding']) &&
    (ceilMode === undefined || typeof ceilMode === 'boolean')
  ) {
    const base: PoolSettings = { mode, kernel: s.kernel, stride: s.stride, padding: s.padding };
    return { kind, title, input, settings: ceilMode === undefined ? base : { ...base, ceilMode } };
  }
  return undefined;
}

/** Validates a scene request (from a webview or saved state); undefined when malformed. */
export function parseSceneRequest(raw: unknown): SceneRequest | undefined {
  if (!isFields(raw)) return undefined;
  const title = boundedString(raw['title'], 200, 'ConvLens');
  const { kind } = raw;
  if (kind === 'separable') {
    const s = raw['settings'];
    if (!isFields(s)) return undefined;
    const { inChannels, outChannels, kernel, size } = s;
    if (
      !isSmallInt(inChannels, 1, 4096) ||
      !isSmallInt(outChannels, 1, 4096) ||
      !isSmallInt(kernel, 1, 15) ||
      !isSmallInt(size, 1, 4096)
    )
      return undefined;
    return { kind, title, settings: { inChannels, outChannels, kernel, size } };
  }
  if (kind === 'filters') {
    const network = parseNetwork(raw['network']);
    const { sample } = raw;
    return network && isSmallInt(sample, 0, depthOf(network.samples) - 1)
      ? { kind, title, network, sample }
      : undefined;
  }
  if (kind === 'receptiveField') {
    const { unit, inputSize } = raw;
    const stacks = parseRfStacks(raw['stacks']);
    if (!isSmallInt(inputSize, 1, 1024) || !isFields(unit) || !stacks) return undefined;
    const { row, col } = unit;
    if (!isSmallInt(row, 0, 1024) || !isSmallInt(col, 0, 1024)) return undefined;
    return { kind, title, inputSize, unit: { row, col }, stacks };
  }
  const { input } = raw;
  return isMatrix(input) ? parseMatrixRequest(raw, title, input) : undefined;
}
