// Where traced graph nodes are written: each layer's definition site with its first call, and each forward line's last node.
import type { SlidingWindow } from '../engine/layers/layerTypes';
import type { GraphModel, TracedNode } from './graphTrace';
import type { SourceRange } from './literals';

/** A layer constructor written in the source, as the first model that calls it traces it. */
export interface LayerSite {
  readonly model: GraphModel;
  /** The model's index in the document's list (what CodeLens and commands pass). */
  readonly modelIndex: number;
  /** Where the module is constructed. */
  readonly definedAt: SourceRange;
  /** Its first call. */
  readonly node: TracedNode;
  /** How many times modules constructed here are called in that model. */
  readonly calls: number;
}

/** One forward() line and the last node its first execution produces. */
export interface StatementSite {
  readonly line: number;
  /** The rightmost end of the calls on that line (where a hint goes). */
  readonly end: SourceRange['end'];
  readonly node: TracedNode;
}

function key(r: SourceRange): string {
  return `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;
}

function sameRange(a: SourceRange, b: SourceRange): boolean {
  return key(a) === key(b);
}

/** Every layer definition site of the models, each reported by the first model that calls it (in model order). */
export function layerSites(models: readonly GraphModel[]): LayerSite[] {
  const sites = new Map<
    string,
    { model: GraphModel; modelIndex: number; definedAt: SourceRange; node: TracedNode; calls: number }
  >();
  models.forEach((model, modelIndex) => {
    for (const node of model.nodes) {
      if (node.op !== 'layer' || !node.definedAt) continue;
      const k = key(node.definedAt);
      const site = sites.get(k);
      if (!site) sites.set(k, { model, modelIndex, definedAt: node.definedAt, node, calls: 1 });
      else if (site.model === model) site.calls++;
    }
  });
  return [...sites.values()];
}

/** The input shape a node received (its first input). */
export function nodeInput(node: TracedNode): readonly number[] {
  return node.inputShapes[0] ?? [];
}

/** The node's 2-D sliding window (conv and pooling layers), if it has one. */
export function windowOf(node: TracedNode): SlidingWindow | undefined {
  const layer = node.layer;
  return layer?.definition.slidingWindow?.(layer.attrs);
}

/**
 * The forward() lines of a model and the last node each produces on its first execution (a block's forward runs once per
 * block: the first run is shown). Nodes applied where the model itself is written (an nn.Sequential) are not statements.
 */
export function statementSites(model: GraphModel): StatementSite[] {
  const sites = new Map<number, { line: number; end: SourceRange['end']; node: TracedNode }>();
  const done = new Set<number>();
  let current: number | undefined;
  for (const node of model.nodes) {
    if (sameRange(node.calledAt, model.range) || (node.definedAt && sameRange(node.calledAt, node.definedAt))) continue;
    const line = node.calledAt.end.line;
    if (current !== undefined && current !== line) done.add(current);
    current = line;
    if (done.has(line)) continue;
    const site = sites.get(line);
    const end = site && site.end.character > node.calledAt.end.character ? site.end : node.calledAt.end;
    sites.set(line, { line, end, node });
  }
  return [...sites.values()];
}
