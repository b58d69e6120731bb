// Python's builtins as the interpreter knows them: range, len, zip, enumerate, int, min/max, isinstance, super, getattr…
import * as l10n from '../../l10n';
import type { Span } from '../python/ast';
import { TraceStop } from './graph';
import type { Interpreter } from './interpreter';
import { isInstance, makeSuper } from './modules';
import { NATIVE } from './nativeClasses';
import { compare, truthy } from './operators';
import {
  bool,
  itemsOf,
  keyOf,
  list,
  NONE,
  num,
  show,
  str,
  tuple,
  unknown,
  type ClassValue,
  type Value,
} from './values';

type Fn = (args: readonly Value[], kwargs: ReadonlyMap<string, Value>, span: Span) => Value;

function numberOf(v: Value | undefined): number | undefined {
  if (v?.k === 'num') return v.v;
  if (v?.k === 'bool') return v.v ? 1 : 0;
  return undefined;
}

/** The builtin names and their values, bound to one interpreter. */
export function makeBuiltins(interp: Interpreter): Map<string, Value> {
  const out = new Map<string, Value>();
  const def = (name: string, call: Fn): void => {
    out.set(name, { k: 'builtin', name, call });
  };
  const unknownIn = (args: readonly Value[]): Value | undefined => args.find((a) => a.k === 'unknown');

  def('range', (args, _kw, span) => {
    const u = unknownIn(args);
    if (u) return u;
    const ns = args.map(numberOf);
    if (ns.some((n) => n === undefined)) return unknown(`range(${args.map(show).join(', ')})`, span);
    const [a, b, c] = ns as number[];
    const [start, stop, step] = args.length === 1 ? [0, a!, 1] : [a!, b!, c ?? 1];
    const items: Value[] = [];
    if (step === 0) throw new TraceStop('error', 'badArguments', l10n.t('range() step must not be zero'), span);
    for (let k = start; step > 0 ? k < stop : k > stop; k += step) {
      items.push(num(k, true));
      if (items.length > 100_000)
        throw new TraceStop('unknown', 'tooComplex', l10n.t('a range longer than 100,000'), span);
    }
    return list(items);
  });
  def('len', (args, _kw, span) => {
    const v = args[0];
    if (!v) return unknown('len()', span);
    if (v.k === 'unknown') return v;
    const items = itemsOf(v);
    if (items) return num(items.length);
    if (v.k === 'str') return num(v.v.length);
    if (v.k === 'dict') return num(v.map.size);
    if (v.k === 'tensor') return num(v.t.shape[0] ?? 0);
    if (v.k === 'object' && (v.obj.items || v.obj.module))
      return num(v.obj.items?.length ?? v.obj.module!.children.size);
    return unknown(`len(${show(v)})`, span);
  });
  def('enumerate', (args, kwargs, span) => {
    const start = numberOf(args[1] ?? kwargs.get('start')) ?? 0;
    return list(interp.iterate(args[0] ?? NONE, span).map((v, k) => tuple([num(start + k), v])));
  });
  def('zip', (args, _kw, span) => {
    const lists = args.map((a) => interp.iterate(a, span));
    const n = Math.min(...lists.map((l) => l.length));
    return list(Array.from({ length: Number.isFinite(n) ? n : 0 }, (_x, k) => tuple(lists.map((l) => l[k]!))));
  });
  def('reversed', (args, _kw, span) => list([...interp.iterate(args[0] ?? NONE, span)].reverse()));
  def('sorted', (args, _kw, span) => {
    const items = [...interp.iterate(args[0] ?? NONE, span)];
    if (items.every((i) => i.k === 'num')) items.sort((a, b) => (a as { v: number }).v - (b as { v: number }).v);
    return list(items);
  });
  def('list', (args, _kw, span) => list(args[0] ? [...interp.iterate(args[0], span)] : []));
  def('tuple', (args, _kw, span) => tuple(args[0] ? interp.iterate(args[0], span) : []));
  def('set', (args, _kw, span) => ({ k: 'set', items: args[0] ? [...interp.iterate(args[0], span)] : [] }));
  const makeDict = (args: readonly Value[], kwargs: ReadonlyMap<string, Value>, span: Span): Value => {
    const map = new Map<string, readonly [Value, Value]>();
    const first = args[0];
    if (first?.k === 'dict') for (const [k, v] of first.map) map.set(k, v);
    else if (first) {
      for (const pair of interp.iterate(first, span)) {
        const kv = itemsOf(pair);
        const key = kv?.[0] ? keyOf(kv[0]) : undefined;
        if (kv && key !== undefined) map.set(key, [kv[0]!, kv[1] ?? NONE]);
      }
    }
    for (const [k, v] of kwargs) map.set(`s:${k}`, [str(k), v]);
    return { k: 'dict', map };
  };
  def('dict', makeDict);
  def('OrderedDict', makeDict);
  def('int', (args, _kw, span) => {
    const v = args[0];
    if (!v) return num(0);
    if (v.k === 'unknown') return v;
    const n = numberOf(v) ?? (v.k === 'str' ? Number(v.v) : undefined);
    return n === undefined || Number.isNaN(n) ? unknown(`int(${show(v)})`, span) : num(Math.trunc(n), true);
  });
  def('float', (args, _kw, span) => {
    const v = args[0];
    if (v?.k === 'unknown') return v;
    const n = numberOf(v) ?? (v?.k === 'str' ? Number(v.v) : 0);
    return n === undefined ? unknown('float()', span) : num(n, false);
  });
  def('bool', (args) => {
    const t = args[0] ? truthy(args[0]) : false;
    return t === undefined ? args[0]! : bool(t);
  });
  def('str', (args) => (args[0]?.k === 'unknown' ? args[0] : str(args[0] ? show(args[0]) : '')));
  def('repr', (args) => str(args[0] ? show(args[0]) : ''));
  def('abs', (args, _kw, span) => {
    const n = numberOf(args[0]);
    return n === undefined
      ? args[0]?.k === 'unknown'
        ? args[0]
        : unknown('abs()', span)
      : num(Math.abs(n), args[0]?.k !== 'num' || args[0].int);
  });
  def('round', (args, _kw, span) => {
    const n = numberOf(args[0]);
    if (n === undefined) return args[0]?.k === 'unknown' ? args[0] : unknown('round()', span);
    const digits = numberOf(args[1]);
    if (digits !== undefined) return num(Number(n.toFixed(digits)), false);
    const r = Math.round(n);
    return num(Math.abs(n % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r, true); // Python rounds half to even
  });
  for (const name of ['min', 'max'] as const) {
    def(name, (args, _kw, span) => {
      const items = args.length === 1 ? interp.iterate(args[0]!, span) : args;
      const u = unknownIn(items);
      if (u) return u;
      let best: Value | undefined;
      for (const it of items) {
        if (!best) best = it;
        else {
          const c = compare(name === 'max' ? '>' : '<', it, best, span);
          if (c.k !== 'bool') return c;
          if (c.v) best = it;
        }
      }
      return best ?? unknown(l10n.t('{0}() of nothing', name), span);
    });
  }
  def('sum', (args, _kw, span) => {
    let total: Value = args[1] ?? num(0);
    for (const it of interp.iterate(args[0] ?? NONE, span)) total = interp.binary('+', total, it, span);
    return total;
  });
  def('any', (args, _kw, span) => {
    const ts = interp.iterate(args[0] ?? NONE, span).map(truthy);
    return ts.some((t) => t === true)
      ? bool(true)
      : ts.some((t) => t === undefined)
        ? unknown('any()', span)
        : bool(false);
  });
  def('all', (args, _kw, span) => {
    const ts = interp.iterate(args[0] ?? NONE, span).map(truthy);
    return ts.some((t) => t === false)
      ? bool(false)
      : ts.some((t) => t === undefined)
        ? unknown('all()', span)
        : bool(true);
  });
  def('isinstance', (args) => {
    const r = isInstance(args[0] ?? NONE, args[1] ?? NONE);
    return r === undefined
      ? unknown(l10n.t('isinstance() of a value ConvLens cannot type'), { from: 0, to: 0 })
      : bool(r);
  });
  def('issubclass', (args) => {
    const [a, b] = args;
    if (a?.k !== 'class' || b?.k !== 'class') return unknown('issubclass()', { from: 0, to: 0 });
    const walk = (c: ClassValue): boolean => c === b.cls || c.bases.some(walk);
    return bool(walk(a.cls));
  });
  def('hasattr', (args, _kw, span) => {
    const [o, n] = args;
    if (n?.k !== 'str' || !o) return unknown('hasattr()', span);
    const v = interp.getAttr(o, n.v, span);
    return v.k === 'unknown' && v.why.code === 'attribute' ? bool(false) : v.k === 'unknown' ? v : bool(true);
  });
  def('getattr', (args, _kw, span) => {
    const [o, n, dflt] = args;
    if (n?.k !== 'str' || !o) return n?.k === 'unknown' ? n : unknown('getattr()', span);
    const v = interp.getAttr(o, n.v, span);
    return v.k === 'unknown' && v.why.code === 'attribute' && dflt ? dflt : v;
  });
  def('setattr', (args, _kw, span) => {
    const [o, n, v] = args;
    // An attribute ConvLens cannot name could be a submodule: counting without it would be wrong.
    if (n?.k === 'unknown' && o?.k !== 'unknown')
      interp.stopUnknown(n, l10n.t('the attribute name in setattr()'), span);
    if (o && n?.k === 'str' && v) interp.setAttr(o, n.v, v, span);
    return NONE;
  });
  def('type', (args, _kw, span) => {
    const v = args[0];
    if (v?.k === 'object') return { k: 'class', cls: v.obj.cls };
    return unknown('type()', span);
  });
  def('super', (_args, _kw, span) => {
    // The running method's class and instance, set by callFunction.
    return makeSuper(interp, currentOwner(interp), currentSelf(interp), span);
  });
  def('print', () => NONE);
  def('id', (_a, _k, span) => unknown('id()', span, 'runtime'));
  def('hash', (_a, _k, span) => unknown('hash()', span, 'runtime'));
  def('open', (_a, _k, span) => unknown(l10n.t('a file opened at run time'), span, 'runtime'));
  def('input', (_a, _k, span) => unknown(l10n.t('input() typed by the user at run time'), span, 'runtime'));
  def('divmod', (args, _kw, span) => {
    const [a, b] = args.map(numberOf);
    if (a === undefined || b === undefined) return unknown('divmod()', span);
    return tuple([num(Math.floor(a / b)), num(a - b * Math.floor(a / b))]);
  });
  def('pow', (args, _kw, span) => interp.binary('**', args[0] ?? NONE, args[1] ?? NONE, span));
  def('iter', (args) => args[0] ?? NONE);
  def('next', (args, _kw, span) => {
    const items = args[0] ? itemsOf(args[0]) : undefined;
    return items?.[0] ?? unknown('next()', span);
  });
  def('object', () => NONE);
  out.set('object', { k: 'class', cls: NATIVE.objectClass });
  for (const name of [
    'Exception',
    'ValueError',
    'TypeError',
    'KeyError',
    'NotImplementedError',
    'RuntimeError',
    'AssertionError',
    'IndexError',
    'AttributeError',
  ]) {
    def(name, (_a, _k, span) => unknown(name, span, 'runtime'));
  }
  out.set('True', bool(true));
  out.set('False', bool(false));
  out.set('None', NONE);
  out.set('NotImplemented', NONE);
  return out;
}

/** The class whose method is running (for super()), read from the innermost function scope. */
function currentOwner(interp: Interpreter): ClassValue | undefined {
  const v = interp.currentScope?.lookup('__class__');
  return v?.k === 'class' ? v.cls : undefined;
}

function currentSelf(interp: Interpreter): Value | undefined {
  return interp.currentScope?.lookup('__self__');
}
