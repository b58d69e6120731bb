// Reads a layer call's Python arguments as registry argument values, once for classes (nn.Conv2d(...)) and functions (F.pad(x, ...)).
import type { ArgValue, LayerConstructor } from '../../engine/layers/layerTypes';
import { bindArgs } from '../../engine/layers/registry';
import type { Span } from '../python/ast';
import { TraceStop } from './graph';
import type { Interpreter } from './interpreter';
import { show, type Value } from './values';
import * as l10n from '../../l10n';

/** A plain Python value as a layer argument; undefined when it is not one (unknown, tensor, object). */
export function toArgValue(v: Value): ArgValue | undefined {
  switch (v.k) {
    case 'none':
      return null;
    case 'bool':
    case 'num':
    case 'str':
      return v.v;
    case 'tuple':
    case 'list': {
      const out: ArgValue[] = [];
      for (const x of v.items) {
        const a = toArgValue(x);
        if (a === undefined) return undefined;
        out.push(a);
      }
      return out;
    }
    case 'class':
      return v.cls.name; // activation=nn.ReLU style arguments given as classes
    default:
      return undefined;
  }
}

/**
 * Binds positional and keyword arguments to the constructor's signature. An argument that cannot be read stops the trace
 * with its name — unless it cannot change shapes (irrelevant), is a Keras keyword the registry ignores, or is a tensor
 * handed to a functional form's weight slot.
 */
export function bindLayerArgs(
  interp: Interpreter,
  ctor: LayerConstructor<unknown>,
  name: string,
  args: readonly Value[],
  kwargs: ReadonlyMap<string, Value>,
  span: Span,
): Readonly<Record<string, ArgValue>> {
  const stop = (a: Value, argument: string | number): never => {
    if (a.k === 'unknown') interp.stopUnknown(a, l10n.t("{0}'s argument {1}", name, argument), span);
    throw new TraceStop(
      'unknown',
      'badArgumentValue',
      l10n.t(
        "{0}'s argument {1} is {2}, not a value ConvLens can read (line {3})",
        name,
        argument,
        show(a),
        interp.lineOf(span.from),
      ),
      span,
    );
  };
  const positional: ArgValue[] = [];
  for (const [k, a] of args.entries()) {
    const spec = ctor.params[k];
    const v = a.k === 'param' && spec?.irrelevant ? null : toArgValue(a);
    positional.push(v === undefined ? stop(a, spec?.name ?? k + 1) : v);
  }
  const keywords = new Map<string, ArgValue>();
  // Unreadable arguments that cannot change shapes: absent from the result (not their defaults), so running the model can tell.
  const skipped: string[] = [];
  for (const [k, a] of kwargs) {
    if (k === '**') {
      if (a.k === 'unknown') interp.stopUnknown(a, l10n.t("{0}'s keyword arguments", name), span);
      continue;
    }
    const spec = ctor.params.find((p) => p.name === k);
    const v = toArgValue(a);
    if (v !== undefined) {
      keywords.set(k, v);
      continue;
    }
    if (spec?.irrelevant || (ctor.framework === 'keras' && !spec) || k === 'input' || a.k === 'param') {
      skipped.push(k);
      continue;
    }
    // An activation given as a callable (activation=tf.nn.relu) does not change shapes: pass a marker.
    if (k === 'activation' && (a.k === 'builtin' || a.k === 'func' || a.k === 'ns')) keywords.set(k, 'callable');
    else stop(a, k);
  }
  try {
    const bound = { ...bindArgs(ctor, positional, keywords, name) };
    for (const k of skipped) delete bound[k];
    return bound;
  } catch (e) {
    interp.shapeStop(e, span);
  }
}
