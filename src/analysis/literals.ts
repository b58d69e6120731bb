// Finds numeric array literals (nested lists, np.array/torch.tensor/tf.constant wrappers, typed arrays, JSON) by parsing, never evaluating.
import { parseConstExpr, type ConstEnv } from './constExpr';
import { findJsonTables, type NestedNumbers } from './jsonLiterals';
import { lineStarts, positionAt, tokenize, type LexFamily, type Token } from './tokens';
import * as l10n from '../l10n';

/** A zero-based position in a document, as VS Code counts it. */
export interface SourcePosition {
  readonly line: number;
  readonly character: number;
}

/** Where a literal sits: from its opening bracket to just after its closing one. */
export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

/** A numeric array literal found in the source. */
export interface NumericLiteral {
  readonly ok: true;
  readonly range: SourceRange;
  readonly shape: readonly number[];
  /** Row-major values. */
  readonly data: readonly number[];
  /** The variable or key it is assigned to, when there is one (`kernel = [...]` → "kernel"). */
  readonly name?: string;
  /** The call wrapping it, e.g. "np.array", "torch.tensor", "Float32Array". */
  readonly wrapper?: string;
}

/** A bracketed list of numbers that could not be read: rows that do not line up, or more elements than the limit. */
export interface RaggedLiteral {
  readonly ok: false;
  /** 'ragged' is a mistake in the code; 'tooLarge' only means ConvLens did not read it. */
  readonly reason: 'ragged' | 'tooLarge';
  readonly range: SourceRange;
  readonly message: string;
  readonly name?: string;
}

/** Everything the literal scanner reports. */
export type LiteralResult = NumericLiteral | RaggedLiteral;

/** Limits that keep the scanner bounded on hostile input. */
export interface LiteralOptions {
  /** Literals with more elements are reported as errors rather than read. */
  readonly maxElements?: number;
}

const MAX_RANK = 32;
const PY_BOOLS: ConstEnv = new Map([
  ['True', 1],
  ['False', 0],
]);
const NO_NAMES: ConstEnv = new Map();

/** Tokens after which `[` opens a new value, not an index or a type. */
const VALUE_START_NAMES = new Set([
  'return',
  'yield',
  'in',
  'and',
  'or',
  'not',
  'else',
  'lambda',
  'await',
  'assert',
  'if',
  'elif',
  'while',
  'case',
  'of',
  'typeof',
  'throw',
]);

function startsValue(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'name') return VALUE_START_NAMES.has(prev.text);
  if (prev.kind === 'punct') return ![')', ']', '}', '.', '?.'].includes(prev.text);
  return false;
}

type Nested = NestedNumbers;

/** The bracket is not a numeric literal; `holdsValue` when an element is a string or None/null (a table of data, not numbers). */
class NotNumeric extends Error {
  constructor(readonly holdsValue = false) {
    super();
  }
}

/** Element tokens that make a table data rather than numbers: strings and the null constants of each language. */
const NULL_NAMES = new Set(['None', 'null', 'undefined']);

function isNonNumericValue(t: Token): boolean {
  return t.kind === 'string' || (t.kind === 'name' && NULL_NAMES.has(t.text));
}

/** Nesting deeper than any real tensor: the whole bracket is skipped. */
class TooDeep extends Error {}

/** Index of the token closing the bracket opened at `open`, or tokens.length when unclosed. */
function matchingClose(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '[' || t.text === '(' || t.text === '{') depth++;
    else if (t.text === ']' || t.text === ')' || t.text === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return tokens.length;
}

/** Parses the sequence opened at tokens[i] ('[' or, in Python, a tuple '('); throws NotNumeric for anything else. */
function parseSequence(
  tokens: readonly Token[],
  i: number,
  family: LexFamily,
  env: ConstEnv,
  rank: number,
  budget: { left: number },
): { value: Nested[]; next: number } {
  if (rank > MAX_RANK) throw new TooDeep();
  const close = tokens[i]!.text === '[' ? ']' : ')';
  const items: Nested[] = [];
  let j = i + 1;
  let sawComma = false;
  while (j < tokens.length && tokens[j]!.text !== close) {
    const t = tokens[j]!;
    let item: Nested;
    if (t.kind === 'punct' && t.text === '[') {
      const r = parseSequence(tokens, j, family, env, rank + 1, budget);
      item = r.value;
      j = r.next;
    } else if (family === 'python' && t.text === '(' && isTuple(tokens, j)) {
      const r = parseSequence(tokens, j, family, env, rank + 1, budget);
      item = r.value;
      j = r.next;
    } else {
      const r = parseConstExpr(tokens, j, env);
      if (!r) throw new NotNumeric(isNonNumericValue(t));
      item = r.value;
      j = r.next;
      if (--budget.left < 0) throw new RangeError(l10n.t('too many elements'));
    }
    items.push(item);
    const sep = tokens[j];
    if (sep?.text === ',') {
      sawComma = true;
      j++;
    } else if (sep?.text !== close) {
      throw new NotNumeric();
    }
  }
  if (j >= tokens.length) throw new NotNumeric();
  if (close === ')' && !sawComma) throw new NotNumeric();
  return { value: items, next: j + 1 };
}

/** Does the parenthesis at `open` hold a top-level comma (a tuple) rather than a grouped expression? */
function isTuple(tokens: readonly Token[], open: number): boolean {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!.text;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') {
      depth--;
      if (depth === 0) return false;
    } else if (t === ',' && depth === 1) return true;
  }
  return false;
}

/** Shape of a nested value, or a message saying where rows disagree. */
function shapeOf(v: Nested, path: string): readonly number[] | string {
  if (typeof v === 'number') return [];
  if (v.length === 0) return [0];
  const first = shapeOf(v[0]!, `${path}[0]`);
  if (typeof first === 'string') return first;
  for (let k = 1; k < v.length; k++) {
    const s = shapeOf(v[k]!, `${path}[${k}]`);
    if (typeof s === 'string') return s;
    if (s.length !== first.length || s.some((d, a) => d !== first[a])) {
      const len = (x: readonly number[]): string => (x.length === 0 ? 'a number' : `${x[0]} items`);
      return l10n.t('ragged array: row {0}[{1}] has {2} but row {0}[0] has {3}', path, k, len(s), len(first));
    }
  }
  return [v.length, ...first];
}

function flatten(v: Nested, out: number[]): void {
  if (typeof v === 'number') out.push(v);
  else for (const x of v) flatten(x, out);
}

/** The call directly around a literal (`np.array(` → "np.array") and the index of the token before it. */
function wrapperBefore(tokens: readonly Token[], i: number): { wrapper?: string; before: number } {
  if (tokens[i - 1]?.text !== '(') return { before: i - 1 };
  let k = i - 2;
  const parts: string[] = [];
  while (k >= 0 && tokens[k]!.kind === 'name') {
    parts.unshift(tokens[k]!.text);
    if (tokens[k - 1]?.text !== '.') break;
    k -= 2;
  }
  if (parts.length === 0) return { before: i - 1 };
  const before = tokens[k - 1]?.text === 'new' ? k - 2 : k - 1;
  return { wrapper: parts.join('.'), before };
}

/** The name a literal is bound to: `x = …`, `const x: T = …`, `"x": …`, or a keyword argument `x=…`. */
function boundName(tokens: readonly Token[], before: number): string | undefined {
  const t = tokens[before];
  if (!t) return undefined;
  if (t.text === ':' && tokens[before - 1]?.kind === 'string')
    return tokens[before - 1]!.text.replace(/^['"]|['"]$/g, '');
  if (t.text === ':' && tokens[before - 1]?.kind === 'name') return tokens[before - 1]!.text;
  if (t.text !== '=') return undefined;
  for (let k = before - 1; k >= Math.max(0, before - 12); k--) {
    const c = tokens[k]!;
    if (c.kind === 'name' && (k === before - 1 || tokens[k + 1]?.text === ':')) return c.text;
    if (c.text === ';' || c.text === '=' || c.text === ',' || c.text === '(') break;
  }
  return undefined;
}

const DEFAULT_MAX_ELEMENTS = 10_000_000;

function tooLarge(range: SourceRange, options: LiteralOptions, name: string | undefined): RaggedLiteral {
  const limit = (options.maxElements ?? DEFAULT_MAX_ELEMENTS).toLocaleString('en-US');
  return {
    ok: false,
    reason: 'tooLarge',
    range,
    message: l10n.t('array literal has more than {0} elements (setting convlens.maxTensorElements); not read', limit),
    ...(name ? { name } : {}),
  };
}

/** A parsed table as a literal: its shape and data, a ragged-row error, or nothing when a dimension is empty. */
function tableLiteral(
  value: Nested[],
  range: SourceRange,
  name: string | undefined,
  wrapper: string | undefined,
): LiteralResult | undefined {
  const shape = shapeOf(value, '');
  if (typeof shape === 'string')
    return { ok: false, reason: 'ragged', range, message: shape, ...(name ? { name } : {}) };
  if (shape.includes(0)) return undefined;
  const data: number[] = [];
  flatten(value, data);
  return { ok: true, range, shape, data, ...(name ? { name } : {}), ...(wrapper ? { wrapper } : {}) };
}

/** JSON/JSONC: the tables jsonc-parser finds, read as literals. */
function jsonLiterals(src: string, options: LiteralOptions, starts: readonly number[]): LiteralResult[] {
  const results: LiteralResult[] = [];
  for (const table of findJsonTables(src, options.maxElements ?? DEFAULT_MAX_ELEMENTS)) {
    const range = { start: positionAt(starts, table.start), end: positionAt(starts, table.end) };
    const literal =
      table.value === 'tooLarge'
        ? tooLarge(range, options, table.name)
        : tableLiteral(table.value, range, table.name, undefined);
    if (literal) results.push(literal);
  }
  return results;
}

/** Scans source text of one language family for numeric array literals, in document order. */
export function findLiterals(
  src: string,
  family: LexFamily,
  options: LiteralOptions = {},
  given?: readonly Token[],
  starts: readonly number[] = lineStarts(src),
): LiteralResult[] {
  if (family === 'json') return jsonLiterals(src, options, starts);
  const tokens = given ?? tokenize(src, family);
  const env = family === 'python' ? PY_BOOLS : NO_NAMES;
  const results: LiteralResult[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind !== 'punct' || t.text !== '[') {
      i++;
      continue;
    }
    if (!startsValue(tokens[i - 1])) {
      // An index, slice or type (`a[0][1]`, `x[:, 1]`, `number[]`): nothing inside is a literal of its own.
      i = matchingClose(tokens, i) + 1;
      continue;
    }
    const close = matchingClose(tokens, i);
    const range = (): SourceRange => ({
      start: positionAt(starts, t.start),
      end: positionAt(starts, close < tokens.length ? tokens[close]!.end : src.length),
    });
    const { wrapper, before } = wrapperBefore(tokens, i);
    const name = boundName(tokens, before);
    try {
      const budget = { left: options.maxElements ?? DEFAULT_MAX_ELEMENTS };
      const parsed = parseSequence(tokens, i, family, env, 1, budget);
      const literal = tableLiteral(parsed.value, range(), name, wrapper);
      if (literal) results.push(literal);
      i = parsed.next;
    } catch (e) {
      if (e instanceof RangeError) {
        results.push(tooLarge(range(), options, name));
        i = close + 1;
      } else if (e instanceof TooDeep) {
        i = close + 1;
      } else if (e instanceof NotNumeric) {
        // A table holding a string or None, or a comprehension, is skipped whole (no row of it is a literal);
        // any other list (of calls, names, dicts) may still hold literals.
        const inner = tokens.slice(i + 1, close);
        i = e.holdsValue || inner.some((x) => x.kind === 'name' && x.text === 'for') ? close + 1 : i + 1;
      } else {
        throw e;
      }
    }
  }
  return results;
}
