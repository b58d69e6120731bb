// The layer graph a traced call records: one node per layer call, function, or merge, with tensor shapes on its edges.
import type { LayerInstance, ReceptiveField2, Shape } from '../../engine/layers/layerTypes';
import type { Span } from '../python/ast';
import type { ModuleNode } from './values';

/** What kind of step a node is. */
export type NodeOp = 'layer' | 'function' | 'merge' | 'reshape';

/** One node of the traced graph. */
export interface GraphNode {
  readonly id: number;
  readonly op: NodeOp;
  /** Layer class (Conv2d), function (relu, cat) or merge (add, mul, cat). */
  readonly typeName: string;
  /** The module called, for layer and user-module nodes. */
  readonly module?: ModuleNode;
  readonly layer?: LayerInstance;
  /** Producer node ids of its tensor inputs (-1: the model input). */
  readonly inputs: readonly number[];
  readonly inputShapes: readonly Shape[];
  readonly outputShapes: readonly Shape[];
  readonly params: number;
  readonly macs: number;
  readonly rf: ReceptiveField2;
  /** Where it is applied (the call in forward, or the layer call in a Keras graph). */
  readonly span: Span;
  /** The module whose forward was running when it was recorded (undefined: the traced call itself, or a Keras graph). */
  readonly scope?: ModuleNode;
}

/** Why a trace stopped: it could not know something (unknown) or the model really does not fit (error). */
export class TraceStop extends Error {
  override readonly name = 'TraceStop';

  constructor(
    readonly kind: 'unknown' | 'error',
    readonly code: string,
    message: string,
    readonly span: Span,
    readonly fields: Readonly<Record<string, number | string>> = {},
    /** For a layer that does not fit: where that layer was constructed (quick fixes edit its arguments there). */
    readonly definedAt?: Span,
    /** For a merge of two or more tensors: where each operand is written, in order (quick fixes and messages name them). */
    readonly operands?: readonly Span[],
  ) {
    super(message);
  }
}

/** Collects the nodes of one traced call, in execution order. */
export class Recorder {
  readonly nodes: GraphNode[] = [];

  constructor(private readonly mapSpan: (span: Span) => Span = (s) => s) {}
  /** Notes worth telling the user (argparse defaults used, decorators taken as identity). */
  readonly notes: string[] = [];
  /** The module whose forward is running (set around each user module's forward and container chain). */
  scope: ModuleNode | undefined;

  add(node: Omit<GraphNode, 'id'>): GraphNode {
    const full = node as GraphNode & { id: number; span: Span; scope?: ModuleNode };
    full.id = this.nodes.length;
    full.span = this.mapSpan(node.span);
    if (this.scope) full.scope = this.scope;
    this.nodes.push(full);
    return full;
  }

  /** Tensor operations that change values but leave no node (x * 2, x.abs(), -x): running the graph would miss them. */
  readonly unrecorded: { readonly what: string; readonly span: Span }[] = [];

  unrecordedOp(what: string, span: Span): void {
    this.unrecorded.push({ what, span: this.mapSpan(span) });
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
}
