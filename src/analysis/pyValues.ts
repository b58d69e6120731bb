// Static values of Python argument expressions: numbers, strings, booleans, None, tuples; names resolved from known constants.
import { dottedName, type PyExpr } from './pyExpr';

/** A value the analysis could determine without running code. */
export type PyValue = number | string | boolean | null | readonly PyValue[];

/** Constants known at a point in the file: module-level assignments, `__init__` defaults. A Map is one. */
export interface ValueEnv {
  has(name: string): boolean;
  get(name: string): PyValue | undefined;
}

/** `local` names shadow `base` ones, without copying `base`. */
export function layeredEnv(local: ValueEnv, base: ValueEnv): ValueEnv {
  return { has: (n) => local.has(n) || base.has(n), get: (n) => (local.has(n) ? local.get(n) : base.get(n)) };
}

/** Marks a value that could not be determined statically. */
export const UNKNOWN = Symbol('unknown');

/** Evaluates an expression to a static value, or UNKNOWN. Only constants and arithmetic; nothing is called. */
export function evalValue(e: PyExpr, env: ValueEnv): PyValue | typeof UNKNOWN {
  switch (e.kind) {
    case 'num':
      return Number.isNaN(e.value) ? UNKNOWN : e.value;
    case 'str':
      return e.value;
    case 'name':
      if (e.id === 'True') return true;
      if (e.id === 'False') return false;
      if (e.id === 'None') return null;
      return env.has(e.id) ? env.get(e.id)! : UNKNOWN;
    case 'attr': {
      const name = dottedName(e);
      return name !== undefined && env.has(name) ? env.get(name)! : UNKNOWN;
    }
    case 'seq': {
      const items: PyValue[] = [];
      for (const it of e.items) {
        const v = evalValue(it, env);
        if (v === UNKNOWN) return UNKNOWN;
        items.push(v);
      }
      return items;
    }
    case 'unary': {
      const v = evalValue(e.operand, env);
      if (typeof v !== 'number') return e.op === 'not' && typeof v === 'boolean' ? !v : UNKNOWN;
      return e.op === '-' ? -v : e.op === '+' ? v : UNKNOWN;
    }
    case 'binop': {
      const a = evalValue(e.left, env);
      const b = evalValue(e.right, env);
      if (typeof a !== 'number' || typeof b !== 'number') return UNKNOWN;
      switch (e.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '//': return b === 0 ? UNKNOWN : Math.floor(a / b);
        case '%': return b === 0 ? UNKNOWN : a - b * Math.floor(a / b);
        case '**': return a ** b;
        default: return UNKNOWN;
      }
    }
    case 'call': {
      // int(x) and float(x) of a known number are still that number.
      const f = dottedName(e.func);
      if ((f === 'int' || f === 'float') && e.args.length === 1) {
        const v = evalValue(e.args[0]!, env);
        return typeof v === 'number' ? (f === 'int' ? Math.trunc(v) : v) : UNKNOWN;
      }
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

/** Arguments bound to parameter names, as Python would bind a call to a signature. */
export type BoundArgs = ReadonlyMap<string, PyExpr>;

/** Binds positional and keyword arguments to a signature's parameter names (extra positionals are dropped). */
export function bindArgs(call: Extract<PyExpr, { kind: 'call' }>, params: readonly string[]): BoundArgs {
  const bound = new Map<string, PyExpr>();
  call.args.forEach((a, k) => {
    if (k < params.length && a.kind !== 'other') bound.set(params[k]!, a);
  });
  for (const kw of call.kwargs) if (kw.name) bound.set(kw.name, kw.value);
  return bound;
}
