// The model graph panel: the traced graph top-down, folded blocks, pan/zoom, keyboard, click → reveal, SVG/PNG export.
import type { GraphView } from '../src/contract/graphView';
import type { HostToWebview } from '../src/protocol';
import {
  initialFold,
  allFolds,
  toggleGroup,
  toggleRun,
  visibleGraph,
  type FoldState,
  type VisibleGraph,
} from '../src/scenes/graphFold';
import { describeItem } from './graph/boxText';
import { exportPng, exportSvg } from './graph/graphExport';
import { layoutGraph, type GraphLayout } from './graph/layout';
import { drawGraph, markerDefs, type Drawing } from './graph/render';
import { ViewTransform } from './graph/viewTransform';
import { onHostMessage, vscodeApi } from './ui/vscodeApi';
import * as l10n from '../src/l10n';

/** What a reloaded panel restores. */
interface SavedState {
  readonly collapsed: number[];
  readonly unfoldedRuns: number[];
  /** The model's name (a fold state belongs to one model) and where it is (the host restores from these). */
  readonly name: string;
  readonly uri: string;
  readonly model: number;
}

/** Runs this panel on the page (everything is built here: the one bundle loads on every panel's page). */
export function start(): void {
  const SVG = 'http://www.w3.org/2000/svg';
  const api = vscodeApi<SavedState>();

  let view: GraphView | undefined;
  let source = { uri: '', model: 0 };
  let fold: FoldState = { collapsed: new Set(), unfoldedRuns: new Set() };
  let visible: VisibleGraph | undefined;
  let layout: GraphLayout | undefined;
  let drawing: Drawing | undefined;
  let selected: string | undefined;
  let highlighted: readonly number[] = [];
  /** Milliseconds the last layout took (the bench and tests read it from the page). */
  let lastLayoutMs = 0;

  const app = document.getElementById('app')!;
  app.classList.add('cl-graph-app');
  const toolbar = document.createElement('div');
  toolbar.className = 'controls cl-graph-toolbar';
  const summary = document.createElement('div');
  summary.className = 'status cl-graph-summary';
  // The focusable frame takes the pointer and keys; the SVG inside it is the whole graph at 1:1, moved by a CSS
  // transform on its wrapper, so panning recomposites a layer instead of repainting every box.
  const frame = document.createElement('div');
  frame.className = 'cl-graph-frame';
  frame.tabIndex = 0;
  frame.setAttribute('role', 'application');
  frame.setAttribute('aria-roledescription', l10n.t('model graph'));
  const canvas = document.createElement('div');
  canvas.className = 'cl-graph-canvas';
  const svg = document.createElementNS(SVG, 'svg');
  svg.classList.add('cl-graph');
  canvas.appendChild(svg);
  frame.appendChild(canvas);
  const details = document.createElement('div');
  details.className = 'status cl-graph-details';
  details.setAttribute('aria-live', 'polite');
  const viewport = document.createElementNS(SVG, 'g');
  svg.append(markerDefs(), viewport);
  const transform = new ViewTransform(frame, canvas);

  function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.className = 'cl-button';
    b.textContent = label;
    b.title = title;
    b.setAttribute('aria-label', title);
    b.addEventListener('click', onClick);
    return b;
  }

  toolbar.append(
    button(l10n.t('Fit'), l10n.t('Fit the graph to the panel (0)'), () => fit()),
    button('−', l10n.t('Zoom out (-)'), () => transform.zoomBy(1 / 1.25)),
    button('+', l10n.t('Zoom in (+)'), () => transform.zoomBy(1.25)),
    button(l10n.t('Expand all'), l10n.t('Unfold every repeated block and open every module'), () =>
      setFold(view ? allFolds(view, true) : fold),
    ),
    button(l10n.t('Fold blocks'), l10n.t('Fold repeated blocks again (as the panel opened)'), () =>
      setFold(view ? initialFold(view) : fold),
    ),
    button(l10n.t('Collapse all'), l10n.t('Collapse every top-level module'), () =>
      setFold(view ? allFolds(view, false) : fold),
    ),
    button('SVG', l10n.t('Export the graph as SVG'), () => void exportAs('svg')),
    button('PNG', l10n.t('Export the graph as PNG'), () => void exportAs('png')),
  );
  app.append(summary, toolbar, frame, details);

  function save(): void {
    if (!view) return;
    api.setState({
      collapsed: [...fold.collapsed],
      unfoldedRuns: [...fold.unfoldedRuns],
      name: view.model,
      uri: source.uri,
      model: source.model,
    });
  }

  function setFold(next: FoldState, focusNode?: number): void {
    fold = next;
    save();
    render();
    if (focusNode !== undefined && visible) select(visible.keyOf.get(focusNode), true);
  }

  function fit(): void {
    if (layout) transform.fit(layout.width, layout.height);
  }

  let measurer: CanvasRenderingContext2D | null | undefined;

  /** Measures box text with the editor font the SVG uses (11 px, 12 px bold for titles), cached per string. */
  function measureText(): (text: string, bold: boolean) => number {
    measurer ??= document.createElement('canvas').getContext('2d');
    const family =
      getComputedStyle(document.body).getPropertyValue('--vscode-editor-font-family').trim() || 'monospace';
    const cache = new Map<string, number>();
    return (text, bold) => {
      const key = `${bold ? 'b' : 'r'}${text}`;
      let w = cache.get(key);
      if (w === undefined) {
        if (!measurer) return text.length * (bold ? 7.3 : 6.7);
        measurer.font = bold ? `600 12px ${family}` : `11px ${family}`;
        w = measurer.measureText(text).width;
        cache.set(key, w);
      }
      return w;
    };
  }

  function render(): void {
    if (!view) return;
    const previousKey = selected;
    visible = visibleGraph(view, fold);
    const t0 = performance.now();
    layout = layoutGraph(visible, measureText());
    lastLayoutMs = performance.now() - t0;
    drawing?.root.remove();
    drawing = drawGraph(view, layout);
    viewport.appendChild(drawing.root);
    svg.setAttribute('width', String(Math.ceil(layout.width)));
    svg.setAttribute('height', String(Math.ceil(layout.height)));
    frame.dataset['layoutMs'] = lastLayoutMs.toFixed(1);
    frame.dataset['boxes'] = String(layout.boxes.length);
    selected = previousKey && drawing.boxes.has(previousKey) ? previousKey : undefined;
    applyMarks();
    api.postMessage({ type: 'graphShown', boxes: layout.boxes.length, layoutMs: lastLayoutMs });
  }

  function applyMarks(): void {
    if (!drawing || !visible) return;
    const lit = new Set(highlighted.map((id) => visible!.keyOf.get(id)).filter((k): k is string => k !== undefined));
    for (const [key, g] of drawing.boxes) {
      g.classList.toggle('selected', key === selected);
      g.classList.toggle('highlighted', lit.has(key));
    }
    if (selected) frame.setAttribute('aria-activedescendant', `box-${selected}`);
    else frame.removeAttribute('aria-activedescendant');
    const item = selected ? visible.items.find((i) => i.key === selected) : undefined;
    details.textContent = item
      ? describeItem(item)
      : l10n.t(
          'Click a box to reveal its line; arrows move between boxes, Enter reveals or unfolds, +/- zoom, 0 fits.',
        );
    details.classList.toggle('error', item?.kind === 'node' && item.node.kind === 'stop');
  }

  function select(key: string | undefined, scroll: boolean): void {
    selected = key;
    applyMarks();
    const box = key ? layout?.boxes.find((b) => b.item.key === key) : undefined;
    if (box && scroll) transform.ensureVisible(box.x, box.y, box.width, box.height);
  }

  /** Enter or click on a box: a node reveals its line, a folded run or collapsed module opens. */
  function activate(key: string): void {
    const item = visible?.items.find((i) => i.key === key);
    if (!item || !view) return;
    if (item.kind === 'run') {
      const first = view.nodes.find((n) => visible!.keyOf.get(n.id) === key);
      setFold(toggleRun(fold, item.run.index), first?.id);
    } else if (item.kind === 'group') {
      const first = view.nodes.find((n) => visible!.keyOf.get(n.id) === key);
      setFold(toggleGroup(fold, item.group.index), first?.id);
    } else if (item.node.at) api.postMessage({ type: 'reveal', node: item.node.id });
  }

  frame.addEventListener('click', (e) => {
    if (transform.justDragged()) return;
    const target = e.target as Element;
    const header = target.closest('.cl-cluster-header');
    if (header && view) {
      const group = Number(header.getAttribute('data-group'));
      const g = view.groups[group];
      // The "fold ×N" part of a run member's header folds the run; the rest collapses the module.
      const foldRun =
        g?.run !== undefined && e.offsetX !== undefined && target.closest('text') && isFoldClick(header, e);
      setFold(foldRun && g.run !== undefined ? toggleRun(fold, g.run) : toggleGroup(fold, group));
      return;
    }
    const box = target.closest('.cl-box');
    const key = box?.getAttribute('data-key');
    if (!key) return;
    select(key, false);
    activate(key);
    frame.focus();
  });

  /** Whether the click landed on the right half of a header's text, where "⊟ fold ×N" is written. */
  function isFoldClick(header: Element, e: MouseEvent): boolean {
    const text = header.querySelector('text');
    if (!text) return false;
    const r = text.getBoundingClientRect();
    const tail = l10n.t('fold ×{0}', 9).length + 3;
    const share = tail / Math.max(1, (text.textContent ?? '').length);
    return e.clientX >= r.right - r.width * share;
  }

  /** The box nearest to the selected one in an arrow's direction (up/down favour the same column, left/right the same row). */
  function neighbour(direction: 'up' | 'down' | 'left' | 'right'): string | undefined {
    if (!layout) return undefined;
    const from = layout.boxes.find((b) => b.item.key === selected);
    if (!from) return layout.boxes[0]?.item.key;
    let best: { key: string; score: number } | undefined;
    for (const b of layout.boxes) {
      if (b === from) continue;
      const dx = b.x - from.x;
      const dy = b.y - from.y;
      const along = direction === 'up' ? -dy : direction === 'down' ? dy : direction === 'left' ? -dx : dx;
      const across = direction === 'up' || direction === 'down' ? Math.abs(dx) : Math.abs(dy);
      if (along <= 1) continue;
      const score = along + 3 * across;
      if (!best || score < best.score) best = { key: b.item.key, score };
    }
    return best?.key;
  }

  frame.addEventListener('keydown', (e) => {
    const arrows: Record<string, 'up' | 'down' | 'left' | 'right'> = {
      ArrowUp: 'up',
      ArrowDown: 'down',
      ArrowLeft: 'left',
      ArrowRight: 'right',
    };
    const direction = arrows[e.key];
    if (direction) {
      const next = neighbour(direction);
      if (next) select(next, true);
    } else if (e.key === 'Enter' || e.key === ' ') {
      if (selected) activate(selected);
    } else if (e.key === '+' || e.key === '=') transform.zoomBy(1.25);
    else if (e.key === '-' || e.key === '_') transform.zoomBy(1 / 1.25);
    else if (e.key === '0') fit();
    else if (e.key === 'Escape') select(undefined, false);
    else return;
    e.preventDefault();
  });

  async function exportAs(format: 'svg' | 'png'): Promise<void> {
    if (!layout) return;
    const base64 = format === 'svg' ? exportSvg(svg, viewport, layout) : await exportPng(svg, viewport, layout);
    api.postMessage({ type: 'export', format, base64, frames: 1 });
  }

  function receive(message: HostToWebview): void {
    switch (message.type) {
      case 'graph': {
        const first = !view || view.model !== message.view.model;
        view = message.view;
        source = { uri: message.uri, model: message.model };
        const saved = api.getState();
        if (first && saved && saved.name === view.model)
          fold = { collapsed: new Set(saved.collapsed), unfoldedRuns: new Set(saved.unfoldedRuns) };
        else if (first) fold = initialFold(view);
        summary.textContent = view.summary;
        render();
        if (first) fit();
        save();
        return;
      }
      case 'highlight': {
        highlighted = message.nodes;
        const first = message.nodes[0];
        if (view && first !== undefined && visible) {
          // Following the cursor into a folded block would unfold it on every keystroke: highlight the fold instead.
          const key = visible.keyOf.get(first);
          applyMarks();
          const box = key ? layout?.boxes.find((b) => b.item.key === key) : undefined;
          if (box) transform.ensureVisible(box.x, box.y, box.width, box.height);
        } else applyMarks();
        return;
      }
      case 'requestExport':
        void exportAs(message.format === 'gif' ? 'png' : message.format);
        return;
      case 'error':
        summary.textContent = message.message;
        return;
      case 'scene':
      case 'present':
        return;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  onHostMessage(receive);
  // Tests and the bench read layout time and drive the view through this handle.
  (window as unknown as { __graph: unknown }).__graph = {
    layoutMs: () => lastLayoutMs,
    transform,
    expandAll: () => view && setFold(allFolds(view, true)),
  };
  api.postMessage({ type: 'ready' });
}
