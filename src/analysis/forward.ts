// Follows the data through an nn.Module's forward(): each statement's calls on the input, innermost first, become layers.
import type { LayerSpec } from '../engine/trace';
import { functionalSpec, type PyCall } from './layerCatalog';
import type { LayerOccurrence, ModelReader } from './models';
import { dottedName, type PyExpr } from './pyExpr';
import type { PyModule } from './pySource';
import { blockOf } from './pyStatements';
import { evalValue, UNKNOWN, type ValueEnv } from './pyValues';
import * as l10n from '../l10n';

const ELEMENTWISE_METHODS = new Set(['relu', 'relu_', 'sigmoid', 'tanh', 'softmax', 'log_softmax', 'contiguous', 'clone', 'detach', 'float', 'to', 'cuda', 'cpu', 'clamp', 'abs', 'exp']);

/** Reads a `view`/`reshape` argument: a number, or `x.size(k)` / `x.shape[k]` (a dimension of the input). */
function reshapeDim(e: PyExpr, env: ValueEnv): number | { sameAs: number } | undefined {
  if (e.kind === 'call' && e.func.kind === 'attr' && e.func.attr === 'size' && e.args.length === 1) {
    const k = evalValue(e.args[0]!, env);
    return typeof k === 'number' ? { sameAs: k } : undefined;
  }
  if (e.kind === 'subscript' && e.object.kind === 'attr' && e.object.attr === 'shape' && e.index) {
    const k = evalValue(e.index, env);
    return typeof k === 'number' ? { sameAs: k } : undefined;
  }
  const v = evalValue(e, env);
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** A tensor method call (`x.view(-1, 400)`, `x.flatten(1)`, `x.mean((2, 3))`) as a spec. */
function methodSpec(call: PyCall, method: string, env: ValueEnv): LayerSpec {
  if (method === 'view' || method === 'reshape') {
    const args = call.args.length === 1 && call.args[0]!.kind === 'seq' ? call.args[0]!.items : call.args;
    const dims = args.map((a) => reshapeDim(a, env));
    if (dims.length === 0 || dims.some((d) => d === undefined)) return { kind: 'unknown', reason: l10n.t('cannot read the shape in .{0}(…) without running the code', method) };
    return { kind: 'reshape', target: dims as (number | { sameAs: number })[] };
  }
  if (method === 'flatten') {
    const start = call.args[0] ? evalValue(call.args[0], env) : 0;
    const end = call.args[1] ? evalValue(call.args[1], env) : -1;
    if (typeof start !== 'number' || typeof end !== 'number') return { kind: 'unknown', reason: l10n.t('cannot read the flatten dimensions') };
    return { kind: 'flatten', startDim: start, endDim: end };
  }
  if (ELEMENTWISE_METHODS.has(method)) return { kind: 'elementwise' };
  if (method === 'mean' || method === 'amax' || method === 'sum') {
    const dims = call.args[0] ? evalValue(call.args[0], env) : UNKNOWN;
    const keep = call.kwargs.find((k) => k.name === 'keepdim');
    if (Array.isArray(dims) && dims.length === 2 && dims[0] === 2 && dims[1] === 3 && !keep) return { kind: 'globalPool2d', keepDims: false };
  }
  return { kind: 'unknown', reason: l10n.t('.{0}(…) is not an operation ConvLens can trace', method) };
}

/** The layers forward() applies to its input, in order, read from the statements directly in its body. */
export function traceForward(mod: PyModule, reader: ModelReader, forwardIndex: number, attributes: ReadonlyMap<string, PyExpr>, env: ValueEnv): LayerOccurrence[] {
  const stmts = mod.statements;
  const def = stmts[forwardIndex]!;
  const toks = mod.tokens;
  // def forward(self, x, …): the first parameter after self is the input.
  let inputName: string | undefined;
  for (let k = def.start; k < def.end; k++) {
    if (toks[k]!.text === 'self' && toks[k + 1]?.text === ',' && toks[k + 2]?.kind === 'name') {
      inputName = toks[k + 2]!.text;
      break;
    }
  }
  if (!inputName) return [];
  const tracked = new Set([inputName]);
  const layers: LayerOccurrence[] = [];

  const unknown = (e: PyExpr, reason: string): LayerOccurrence => ({ label: mod.textOf(e), spec: { kind: 'unknown', reason }, range: mod.rangeOf(e) });

  const moduleLayers = (attr: string, call: PyExpr): LayerOccurrence[] => {
    const value = attributes.get(attr);
    if (!value) return [unknown(call, l10n.t('self.{0} is not assigned in __init__', attr))];
    if (value.kind === 'call' && dottedName(value.func)?.endsWith('Sequential')) {
      return reader.torchSequentialLayers(value, env).map((l) => ({ ...l, name: l.name ? `${attr}.${l.name}` : attr }));
    }
    if (value.kind !== 'call') return [unknown(value, l10n.t('cannot tell what self.{0} is without running the code', attr))];
    return [reader.occurrence(value, 'torch', env, attr)];
  };

  /** The layers applied to a tracked tensor to compute `e`, or null when `e` does not use one. */
  const chain = (e: PyExpr, depth = 0): LayerOccurrence[] | null => {
    if (depth > 200) return null;
    switch (e.kind) {
      case 'name':
        return tracked.has(e.id) ? [] : null;
      case 'binop': {
        return chain(e.left, depth + 1) ?? chain(e.right, depth + 1);
      }
      case 'unary':
        return chain(e.operand, depth + 1);
      case 'call': {
        const f = e.func;
        if (f.kind === 'attr' && f.object.kind === 'name' && f.object.id === 'self') {
          const before = e.args[0] ? chain(e.args[0], depth + 1) : null;
          return before === null ? null : [...before, ...moduleLayers(f.attr, e)];
        }
        if (f.kind === 'attr') {
          const on = chain(f.object, depth + 1);
          if (on !== null) return [...on, { label: mod.textOf(e), spec: methodSpec(e, f.attr, env), range: mod.rangeOf(e) }];
        }
        const name = dottedName(f);
        const before = e.args[0] ? chain(e.args[0], depth + 1) : null;
        if (before === null) return e.args.slice(1).some((a) => chain(a, depth + 1) !== null) ? [unknown(e, l10n.t('{0} mixes tensors in a way ConvLens cannot trace', name ?? 'this call'))] : null;
        const spec = name ? functionalSpec(e, name, env) : undefined;
        return [...before, spec ? { label: mod.textOf(e), spec, range: mod.rangeOf(e) } : unknown(e, l10n.t('{0} is not an operation ConvLens can trace', name ?? 'this call'))];
      }
      default:
        return null;
    }
  };

  const body = blockOf(stmts, forwardIndex);
  const bodyIndent = body.length > 0 ? stmts[body[0]!]!.indent : 0;
  for (const k of body) {
    const s = stmts[k]!;
    if (s.indent !== bodyIndent) continue;
    const usedAt = mod.rangeOf(s);
    if (toks[s.start]!.text === 'return') {
      const ops = chain(mod.expression(s, 1));
      if (ops) layers.push(...ops.map((op) => ({ ...op, usedAt })));
      break;
    }
    const a = mod.assignment(s);
    if (!a || a.target.kind !== 'name') continue;
    const ops = chain(a.value);
    if (ops === null) continue;
    layers.push(...ops.map((op) => ({ ...op, usedAt })));
    tracked.add(a.target.id);
  }
  return layers;
}
