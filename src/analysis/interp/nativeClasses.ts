// Library classes modelled natively: nn.Module and its containers, nn.Parameter, Keras Sequential / Model / Layer.
import * as l10n from '../../l10n';
import { findLayerConstructor } from '../../engine/layers/registry';
import type { Span } from '../python/ast';
import { TraceStop } from './graph';
import { nativeKind, type Interpreter } from './interpreter';
import { bindObject, chain, containerItems, isModuleValue, objectOf, registerChild, registerParam } from './modules';
import {
  FALSE,
  itemsOf,
  list,
  NONE,
  str,
  tuple,
  unknown,
  type ClassValue,
  type NativeClass,
  type PyObject,
  type Value,
} from './values';
import { kerasFunctionalCall } from './keras';

function nativeClass(name: string, native: NativeClass, bases: ClassValue[] = []): ClassValue {
  return { name, bases, attrs: new Map(), native };
}

const moduleClass = nativeClass('Module', 'Module');
const sequentialClass = nativeClass('Sequential', 'Sequential', [moduleClass]);
const moduleListClass = nativeClass('ModuleList', 'ModuleList', [moduleClass]);
const moduleDictClass = nativeClass('ModuleDict', 'ModuleDict', [moduleClass]);
const parameterListClass = nativeClass('ParameterList', 'ParameterList', [moduleClass]);
const kerasLayerClass = nativeClass('Layer', 'KerasLayer');
const kerasModelClass = nativeClass('Model', 'KerasModel', [kerasLayerClass]);
const kerasSequentialClass = nativeClass('Sequential', 'KerasSequential', [kerasModelClass]);
const tensorClass = nativeClass('Tensor', 'object');
const objectClass = nativeClass('object', 'object');
const enumClass = nativeClass('Enum', 'Enum');

/** One canonical class value per registry layer, so isinstance(m, nn.Conv2d) compares identities. */
const layerClasses = new Map<string, ClassValue>();

/** The class value of a registry layer (nn.Conv2d, layers.Conv2D), or undefined when the registry does not know it. */
export function layerClass(framework: 'torch' | 'keras', name: string): ClassValue | undefined {
  const key = `${framework}:${name}`;
  const cached = layerClasses.get(key);
  if (cached) return cached;
  if (!findLayerConstructor(framework, name, false)) return undefined;
  const cls: ClassValue = {
    name,
    bases: [framework === 'torch' ? moduleClass : kerasLayerClass],
    attrs: new Map(),
    native: 'layer',
    layer: { framework, name },
  };
  layerClasses.set(key, cls);
  return cls;
}

/** Keras layer names: snake_case of the class, numbered per model trace like Keras does. */
function kerasName(typeName: string, used: Map<string, number>): string {
  const base = typeName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
  const n = used.get(base) ?? 0;
  used.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

const kerasNames = new WeakMap<Interpreter, Map<string, number>>();

/** Registers a Keras layer on a Keras model under its name= or an automatic one. */
function addKerasLayer(interp: Interpreter, model: PyObject, layer: Value): void {
  if (!isModuleValue(layer) || !model.module) return;
  const used = kerasNames.get(interp) ?? new Map<string, number>();
  kerasNames.set(interp, used);
  const given = layer.obj.attrs.get('name');
  const name = given?.k === 'str' ? given.v : kerasName(layer.obj.cls.name, used);
  model.module.children.set(name, layer.obj.module);
  model.items?.push(layer);
}

function addToList(obj: PyObject, v: Value): void {
  if (!obj.module) return;
  const k = String(obj.module.children.size);
  registerChild(obj, k, v);
}

/** Fills a container (or a subclass calling super().__init__(...)) from its constructor arguments. */
/** A ModuleDict / OrderedDict-Sequential key: PyTorch requires a string; anything else stops rather than drops a child. */
function childName(interp: Interpreter, key: Value, span: Span): string {
  if (key.k === 'str') return key.v;
  if (key.k === 'unknown') interp.stopUnknown(key, l10n.t('the name of a submodule'), span);
  throw new TraceStop(
    'error',
    'moduleNameNotString',
    l10n.t('a submodule name must be a string, got {0} (line {1})', key.k, interp.lineOf(span.from)),
    span,
  );
}

function init(
  interp: Interpreter,
  obj: PyObject,
  kind: NativeClass,
  args: readonly Value[],
  kwargs: ReadonlyMap<string, Value>,
  span: Span,
): void {
  switch (kind) {
    case 'Sequential': {
      const first = args[0];
      if (args.length === 1 && first?.k === 'dict') {
        for (const [key, v] of first.map.values()) registerChild(obj, childName(interp, key, span), v);
        return;
      }
      for (const a of args) {
        if (!isModuleValue(a)) {
          if (a.k === 'unknown') interp.stopUnknown(a, l10n.t('a layer of this Sequential'), span);
          throw new TraceStop(
            'error',
            'notAModule',
            l10n.t(
              'nn.Sequential takes modules, got {0} (line {1})',
              a.k === 'list' ? l10n.t('a list (use *layers)') : a.k,
              interp.lineOf(span.from),
            ),
            span,
          );
        }
        addToList(obj, a);
      }
      return;
    }
    case 'ModuleList':
    case 'ParameterList': {
      const first = args[0] ?? kwargs.get('modules');
      if (first) for (const a of interp.iterate(first, span)) addToList(obj, a);
      return;
    }
    case 'ModuleDict': {
      const first = args[0] ?? kwargs.get('modules');
      if (first?.k === 'dict')
        for (const [key, v] of first.map.values()) registerChild(obj, childName(interp, key, span), v);
      else if (first)
        for (const pair of interp.iterate(first, span)) {
          const [key, v] = itemsOf(pair) ?? [];
          if (key && v) registerChild(obj, childName(interp, key, span), v);
        }
      return;
    }
    case 'KerasSequential': {
      const layers = args[0] ?? kwargs.get('layers');
      if (layers) for (const l of interp.iterate(layers, span)) kerasAdd(interp, obj, l, span);
      return;
    }
    case 'KerasModel': {
      const inputs = args[0] ?? kwargs.get('inputs');
      const outputs = args[1] ?? kwargs.get('outputs');
      if (inputs && outputs) {
        const ins = (
          itemsOf(inputs) ?? (inputs.k === 'dict' ? [...inputs.map.values()].map(([, v]) => v) : [inputs])
        ).flatMap((v) => (v.k === 'tensor' ? [v.t] : []));
        obj.keras = { inputs: ins, outputs };
        kerasFunctionalCall(interp, obj, 'collect', span);
      }
      return;
    }
    default:
      return;
  }
}

/** model.add(layer) for Keras Sequential; an Input only sets the input shape. */
function kerasAdd(interp: Interpreter, obj: PyObject, layer: Value, span: Span): void {
  if (layer.k === 'tensor') {
    obj.attrs.set('_input', layer);
    return;
  }
  if (layer.k === 'object' && layer.obj.cls.name === 'InputLayer') {
    obj.attrs.set('_input', layer.obj.attrs.get('_input') ?? NONE);
    return;
  }
  if (!isModuleValue(layer)) {
    if (layer.k === 'unknown') interp.stopUnknown(layer, l10n.t('a layer of this Sequential'), span);
    return;
  }
  addKerasLayer(interp, obj, layer);
}

/** Constructs a native container class (or one of its subclasses without __init__). */
function construct(
  interp: Interpreter,
  cls: ClassValue,
  args: readonly Value[],
  kwargs: ReadonlyMap<string, Value>,
  span: Span,
): Value {
  const kind = nativeKind(cls) ?? 'object';
  const framework = kind.startsWith('Keras') ? 'keras' : 'torch';
  const obj: PyObject = {
    cls,
    attrs: new Map(),
    module: interp.newModule(cls.name, span, framework),
    ...(kind === 'KerasSequential' ? { items: [] } : {}),
  };
  bindObject(obj);
  init(interp, obj, kind, args, kwargs, span);
  return { k: 'object', obj };
}

/** Methods every nn.Module (and Keras model) has that matter statically; everything about weights is a no-op. */
function method(interp: Interpreter, obj: PyObject, name: string, span: Span): Value | undefined {
  const kind = nativeKind(obj.cls);
  if (!kind || kind === 'object') return undefined;
  const self: Value = { k: 'object', obj };
  const fn = (call: (args: readonly Value[], kwargs: ReadonlyMap<string, Value>, s: Span) => Value): Value => ({
    k: 'builtin',
    name,
    call,
  });
  const mod = obj.module;
  const allModules = (): Value[] => {
    const out: Value[] = [];
    const seen = new Set<number>();
    const walk = (n: NonNullable<typeof mod>): void => {
      if (seen.has(n.id)) return;
      seen.add(n.id);
      out.push(objectOf(n));
      for (const c of n.children.values()) walk(c);
    };
    if (mod) walk(mod);
    return out;
  };
  switch (name) {
    case 'training':
      return FALSE;
    case 'requires_grad_':
      // Freezes (or unfreezes) every parameter of the subtree: torchinfo and PyTorch count them as non-trainable.
      return fn((a, kw) => {
        const flag = a[0] ?? kw.get('requires_grad');
        const value =
          flag === undefined ? true : flag.k === 'bool' ? flag.v : flag.k === 'num' ? flag.v !== 0 : undefined;
        const walk = (n: NonNullable<typeof mod>, seen: Set<number>): void => {
          if (seen.has(n.id)) return;
          seen.add(n.id);
          n.requiresGrad = value;
          for (const c of n.children.values()) walk(c, seen);
        };
        if (mod) walk(mod, new Set());
        return self;
      });
    case '__setattr__':
      return fn((a, _kw, s) => {
        if (a[0]?.k === 'str' && a[1]) interp.setAttr(self, a[0].v, a[1], s);
        return NONE;
      });
    case '__getattr__':
      return fn((a, _kw, s) =>
        a[0]?.k === 'str' ? interp.getAttr(self, a[0].v, s) : unknown(l10n.t('__getattr__ of an unknown name'), s),
      );
    case 'add_module':
    case 'register_module':
      return fn((a) => {
        const [n, m] = a;
        if (n?.k === 'str' && m) registerChild(obj, n.v, m);
        return NONE;
      });
    case 'register_buffer':
      return fn((a) => {
        if (a[0]?.k === 'str' && a[1]) obj.attrs.set(a[0].v, a[1]);
        return NONE;
      });
    case 'register_parameter':
      return fn((a) => {
        if (a[0]?.k === 'str' && mod) {
          const p = a[1];
          registerParam(mod, a[0].v, p?.k === 'param' ? p.shape.reduce((x, y) => x * y, 1) : undefined);
          if (p) obj.attrs.set(a[0].v, p);
        }
        return NONE;
      });
    case 'modules':
      return fn(() => list(allModules()));
    case 'named_modules':
      return fn(() => list(allModules().map((m) => tuple([str(''), m]))));
    case 'children':
      return fn(() => list(mod ? [...mod.children.values()].map(objectOf) : []));
    case 'named_children':
      return fn(() => list(mod ? [...mod.children.entries()].map(([k, c]) => tuple([str(k), objectOf(c)])) : []));
    case 'parameters':
    case 'named_parameters':
    case 'buffers':
    case 'state_dict':
      return fn(() => unknown(l10n.t('{0}() of a model', name), span, 'runtime'));
    case 'apply':
    case 'eval':
    case 'train':
    case 'to':
    case 'cuda':
    case 'cpu':
    case 'float':
    case 'double':
    case 'half':
    case 'zero_grad':
    case 'load_state_dict':
    case 'share_memory':
    case 'compile':
    case 'summary':
    case 'build':
      return fn(() => self);
    case 'fit':
    case 'evaluate':
    case 'predict':
    case 'save':
    case 'load_weights':
      return fn(() => unknown(`model.${name}()`, span, 'runtime'));
    default:
      break;
  }
  if (kind === 'Sequential' || kind === 'ModuleList' || kind === 'ParameterList') {
    if (name === 'append') return fn((a) => (a[0] && addToList(obj, a[0]), self));
    if (name === 'extend')
      return fn((a) => (a[0] && interp.iterate(a[0], span).forEach((m) => addToList(obj, m)), self));
    if (name === 'insert')
      return fn((a) => {
        const [at, m] = a;
        if (at?.k !== 'num' || !m || !mod) return self;
        const items = containerItems(obj);
        items.splice(at.v, 0, m);
        mod.children.clear();
        items.forEach((x, k) => registerChild(obj, String(k), x));
        return self;
      });
    if (name === 'forward' && kind === 'Sequential')
      return fn((a, _kw, s) => chain(interp, containerItems(obj), a[0] ?? NONE, s));
  }
  if (kind === 'ModuleDict') {
    const entries = (): [string, Value][] => (mod ? [...mod.children.entries()].map(([k, c]) => [k, objectOf(c)]) : []);
    if (name === 'items') return fn(() => list(entries().map(([k, v]) => tuple([str(k), v]))));
    if (name === 'keys') return fn(() => list(entries().map(([k]) => str(k))));
    if (name === 'values') return fn(() => list(entries().map(([, v]) => v)));
    if (name === 'update')
      return fn(
        (a) => (
          a[0]?.k === 'dict' && [...a[0].map.values()].forEach(([k, v]) => k.k === 'str' && registerChild(obj, k.v, v)),
          NONE
        ),
      );
  }
  if (kind === 'KerasSequential') {
    if (name === 'add') return fn((a, _kw, s) => (a[0] && kerasAdd(interp, obj, a[0], s), NONE));
    if (name === 'layers') return list(containerItems(obj));
    if (name === 'pop')
      return fn(() => {
        const last = obj.items?.pop();
        if (last && isModuleValue(last) && mod)
          for (const [k, c] of mod.children) if (c === last.obj.module) mod.children.delete(k);
        return NONE;
      });
  }
  if (name === 'layers' && mod) return list([...mod.children.values()].map(objectOf));
  return undefined;
}

/** A Keras functional model called on new inputs is not traced again: its own graph is the one reported. */
function callFunctional(interp: Interpreter, obj: PyObject, args: readonly Value[], span: Span): Value {
  return kerasFunctionalCall(interp, obj, args, span);
}

/** Everything other modules need from here. */
export const NATIVE = {
  construct,
  init,
  method,
  callFunctional,
  moduleClass,
  sequentialClass,
  moduleListClass,
  moduleDictClass,
  parameterListClass,
  kerasLayerClass,
  kerasModelClass,
  kerasSequentialClass,
  tensorClass,
  objectClass,
  enumClass,
};
