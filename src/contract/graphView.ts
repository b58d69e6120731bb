// The model graph panel's view model: a traced model's nodes, module groups, repeated-block runs and shaped edges.

/** Where something is written: 0-based line and character, end exclusive (as a vscode.Range). */
export interface GraphSpan {
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

/** What a graph node stands for. */
export type GraphNodeKind = 'input' | 'layer' | 'function' | 'merge' | 'reshape' | 'stop';

/** One node of the graph: a layer call, a function, a merge, the input, or the place the trace stopped. */
export interface GraphViewNode {
  /** The traced node's id; -1 for the model input, -2 for the stop. */
  readonly id: number;
  readonly kind: GraphNodeKind;
  /** Short name: the module's attribute name (conv1), the function (relu, add, cat) or "input". */
  readonly title: string;
  /** Layer class or function name (Conv2d, add). */
  readonly typeName: string;
  /** Hyper-parameters worth a glance (3×3 /2 p1). */
  readonly detail: string;
  /** Module path (layer1.0.conv1); "" for functions and merges. */
  readonly path: string;
  /** Output shape in words (1×64×56×56). */
  readonly shape: string;
  readonly params: number;
  readonly macs: number;
  /** Receptive field side in input pixels (rows; cols when they differ), null when not spatial. */
  readonly rf: string | null;
  /** Innermost group it belongs to (index into `groups`), or undefined at the top level. */
  readonly group?: number;
  /** Where it is applied (clicking reveals it). */
  readonly at?: GraphSpan;
  /** Where its module is constructed. */
  readonly definedAt?: GraphSpan;
  /** The stop's message (kind "stop"): shown in the error colour. */
  readonly message?: string;
  /** For a stop: "error" (the model does not fit) or "unknown" (the trace could not know). */
  readonly severity?: 'error' | 'unknown';
}

/** A module whose forward() runs several nodes: drawn as a collapsible box (torchinfo's depth). */
export interface GraphViewGroup {
  readonly index: number;
  /** Module path (layer1.0). */
  readonly path: string;
  readonly typeName: string;
  readonly parent?: number;
  /** Depth in the module tree: 1 for the model's direct children. */
  readonly depth: number;
  /** Sums over its nodes. */
  readonly params: number;
  readonly macs: number;
  /** The run of same-type siblings it belongs to (index into `runs`), if any. */
  readonly run?: number;
  /** Where the module is constructed. */
  readonly definedAt?: GraphSpan;
}

/** Consecutive sibling groups of one type (layer1.0, layer1.1: BasicBlock ×2), shown folded into one box at first. */
export interface GraphViewRun {
  readonly index: number;
  readonly typeName: string;
  /** Its module paths in short: layer1.0–1. */
  readonly label: string;
  readonly groups: readonly number[];
  readonly params: number;
  readonly macs: number;
}

/** A tensor flowing from one node to another; `skip` when it bypasses the nodes in between (a residual or dense link). */
export interface GraphViewEdge {
  readonly from: number;
  readonly to: number;
  readonly shape: string;
  readonly skip: boolean;
}

/** The whole graph of one traced model. */
export interface GraphView {
  readonly model: string;
  /** The model's one-line summary (params, MACs, RF, input). */
  readonly summary: string;
  readonly nodes: readonly GraphViewNode[];
  readonly groups: readonly GraphViewGroup[];
  readonly runs: readonly GraphViewRun[];
  readonly edges: readonly GraphViewEdge[];
}
