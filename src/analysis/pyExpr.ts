// A small Python expression parser over tokens: names, attributes, calls, subscripts, tuples, arithmetic. It builds a tree, never runs it.
import { numberValue } from './constExpr';
import type { Token } from './tokens';

/** A parsed Python expression; `start`/`end` are token indices (end exclusive). */
export type PyExpr =
  | { kind: 'num'; value: number; start: number; end: number }
  | { kind: 'str'; value: string; start: number; end: number }
  | { kind: 'name'; id: string; start: number; end: number }
  | { kind: 'attr'; object: PyExpr; attr: string; start: number; end: number }
  | { kind: 'call'; func: PyExpr; args: PyExpr[]; kwargs: PyKeyword[]; start: number; end: number }
  | { kind: 'subscript'; object: PyExpr; index: PyExpr | null; start: number; end: number }
  | { kind: 'seq'; brackets: '()' | '[]'; items: PyExpr[]; start: number; end: number }
  | { kind: 'unary'; op: string; operand: PyExpr; start: number; end: number }
  | { kind: 'binop'; op: string; left: PyExpr; right: PyExpr; start: number; end: number }
  | { kind: 'other'; start: number; end: number };

/** A keyword argument `name=value` (or `**kwargs` with name null). */
export interface PyKeyword {
  readonly name: string | null;
  readonly value: PyExpr;
}

/** Binding strength of Python's binary operators (higher binds tighter); `**` is handled with unary operators. */
const PRECEDENCE = new Map<string, number>([
  ['or', 1], ['and', 2], ['==', 3], ['!=', 3], ['<', 3], ['>', 3], ['<=', 3], ['>=', 3], ['in', 3], ['is', 3], ['not', 3],
  ['|', 4], ['^', 5], ['&', 6], ['<<', 7], ['>>', 7], ['+', 8], ['-', 8], ['*', 9], ['/', 9], ['//', 9], ['%', 9], ['@', 9],
]);

const MAX_DEPTH = 400;

/** Parses one expression starting at tokens[pos]; never throws, stops at anything it does not know. */
export function parseExpr(tokens: readonly Token[], pos: number, limit = tokens.length): PyExpr {
  let i = pos;
  let depth = 0;
  const at = (k = 0): Token | undefined => (i + k < limit ? tokens[i + k] : undefined);
  const isOp = (t: Token | undefined, ops: readonly string[]): boolean => !!t && (t.kind === 'punct' || t.kind === 'name') && ops.includes(t.text);

  const skipBalancedUntil = (stops: readonly string[]): void => {
    let d = 0;
    while (i < limit) {
      const t = tokens[i]!.text;
      if (d === 0 && stops.includes(t)) return;
      if (t === '(' || t === '[' || t === '{') d++;
      else if (t === ')' || t === ']' || t === '}') {
        if (d === 0) return;
        d--;
      }
      i++;
    }
  };

  function expr(): PyExpr {
    if (++depth > MAX_DEPTH) {
      const start = i;
      skipBalancedUntil([',', ')', ']', '}']);
      depth--;
      return { kind: 'other', start, end: i };
    }
    const t = at();
    let e: PyExpr;
    if (t?.kind === 'name' && t.text === 'lambda') {
      const start = i;
      skipBalancedUntil([',', ')', ']', '}']);
      e = { kind: 'other', start, end: i };
    } else {
      e = binary(1);
      if (at()?.text === 'if') {
        // `a if cond else b`: keep `a`, skip the rest.
        skipBalancedUntil([',', ')', ']', '}', '=', ':']);
        e = { ...e, end: i };
      }
    }
    depth--;
    return e;
  }

  /** Precedence climbing: parses operands and every binary operator binding at least `minLevel`. */
  function binary(minLevel: number): PyExpr {
    let left = unary();
    for (;;) {
      const t = at();
      const level = t && (t.kind === 'punct' || t.kind === 'name') ? PRECEDENCE.get(t.text) : undefined;
      if (level === undefined || level < minLevel) return left;
      // `not` is an operator only as `not in`.
      if (t!.text === 'not' && at(1)?.text !== 'in') return left;
      i++;
      if (t!.text === 'not' || (t!.text === 'is' && at()?.text === 'not')) i++;
      const right = binary(level + 1);
      left = { kind: 'binop', op: t!.text, left, right, start: left.start, end: right.end };
    }
  }

  function unary(): PyExpr {
    const t = at();
    if (isOp(t, ['-', '+', '~', 'not', 'await'])) {
      const start = i;
      i++;
      if (++depth > MAX_DEPTH) return { kind: 'other', start, end: i };
      const operand = unary();
      depth--;
      return { kind: 'unary', op: t!.text, operand, start, end: operand.end };
    }
    return power();
  }

  function power(): PyExpr {
    const base = postfix();
    if (at()?.text === '**') {
      i++;
      const exp = unary();
      return { kind: 'binop', op: '**', left: base, right: exp, start: base.start, end: exp.end };
    }
    return base;
  }

  function postfix(): PyExpr {
    let e = atom();
    for (;;) {
      const t = at();
      if (t?.text === '.' && at(1)?.kind === 'name') {
        i += 2;
        e = { kind: 'attr', object: e, attr: tokens[i - 1]!.text, start: e.start, end: i };
      } else if (t?.text === '(') {
        e = callArgs(e);
      } else if (t?.text === '[') {
        i++;
        const index = at()?.text === ']' ? null : expr();
        skipBalancedUntil([']']);
        if (at()?.text === ']') i++;
        e = { kind: 'subscript', object: e, index, start: e.start, end: i };
      } else {
        return e;
      }
    }
  }

  function callArgs(func: PyExpr): PyExpr {
    i++; // (
    const args: PyExpr[] = [];
    const kwargs: PyKeyword[] = [];
    while (i < limit && at()?.text !== ')') {
      const before = i;
      if (at()?.text === '**') {
        i++;
        kwargs.push({ name: null, value: expr() });
      } else if (at()?.text === '*') {
        const start = i;
        i++;
        const v = expr();
        args.push({ kind: 'other', start, end: v.end });
      } else if (at()?.kind === 'name' && at(1)?.text === '=') {
        const name = at()!.text;
        i += 2;
        kwargs.push({ name, value: expr() });
      } else {
        args.push(expr());
      }
      if (at()?.text === 'for') skipBalancedUntil([')']);
      if (at()?.text === ',') i++;
      else if (at()?.text !== ')') skipBalancedUntil([',', ')']);
      if (at()?.text === ',') i++;
      if (i === before) break; // a stray closer: give up on this call rather than loop
    }
    if (at()?.text === ')') i++;
    return { kind: 'call', func, args, kwargs, start: func.start, end: i };
  }

  function sequence(open: string, close: string, brackets: '()' | '[]'): PyExpr {
    const start = i;
    i++;
    const items: PyExpr[] = [];
    let sawComma = false;
    while (i < limit && at()?.text !== close) {
      const before = i;
      items.push(expr());
      if (at()?.text === 'for') {
        skipBalancedUntil([close]);
        if (at()?.text === close) i++;
        return { kind: 'other', start, end: i };
      }
      if (at()?.text === ',') {
        sawComma = true;
        i++;
      } else if (at()?.text !== close) {
        skipBalancedUntil([close]);
      }
      if (i === before) break; // a stray closer: stop here rather than loop
    }
    if (at()?.text === close) i++;
    if (open === '(' && !sawComma && items.length === 1) return { ...items[0]!, start, end: i };
    return { kind: 'seq', brackets, items, start, end: i };
  }

  function atom(): PyExpr {
    const t = at();
    const start = i;
    if (!t) return { kind: 'other', start, end: i };
    if (t.kind === 'number') {
      i++;
      return { kind: 'num', value: numberValue(t.text), start, end: i };
    }
    if (t.kind === 'string') {
      let value = '';
      while (at()?.kind === 'string') {
        value += stringValue(at()!.text);
        i++;
      }
      return { kind: 'str', value, start, end: i };
    }
    if (t.kind === 'name') {
      i++;
      return { kind: 'name', id: t.text, start, end: i };
    }
    if (t.text === '(') return sequence('(', ')', '()');
    if (t.text === '[') return sequence('[', ']', '[]');
    if (t.text === '{') {
      // Dicts and sets are opaque here: skip to the matching brace.
      let d = 0;
      while (i < limit) {
        const x = tokens[i++]!.text;
        if (x === '{' || x === '(' || x === '[') d++;
        else if ((x === '}' || x === ')' || x === ']') && --d === 0) break;
      }
      return { kind: 'other', start, end: i };
    }
    return { kind: 'other', start, end: start };
  }

  const result = expr();
  return result;
}

/** The text of a Python string token without prefix and quotes (escapes kept as written). */
export function stringValue(text: string): string {
  const m = /^[rRbBuUfF]{0,2}("""|'''|"|')([\s\S]*?)\1?$/.exec(text);
  return m ? m[2]! : text;
}

/** "a.b.c" for a chain of names and attributes, undefined for anything else. */
export function dottedName(e: PyExpr): string | undefined {
  if (e.kind === 'name') return e.id;
  if (e.kind === 'attr') {
    const base = dottedName(e.object);
    return base === undefined ? undefined : `${base}.${e.attr}`;
  }
  return undefined;
}
