// nn.Module semantics for the interpreter: instantiating classes, registering children and parameters, calling modules.
import * as l10n from '../../l10n';
import { findLayerConstructor } from '../../engine/layers/registry';
import { bindLayerArgs } from './layerArgs';
import type { ArgValue } from '../../engine/layers/layerTypes';
import type { Span } from '../python/ast';
import { TraceStop } from './graph';
import { isSubclass, lookupClassAttr, nativeKind, type Interpreter } from './interpreter';
import { NATIVE } from './nativeClasses';
import { applyLayer } from './layerCalls';
import { valueAttr } from './pyMethods';
import {
  itemsOf,
  list,
  NONE,
  NO_KWARGS,
  num,
  str,
  tuple,
  unknown,
  type ClassValue,
  type ModuleNode,
  type PyObject,
  type Value,
} from './values';

/** The object each module node belongs to. */
const objectOfNode = new WeakMap<ModuleNode, PyObject>();
/** For super() proxies: the class whose body the call is in, and the instance. */
const superTargets = new WeakMap<object, { readonly owner: ClassValue; readonly self: Value }>();

/** The object behind a module node. */
export function objectOf(node: ModuleNode): Value {
  const o = objectOfNode.get(node);
  return o ? { k: 'object', obj: o } : NONE;
}

/** Records which object a module node belongs to. */
export function bindObject(obj: PyObject): void {
  if (obj.module) objectOfNode.set(obj.module, obj);
}

/** Is the value a module (anything with a node in the module tree)? */
export function isModuleValue(v: Value): v is { k: 'object'; obj: PyObject & { module: ModuleNode } } {
  return v.k === 'object' && v.obj.module !== undefined;
}

/** The framework a class belongs to (by its nearest native base). */
function frameworkOf(cls: ClassValue): 'torch' | 'keras' {
  const k = nativeKind(cls);
  if (cls.layer) return cls.layer.framework;
  if (k === 'KerasModel' || k === 'KerasSequential' || k === 'KerasLayer') return 'keras';
  for (const b of cls.bases) if (b.layer?.framework === 'keras') return 'keras';
  return 'torch';
}

/** Back from a constructor argument to a value (layer attributes such as conv.out_channels). */
function fromArgValue(a: ArgValue): Value {
  if (a === null) return NONE;
  if (typeof a === 'boolean') return { k: 'bool', v: a };
  if (typeof a === 'number') return num(a);
  if (typeof a === 'string') return str(a);
  return tuple(a.map(fromArgValue));
}

/** `Cls(*args, **kwargs)`. */
export function instantiate(
  interp: Interpreter,
  cls: ClassValue,
  args: readonly Value[],
  kwargs: ReadonlyMap<string, Value>,
  span: Span,
): Value {
  if (cls.layer) return newLayer(interp, cls, args, kwargs, span);
  const kind = nativeKind(cls);
  // A subclass of a registry layer: its own __init__ builds the layer through super().__init__(...).
  if (kind === 'layer') {
    const init = lookupClassAttr(cls, '__init__');
    if (init?.k !== 'func') return newLayer(interp, cls, args, kwargs, span);
    const obj: PyObject = {
      cls,
      attrs: new Map(),
      module: interp.newModule(cls.name, span, layerBase(cls)!.framework),
    };
    objectOfNode.set(obj.module!, obj);
    interp.callFunction(init.fn, [{ k: 'object', obj }, ...args], kwargs, span);
    return { k: 'object', obj };
  }
  if (cls.native && cls.native !== 'Module' && cls.native !== 'object' && cls.native !== 'KerasLayer')
    return NATIVE.construct(interp, cls, args, kwargs, span);
  if (cls.native === 'object' && cls.attrs.has('__new__')) return cls.attrs.get('__new__')!;
  const framework = frameworkOf(cls);
  const isModule = kind !== undefined && kind !== 'object' && kind !== 'Enum';
  const obj: PyObject = {
    cls,
    attrs: new Map(),
    ...(isModule ? { module: interp.newModule(cls.name, span, framework) } : {}),
  };
  if (obj.module) objectOfNode.set(obj.module, obj);
  const self: Value = { k: 'object', obj };
  const init = lookupClassAttr(cls, '__init__');
  if (init && init.k === 'func') interp.callFunction(init.fn, [self, ...args], kwargs, span);
  else if (init && init.k === 'builtin') init.call([self, ...args], kwargs, span);
  else if (kind && kind !== 'Module' && kind !== 'object' && kind !== 'KerasLayer')
    NATIVE.init(interp, obj, kind, args, kwargs, span);
  else if (cls.opaqueBase && !kind)
    return unknown(l10n.t('{0}, whose base class is {1}', cls.name, cls.opaqueBase.message), span, 'external');
  return self;
}

/** The registry layer a class is or derives from (nn.LayerNorm for `class LayerNorm2d(nn.LayerNorm)`). */
function layerBase(cls: ClassValue): ClassValue['layer'] {
  if (cls.layer) return cls.layer;
  for (const b of cls.bases) {
    const hit = layerBase(b);
    if (hit) return hit;
  }
  return undefined;
}

/** A layer's weight or bias as init code sees it: of a size ConvLens does not track (values are never changed in place). */
const UNSIZED_WEIGHTS: Value = { k: 'param', shape: [] };

const KERAS_INPUT_KEYWORDS = ['input_shape', 'batch_input_shape', 'name'];

function newLayer(
  interp: Interpreter,
  cls: ClassValue,
  args: readonly Value[],
  kwargs: ReadonlyMap<string, Value>,
  span: Span,
  into?: PyObject,
): Value {
  const { framework, name } = layerBase(cls)!;
  const found = findLayerConstructor(framework, name, false);
  if (!found) return unknown(l10n.t('{0}, which ConvLens does not know', name), span, 'unknownLayer');
  const ctor = found.constructor;
  const bound = bindLayerArgs(interp, ctor, name, args, kwargs, span);
  let attrs: unknown;
  try {
    attrs = ctor.build(bound, name);
  } catch (e) {
    interp.shapeStop(e, span);
  }
  const module = into?.module ?? interp.newModule(cls.name, span, framework);
  const layer = { definition: found.definition, attrs, typeName: name, framework, args: bound };
  module.layer = layer;
  module.ownParams = found.definition.ownParams(attrs);
  // The constructor's arguments are the layer's attributes (conv.out_channels), read from them when asked for.
  const obj: PyObject = into ?? { cls, attrs: new Map(), module, args: bound };
  if (into) for (const [k, v] of Object.entries(bound)) obj.attrs.set(k, fromArgValue(v));
  // Keras reads the model's input from its first layer's input_shape= (the registry ignores it as a layer argument).
  if (framework === 'keras')
    for (const k of KERAS_INPUT_KEYWORDS) {
      const given = kwargs.get(k);
      if (given) obj.attrs.set(k, given);
    }
  // Weights of unknown size (init code reads them); a layer built with bias=False has bias None, as in PyTorch.
  if (!obj.attrs.has('weight')) obj.attrs.set('weight', UNSIZED_WEIGHTS);
  if (!obj.attrs.has('bias') || bound['bias'] === false)
    obj.attrs.set('bias', bound['bias'] === false ? NONE : UNSIZED_WEIGHTS);
  objectOfNode.set(module, obj);
  return { k: 'object', obj };
}

const TORCH_CALL = ['forward', '__call__'];
const KERAS_CALL = ['call', '__call__'];

/** Calling an instance: a layer applies itself, a container chains its items, a user module runs forward (or Keras call). */
export function callObject(
  interp: Interpreter,
  obj: PyObject,
  args: readonly Value[],
  kwargs: ReadonlyMap<string, Value>,
  span: Span,
): Value {
  const module = obj.module;
  const userCall = lookupUserMethod(obj.cls, module?.framework === 'keras' ? KERAS_CALL : TORCH_CALL);
  if (module?.layer && !userCall) return applyLayer(interp, obj, module, args, kwargs, span);
  if (userCall) {
    if (module) module.calls++;
    return leafNode(
      interp,
      module,
      args,
      inScope(interp, module, () => interp.callFunction(userCall, [{ k: 'object', obj }, ...args], kwargs, span)),
      span,
    );
  }
  const kind = nativeKind(obj.cls);
  if (kind === 'Sequential' || kind === 'KerasSequential') {
    if (module) module.calls++;
    return leafNode(
      interp,
      module,
      args,
      inScope(interp, module, () => chain(interp, containerItems(obj), args[0] ?? NONE, span)),
      span,
    );
  }
  if (obj.keras) return NATIVE.callFunctional(interp, obj, args, span);
  if (kind === 'ModuleList' || kind === 'ModuleDict')
    throw new TraceStop(
      'error',
      'notCallable',
      l10n.t('{0} is not callable: call its items (line {1})', obj.cls.name, interp.lineOf(span.from)),
      span,
    );
  return unknown(l10n.t('calling {0}, which has no forward()', obj.cls.name), span);
}

/** Runs `f` with `module` as the recorder's scope (the nodes it records belong to that module's forward). */
function inScope(interp: Interpreter, module: ModuleNode | undefined, f: () => Value): Value {
  if (!module) return f();
  const outer = interp.recorder.scope;
  interp.recorder.scope = module;
  try {
    return f();
  } finally {
    interp.recorder.scope = outer;
  }
}

/** A module without children is a leaf of the tree (as PyTorch's hooks see it): its call becomes one node. */
function leafNode(
  interp: Interpreter,
  module: ModuleNode | undefined,
  args: readonly Value[],
  result: Value,
  span: Span,
): Value {
  if (!module || module.children.size > 0) return result;
  const outputs =
    result.k === 'tensor'
      ? [result.t]
      : result.k === 'tuple'
        ? result.items.flatMap((x) => (x.k === 'tensor' ? [x.t] : []))
        : [];
  if (outputs.length === 0) return result;
  const inputs = args.flatMap((a) => (a.k === 'tensor' ? [a.t] : []));
  const node = interp.recorder.add({
    op: 'layer',
    typeName: module.typeName,
    module,
    inputs: inputs.map((t) => t.node),
    inputShapes: inputs.map((t) => t.shape),
    outputShapes: outputs.map((t) => t.shape),
    params: module.ownParams ?? 0,
    macs: 0,
    rf: outputs[0]!.rf,
    span,
  });
  const relabel = (v: Value): Value => (v.k === 'tensor' ? { k: 'tensor', t: { ...v.t, node: node.id } } : v);
  return result.k === 'tuple' ? { ...result, items: result.items.map(relabel) } : relabel(result);
}

/** copy.copy / copy.deepcopy: plain objects copy their attributes; a module is cloned with its whole subtree (new parameters). */
export function copyValue(interp: Interpreter, v: Value, deep: boolean, span: Span): Value {
  if (v.k === 'list') return list(deep ? v.items.map((x) => copyValue(interp, x, true, span)) : [...v.items]);
  if (v.k === 'dict')
    return {
      k: 'dict',
      map: new Map(
        deep ? [...v.map].map(([k, [kk, vv]]) => [k, [kk, copyValue(interp, vv, true, span)] as const]) : v.map,
      ),
    };
  if (v.k !== 'object') return v;
  const clones = new Map<ModuleNode, ModuleNode>();
  const cloneNode = (n: ModuleNode): ModuleNode => {
    const hit = clones.get(n);
    if (hit) return hit;
    const c = interp.newModule(n.typeName, n.span, n.framework);
    clones.set(n, c);
    c.ownParams = n.ownParams;
    c.nonTrainable = n.nonTrainable;
    c.requiresGrad = n.requiresGrad;
    if (n.layer) c.layer = n.layer;
    for (const [k, child] of n.children) c.children.set(k, deep || !v.obj.module ? cloneNode(child) : child);
    const src = objectOfNode.get(n);
    if (src) bindObject({ ...src, attrs: new Map(src.attrs), module: c });
    return c;
  };
  const module = v.obj.module ? cloneNode(v.obj.module) : undefined;
  const obj: PyObject = { ...v.obj, attrs: new Map(v.obj.attrs), ...(module ? { module } : {}) };
  if (module) {
    objectOfNode.set(module, obj);
    for (const [k, a] of obj.attrs)
      if (isModuleValue(a) && clones.has(a.obj.module)) obj.attrs.set(k, objectOf(clones.get(a.obj.module)!));
  }
  return { k: 'object', obj };
}

/** The first user-written method of these names along the class's bases. */
function lookupUserMethod(cls: ClassValue, names: readonly string[]): import('./values').FunctionValue | undefined {
  for (const name of names) {
    const v = lookupClassAttr(cls, name);
    if (v?.k === 'func') return v.fn;
  }
  return undefined;
}

/** x through each module in turn. */
export function chain(interp: Interpreter, items: readonly Value[], x: Value, span: Span): Value {
  let cur = x;
  for (const m of items) cur = interp.call(m, [cur], NO_KWARGS, span);
  return cur;
}

/** The modules of a Sequential / ModuleList / Keras Sequential, in order. */
export function containerItems(obj: PyObject): Value[] {
  if (obj.items) return obj.items;
  return obj.module ? [...obj.module.children.values()].map(objectOf) : [];
}

/** Registers (or replaces) a child under a name, keeping the first registration's place as nn.Module does. */
export function registerChild(parent: PyObject, name: string, child: Value): void {
  if (!parent.module) return;
  if (isModuleValue(child)) parent.module.children.set(name, child.obj.module);
  else if (child.k === 'none') parent.module.children.delete(name);
}

const paramCounts = new WeakMap<ModuleNode, Map<string, number>>();
/** Attributes holding values that may be modules ConvLens cannot read, with why. */
const opaqueModules = new WeakMap<ModuleNode, Map<string, string>>();

/** Why a module's parameters cannot be counted exactly (an attribute ConvLens cannot read), or undefined. */
export function opaqueReason(module: ModuleNode): string | undefined {
  const m = opaqueModules.get(module);
  return m && m.size > 0 ? [...m.values()][0] : undefined;
}

/** Registers a parameter (nn.Parameter) directly on a module. */
export function registerParam(module: ModuleNode, name: string, numel: number | undefined): void {
  let counts = paramCounts.get(module);
  // Most attributes are not parameters: no map is made for them.
  if (numel !== undefined && !counts) {
    counts = new Map<string, number>();
    paramCounts.set(module, counts);
  }
  if (numel === undefined) counts?.delete(name);
  else counts!.set(name, numel);
  if (module.layer) return;
  let total = 0;
  if (counts) for (const c of counts.values()) total += c;
  module.ownParams = total;
}

/** self.name = value on an object: modules become children, nn.Parameters count as parameters. */
export function setModuleAttr(interp: Interpreter, obj: PyObject, name: string, v: Value, span: Span): void {
  obj.attrs.set(name, v);
  if (!obj.module) return;
  // An attribute that may be a module ConvLens cannot read (nn.LSTM, a class from another file) makes the count unknowable.
  const opaque = opaqueModules.get(obj.module);
  if (v.k === 'unknown' && (v.why.code === 'unknownLayer' || v.why.code === 'external')) {
    const reasons = opaque ?? new Map<string, string>();
    reasons.set(name, l10n.t('self.{0} (line {1}) is {2}', name, interp.lineOf(span.from), v.why.message));
    opaqueModules.set(obj.module, reasons);
  } else opaque?.delete(name);
  if (isModuleValue(v) || (v.k === 'none' && obj.module.children.has(name))) registerChild(obj, name, v);
  if (v.k === 'param')
    registerParam(
      obj.module,
      name,
      v.shape.reduce((a, b) => a * b, 1),
    );
  else registerParam(obj.module, name, undefined);
  // Keras tracks layers kept in lists on a layer or model.
  if (obj.module.framework === 'keras' && (v.k === 'list' || v.k === 'tuple')) {
    v.items.forEach((item, k) => {
      if (isModuleValue(item)) obj.module!.children.set(`${name}.${k}`, item.obj.module);
    });
  }
}

/** obj.name (or obj[name] for ModuleDict). */
export function moduleAttr(
  interp: Interpreter,
  v: Value & { k: 'object' },
  name: string,
  span: Span,
  asItem: boolean,
): Value {
  const obj = v.obj;
  if (asItem) {
    const child = obj.module?.children.get(name);
    if (child) return objectOf(child);
    throw new TraceStop(
      'error',
      'keyError',
      l10n.t("{0} has no entry '{1}' (line {2})", obj.cls.name, name, interp.lineOf(span.from)),
      span,
    );
  }
  const own = obj.attrs.get(name);
  if (own !== undefined) return own;
  if (obj.args && Object.prototype.hasOwnProperty.call(obj.args, name)) return fromArgValue(obj.args[name]!);
  const fromClass = lookupClassAttr(obj.cls, name);
  if (fromClass !== undefined) {
    if (fromClass.k === 'func') {
      if (fromClass.fn.kind === 'static') return fromClass;
      if (fromClass.fn.kind === 'class') return { k: 'bound', self: { k: 'class', cls: obj.cls }, fn: fromClass.fn };
      if (fromClass.fn.kind === 'property') return interp.callFunction(fromClass.fn, [v], NO_KWARGS, span);
      return { k: 'bound', self: v, fn: fromClass.fn };
    }
    if (fromClass.k === 'builtin')
      return { k: 'builtin', name: fromClass.name, call: (a, kw, s) => fromClass.call([v, ...a], kw, s) };
    return fromClass;
  }
  const native = NATIVE.method(interp, obj, name, span);
  if (native) return native;
  if (obj.module?.children.has(name)) return objectOf(obj.module.children.get(name)!);
  if (obj.cls.opaqueBase)
    return unknown(
      l10n.t('{0}.{1}, inherited from {2}', obj.cls.name, name, obj.cls.opaqueBase.message),
      span,
      'external',
    );
  return unknown(l10n.t('{0}.{1}, which ConvLens cannot find', obj.cls.name, name), span, 'attribute');
}

/** Attributes of classes themselves (nn.Module.__init__, Cls.__name__). */
export function classAttr(interp: Interpreter, cls: ClassValue, name: string, span: Span): Value {
  if (name === '__name__') return str(cls.name);
  if (name === '__init__')
    return {
      k: 'builtin',
      name: '__init__',
      call: (args, kwargs, s) => {
        const self = args[0];
        if (self?.k === 'object') NATIVE.init(interp, self.obj, nativeKind(cls) ?? 'object', args.slice(1), kwargs, s);
        return NONE;
      },
    };
  if (cls.opaqueBase)
    return unknown(l10n.t('{0}.{1}, inherited from {2}', cls.name, name, cls.opaqueBase.message), span, 'external');
  return unknown(`${cls.name}.${name}`, span, 'attribute');
}

/** super(): a proxy whose attributes come from the bases of the class whose method is running. */
export function makeSuper(
  _interp: Interpreter,
  owner: ClassValue | undefined,
  self: Value | undefined,
  span: Span,
): Value {
  if (!owner || !self) return unknown(l10n.t('super() outside a method'), span);
  const proxy: Value = { k: 'builtin', name: 'super', call: () => unknown(l10n.t('calling super()'), span) };
  superTargets.set(proxy, { owner, self });
  return proxy;
}

/** Attribute of a super() proxy. */
export function superAttr(interp: Interpreter, proxy: Value, name: string, span: Span): Value | undefined {
  const target = superTargets.get(proxy);
  if (!target) return undefined;
  for (const base of target.owner.bases) {
    const hit = lookupClassAttr(base, name);
    if (hit?.k === 'func') return hit.fn.kind === 'static' ? hit : { k: 'bound', self: target.self, fn: hit.fn };
    if (hit?.k === 'builtin') return { k: 'builtin', name, call: (a, kw, s) => hit.call([target.self, ...a], kw, s) };
  }
  const self = target.self;
  if (self.k !== 'object') return unknown(`super().${name}`, span);
  const kind = target.owner.bases.map(nativeKind).find((k) => k !== undefined);
  if (name === '__init__' && kind === 'layer') {
    return {
      k: 'builtin',
      name: '__init__',
      call: (args, kwargs, s) => (newLayer(interp, self.obj.cls, args, kwargs, s, self.obj), NONE),
    };
  }
  if (name === '__init__') {
    return {
      k: 'builtin',
      name: '__init__',
      call: (args, kwargs, s) => {
        if (kind && kind !== 'Module' && kind !== 'object' && kind !== 'KerasLayer')
          NATIVE.init(interp, self.obj, kind, args, kwargs, s);
        return NONE;
      },
    };
  }
  if (name === 'forward' && (kind === 'Sequential' || kind === 'KerasSequential')) {
    return {
      k: 'builtin',
      name: 'forward',
      call: (args, _kw, s) => chain(interp, containerItems(self.obj), args[0] ?? NONE, s),
    };
  }
  if (name === 'call' && kind === 'KerasModel' && self.obj.keras)
    return { k: 'builtin', name: 'call', call: (args, _kw, s) => NATIVE.callFunctional(interp, self.obj, args, s) };
  const native = NATIVE.method(interp, self.obj, name, span);
  if (native) return native;
  return unknown(`super().${name}`, span, 'attribute');
}

/** isinstance(v, cls) for the classes the interpreter knows. */
export function isInstance(v: Value, cls: Value): boolean | undefined {
  // A single class (the common case) is tested without building a one-item list.
  const classes = itemsOf(cls);
  let unsure = false;
  if (classes) {
    for (const c of classes) {
      const r = instanceOfOne(v, c);
      if (r === true) return true;
      if (r === 'unsure') unsure = true;
    }
  } else {
    const r = instanceOfOne(v, cls);
    if (r === true) return true;
    unsure = r === 'unsure';
  }
  if (v.k === 'unknown') return undefined;
  return unsure ? undefined : false;
}

/** isinstance against one class: yes, not this one, or cannot tell. */
function instanceOfOne(v: Value, c: Value): true | 'no' | 'unsure' {
  if (c.k === 'unknown') return 'unsure';
  if (c.k === 'builtin') {
    const n = c.name;
    const hit =
      (n === 'int' && v.k === 'num' && v.int) ||
      (n === 'float' && v.k === 'num') ||
      (n === 'bool' && v.k === 'bool') ||
      (n === 'str' && v.k === 'str') ||
      (n === 'list' && v.k === 'list') ||
      (n === 'tuple' && v.k === 'tuple') ||
      (n === 'dict' && v.k === 'dict');
    return hit ? true : 'no';
  }
  if (c.k === 'ns' && /^(typing|collections\.abc)\./.test(c.path)) {
    const t = c.path.replace(/^.*\./, '');
    const seq = v.k === 'list' || v.k === 'tuple';
    if (
      (['Sequence', 'List', 'Iterable', 'Collection', 'MutableSequence'].includes(t) && seq) ||
      (t === 'Mapping' && v.k === 'dict') ||
      (t === 'Callable' && (v.k === 'func' || v.k === 'builtin' || v.k === 'class' || v.k === 'partial'))
    )
      return true;
    return v.k === 'unknown' ? 'unsure' : 'no';
  }
  if (c.k === 'class') {
    if (v.k === 'object' && isSubclass(v.obj.cls, c.cls)) return true;
    if (v.k === 'tensor' && c.cls === NATIVE.tensorClass) return true;
    if (v.k === 'object' && v.obj.cls.opaqueBase) return 'unsure';
  }
  return 'no';
}

/** seq[1:3] on a Sequential: a new Sequential of those modules (as PyTorch's slicing gives). */
export function sliceSequential(interp: Interpreter, obj: PyObject, items: Value[], span: Span): Value {
  return NATIVE.construct(interp, obj.cls.native ? obj.cls : NATIVE.sequentialClass, items, new Map(), span);
}

/** An attribute of a plain value, or of a super() proxy. */
export function valueOrSuperAttr(interp: Interpreter, v: Value, name: string, span: Span): Value {
  if (v.k === 'builtin' && v.name === 'super')
    return superAttr(interp, v, name, span) ?? unknown(`super().${name}`, span);
  return valueAttr(interp, v, name, span);
}
