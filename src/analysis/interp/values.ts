// The abstract values of the static interpreter: Python data it can know, tensors as shapes, and honest unknowns.
import type { LayerInstance, ReceptiveField2 } from '../../engine/layers/layerTypes';
import type { Param, Span, Stmt } from '../python/ast';
import type { Scope } from './scope';

/** Why a value cannot be known statically, and where that came from. */
export interface UnknownReason {
  readonly message: string;
  readonly span: Span;
  /** A stable code for the host (e.g. 'external', 'argparse', 'runtime'). */
  readonly code: string;
}

/** A user-defined (or prelude) function, with the scope it closes over. */
export interface FunctionValue {
  readonly name: string;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[] | { readonly lambda: import('../python/ast').Expr };
  readonly closure: Scope;
  readonly span: Span;
  /** staticmethod / classmethod / property, from decorators. */
  readonly kind: 'plain' | 'static' | 'class' | 'property';
  /** The class whose body defined it (for super()). */
  readonly owner?: ClassValue;
}

/** Built-in callable: receives evaluated arguments. */
export type BuiltinFn = (args: readonly Value[], kwargs: ReadonlyMap<string, Value>, span: Span) => Value;

/** What kind of library class a class stands for. */
export type NativeClass =
  | 'Module'
  | 'Sequential'
  | 'ModuleList'
  | 'ModuleDict'
  | 'ParameterList'
  | 'layer'
  | 'KerasModel'
  | 'KerasSequential'
  | 'KerasLayer'
  | 'object'
  | 'Enum';

/** A class: user-defined (with a body) or a library class ConvLens models natively. */
export interface ClassValue {
  readonly name: string;
  readonly bases: readonly ClassValue[];
  readonly attrs: Map<string, Value>;
  readonly span?: Span;
  readonly native?: NativeClass;
  /** For native layers: the constructor looked up in the layer registry. */
  readonly layer?: { readonly framework: 'torch' | 'keras'; readonly name: string };
  /** A base that could not be read (imported from another file): attribute lookups past it give unknowns. */
  readonly opaqueBase?: UnknownReason;
}

/** A node of the module tree: one nn.Module (or Keras layer) instance. */
export interface ModuleNode {
  readonly id: number;
  readonly typeName: string;
  /** Registered children in registration order, by attribute name or key. */
  readonly children: Map<string, ModuleNode>;
  /** Parameters registered directly on this module (not its children); undefined until a lazy layer sees its input. */
  ownParams: number | undefined;
  nonTrainable: number;
  /** requires_grad of its own parameters (requires_grad_(False) freezes them); undefined when set to a value not known statically. */
  requiresGrad: boolean | undefined;
  /** The registry layer, for leaves. */
  layer?: LayerInstance;
  /** Where the module was constructed. */
  readonly span: Span;
  /** Times its forward ran in the traced call. */
  calls: number;
  /** Framework of its class. */
  readonly framework: 'torch' | 'keras';
}

/** An instance of a class; modules carry their node in the module tree. */
export interface PyObject {
  readonly cls: ClassValue;
  readonly attrs: Map<string, Value>;
  readonly module?: ModuleNode;
  /** Items of a Sequential / ModuleList / Keras Sequential, in order. */
  readonly items?: Value[];
  /** A registry layer's bound constructor arguments, which double as its attributes. */
  readonly args?: Readonly<Record<string, import('../../engine/layers/layerTypes').ArgValue>>;
  /** Keras functional model: its input and output tensors. */
  keras?: { readonly inputs: readonly TensorValue[]; readonly outputs: Value };
}

/** A tensor: its shape, the receptive field of its units, and the graph node that produced it. */
export interface TensorValue {
  readonly shape: readonly number[];
  readonly rf: ReceptiveField2;
  /** Graph node id that produced it; -1 for a model input, -2 for a constant built in the code. */
  readonly node: number;
  /** Keras symbolic tensors are channels-last. */
  readonly framework: 'torch' | 'keras';
  /** The values of a small 1-D tensor computed from known numbers (torch.arange(4) * 2.5), float32 or int64 as PyTorch keeps them. */
  readonly data?: readonly number[];
  readonly dtype?: 'int' | 'float';
}

/** Every value the interpreter handles. */
export type Value =
  | { readonly k: 'none' }
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'num'; readonly v: number; readonly int: boolean }
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'tuple'; readonly items: readonly Value[]; readonly fields?: readonly string[] }
  | { readonly k: 'list'; readonly items: Value[] }
  | { readonly k: 'set'; readonly items: Value[] }
  | { readonly k: 'dict'; readonly map: Map<string, readonly [Value, Value]> }
  | { readonly k: 'func'; readonly fn: FunctionValue }
  | { readonly k: 'bound'; readonly self: Value; readonly fn: FunctionValue }
  | { readonly k: 'builtin'; readonly name: string; readonly call: BuiltinFn }
  | { readonly k: 'class'; readonly cls: ClassValue }
  | { readonly k: 'object'; readonly obj: PyObject }
  | { readonly k: 'tensor'; readonly t: TensorValue }
  | { readonly k: 'param'; readonly shape: readonly number[] }
  | { readonly k: 'ns'; readonly path: string }
  | {
      readonly k: 'partial';
      readonly fn: Value;
      readonly args: readonly Value[];
      readonly kwargs: ReadonlyMap<string, Value>;
    }
  | { readonly k: 'unknown'; readonly why: UnknownReason };

export const NONE: Value = { k: 'none' };
export const TRUE: Value = { k: 'bool', v: true };
export const FALSE: Value = { k: 'bool', v: false };

/** A number value (ints stay ints). */
export function num(v: number, int = Number.isInteger(v)): Value {
  return { k: 'num', v, int };
}

export function str(v: string): Value {
  return { k: 'str', v };
}

export function bool(v: boolean): Value {
  return v ? TRUE : FALSE;
}

export function unknown(message: string, span: Span, code = 'runtime'): Value {
  return { k: 'unknown', why: { message, span, code } };
}

export function tuple(items: readonly Value[]): Value {
  return { k: 'tuple', items };
}

export function list(items: Value[]): Value {
  return { k: 'list', items };
}

/** The items of a tuple, list or set (undefined for anything else). */
export function itemsOf(v: Value): readonly Value[] | undefined {
  return v.k === 'tuple' || v.k === 'list' || v.k === 'set' ? v.items : undefined;
}

/** The namespace value of the file being read (sys.modules[__name__]); compared by identity. */
export const THIS_MODULE: Value = { k: 'ns', path: '__main__' };

/** A hashable key for dict lookups; undefined for values that cannot be keys statically. */
export function keyOf(v: Value): string | undefined {
  switch (v.k) {
    case 'none':
      return 'None';
    case 'bool':
      return v.v ? 'n:1' : 'n:0';
    case 'num':
      return `n:${v.v}`;
    case 'str':
      return `s:${v.v}`;
    case 'tuple': {
      const parts = v.items.map(keyOf);
      return parts.every((p) => p !== undefined) ? `t:(${parts.join(',')})` : undefined;
    }
    case 'class':
      return `c:${v.cls.name}`;
    case 'object':
      return v.obj.module ? `m:${v.obj.module.id}` : undefined;
    default:
      return undefined;
  }
}

/** Python's `type(v).__name__`, for messages. */
export function typeName(v: Value): string {
  switch (v.k) {
    case 'none':
      return 'None';
    case 'num':
      return v.int ? 'int' : 'float';
    case 'object':
      return v.obj.cls.name;
    case 'class':
      return 'type';
    case 'tensor':
      return 'Tensor';
    default:
      return v.k;
  }
}

/** Python repr-ish text of a value, for messages and str(). */
export function show(v: Value): string {
  switch (v.k) {
    case 'none':
      return 'None';
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'num':
      return v.int || !Number.isInteger(v.v) ? String(v.v) : `${v.v}.0`;
    case 'str':
      return v.v;
    case 'tuple':
      return `(${v.items.map(show).join(', ')}${v.items.length === 1 ? ',' : ''})`;
    case 'list':
      return `[${v.items.map(show).join(', ')}]`;
    case 'class':
      return v.cls.name;
    case 'object':
      return v.obj.cls.name;
    case 'tensor':
      return `Tensor(${v.t.shape.join('×')})`;
    case 'func':
    case 'bound':
      return v.fn.name;
    case 'builtin':
      return v.name;
    case 'ns':
      return v.path;
    default:
      return v.k;
  }
}

/** The keyword arguments of a call that passes none (shared: callees only read them). */
export const NO_KWARGS: ReadonlyMap<string, Value> = new Map();
