// The rows of a torchinfo-like nested summary: blocks (modules with children) and layers up to a depth, in call order.
import type { GraphModel, TracedNode } from '../analysis/graphTrace';
import type { ReceptiveField2, Shape } from '../engine/layers/layerTypes';
import { estimateMemory, type MemoryEstimate, type Precision } from './memory';

/** One row of the summary. */
export interface SummaryRow {
  /** 1 for the model's direct children, 2 for theirs… (torchinfo's depth). */
  readonly depth: number;
  /** Module path ("layer1.0"), or "" for a function or merge. */
  readonly path: string;
  readonly typeName: string;
  /** A block is a module with children; a layer a leaf module; an op a function or merge (add, cat, F.relu). */
  readonly kind: 'block' | 'layer' | 'op';
  /** A block whose inner rows are below the depth and folded into it. */
  readonly folded: boolean;
  readonly inputShape: Shape | null;
  readonly outputShape: Shape;
  /** Parameters of the module and everything in it; null: not known; 0 for ops. */
  readonly params: number | null;
  /** Of params, the ones not trained (frozen); null: not known. */
  readonly nonTrainable: number | null;
  /** A module called again (its parameters are counted at its first row, as torchinfo's "(recursive)"). */
  readonly recursive: boolean;
  readonly macs: number;
  readonly receptiveField: ReceptiveField2;
  /** Output bytes it keeps for backward at the estimate's batch and precision (its nodes' outputs, views excepted). */
  readonly activationBytes: number;
  /** 0-based line where it is called (its first node). */
  readonly line: number;
  /** The traced nodes it covers. */
  readonly nodes: readonly number[];
}

/** A summary: rows at a depth, the estimate they carry, and the deepest depth the model has. */
export interface Summary {
  readonly rows: readonly SummaryRow[];
  readonly memory: MemoryEstimate;
  readonly maxDepth: number;
}

/** Options of a summary. */
export interface SummaryOptions {
  /** Nesting depth shown (Infinity: every layer). */
  readonly depth: number;
  readonly precision?: Precision;
  /** Batch the activation column and the estimate use (the traced batch when absent). */
  readonly batch?: number;
}

const components = (path: string): number => (path ? path.split('.').length : 0);

/** Where a node belongs: its own module (leaf layers) or the module whose forward ran it. */
function ownerOf(n: TracedNode): { path: string; own: boolean } {
  return n.op === 'layer' && n.path !== '' ? { path: n.path, own: true } : { path: n.scopePath, own: false };
}

/** Block paths from the top down to `path` (exclusive of a leaf itself). */
function ancestors(path: string, includeSelf: boolean): string[] {
  const parts = path ? path.split('.') : [];
  const out: string[] = [];
  for (let k = 1; k <= parts.length - (includeSelf ? 0 : 1); k++) out.push(parts.slice(0, k).join('.'));
  return out;
}

/** The rows of `model` down to `options.depth`. */
export function summarize(model: GraphModel, options: SummaryOptions): Summary {
  const memory = estimateMemory(model, {
    precision: options.precision ?? 'float32',
    ...(options.batch !== undefined ? { batch: options.batch } : {}),
  });
  const depth = Math.max(1, options.depth);
  const byPath = new Map(model.modules.map((m) => [m.path, m] as const));
  const index = new Map(model.nodes.map((n, k) => [n.id, k] as const));
  const subtree = (path: string): { params: number | null; frozen: number | null } => {
    let params: number | null = 0;
    let frozen: number | null = 0;
    for (const m of model.modules) {
      if (m.path !== path && !m.path.startsWith(`${path}.`)) continue;
      params = m.ownParams === undefined || params === null ? null : params + m.ownParams;
      frozen = m.nonTrainable === null || frozen === null ? null : frozen + m.nonTrainable;
    }
    return { params, frozen };
  };
  type Mutable = { -readonly [K in keyof SummaryRow]: SummaryRow[K] } & { nodes: number[] };
  const rows: Mutable[] = [];
  const seen = new Set<string>();
  let stack: Mutable[] = [];
  let maxDepth = 1;
  const bytesOf = (n: TracedNode): number => memory.nodes[index.get(n.id)!]!.outputBytes;
  for (const n of model.nodes) {
    const owner = ownerOf(n);
    const ownDepth = owner.own ? components(owner.path) : components(owner.path) + 1;
    maxDepth = Math.max(maxDepth, ownDepth);
    const chain = ancestors(owner.path, !owner.own).filter((p) => components(p) <= depth);
    // Close the blocks this node is not in; open the ones it enters.
    let keep = 0;
    while (keep < stack.length && keep < chain.length && stack[keep]!.path === chain[keep]) keep++;
    stack = stack.slice(0, keep);
    for (const path of chain.slice(keep)) {
      const sub = subtree(path);
      const recursive = seen.has(path);
      seen.add(path);
      const row: Mutable = {
        depth: components(path),
        path,
        typeName: byPath.get(path)?.typeName ?? '?',
        kind: 'block',
        folded: false,
        inputShape: n.inputShapes[0] ?? null,
        outputShape: n.outputShape,
        params: recursive ? 0 : sub.params,
        nonTrainable: recursive ? 0 : sub.frozen,
        recursive,
        macs: 0,
        receptiveField: n.receptiveField,
        activationBytes: 0,
        line: n.calledAt.start.line,
        nodes: [],
      };
      rows.push(row);
      stack.push(row);
    }
    for (const b of stack) {
      b.nodes.push(n.id);
      b.outputShape = n.outputShape;
      b.receptiveField = n.receptiveField;
      b.macs += n.macs;
      b.activationBytes += bytesOf(n);
    }
    if (ownDepth > depth) {
      const last = stack[stack.length - 1];
      if (last) last.folded = true;
      continue;
    }
    // Views (flatten, view, indexing) change no numbers: they show in their block's output shape, not as rows.
    if (n.op === 'reshape' && !owner.own) continue;
    const recursive = owner.own && seen.has(n.path) && n.params > 0;
    if (owner.own) seen.add(n.path);
    const module = owner.own ? byPath.get(n.path) : undefined;
    rows.push({
      depth: ownDepth,
      path: owner.own ? n.path : '',
      typeName: n.typeName,
      kind: owner.own ? 'layer' : 'op',
      folded: false,
      inputShape: n.inputShapes[0] ?? null,
      outputShape: n.outputShape,
      params: !owner.own || recursive ? 0 : (module?.ownParams ?? n.params),
      nonTrainable: !owner.own || recursive ? 0 : (module?.nonTrainable ?? 0),
      recursive,
      macs: n.macs,
      receptiveField: n.receptiveField,
      activationBytes: bytesOf(n),
      line: n.calledAt.start.line,
      nodes: [n.id],
    });
  }
  return { rows, memory, maxDepth };
}
