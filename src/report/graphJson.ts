// The CLI's JSON form of traced models: the schema issue 14 defines, one object {"models": [...]}.
import type { GraphModel, TracedNode } from '../analysis/graphTrace';

/** A receptive field as JSON: rows and columns in input pixels. */
export interface ReceptiveFieldJson {
  readonly rows: number;
  readonly cols: number;
}

/** One layer row of the JSON output. */
export interface LayerJson {
  readonly path: string;
  readonly type: string;
  readonly line: number;
  readonly output: readonly number[];
  readonly params: number;
  readonly macs: number;
}

/** One model of the JSON output. */
export interface ModelJson {
  readonly name: string;
  readonly line: number;
  readonly framework: 'torch' | 'keras';
  readonly expression: string;
  readonly input: readonly number[];
  readonly inputSource: string;
  readonly complete: boolean;
  readonly output: readonly number[] | null;
  readonly params: {
    readonly total: number | null;
    readonly usedInForward: number | null;
    readonly nonTrainable: number;
  };
  readonly macs: number;
  readonly receptiveField: ReceptiveFieldJson | null;
  readonly stop: {
    readonly kind: 'unknown' | 'error';
    readonly code: string;
    readonly message: string;
    readonly line: number;
  } | null;
  readonly unusedModules: readonly string[];
  readonly notes: readonly string[];
  readonly layers: readonly LayerJson[];
}

/** Which nodes are layers in the JSON: every node for PyTorch; Keras layers (and merges, which Keras counts as layers). */
function isListed(m: GraphModel, n: TracedNode): boolean {
  return m.framework === 'torch' || n.op === 'layer' || n.op === 'merge';
}

/** A traced model as JSON (lines 1-based). */
export function modelJson(m: GraphModel): ModelJson {
  return {
    name: m.name,
    line: m.range.start.line + 1,
    framework: m.framework,
    expression: m.expression,
    input: m.input.shape,
    inputSource: m.input.source,
    complete: m.complete,
    output: m.output,
    params: { total: m.params.total, usedInForward: m.params.usedInForward, nonTrainable: m.params.nonTrainable },
    macs: m.macs,
    receptiveField: m.receptiveField ? { rows: m.receptiveField.rows.size, cols: m.receptiveField.cols.size } : null,
    stop: m.stop
      ? { kind: m.stop.kind, code: m.stop.code, message: m.stop.message, line: m.stop.range.start.line + 1 }
      : null,
    unusedModules: m.unusedModules,
    notes: m.notes,
    layers: m.nodes
      .filter((n) => isListed(m, n))
      .map((n) => ({
        path: n.path,
        type: n.typeName,
        line: n.calledAt.start.line + 1,
        output: n.outputShape,
        params: n.op === 'layer' ? n.params : 0,
        macs: n.macs,
      })),
  };
}
