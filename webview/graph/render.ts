// Draws a laid-out model graph as SVG: module frames, boxes (nodes, folded runs, collapsed modules), shaped edges.
import type { GraphView } from '../../src/contract/graphView';
import type { VisibleItem } from '../../src/scenes/graphFold';
import { boxLines, describeItem } from './boxText';
import { METRICS, type GraphLayout } from './layout';
import * as l10n from '../../src/l10n';

const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | number>>,
  parent?: Element,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

/** The colour family of a box: its layer type, so convs, norms, pools and merges tell apart at a glance. */
export function familyOf(item: VisibleItem): string {
  if (item.kind !== 'node') return 'block';
  const n = item.node;
  if (n.kind === 'stop') return n.severity === 'error' ? 'error' : 'unknown';
  if (n.kind === 'input') return 'input';
  if (n.kind === 'merge' || /^(cat|add|mul|stack|concat|concatenate|Add|Concatenate)$/.test(n.typeName)) return 'merge';
  const t = n.typeName.toLowerCase();
  if (t.includes('conv')) return 'conv';
  if (t.includes('pool')) return 'pool';
  if (t.includes('norm')) return 'norm';
  if (t.includes('linear') || t.includes('dense')) return 'linear';
  if (/relu|sigmoid|tanh|gelu|silu|softmax|hardswish|elu|mish|activation/.test(t)) return 'act';
  return 'other';
}

/** What the panel draws into and finds boxes by. */
export interface Drawing {
  readonly root: SVGGElement;
  readonly boxes: ReadonlyMap<string, SVGGElement>;
  readonly clusterHeaders: ReadonlyMap<number, SVGGElement>;
}

/** Draws `layout` into a fresh <g>. */
export function drawGraph(view: GraphView, layout: GraphLayout): Drawing {
  const root = el('g', { class: 'cl-graph-root' });
  const clusterLayer = el('g', { class: 'cl-clusters' }, root);
  const edgeLayer = el('g', { class: 'cl-edges' }, root);
  const boxLayer = el('g', { class: 'cl-boxes' }, root);
  // Frame headers above the edges that enter the frames, so their text stays readable.
  const headerLayer = el('g', { class: 'cl-cluster-headers' }, root);
  const clusterHeaders = new Map<number, SVGGElement>();
  // Outer frames first, so inner ones draw on top.
  const clusters = [...layout.clusters].sort((a, b) => view.groups[a.group]!.depth - view.groups[b.group]!.depth);
  for (const c of clusters) {
    const group = view.groups[c.group]!;
    const frame = el('g', { class: `cl-cluster depth${Math.min(group.depth, 4)}` }, clusterLayer);
    el('rect', { x: c.x, y: c.y - 4, width: c.width, height: c.height + 4, rx: 6 }, frame);
    const header = el('g', { class: 'cl-cluster-header', 'data-group': c.group, role: 'button' }, headerLayer);
    const fold = group.run !== undefined ? `  ⊟ ${l10n.t('fold ×{0}', view.runs[group.run]!.groups.length)}` : '';
    const words = `▾ ${group.path} · ${group.typeName}${fold}`;
    const w = words.length * METRICS.smallCharWidth * 0.95 + 8;
    el(
      'rect',
      { class: 'cl-cluster-header-bg', x: c.x + 4, y: c.y - 2, width: Math.min(w, c.width - 8), height: 15, rx: 3 },
      header,
    );
    const text = el('text', { x: c.x + 8, y: c.y + 9 }, header);
    text.textContent = words;
    el('title', {}, header).textContent = l10n.t('{0}: click to collapse', group.path);
    clusterHeaders.set(c.group, header);
  }
  const labels: { at: { x: number; y: number }; text: string }[] = [];
  for (const e of layout.edges) {
    const pts = e.points;
    if (pts.length < 2) continue;
    let d = `M${pts[0]!.x},${pts[0]!.y}`;
    if (e.arc && pts.length === 4)
      d += ` C${pts[1]!.x},${pts[1]!.y} ${pts[2]!.x},${pts[2]!.y} ${pts[3]!.x},${pts[3]!.y}`;
    else {
      // A smooth curve through dagre's points: quadratic segments between midpoints.
      for (let i = 1; i < pts.length - 1; i++) {
        const p = pts[i]!;
        const q = pts[i + 1]!;
        d += ` Q${p.x},${p.y} ${(p.x + q.x) / 2},${(p.y + q.y) / 2}`;
      }
      d += ` L${pts[pts.length - 1]!.x},${pts[pts.length - 1]!.y}`;
    }
    const g = el(
      'g',
      { class: `cl-edge${e.edge.skip ? ' skip' : ''}`, 'data-from': e.edge.from, 'data-to': e.edge.to },
      edgeLayer,
    );
    el('path', { d, 'marker-end': e.edge.skip ? 'url(#cl-arrow-skip)' : 'url(#cl-arrow)' }, g);
    if (e.label) labels.push({ at: e.label, text: e.edge.shape });
  }
  // Shape labels above every edge line, so no edge crosses one.
  const labelLayer = el('g', { class: 'cl-edge-labels' }, root);
  for (const l of labels) {
    const w = l.text.length * METRICS.smallCharWidth * 0.91 + 6;
    el(
      'rect',
      { class: 'cl-edge-label-bg', x: l.at.x - w / 2, y: l.at.y - 7, width: w, height: 14, rx: 3 },
      labelLayer,
    );
    el('text', { class: 'cl-edge-label', x: l.at.x, y: l.at.y + 4 }, labelLayer).textContent = l.text;
  }
  const boxes = new Map<string, SVGGElement>();
  for (const b of layout.boxes) {
    const family = familyOf(b.item);
    const g = el(
      'g',
      {
        id: `box-${b.item.key}`,
        class: `cl-box ${b.item.kind} ${family}`,
        'data-key': b.item.key,
        role: 'button',
        'aria-label': describeItem(b.item),
        transform: `translate(${b.x - b.width / 2},${b.y - b.height / 2})`,
      },
      boxLayer,
    );
    const lines = boxLines(b.item);
    const pill = lines.length === 1;
    if (b.item.kind === 'run') {
      // Stacked cards: this box stands for several blocks.
      el('rect', { class: 'cl-stack', x: 6, y: -6, width: b.width, height: b.height, rx: 6 }, g);
      el('rect', { class: 'cl-stack', x: 3, y: -3, width: b.width, height: b.height, rx: 6 }, g);
    }
    el('rect', { class: 'cl-body', width: b.width, height: b.height, rx: pill ? b.height / 2 : 5 }, g);
    if (!pill && b.item.kind === 'node')
      el('rect', { class: 'cl-stripe', width: 4, height: b.height - 8, x: 3, y: 4, rx: 2 }, g);
    lines.forEach((line, i) => {
      const t = el(
        'text',
        {
          class: i === 0 ? 'cl-title' : i === lines.length - 1 && i > 1 ? 'cl-stats' : 'cl-sub',
          x: pill ? b.width / 2 : METRICS.padX,
          y: pill ? b.height / 2 + 4 : METRICS.padY + 12 + i * METRICS.lineHeight,
          'text-anchor': pill ? 'middle' : 'start',
        },
        g,
      );
      t.textContent = i === 0 && b.item.kind !== 'node' ? `▸ ${line}` : line;
    });
    el('title', {}, g).textContent = describeItem(b.item);
    boxes.set(b.item.key, g);
  }
  return { root, boxes, clusterHeaders };
}

/** The arrowhead markers the edges use. */
export function markerDefs(): SVGDefsElement {
  const defs = el('defs', {});
  for (const [id, cls] of [
    ['cl-arrow', 'cl-arrowhead'],
    ['cl-arrow-skip', 'cl-arrowhead skip'],
  ] as const) {
    const m = el(
      'marker',
      { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      defs,
    );
    el('path', { d: 'M0,0 L10,5 L0,10 z', class: cls }, m);
  }
  return defs;
}
