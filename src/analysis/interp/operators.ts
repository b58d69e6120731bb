// Python operators on abstract values: arithmetic, comparison, truth and membership; unknown in, unknown out.
import * as l10n from '../../l10n';
import { ShapeError } from '../../engine/tensor';
import type { Span } from '../python/ast';
import { bool, itemsOf, keyOf, num, show, str, tuple, unknown, type Value } from './values';

/** The first unknown operand, if any (its reason travels on). */
export function firstUnknown(...vs: readonly Value[]): Value | undefined {
  return vs.find((v) => v.k === 'unknown');
}

function numeric(v: Value): number | undefined {
  if (v.k === 'num') return v.v;
  if (v.k === 'bool') return v.v ? 1 : 0;
  return undefined;
}

function isInt(v: Value): boolean {
  return v.k === 'bool' || (v.k === 'num' && v.int);
}

/** Python's floor modulo. */
function pyMod(a: number, b: number): number {
  return a - b * Math.floor(a / b);
}

/** `%` formatting of a str with %d, %s, %i, %f, %r. */
function percentFormat(fmt: string, arg: Value): string {
  const args = arg.k === 'tuple' ? arg.items : [arg];
  let k = 0;
  return fmt.replace(/%(\d*)([dsifr%])/g, (_w, _width: string, c: string) => {
    if (c === '%') return '%';
    const a = args[k++];
    if (!a) return '';
    if (c === 'd' || c === 'i') return String(Math.trunc(numeric(a) ?? NaN));
    return show(a);
  });
}

/** Arithmetic on two known non-tensor values; undefined when the operator does not apply to them. */
export function arith(op: string, a: Value, b: Value, span: Span): Value | undefined {
  const u = firstUnknown(a, b);
  if (u) return u;
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) {
    const ints = isInt(a) && isInt(b);
    switch (op) {
      case '+':
        return num(x + y, ints);
      case '-':
        return num(x - y, ints);
      case '*':
        return num(x * y, ints);
      case '/':
        if (y === 0) throw new ShapeError(l10n.t('division by zero'), 'zeroDivision');
        return num(x / y, false);
      case '//':
        if (y === 0) throw new ShapeError(l10n.t('division by zero'), 'zeroDivision');
        return num(Math.floor(x / y), ints);
      case '%':
        if (y === 0) throw new ShapeError(l10n.t('division by zero'), 'zeroDivision');
        return num(pyMod(x, y), ints);
      case '**':
        return num(x ** y, ints && y >= 0);
      case '&':
        return num(x & y);
      case '|':
        return num(x | y);
      case '^':
        return num(x ^ y);
      case '<<':
        return num(x << y);
      case '>>':
        return num(x >> y);
      default:
        return undefined;
    }
  }
  if (a.k === 'str') {
    if (op === '+' && b.k === 'str') return str(a.v + b.v);
    if (op === '%') return str(percentFormat(a.v, b));
    if (op === '*' && y !== undefined) return str(a.v.repeat(Math.max(0, y)));
  }
  const ia = itemsOf(a);
  const ib = itemsOf(b);
  if (op === '+' && ia && ib && a.k === b.k && a.k !== 'set')
    return a.k === 'list' ? { k: 'list', items: [...ia, ...ib] } : tuple([...ia, ...ib]);
  if (op === '*' && ia && y !== undefined && a.k !== 'set') {
    const out: Value[] = [];
    for (let k = 0; k < y; k++) out.push(...ia);
    return a.k === 'list' ? { k: 'list', items: out } : tuple(out);
  }
  if (op === '*' && ib && x !== undefined) return arith(op, b, a, span);
  if (op === '|' && a.k === 'dict' && b.k === 'dict') return { k: 'dict', map: new Map([...a.map, ...b.map]) };
  return undefined;
}

/** Structural equality of known values (undefined when it cannot be told). */
export function equals(a: Value, b: Value): boolean | undefined {
  if (a.k === 'unknown' || b.k === 'unknown') return undefined;
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x === y;
  if (a.k === 'none' || b.k === 'none') return a.k === b.k;
  if (a.k === 'str' && b.k === 'str') return a.v === b.v;
  const ia = itemsOf(a);
  const ib = itemsOf(b);
  if (ia && ib) {
    if (ia.length !== ib.length) return false;
    for (let k = 0; k < ia.length; k++) {
      const e = equals(ia[k]!, ib[k]!);
      if (e !== true) return e;
    }
    return true;
  }
  if (a.k === 'class' && b.k === 'class') return a.cls === b.cls;
  if (a.k === 'object' && b.k === 'object') return a.obj === b.obj;
  if (a.k !== b.k) return a.k === 'tensor' || b.k === 'tensor' ? undefined : false;
  return undefined;
}

/** Python truth of a value; undefined when unknown (or a tensor, whose truth needs its data). */
export function truthy(v: Value): boolean | undefined {
  switch (v.k) {
    case 'none':
      return false;
    case 'bool':
      return v.v;
    case 'num':
      return v.v !== 0;
    case 'str':
      return v.v.length > 0;
    case 'tuple':
    case 'list':
    case 'set':
      return v.items.length > 0;
    case 'dict':
      return v.map.size > 0;
    case 'object':
      if (v.obj.items) return v.obj.items.length > 0;
      return true;
    case 'unknown':
    case 'tensor':
      return undefined;
    default:
      return true;
  }
}

/** `a in b` for known containers. */
export function contains(container: Value, item: Value): boolean | undefined {
  if (container.k === 'dict') {
    const key = keyOf(item);
    return key === undefined ? undefined : container.map.has(key);
  }
  if (container.k === 'str' && item.k === 'str') return container.v.includes(item.v);
  const items = itemsOf(container) ?? (container.k === 'object' ? container.obj.items : undefined);
  if (!items) return undefined;
  let unsure = false;
  for (const x of items) {
    const e = equals(x, item);
    if (e === true) return true;
    if (e === undefined) unsure = true;
  }
  return unsure ? undefined : false;
}

/** One comparison `a op b`. */
export function compare(op: string, a: Value, b: Value, span: Span): Value {
  switch (op) {
    case 'is':
    case 'is not': {
      let same: boolean | undefined;
      if (a.k === 'none' || b.k === 'none') same = a.k === 'unknown' || b.k === 'unknown' ? undefined : a.k === b.k;
      else if (a.k === 'bool' && b.k === 'bool') same = a.v === b.v;
      else if (a.k === 'class' && b.k === 'class') same = a.cls === b.cls;
      else if (a.k === 'object' && b.k === 'object') same = a.obj === b.obj;
      else same = firstUnknown(a, b) ? undefined : a.k !== b.k ? false : undefined;
      if (same === undefined)
        return firstUnknown(a, b) ?? unknown(l10n.t('cannot tell whether {0} {1} {2}', show(a), op, show(b)), span);
      return bool(op === 'is' ? same : !same);
    }
    case '==':
    case '!=': {
      const e = equals(a, b);
      if (e === undefined)
        return firstUnknown(a, b) ?? unknown(l10n.t('cannot compare {0} with {1}', show(a), show(b)), span);
      return bool(op === '==' ? e : !e);
    }
    case 'in':
    case 'not in': {
      const c = contains(b, a);
      if (c === undefined)
        return firstUnknown(a, b) ?? unknown(l10n.t('cannot tell whether {0} is in {1}', show(a), show(b)), span);
      return bool(op === 'in' ? c : !c);
    }
    default: {
      const u = firstUnknown(a, b);
      if (u) return u;
      const x = numeric(a) ?? (a.k === 'str' ? a.v : undefined);
      const y = numeric(b) ?? (b.k === 'str' ? b.v : undefined);
      if (x === undefined || y === undefined) {
        const ia = itemsOf(a);
        const ib = itemsOf(b);
        if (ia && ib) return compareSequences(op, ia, ib, span);
        return unknown(l10n.t('cannot compare {0} {1} {2}', show(a), op, show(b)), span);
      }
      switch (op) {
        case '<':
          return bool(x < y);
        case '<=':
          return bool(x <= y);
        case '>':
          return bool(x > y);
        case '>=':
          return bool(x >= y);
        default:
          return unknown(l10n.t('operator {0}', op), span);
      }
    }
  }
}

function compareSequences(op: string, a: readonly Value[], b: readonly Value[], span: Span): Value {
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const e = equals(a[k]!, b[k]!);
    if (e === undefined) return unknown(l10n.t('cannot compare sequences'), span);
    if (!e) return compare(op, a[k]!, b[k]!, span);
  }
  return compare(op, num(a.length), num(b.length), span);
}
