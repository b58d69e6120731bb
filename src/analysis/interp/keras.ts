// Keras in the interpreter: keras.Input, Sequential / Model / Layer classes, merge layers (add, concatenate) and tf ops.
import * as l10n from '../../l10n';
import type { Span } from '../python/ast';
import { TraceStop, type GraphNode } from './graph';
import type { Interpreter } from './interpreter';
import { INPUT_RF } from './layerCalls';
import { objectOf } from './modules';
import { layerClass, NATIVE } from './nativeClasses';
import * as shapes from './tensorShapes';
import { recordMerge, shapeNode, intOf } from './tensors';
import {
  itemsOf,
  NONE,
  num,
  show,
  tuple,
  unknown,
  type ClassValue,
  type PyObject,
  type TensorValue,
  type Value,
} from './values';

/** Is this a Keras namespace (keras, tf.keras, tensorflow.keras and their submodules)? */
export function isKerasPath(path: string): boolean {
  return /(^|\.)keras(\.|$)/.test(path);
}

function fn(
  name: string,
  call: (args: readonly Value[], kwargs: ReadonlyMap<string, Value>, span: Span) => Value,
): Value {
  return { k: 'builtin', name, call };
}

/** Shapes of keras.Input(shape=...): the batch is 1 unless batch_size says otherwise; an override from the CLI or a comment wins. */
function kerasInput(
  interp: Interpreter,
  args: readonly Value[],
  kwargs: ReadonlyMap<string, Value>,
  span: Span,
): Value {
  const shapeValue = kwargs.get('shape') ?? args[0];
  const items = shapeValue ? itemsOf(shapeValue) : undefined;
  const batch = intOf(kwargs.get('batch_size')) ?? 1;
  const dims = items?.map((d) => (d.k === 'none' ? undefined : intOf(d)));
  const override = interp.options.kerasInput;
  let shape: readonly number[] | undefined;
  if (override && dims && override.length === dims.length + 1) shape = override;
  else if (dims && dims.every((d) => d !== undefined)) shape = [batch, ...dims];
  if (!shape) {
    if (shapeValue?.k === 'unknown') interp.stopUnknown(shapeValue, l10n.t('keras.Input shape'), span);
    return unknown(
      l10n.t(
        'keras.Input with shape {0} (a None size other than the batch needs --input)',
        shapeValue ? show(shapeValue) : l10n.t('missing'),
      ),
      span,
      'kerasInput',
    );
  }
  interp.noteInput(shape, span);
  return { k: 'tensor', t: { shape, rf: INPUT_RF, node: -1, framework: 'keras' } };
}

/** A merge layer (Add, Concatenate, …) as a parameter-free module called on a list of tensors. */
const mergeClasses = new Map<string, ClassValue>();

function mergeClass(name: string): ClassValue {
  const cached = mergeClasses.get(name);
  if (cached) return cached;
  const cls: ClassValue = { name, bases: [NATIVE.kerasLayerClass], attrs: new Map(), native: 'KerasLayer' };
  cls.attrs.set(
    '__init__',
    fn('__init__', (a, kw) => {
      const self = a[0];
      if (self?.k === 'object') self.obj.attrs.set('axis', kw.get('axis') ?? a[1] ?? num(-1));
      return NONE;
    }),
  );
  cls.attrs.set(
    'call',
    fn('call', (a, _kw, span) => {
      const self = a[0];
      const axis = self?.k === 'object' ? (intOf(self.obj.attrs.get('axis')) ?? -1) : -1;
      if (self?.k === 'object' && self.obj.module) self.obj.module.calls++;
      return merge(interp(self), name, a[1] ?? NONE, axis, span, self?.k === 'object' ? self.obj : undefined);
    }),
  );
  mergeClasses.set(name, cls);
  return cls;
}

// The merge classes are shared between interpreters; the running one is passed through a module-level slot.
let running: Interpreter | undefined;
function interp(_self: Value | undefined): Interpreter {
  if (!running) throw new Error('keras merge outside an interpreter');
  return running;
}

const MERGES = ['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate'];

/** Merging a list of Keras tensors. */
function merge(it: Interpreter, kind: string, inputs: Value, axis: number, span: Span, layer?: PyObject): Value {
  const items = itemsOf(inputs);
  if (!items) return inputs.k === 'unknown' ? inputs : unknown(l10n.t('{0} of {1}', kind, show(inputs)), span);
  const ts: TensorValue[] = [];
  for (const v of items) {
    if (v.k === 'tensor') ts.push(v.t);
    else if (v.k === 'unknown') it.stopUnknown(v, l10n.t('an input of {0}', kind), span);
    else
      throw new TraceStop(
        'error',
        'notATensor',
        l10n.t('{0} got {1} (line {2})', kind, show(v), it.lineOf(span.from)),
        span,
      );
  }
  let shape: number[];
  try {
    shape =
      kind === 'Concatenate'
        ? shapes.cat(
            ts.map((t) => t.shape),
            axis,
          )
        : ts
            .slice(1)
            .reduce<number[]>((acc, t) => shapes.broadcast(acc, t.shape, kind.toLowerCase()), [...ts[0]!.shape]);
  } catch (e) {
    it.shapeStop(e, span);
  }
  const out = recordMerge(it, kind === 'Concatenate' ? 'cat' : kind.toLowerCase(), ts, shape, span);
  if (layer?.module && out.k === 'tensor') {
    const node = it.recorder.nodes[out.t.node];
    if (node) it.recorder.nodes[out.t.node] = { ...node, module: layer.module, typeName: layer.cls.name };
  }
  return out;
}

/** keras.X / layers.X / tf.X. */
export function kerasAttr(it: Interpreter, path: string, name: string, span: Span): Value {
  running = it;
  if (
    [
      'layers',
      'models',
      'activations',
      'backend',
      'regularizers',
      'initializers',
      'optimizers',
      'losses',
      'metrics',
      'callbacks',
      'utils',
      'applications',
      'ops',
      'keras',
      'nn',
      'math',
      'random',
    ].includes(name) &&
    !/layers$/.test(path)
  ) {
    return { k: 'ns', path: `${path}.${name}` };
  }
  switch (name) {
    case 'Sequential':
      return { k: 'class', cls: NATIVE.kerasSequentialClass };
    case 'Model':
      return { k: 'class', cls: NATIVE.kerasModelClass };
    case 'Layer':
      return { k: 'class', cls: NATIVE.kerasLayerClass };
    case 'Input':
      return fn('Input', (a, kw, s) => kerasInput(it, a, kw, s));
    case 'InputLayer':
      return fn('InputLayer', (a, kw, s) => {
        const shape = kw.get('input_shape') ?? kw.get('shape') ?? a[0];
        const input = shape
          ? kerasInput(
              it,
              [shape],
              new Map([...(kw.get('batch_size') ? [['batch_size', kw.get('batch_size')!] as [string, Value]] : [])]),
              s,
            )
          : NONE;
        const obj: PyObject = {
          cls: { name: 'InputLayer', bases: [], attrs: new Map() },
          attrs: new Map([['_input', input]]),
        };
        return { k: 'object', obj };
      });
    case 'add':
    case 'subtract':
    case 'multiply':
    case 'average':
    case 'maximum':
    case 'minimum':
    case 'concatenate':
      if (/layers$/.test(path) || path.endsWith('keras')) {
        return fn(name, (a, kw, s) =>
          merge(
            it,
            name === 'concatenate' ? 'Concatenate' : name[0]!.toUpperCase() + name.slice(1),
            a[0] ?? NONE,
            intOf(kw.get('axis') ?? a[1]) ?? -1,
            s,
          ),
        );
      }
      break;
    case 'concat':
      return fn(name, (a, kw, s) => merge(it, 'Concatenate', a[0] ?? NONE, intOf(kw.get('axis') ?? a[1]) ?? 0, s));
    case 'reshape':
      return fn(name, (a, kw, s) => {
        const x = a[0];
        const target = kw.get('shape') ?? a[1];
        const dims = target ? itemsOf(target)?.map(intOf) : undefined;
        if (x?.k !== 'tensor' || !dims || dims.some((d) => d === undefined)) return unknown('tf.reshape', s);
        try {
          return shapeNode(it, 'reshape', 'reshape', [x.t], shapes.reshape(x.t.shape, dims as number[]), s);
        } catch (e) {
          it.shapeStop(e, s);
        }
      });
    default:
      break;
  }
  if (MERGES.includes(name)) return { k: 'class', cls: mergeClass(name) };
  const cls = layerClass('keras', name);
  if (cls) return { k: 'class', cls };
  // tf.nn.relu(x), tf.sigmoid(x), keras.activations.relu: elementwise on a tensor.
  if (/(^|\.)(nn|activations|math)$/.test(path) || path === 'tensorflow' || path === 'tf') {
    return fn(name, (a, _kw, s) => (a[0]?.k === 'tensor' ? a[0] : unknown(`${path}.${name}`, s, 'unsupported')));
  }
  return unknown(l10n.t('{0}.{1}, which ConvLens does not model', path, name), span, 'unknownLayer');
}

/** keras.Model(inputs, outputs): collect the nodes between them; calling it again reuses its output shapes. */
export function kerasFunctionalCall(
  it: Interpreter,
  obj: PyObject,
  args: readonly Value[] | 'collect',
  span: Span,
): Value {
  const graph = obj.keras;
  if (!graph) return unknown(l10n.t('a Keras model without inputs'), span);
  if (args === 'collect') {
    const outputs = (itemsOf(graph.outputs) ?? [graph.outputs]).flatMap((v) => (v.k === 'tensor' ? [v.t] : []));
    const keep = new Set<number>();
    const stack = outputs.map((t) => t.node);
    while (stack.length) {
      const id = stack.pop()!;
      if (id < 0 || keep.has(id)) continue;
      keep.add(id);
      stack.push(...(it.recorder.nodes[id]?.inputs ?? []));
    }
    const nodes: GraphNode[] = [...keep].sort((a, b) => a - b).map((id) => it.recorder.nodes[id]!);
    obj.attrs.set('_nodes', { k: 'ns', path: '' });
    graphNodes.set(obj, nodes);
    for (const n of nodes)
      if (n.module && obj.module && ![...obj.module.children.values()].includes(n.module)) {
        const given = objectOf(n.module);
        const name =
          given.k === 'object' && given.obj.attrs.get('name')?.k === 'str'
            ? (given.obj.attrs.get('name') as { v: string }).v
            : `${n.typeName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}_${obj.module.children.size}`;
        obj.module.children.set(name, n.module);
      }
    return NONE;
  }
  const outs = (itemsOf(graph.outputs) ?? [graph.outputs]).flatMap((v) => (v.k === 'tensor' ? [v.t] : []));
  const x = args[0];
  if (x?.k !== 'tensor' || outs.length === 0)
    return x?.k === 'unknown' ? x : unknown(l10n.t('calling a Keras model'), span);
  const results = outs.map((o) => shapeNode(it, 'layer', obj.cls.name, [x.t], o.shape, span));
  if (obj.module) obj.module.calls++;
  return results.length === 1 ? results[0]! : tuple(results);
}

/** The nodes of a Keras functional model, in order. */
export const graphNodes = new WeakMap<PyObject, readonly GraphNode[]>();
