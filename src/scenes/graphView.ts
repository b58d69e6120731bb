// Turns a traced model into the graph panel's view model: nodes, module groups, runs of repeated blocks, shaped edges.
import type { GraphModel, TracedNode } from '../analysis/graphTrace';
import type { SourceRange } from '../analysis/literals';
import type {
  GraphSpan,
  GraphView,
  GraphViewEdge,
  GraphViewGroup,
  GraphViewNode,
  GraphViewRun,
} from '../contract/graphView';
import { formatShape } from '../engine/tensor';
import * as l10n from '../l10n';

/** Id of the model input node and of the stop node. */
export const INPUT_ID = -1;
export const STOP_ID = -2;

function spanOf(r: SourceRange): GraphSpan {
  return { line: r.start.line, character: r.start.character, endLine: r.end.line, endCharacter: r.end.character };
}

/** The module path a node belongs to: a layer's parent module, a function's calling forward(). */
function ownerOf(node: TracedNode): string {
  if (node.op === 'layer' && node.path) {
    const dot = node.path.lastIndexOf('.');
    return dot < 0 ? '' : node.path.slice(0, dot);
  }
  return node.scopePath;
}

/** Kernel, stride, padding and dilation in a few characters: "3×3 /2 p1". */
function windowWords(node: TracedNode): string {
  const layer = node.layer;
  const w = layer?.definition.slidingWindow?.(layer.attrs);
  if (!w) return '';
  const pair = (p: readonly [number, number]): string => (p[0] === p[1] ? String(p[0]) : `${p[0]}×${p[1]}`);
  const parts = [`${w.kernel[0]}×${w.kernel[1]}`];
  if (w.stride[0] !== 1 || w.stride[1] !== 1) parts.push(`/${pair(w.stride)}`);
  if (typeof w.padding === 'string') parts.push(w.padding);
  else if (w.padding[0] !== 0 || w.padding[1] !== 0) parts.push(`p${pair(w.padding)}`);
  if (w.dilation[0] !== 1 || w.dilation[1] !== 1) parts.push(`d${pair(w.dilation)}`);
  if (w.groups !== 1) parts.push(`g${w.groups}`);
  return parts.join(' ');
}

function rfWords(node: TracedNode): string | null {
  const { rows, cols } = node.receptiveField;
  if (node.outputShape.length < 3) return null;
  return rows.size === cols.size ? String(rows.size) : `${rows.size}×${cols.size}`;
}

function nodeTitle(node: TracedNode): string {
  if (!node.path) return node.typeName;
  const parts = node.path.split('.');
  // An nn.Sequential's items are numbered: "stem.0" says more than "0".
  const last = parts.length - 1;
  const from = parts.length > 1 && /^\d+$/.test(parts[last]!) ? last - 1 : last;
  return parts.slice(from).join('.');
}

/** Module paths from the model down to `path` (excluded the model itself): "a.b.c" → a, a.b, a.b.c. */
function prefixes(path: string): string[] {
  if (!path) return [];
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** Node `id` and every node it is computed from (-1 stands for the model input). */
function ancestors(inputsOf: ReadonlyMap<number, readonly number[]>, id: number): Set<number> {
  const seen = new Set<number>([id]);
  const stack = [id];
  while (stack.length) {
    const next = inputsOf.get(stack.pop()!) ?? [];
    for (const x of next) {
      const key = x < 0 ? -1 : x;
      if (!seen.has(key)) {
        seen.add(key);
        stack.push(key);
      }
    }
  }
  return seen;
}

/** Builds the view of one traced model; `summary` is the host's one-line description of it. */
export function buildGraphView(model: GraphModel, summary: string): GraphView {
  const typeOf = new Map(model.modules.map((m) => [m.path, m] as const));
  // Groups: every registered module above a node's owner, in the order their first node runs.
  const groupIndex = new Map<string, number>();
  const groups: { -readonly [K in keyof GraphViewGroup]: GraphViewGroup[K] }[] = [];
  const groupFor = (path: string): number | undefined => {
    let innermost: number | undefined;
    for (const p of prefixes(path)) {
      const module = typeOf.get(p);
      if (!module) continue;
      let index = groupIndex.get(p);
      if (index === undefined) {
        index = groups.length;
        groupIndex.set(p, index);
        const g: (typeof groups)[number] = {
          index,
          path: p,
          typeName: module.typeName,
          depth: p.split('.').length,
          params: 0,
          macs: 0,
          definedAt: spanOf(module.definedAt),
        };
        if (innermost !== undefined) g.parent = innermost;
        groups.push(g);
      }
      innermost = index;
    }
    return innermost;
  };

  const nodes: GraphViewNode[] = [
    {
      id: INPUT_ID,
      kind: 'input',
      title: l10n.t('input'),
      typeName: '',
      detail: '',
      path: '',
      shape: formatShape(model.input.shape),
      params: 0,
      macs: 0,
      rf: null,
    },
  ];
  const nodeGroup = new Map<number, number | undefined>();
  for (const n of model.nodes) {
    const group = groupFor(ownerOf(n));
    nodeGroup.set(n.id, group);
    const view: { -readonly [K in keyof GraphViewNode]: GraphViewNode[K] } = {
      id: n.id,
      kind: n.op,
      title: nodeTitle(n),
      typeName: n.typeName,
      detail: windowWords(n),
      path: n.path,
      shape: n.outputShapes.map(formatShape).join(', '),
      params: n.params,
      macs: n.macs,
      rf: rfWords(n),
      at: spanOf(n.calledAt),
    };
    if (group !== undefined) view.group = group;
    if (n.definedAt) view.definedAt = spanOf(n.definedAt);
    nodes.push(view);
    // A module called twice counts its parameters once per group it is called in: close enough for a sum on a box.
    for (let g = group; g !== undefined; g = groups[g]!.parent) {
      groups[g]!.params += n.params;
      groups[g]!.macs += n.macs;
    }
  }

  const edges: GraphViewEdge[] = [];
  const inputsOf = new Map(model.nodes.map((n) => [n.id, n.inputs] as const));
  for (const n of model.nodes) {
    const others = n.inputs.length > 1 ? n.inputs.map((id) => ancestors(inputsOf, id)) : [];
    n.inputs.forEach((from, k) => {
      const source = from < 0 ? INPUT_ID : from;
      const shape = n.inputShapes[k] ?? [];
      // A skip connection: the tensor also reaches this node through another of its inputs (a residual or dense
      // link); parallel branches meeting in a cat (Inception) are not skips.
      const skip = others.some((a, j) => j !== k && n.inputs[j] !== from && a.has(from < 0 ? -1 : from));
      edges.push({ from: source, to: n.id, shape: formatShape(shape), skip });
    });
  }

  const last = model.nodes[model.nodes.length - 1];
  if (model.stop) {
    // A layer that does not fit is placed by its own path; otherwise the stop follows the last traced node.
    const path = model.stop.path;
    const group = path
      ? groupFor(path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '')
      : last
        ? nodeGroup.get(last.id)
        : undefined;
    const stop: { -readonly [K in keyof GraphViewNode]: GraphViewNode[K] } = {
      id: STOP_ID,
      kind: 'stop',
      title: model.stop.kind === 'error' ? l10n.t('does not fit') : l10n.t('trace stopped'),
      typeName: model.stop.path ?? '',
      detail: l10n.t('line {0}', model.stop.range.start.line + 1),
      path: model.stop.path ?? '',
      shape: '',
      params: 0,
      macs: 0,
      rf: null,
      at: spanOf(model.stop.range),
      message: model.stop.message,
      severity: model.stop.kind,
    };
    if (group !== undefined) stop.group = group;
    if (model.stop.definedAt) stop.definedAt = spanOf(model.stop.definedAt);
    nodes.push(stop);
    edges.push({
      from: last ? last.id : INPUT_ID,
      to: STOP_ID,
      shape: last ? formatShape(last.outputShape) : formatShape(model.input.shape),
      skip: false,
    });
  }

  return { model: model.name, summary, nodes, groups, runs: findRuns(groups, nodes, edges), edges };
}

/** Containers whose siblings are not repeats of one block (layer1…layer4 are four different stages). */
const CONTAINERS: ReadonlySet<string> = new Set(['Sequential', 'ModuleList', 'ModuleDict']);

/** Consecutive same-type sibling groups (in the order they run), two or more: BasicBlock ×2, _DenseLayer ×6. */
function findRuns(
  groups: { -readonly [K in keyof GraphViewGroup]: GraphViewGroup[K] }[],
  nodes: readonly GraphViewNode[],
  edges: readonly GraphViewEdge[],
): GraphViewRun[] {
  const groupOfNode = new Map(nodes.map((n) => [n.id, n.group] as const));
  const within = (id: number, g: number): boolean => {
    for (let x = groupOfNode.get(id); x !== undefined; x = groups[x]!.parent) if (x === g) return true;
    return false;
  };
  // Repeats form a chain: b reads what a wrote. Parallel branches of one type (Inception's BasicConv2d) are no run.
  const feeds = (a: number, b: number): boolean => edges.some((e) => within(e.to, b) && within(e.from, a));
  // Children of each parent in run order: groups and the nodes that sit directly in it.
  const children = new Map<number | undefined, ({ group: number } | { node: number })[]>();
  const seen = new Set<number>();
  const push = (parent: number | undefined, item: { group: number } | { node: number }): void => {
    const list = children.get(parent) ?? [];
    list.push(item);
    children.set(parent, list);
  };
  for (const n of nodes) {
    if (n.group === undefined) {
      push(undefined, { node: n.id });
      continue;
    }
    // Announce every group on the way down the first time one of its nodes runs.
    const chain: number[] = [];
    for (let g: number | undefined = n.group; g !== undefined; g = groups[g]!.parent) chain.unshift(g);
    for (const g of chain)
      if (!seen.has(g)) {
        seen.add(g);
        push(groups[g]!.parent, { group: g });
      }
    push(n.group, { node: n.id });
  }
  const runs: GraphViewRun[] = [];
  for (const list of children.values()) {
    let k = 0;
    while (k < list.length) {
      const first = list[k]!;
      if (!('group' in first)) {
        k++;
        continue;
      }
      const type = groups[first.group]!.typeName;
      if (CONTAINERS.has(type)) {
        k++;
        continue;
      }
      let end = k + 1;
      for (; end < list.length; end++) {
        const item = list[end]!;
        const previous = list[end - 1]!;
        if (!('group' in item) || groups[item.group]!.typeName !== type) break;
        if (!('group' in previous) || !feeds(previous.group, item.group)) break;
      }
      if (end - k >= 2) {
        const members = list.slice(k, end).map((item) => ('group' in item ? item.group : -1));
        const index = runs.length;
        for (const g of members) groups[g]!.run = index;
        const firstPath = groups[members[0]!]!.path;
        const lastPath = groups[members[members.length - 1]!]!.path;
        runs.push({
          index,
          typeName: type,
          label: `${firstPath}–${lastPath.slice(lastPath.lastIndexOf('.') + 1)}`,
          groups: members,
          params: members.reduce((s, g) => s + groups[g]!.params, 0),
          macs: members.reduce((s, g) => s + groups[g]!.macs, 0),
        });
      }
      k = end;
    }
  }
  return runs;
}

/** The nodes applied on a line (a block's forward line is applied once per block) or constructed there. */
export function nodesAtLine(view: GraphView, line: number): number[] {
  const within = (s: GraphSpan | undefined): boolean => s !== undefined && s.line <= line && line <= s.endLine;
  const called = view.nodes.filter((n) => n.kind !== 'input' && within(n.at));
  // The narrowest call wins: a line inside nn.Sequential(...) is that layer, not the whole container call.
  if (called.length) {
    const width = (s: GraphSpan): number => s.endLine - s.line;
    const narrowest = Math.min(...called.map((n) => width(n.at!)));
    return called.filter((n) => width(n.at!) === narrowest).map((n) => n.id);
  }
  return view.nodes.filter((n) => within(n.definedAt)).map((n) => n.id);
}
