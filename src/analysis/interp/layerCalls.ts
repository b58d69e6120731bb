// Applying registry layers to tensors: module calls (self.conv1(x)) and functional forms (F.max_pool2d(x, 2)), recorded as graph nodes.
import * as l10n from '../../l10n';
import type { FoundConstructor } from '../../engine/layers/registry';
import type { LayerInstance, ReceptiveField2, Shape } from '../../engine/layers/layerTypes';
import { IDENTITY_RF } from '../../engine/shapes';
import type { Span } from '../python/ast';
import { ShapeError } from '../../engine/tensor';
import { TraceStop } from './graph';
import type { Interpreter } from './interpreter';
import { bindLayerArgs } from './layerArgs';
import { show, tuple, type ModuleNode, type PyObject, type TensorValue, type Value } from './values';

/** The receptive field of an input pixel. */
export const INPUT_RF: ReceptiveField2 = { rows: IDENTITY_RF, cols: IDENTITY_RF };

/** Where paths meet, the larger field along each axis (the largest over all paths). */
export function mergeRf(tensors: readonly TensorValue[]): ReceptiveField2 {
  // One input (most layers): its field as it is (fields are never changed in place).
  if (tensors.length === 1) return tensors[0]!.rf;
  let rows = tensors[0]?.rf.rows ?? IDENTITY_RF;
  let cols = tensors[0]?.rf.cols ?? IDENTITY_RF;
  for (let k = 1; k < tensors.length; k++) {
    const t = tensors[k]!;
    if (t.rf.rows.size > rows.size) rows = t.rf.rows;
    if (t.rf.cols.size > cols.size) cols = t.rf.cols;
  }
  return { rows, cols };
}

/** The tensors among call arguments (lists of tensors for Keras merge layers are flattened). */
function tensorArgs(
  interp: Interpreter,
  args: readonly Value[],
  what: string,
  span: Span,
  count: number,
): TensorValue[] {
  const out: TensorValue[] = [];
  for (const a of args.slice(0, count)) {
    if (a.k === 'tensor') out.push(a.t);
    else if ((a.k === 'list' || a.k === 'tuple') && a.items.every((x) => x.k === 'tensor'))
      out.push(...a.items.map((x) => (x as Value & { k: 'tensor' }).t));
    else if (a.k === 'unknown') interp.stopUnknown(a, l10n.t('the input of {0}', what), span);
    else
      throw new TraceStop(
        'error',
        'notATensor',
        l10n.t('{0} is called on {1}, not a tensor (line {2})', what, show(a), interp.lineOf(span.from)),
        span,
      );
  }
  if (out.length === 0)
    throw new TraceStop(
      'error',
      'notATensor',
      l10n.t('{0} is called without a tensor (line {1})', what, interp.lineOf(span.from)),
      span,
    );
  return out;
}

/** Runs a layer instance on tensors and records the node. */
export function runLayer(
  interp: Interpreter,
  layer: LayerInstance,
  inputs: readonly TensorValue[],
  module: ModuleNode | undefined,
  span: Span,
  op: 'layer' | 'function',
): Value {
  const shapes: Shape[] = [];
  const inputNodes: number[] = [];
  for (const t of inputs) {
    shapes.push(t.shape);
    inputNodes.push(t.node);
  }
  let result;
  try {
    result = layer.definition.apply(layer.attrs, shapes, layer.framework);
  } catch (e) {
    // The producer of its input goes along: the message names the block it comes from.
    if (e instanceof ShapeError)
      throw new TraceStop(
        'error',
        e.code,
        e.message,
        span,
        { ...e.fields, fromNode: inputs[0]?.node ?? -2 },
        module?.span,
      );
    throw e;
  }
  const before = mergeRf(inputs);
  let rf = before;
  try {
    rf = layer.definition.receptiveField?.(layer.attrs, before, shapes[0]!, layer.framework) ?? before;
  } catch {
    rf = before;
  }
  if (module) {
    module.calls++;
    if (module.ownParams === undefined) {
      module.ownParams = result.params;
      module.nonTrainable = result.nonTrainableParams ?? 0;
    }
  }
  const node = interp.recorder.add({
    op,
    typeName: layer.typeName,
    layer,
    ...(module ? { module } : {}),
    inputs: inputNodes,
    inputShapes: shapes,
    outputShapes: result.outputs,
    params: module ? result.params : 0,
    macs: result.macs,
    rf,
    span,
  });
  const framework = inputs[0]!.framework;
  const outs: Value[] = result.outputs.map((shape) => ({ k: 'tensor', t: { shape, rf, node: node.id, framework } }));
  return result.tuple || outs.length > 1 ? tuple(outs) : outs[0]!;
}

/** self.layer(x): a registry layer module applied to its tensor input(s). */
export function applyLayer(
  interp: Interpreter,
  obj: PyObject,
  module: ModuleNode,
  args: readonly Value[],
  _kwargs: ReadonlyMap<string, Value>,
  span: Span,
): Value {
  const layer = module.layer!;
  const takes = layer.definition.constructors.find((c) => !c.functional)?.tensorArgs ?? args.length;
  const inputs = tensorArgs(interp, args, obj.cls.name, span, Math.max(1, takes));
  return runLayer(interp, layer, inputs, module, span, 'layer');
}

/** F.relu(x), torch.flatten(x, 1), F.max_pool2d(x, 2, return_indices=True): a functional layer form. */
export function applyFunctional(
  interp: Interpreter,
  found: FoundConstructor,
  name: string,
  args: readonly Value[],
  kwargs: ReadonlyMap<string, Value>,
  span: Span,
): Value {
  const ctor = found.constructor;
  const tensorCount = ctor.tensorArgs ?? 1;
  const inputs = tensorArgs(interp, args, name, span, tensorCount);
  const bound = bindLayerArgs(interp, ctor, name, args.slice(tensorCount), kwargs, span);
  let layer: LayerInstance;
  try {
    layer = {
      definition: found.definition,
      attrs: ctor.build(bound, name),
      typeName: name,
      framework: ctor.framework,
      args: bound,
    };
  } catch (e) {
    interp.shapeStop(e, span);
  }
  return runLayer(interp, layer, inputs, undefined, span, 'function');
}
