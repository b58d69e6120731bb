// What the graph panel shows for a fold state: runs of repeated blocks and collapsed modules become one box each.
import type { GraphView, GraphViewGroup, GraphViewNode, GraphViewRun } from '../contract/graphView';

/** Which modules are collapsed and which runs of repeated blocks are unfolded (the rest are folded). */
export interface FoldState {
  readonly collapsed: ReadonlySet<number>;
  readonly unfoldedRuns: ReadonlySet<number>;
}

/** One box on screen: a node, a collapsed module, or a folded run. */
export type VisibleItem =
  | { readonly key: string; readonly kind: 'node'; readonly node: GraphViewNode; readonly cluster?: number }
  | {
      readonly key: string;
      readonly kind: 'group';
      readonly group: GraphViewGroup;
      readonly cluster?: number;
      readonly last: GraphViewNode;
    }
  | {
      readonly key: string;
      readonly kind: 'run';
      readonly run: GraphViewRun;
      readonly cluster?: number;
      readonly last: GraphViewNode;
    };

/** An edge between two boxes (several traced edges folded into one keep the first one's shape). */
export interface VisibleEdge {
  readonly from: string;
  readonly to: string;
  readonly shape: string;
  readonly skip: boolean;
}

/** An expanded module drawn as a frame around its boxes. */
export interface VisibleCluster {
  readonly group: GraphViewGroup;
  readonly parent?: number;
}

/** The boxes, frames and edges of one fold state. */
export interface VisibleGraph {
  readonly items: readonly VisibleItem[];
  readonly clusters: readonly VisibleCluster[];
  readonly edges: readonly VisibleEdge[];
  /** Box key of every traced node id. */
  readonly keyOf: ReadonlyMap<number, string>;
}

/** The state a panel opens with: every run folded, every module open, except the way down to a stop. */
export function initialFold(view: GraphView): FoldState {
  const unfoldedRuns = new Set<number>();
  const stop = view.nodes.find((n) => n.kind === 'stop');
  for (let g = stop?.group; g !== undefined; g = view.groups[g]!.parent) {
    const run = view.groups[g]!.run;
    if (run !== undefined) unfoldedRuns.add(run);
  }
  return { collapsed: new Set(), unfoldedRuns };
}

/** Every run unfolded and every module open (or, with `open` false, every top-level module collapsed). */
export function allFolds(view: GraphView, open: boolean): FoldState {
  if (open) return { collapsed: new Set(), unfoldedRuns: new Set(view.runs.map((r) => r.index)) };
  return {
    collapsed: new Set(view.groups.filter((g) => g.parent === undefined).map((g) => g.index)),
    unfoldedRuns: new Set(),
  };
}

/** Groups from the top down to `group`. */
function chainOf(view: GraphView, group: number | undefined): number[] {
  const chain: number[] = [];
  for (let g = group; g !== undefined; g = view.groups[g]!.parent) chain.unshift(g);
  return chain;
}

/** The boxes and edges shown for `state`. */
export function visibleGraph(view: GraphView, state: FoldState): VisibleGraph {
  const keyOf = new Map<number, string>();
  const boxes = new Map<
    string,
    { kind: 'node' | 'group' | 'run'; index: number; cluster?: number; last: GraphViewNode; node?: GraphViewNode }
  >();
  const order: string[] = [];
  const clusters = new Map<number, VisibleCluster>();
  for (const n of view.nodes) {
    let cluster: number | undefined;
    let box: { key: string; kind: 'group' | 'run'; index: number } | undefined;
    for (const g of chainOf(view, n.group)) {
      const group = view.groups[g]!;
      if (group.run !== undefined && !state.unfoldedRuns.has(group.run)) {
        box = { key: `r${group.run}`, kind: 'run', index: group.run };
        break;
      }
      if (state.collapsed.has(g)) {
        box = { key: `g${g}`, kind: 'group', index: g };
        break;
      }
      if (!clusters.has(g)) {
        const c: { group: GraphViewGroup; parent?: number } = { group };
        if (cluster !== undefined) c.parent = cluster;
        clusters.set(g, c);
      }
      cluster = g;
    }
    const key = box?.key ?? `n${n.id}`;
    keyOf.set(n.id, key);
    const existing = boxes.get(key);
    if (existing) {
      existing.last = n;
      continue;
    }
    order.push(key);
    const entry: {
      kind: 'node' | 'group' | 'run';
      index: number;
      cluster?: number;
      last: GraphViewNode;
      node?: GraphViewNode;
    } = box ? { kind: box.kind, index: box.index, last: n } : { kind: 'node', index: n.id, last: n, node: n };
    if (cluster !== undefined) entry.cluster = cluster;
    boxes.set(key, entry);
  }
  // A frame around a single box says nothing the box does not: drop it (layer1 around "BasicBlock ×2").
  const content = new Map<number, number>();
  for (const b of boxes.values())
    if (b.cluster !== undefined) content.set(b.cluster, (content.get(b.cluster) ?? 0) + 1);
  for (const c of clusters.values())
    if (c.parent !== undefined) content.set(c.parent, (content.get(c.parent) ?? 0) + 2);
  const parentOf = new Map([...clusters].map(([g, c]) => [g, c.parent] as const));
  const lift = (cluster: number | undefined): number | undefined => {
    let c = cluster;
    while (c !== undefined && (content.get(c) ?? 0) <= 1) c = parentOf.get(c);
    return c;
  };
  for (const [g, c] of [...clusters]) {
    if ((content.get(g) ?? 0) <= 1) {
      clusters.delete(g);
      continue;
    }
    const parent = lift(c.parent);
    clusters.set(g, parent === undefined ? { group: c.group } : { group: c.group, parent });
  }
  for (const b of boxes.values()) {
    const c = lift(b.cluster);
    if (c === undefined) delete b.cluster;
    else b.cluster = c;
  }
  const items: VisibleItem[] = order.map((key) => {
    const b = boxes.get(key)!;
    const where = b.cluster === undefined ? {} : { cluster: b.cluster };
    if (b.kind === 'node') return { key, kind: 'node', node: b.node!, ...where };
    if (b.kind === 'group') return { key, kind: 'group', group: view.groups[b.index]!, last: b.last, ...where };
    return { key, kind: 'run', run: view.runs[b.index]!, last: b.last, ...where };
  });
  const edges = new Map<string, { from: string; to: string; shape: string; skip: boolean }>();
  for (const e of view.edges) {
    const from = keyOf.get(e.from);
    const to = keyOf.get(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    const k = `${from}>${to}`;
    const seen = edges.get(k);
    if (seen) seen.skip &&= e.skip;
    else edges.set(k, { from, to, shape: e.shape, skip: e.skip });
  }
  return { items, clusters: [...clusters.values()], edges: [...edges.values()], keyOf };
}

/** Toggles a module open or collapsed. */
export function toggleGroup(state: FoldState, group: number): FoldState {
  const collapsed = new Set(state.collapsed);
  if (!collapsed.delete(group)) collapsed.add(group);
  return { collapsed, unfoldedRuns: state.unfoldedRuns };
}

/** Folds or unfolds a run of repeated blocks. */
export function toggleRun(state: FoldState, run: number): FoldState {
  const unfoldedRuns = new Set(state.unfoldedRuns);
  if (!unfoldedRuns.delete(run)) unfoldedRuns.add(run);
  return { collapsed: state.collapsed, unfoldedRuns };
}

/** The fold state that shows traced node `id` as its own box (its runs unfolded and its modules opened). */
export function revealNode(view: GraphView, state: FoldState, id: number): FoldState {
  const node = view.nodes.find((n) => n.id === id);
  if (!node) return state;
  const collapsed = new Set(state.collapsed);
  const unfoldedRuns = new Set(state.unfoldedRuns);
  for (const g of chainOf(view, node.group)) {
    collapsed.delete(g);
    const run = view.groups[g]!.run;
    if (run !== undefined) unfoldedRuns.add(run);
  }
  return { collapsed, unfoldedRuns };
}
