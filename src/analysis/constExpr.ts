// Evaluates constant arithmetic over tokens (1/16, -(2*3), 2**3, 16 * 5 * 5, named constants) without ever running code.
import type { Token } from './tokens';

/** Names the evaluator may read: constants defined earlier in the file, True/False where they are numbers. */
export type ConstEnv = ReadonlyMap<string, number>;

/** A value and the index of the first token after it. */
export interface Parsed<T> {
  readonly value: T;
  readonly next: number;
}

const PLAIN_NUMBER = /^[0-9.]+(?:[eE][+-]?[0-9]+)?$/;

/** Parses a number token's text (underscores, hex/octal/binary, exponents); NaN when it is not a plain real. */
function numberValue(text: string): number {
  if (PLAIN_NUMBER.test(text)) return Number(text);
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return NaN;
  const body = /[nN]$/.test(t) ? t.slice(0, -1) : t;
  if (/^0[xX]/.test(body)) return parseInt(body.slice(2), 16);
  if (/^0[oO]/.test(body)) return parseInt(body.slice(2), 8);
  if (/^0[bB]/.test(body)) return parseInt(body.slice(2), 2);
  return Number(body);
}

const MAX_DEPTH = 200;

/**
 * Parses a constant expression starting at tokens[pos]: + - * / // % ** with Python/JS precedence, unary signs and
 * parentheses. Returns undefined when it is not a constant (a call, an unknown name, a string …).
 */
export function parseConstExpr(
  tokens: readonly Token[],
  pos: number,
  env: ConstEnv = new Map(),
): Parsed<number> | undefined {
  let i = pos;
  let depth = 0;
  const peek = (): Token | undefined => tokens[i];

  function primary(): number | undefined {
    const t = peek();
    if (!t) return undefined;
    if (t.kind === 'number') {
      i++;
      const v = numberValue(t.text);
      return Number.isNaN(v) ? undefined : v;
    }
    if (t.kind === 'name') {
      const v = env.get(t.text);
      if (v === undefined) return undefined;
      const after = tokens[i + 1];
      // `C(…)`, `C.x` and `C[…]` are not the constant itself.
      if (after && after.kind === 'punct' && (after.text === '(' || after.text === '.' || after.text === '['))
        return undefined;
      i++;
      return v;
    }
    if (t.text === '(') {
      if (++depth > MAX_DEPTH) return undefined;
      i++;
      const v = additive();
      depth--;
      if (v === undefined || peek()?.text !== ')') return undefined;
      i++;
      return v;
    }
    return undefined;
  }

  function power(): number | undefined {
    const base = primary();
    if (base === undefined) return undefined;
    if (peek()?.text === '**') {
      i++;
      const exp = unary();
      return exp === undefined ? undefined : base ** exp;
    }
    return base;
  }

  function unary(): number | undefined {
    const t = peek();
    if (t && t.kind === 'punct' && (t.text === '-' || t.text === '+')) {
      if (++depth > MAX_DEPTH) return undefined;
      i++;
      const v = unary();
      depth--;
      return v === undefined ? undefined : t.text === '-' ? -v : v;
    }
    return power();
  }

  function multiplicative(): number | undefined {
    let v = unary();
    while (v !== undefined) {
      const op = peek()?.text;
      if (op !== '*' && op !== '/' && op !== '//' && op !== '%') break;
      if (peek()?.kind !== 'punct') break;
      i++;
      const r = unary();
      if (r === undefined) return undefined;
      if (op === '*') v *= r;
      else if (op === '/') v /= r;
      else if (op === '//') v = Math.floor(v / r);
      else v = r === 0 ? NaN : v - r * Math.floor(v / r);
    }
    return v;
  }

  function additive(): number | undefined {
    let v = multiplicative();
    while (v !== undefined) {
      const t = peek();
      if (!t || t.kind !== 'punct' || (t.text !== '+' && t.text !== '-')) break;
      i++;
      const r = multiplicative();
      if (r === undefined) return undefined;
      v = t.text === '+' ? v + r : v - r;
    }
    return v;
  }

  const value = additive();
  return value === undefined ? undefined : { value, next: i };
}
