// Lays out the visible model graph top-down with dagre, one module frame at a time (inside out): each frame's boxes
// are a small layered graph, and the frame is one box in its parent's graph. Dagre's own compound mode was 10–100×
// slower on a fully expanded ResNet-50 or DenseNet-121 (seconds), so frames are nested by hand around dagre's layouts.
import dagre from '@dagrejs/dagre';
import type { VisibleEdge, VisibleGraph, VisibleItem } from '../../src/scenes/graphFold';
import { boxLines } from './boxText';

/** Pixel sizes of boxes and text: the renderer draws with the same numbers. */
export const METRICS = {
  charWidth: 7.3,
  smallCharWidth: 6.7,
  lineHeight: 16,
  padX: 10,
  padY: 7,
  minWidth: 96,
  maxWidth: 300,
  pillHeight: 24,
  /** Space above a frame's boxes for its header line. */
  clusterHeader: 22,
  clusterPad: 10,
} as const;

/** A level with more skip edges than this lays out without them (DenseNet's dense links) and draws them as arcs. */
const SKIP_EDGES_IN_LAYOUT = 24;

/** A placed box (centre x, y; size). */
export interface PlacedBox {
  readonly item: VisibleItem;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A placed module frame (top-left corner and size). */
export interface PlacedCluster {
  readonly group: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A point of an edge's route. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A routed edge: its points (dagre's route, or an arc's start, two control points and end), and its label's place. */
export interface PlacedEdge {
  readonly edge: VisibleEdge;
  readonly points: readonly Point[];
  /** Drawn as one cubic Bézier through `points` (a skip arc laid out beside the boxes). */
  readonly arc: boolean;
  /** Where the shape label goes (just below the source box), or undefined when another edge of that source has it. */
  readonly label?: Point;
}

/** The whole drawing. */
export interface GraphLayout {
  readonly boxes: readonly PlacedBox[];
  readonly clusters: readonly PlacedCluster[];
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

/** Text width in pixels; `bold` for a box's first line. */
export type Measure = (text: string, bold: boolean) => number;

/** Width by character count: what the bench uses without a DOM (the panel measures with the real font). */
export const estimate: Measure = (text, bold) => text.length * (bold ? METRICS.charWidth : METRICS.smallCharWidth);

/** A box's size from its text. */
export function boxSize(item: VisibleItem, measure: Measure = estimate): { width: number; height: number } {
  const lines = boxLines(item);
  const longest = Math.max(...lines.map((l, i) => measure(i === 0 && item.kind !== 'node' ? `▸ ${l}` : l, i === 0)));
  const width = Math.min(METRICS.maxWidth, Math.max(METRICS.minWidth, Math.ceil(longest + 2 * METRICS.padX)));
  if (lines.length === 1) return { width, height: METRICS.pillHeight };
  return { width, height: lines.length * METRICS.lineHeight + 2 * METRICS.padY };
}

/** One frame's layout, relative to its own top-left corner. */
interface Level {
  readonly width: number;
  readonly height: number;
  /** Centres and sizes of its members (box keys and `c<group>` frames). */
  readonly members: Map<string, { x: number; y: number; width: number; height: number }>;
  /** Routes of the edges laid out at this level (by index into graph.edges). */
  readonly routes: Map<number, Point[]>;
}

/** Places every box, frame and edge of `graph`. */
export function layoutGraph(graph: VisibleGraph, measure: Measure = estimate): GraphLayout {
  const parentOf = new Map<number, number | undefined>(graph.clusters.map((c) => [c.group.index, c.parent]));
  const itemsAt = new Map<number | undefined, VisibleItem[]>();
  for (const item of graph.items) {
    const list = itemsAt.get(item.cluster) ?? [];
    list.push(item);
    itemsAt.set(item.cluster, list);
  }
  const clustersAt = new Map<number | undefined, number[]>();
  for (const c of graph.clusters) {
    const list = clustersAt.get(c.parent) ?? [];
    list.push(c.group.index);
    clustersAt.set(c.parent, list);
  }
  const clusterOfKey = new Map(graph.items.map((i) => [i.key, i.cluster] as const));
  // Frames from the top down to `c` (undefined is the top level).
  const chain = (c: number | undefined): (number | undefined)[] => {
    const out: (number | undefined)[] = [];
    for (let x = c; x !== undefined; x = parentOf.get(x)) out.unshift(x);
    return [undefined, ...out];
  };
  // Each edge is laid out at the innermost frame holding both ends, between the members of that frame that hold them.
  const edgesAt = new Map<number | undefined, { index: number; from: string; to: string }[]>();
  graph.edges.forEach((e, index) => {
    const a = chain(clusterOfKey.get(e.from));
    const b = chain(clusterOfKey.get(e.to));
    let k = 0;
    while (k + 1 < a.length && k + 1 < b.length && a[k + 1] === b[k + 1]) k++;
    const level = a[k];
    const member = (path: (number | undefined)[], key: string): string =>
      k + 1 < path.length ? `c${path[k + 1]!}` : key;
    const list = edgesAt.get(level) ?? [];
    list.push({ index, from: member(a, e.from), to: member(b, e.to) });
    edgesAt.set(level, list);
  });

  const levels = new Map<number | undefined, Level>();
  const lay = (level: number | undefined): Level => {
    const g = new dagre.graphlib.Graph({ multigraph: false });
    const top = level === undefined;
    g.setGraph({ rankdir: 'TB', nodesep: 22, ranksep: 34, edgesep: 12, marginx: top ? 16 : 0, marginy: top ? 16 : 0 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const c of clustersAt.get(level) ?? []) {
      const inner = lay(c);
      g.setNode(`c${c}`, {
        width: inner.width + 2 * METRICS.clusterPad,
        height: inner.height + METRICS.clusterHeader + METRICS.clusterPad,
      });
    }
    for (const item of itemsAt.get(level) ?? []) g.setNode(item.key, boxSize(item, measure));
    const edges = edgesAt.get(level) ?? [];
    const skips = edges.filter((e) => graph.edges[e.index]!.skip).length;
    const laid: typeof edges = [];
    for (const e of edges) {
      if (e.from === e.to) continue;
      if (graph.edges[e.index]!.skip && skips > SKIP_EDGES_IN_LAYOUT) continue;
      laid.push(e);
      if (!g.hasEdge(e.from, e.to))
        // Skip connections bend around the main path rather than pulling it sideways.
        g.setEdge(e.from, e.to, { weight: graph.edges[e.index]!.skip ? 1 : 4 });
    }
    dagre.layout(g);
    const members = new Map<string, { x: number; y: number; width: number; height: number }>();
    for (const key of g.nodes()) {
      const n = g.node(key) as { x: number; y: number; width: number; height: number };
      members.set(key, { x: n.x, y: n.y, width: n.width, height: n.height });
    }
    const routes = new Map<number, Point[]>();
    for (const e of laid) {
      const r = g.edge(e.from, e.to) as { points?: Point[] } | undefined;
      if (r?.points) routes.set(e.index, r.points);
    }
    const size = g.graph() as { width?: number; height?: number };
    const result: Level = { width: size.width ?? 0, height: size.height ?? 0, members, routes };
    levels.set(level, result);
    return result;
  };
  const root = lay(undefined);

  // Absolute positions, from the top level down.
  const boxes: PlacedBox[] = [];
  const clusters: PlacedCluster[] = [];
  const abs = new Map<string, { x: number; y: number; width: number; height: number }>();
  const origin = new Map<number | undefined, Point>([[undefined, { x: 0, y: 0 }]]);
  const place = (level: number | undefined, o: Point): void => {
    const l = levels.get(level)!;
    for (const [key, m] of l.members) {
      const placed = { x: o.x + m.x, y: o.y + m.y, width: m.width, height: m.height };
      abs.set(key, placed);
      if (key.startsWith('c')) {
        const group = Number(key.slice(1));
        const x = placed.x - m.width / 2;
        const y = placed.y - m.height / 2;
        clusters.push({ group, x, y, width: m.width, height: m.height });
        const inner = { x: x + METRICS.clusterPad, y: y + METRICS.clusterHeader };
        origin.set(group, inner);
        place(group, inner);
      }
    }
  };
  place(undefined, { x: 0, y: 0 });
  for (const item of graph.items) {
    const a = abs.get(item.key)!;
    boxes.push({ item, ...a });
  }

  const bottom = (key: string): Point => {
    const a = abs.get(key)!;
    return { x: a.x, y: a.y + a.height / 2 };
  };
  const topOf = (key: string): Point => {
    const a = abs.get(key)!;
    return { x: a.x, y: a.y - a.height / 2 };
  };
  const labelled = new Set<string>();
  const edges: PlacedEdge[] = [];
  let arcs = 0;
  for (const [level, list] of edgesAt) {
    const o = origin.get(level)!;
    const routes = levels.get(level)!.routes;
    for (const e of list) {
      const edge = graph.edges[e.index]!;
      const start = bottom(edge.from);
      const end = topOf(edge.to);
      const route = routes.get(e.index);
      let points: Point[];
      let arc = false;
      // A skip edge into or out of a frame would run along the frame's main path: it goes round the side instead.
      const crossing = edge.skip && (e.from !== edge.from || e.to !== edge.to);
      if (route && route.length >= 2 && !crossing) {
        // Dagre's route between the frame members; its ends moved onto the real boxes inside them.
        const inner = route.slice(1, -1).map((p) => ({ x: p.x + o.x, y: p.y + o.y }));
        points = [
          e.from === edge.from ? { x: route[0]!.x + o.x, y: route[0]!.y + o.y } : start,
          ...inner,
          e.to === edge.to ? { x: route[route.length - 1]!.x + o.x, y: route[route.length - 1]!.y + o.y } : end,
        ];
      } else {
        // A skip arc beside the boxes: out of the source's right side, into the target's right side.
        const from = abs.get(edge.from)!;
        const to = abs.get(edge.to)!;
        const s = { x: from.x + from.width / 2, y: from.y };
        const t = { x: to.x + to.width / 2, y: to.y };
        // Clear of the frames the edge enters or leaves, and of the boxes at its ends.
        let side = Math.max(s.x, t.x);
        for (const c of clusters)
          if (c.y <= Math.max(s.y, t.y) && c.y + c.height >= Math.min(s.y, t.y) && c.x < side)
            side = Math.max(side, Math.min(c.x + c.width, side + 400));
        const bulge = 24 + Math.min(120, Math.abs(t.y - s.y) / 14) + (arcs++ % 4) * 6;
        points = [s, { x: side + bulge, y: s.y }, { x: side + bulge, y: t.y }, t];
        arc = true;
      }
      const key = `${edge.from}|${edge.shape}`;
      const placed: { -readonly [K in keyof PlacedEdge]: PlacedEdge[K] } = { edge, points, arc };
      if (edge.shape && !arc && !labelled.has(key)) {
        labelled.add(key);
        placed.label = { x: start.x, y: start.y + 11 };
      }
      edges.push(placed);
    }
  }
  return { boxes, clusters, edges, width: root.width, height: root.height };
}
