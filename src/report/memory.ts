// Memory estimate of a traced model: parameter, gradient and activation bytes per layer and in total, for inference and
// training at a batch size, in float32 or float16, plus torchinfo's size lines. Pure: the editor, the CLI and Run use it.
import type { GraphModel, TracedNode } from '../analysis/graphTrace';

/** Element types the estimate covers. */
export type Precision = 'float32' | 'float16';

/** Bytes per element of each precision. */
export const BYTES_PER_ELEMENT: Readonly<Record<Precision, number>> = { float32: 4, float16: 2 };

/** Options of an estimate. */
export interface MemoryOptions {
  readonly precision: Precision;
  /** Batch size the activations are counted at; the traced input's first dimension when absent. */
  readonly batch?: number;
}

/** One node's share. */
export interface NodeMemory {
  readonly node: number;
  /** The module's parameters (layers; 0 for functions, merges and views). */
  readonly paramBytes: number;
  /** Its output at the batch size; 0 for a view (reshape, slicing), which shares its input's storage. */
  readonly outputBytes: number;
}

/** torchinfo's size lines (its convention, at the same batch): see `torchinfoSizes`. */
export interface TorchinfoSizes {
  readonly inputBytes: number;
  /** 2 × the outputs of every leaf module that has parameters ("Forward/backward pass size"). */
  readonly forwardBackwardBytes: number;
  readonly paramsBytes: number;
  readonly totalBytes: number;
}

/** The estimate of one model. */
export interface MemoryEstimate {
  readonly precision: Precision;
  readonly bytesPerElement: number;
  readonly batch: number;
  /** The traced input's batch (the shapes' first dimension), which activations are scaled from. */
  readonly tracedBatch: number;
  /** False when the trace stopped: activation numbers then cover the layers before the stop only. */
  readonly complete: boolean;
  /** Every parameter (null when the count is not known). */
  readonly paramBytes: number | null;
  /** One gradient per trainable parameter (null when not known). */
  readonly gradientBytes: number | null;
  readonly inputBytes: number;
  /** Peak of the activations alive at once in a forward pass without autograd (each freed after its last use). */
  readonly inferenceActivationBytes: number;
  /**
   * Forward activations kept for the backward pass: the output of every node autograd records (one behind a trainable
   * parameter; views excepted), and every tensor a trainable layer reads (the model input too).
   */
  readonly trainingActivationBytes: number;
  /** Parameters + inference activation peak. */
  readonly inferenceBytes: number | null;
  /** Parameters + gradients + training activations (optimizer state not included: Adam adds 2 × trainable, SGD momentum 1 ×). */
  readonly trainingBytes: number | null;
  readonly torchinfo: TorchinfoSizes | null;
  readonly nodes: readonly NodeMemory[];
}

/** Node types that return a view of their input (no new storage in PyTorch). */
const VIEWS = new Set([
  'view',
  'reshape',
  'view_as',
  'reshape_as',
  'expand_as',
  'flatten',
  'permute',
  'transpose',
  'swapaxes',
  't',
  'T',
  'squeeze',
  'unsqueeze',
  'chunk',
  'split',
  'unbind',
  'expand',
  'narrow',
  'index',
  'type_as',
]);

const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Is this node a view of its input (its output shares storage)? */
export function isView(n: TracedNode): boolean {
  return n.op === 'reshape' && VIEWS.has(n.typeName);
}

/**
 * The estimate. Assumptions (stated in the hover and the README): activations scale linearly with the batch (the first
 * dimension); every non-view node writes a new tensor (in-place ops such as ReLU(inplace=True) would need less);
 * training keeps the output of every node behind a trainable parameter for backward (PyTorch saves what each op's
 * backward needs, often its input, which is the previous node's output: the sum is of the same order, see the README); buffers (BatchNorm running statistics), workspace memory, the
 * framework's own overhead and optimizer state are not included.
 */
export function estimateMemory(model: GraphModel, options: MemoryOptions): MemoryEstimate {
  const b = BYTES_PER_ELEMENT[options.precision];
  const tracedBatch = model.input.shape[0] ?? 1;
  const batch = options.batch ?? tracedBatch;
  const scale = tracedBatch > 0 ? batch / tracedBatch : 1;
  const bytesOf = (shape: readonly number[]): number => Math.round(numel(shape) * scale) * b;
  const inputBytes = bytesOf(model.input.shape);
  const counted = new Set<object | string>();
  const nodes: NodeMemory[] = model.nodes.map((n) => {
    // A module called twice owns its parameters once; its first call carries them.
    const key: object | string = n.path || n;
    const first = n.op === 'layer' && !counted.has(key);
    if (first) counted.add(key);
    return {
      node: n.id,
      paramBytes: first ? n.params * b : 0,
      outputBytes: isView(n) ? 0 : n.outputShapes.reduce((a, s) => a + bytesOf(s), 0),
    };
  });
  const grad = requiresGrad(model);
  const inputKept = model.nodes.some((n) => grad[n.id] && n.inputs.includes(-1) && trainableOf(model, n) !== 0);
  // Kept: every recorded node's output, and what a trainable layer reads (its weight gradient needs its input).
  const kept = new Set(model.nodes.filter((n) => grad[n.id]).map((n) => n.id));
  for (const n of model.nodes) if (trainableOf(model, n) !== 0) for (const i of n.inputs) if (i >= 0) kept.add(i);
  const trainingActivationBytes =
    (inputKept ? inputBytes : 0) + nodes.reduce((a, n, k) => a + (kept.has(model.nodes[k]!.id) ? n.outputBytes : 0), 0);
  const inferenceActivationBytes = inferencePeak(model, nodes, inputBytes);
  const paramBytes = model.params.total === null ? null : model.params.total * b;
  const gradientBytes = model.params.trainable === null ? null : model.params.trainable * b;
  return {
    precision: options.precision,
    bytesPerElement: b,
    batch,
    tracedBatch,
    complete: model.complete,
    paramBytes,
    gradientBytes,
    inputBytes,
    inferenceActivationBytes,
    trainingActivationBytes,
    inferenceBytes: paramBytes === null ? null : paramBytes + inferenceActivationBytes,
    trainingBytes:
      paramBytes === null || gradientBytes === null ? null : paramBytes + gradientBytes + trainingActivationBytes,
    torchinfo: paramBytes === null ? null : torchinfoSizes(model, bytesOf, inputBytes, paramBytes),
    nodes,
  };
}

/** Trainable parameters of a node's module (0 for ops; null when not known, which counts as trainable). */
function trainableOf(model: GraphModel, n: TracedNode): number | null {
  if (n.op !== 'layer' || n.path === '') return 0;
  const m = model.modules.find((x) => x.path === n.path);
  if (!m || m.ownParams === undefined || m.nonTrainable === null) return null;
  return m.ownParams - m.nonTrainable;
}

/**
 * Whether autograd records each node: its module has trainable parameters, or one of its inputs requires grad (a
 * parameter or constant used functionally counts as requiring it). Nodes ahead of every trainable parameter (a frozen
 * backbone) keep nothing for backward.
 */
function requiresGrad(model: GraphModel): Record<number, boolean> {
  const out: Record<number, boolean> = {};
  for (const n of model.nodes)
    out[n.id] = trainableOf(model, n) !== 0 || n.inputs.some((i) => i === -2 || (i >= 0 && out[i] === true));
  return out;
}

/**
 * torchinfo 1.8's convention (ModelStatistics): "Input size" is the input's bytes; "Forward/backward pass size" is 2 × the
 * output bytes of every call of a leaf module that has parameters (×2 for the gradients; parameter-free layers such as
 * ReLU and pooling and functional ops are not counted); "Params size" the parameters' bytes; "Estimated Total Size" the sum.
 */
function torchinfoSizes(
  model: GraphModel,
  bytesOf: (shape: readonly number[]) => number,
  inputBytes: number,
  paramsBytes: number,
): TorchinfoSizes {
  let outputs = 0;
  for (const n of model.nodes)
    if (n.op === 'layer' && n.path !== '' && n.params > 0)
      outputs += n.outputShapes.reduce((a, s) => a + bytesOf(s), 0);
  const forwardBackwardBytes = 2 * outputs;
  return { inputBytes, forwardBackwardBytes, paramsBytes, totalBytes: inputBytes + forwardBackwardBytes + paramsBytes };
}

/** The largest sum of activations alive at once, each freed after its last reader (the input and the output stay). */
function inferencePeak(model: GraphModel, nodes: readonly NodeMemory[], inputBytes: number): number {
  const byId = new Map(model.nodes.map((n, k) => [n.id, k] as const));
  // A view keeps its source alive as long as the view is read: readers of a view count as readers of its storage.
  const storage = (id: number): number => {
    let k = byId.get(id);
    while (k !== undefined) {
      const n = model.nodes[k]!;
      if (!isView(n) || n.inputs[0] === undefined || n.inputs[0] < 0) return n.id;
      k = byId.get(n.inputs[0]);
    }
    return id;
  };
  const lastUse = new Map<number, number>();
  model.nodes.forEach((n, k) => {
    for (const i of n.inputs) if (i >= 0) lastUse.set(storage(i), k);
  });
  const last = model.nodes.length - 1;
  const outputNode = model.nodes[last];
  if (outputNode) lastUse.set(storage(outputNode.id), Infinity);
  let live = inputBytes;
  let peak = live;
  const alive = new Map<number, number>();
  model.nodes.forEach((n, k) => {
    const bytes = nodes[k]!.outputBytes;
    if (bytes > 0) {
      alive.set(n.id, bytes);
      live += bytes;
    }
    peak = Math.max(peak, live);
    for (const [id, size] of alive)
      if ((lastUse.get(id) ?? k) <= k) {
        alive.delete(id);
        live -= size;
      }
  });
  return peak;
}

/** Bytes in a compact unit, as torchinfo writes them (decimal: 1 MB = 10⁶ bytes): "3.25 MB", "49.21 kB". */
export function formatBytes(n: number): string {
  if (n >= 1e12) return `${(n / 1e12).toFixed(2)} TB`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(2)} kB`;
  return `${n} B`;
}
