// A small lexer for Python, JavaScript/TypeScript and JSON: it skips comments and strings so nothing inside them is read as code.

/** Languages the analysis understands, by the family of their lexical rules. */
export type LexFamily = 'python' | 'js' | 'json';

/** Token kinds the literal and layer readers care about. */
export type TokenKind = 'number' | 'name' | 'string' | 'punct';

/** One token with its offsets in the source. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Maps a VS Code language id to its lexical family, or undefined when ConvLens does not read it. */
export function lexFamily(languageId: string): LexFamily | undefined {
  switch (languageId) {
    case 'python':
      return 'python';
    case 'javascript':
    case 'typescript':
    case 'javascriptreact':
    case 'typescriptreact':
      return 'js';
    case 'json':
    case 'jsonc':
    case 'jsonl':
      return 'json';
    default:
      return undefined;
  }
}

const PUNCT3 = ['**=', '//=', '>>=', '<<=', '...', '===', '!=='];
const PUNCT2 = ['**', '//', '==', '!=', '<=', '>=', '->', '+=', '-=', '*=', '/=', '=>', '&&', '||', '??', '?.', ':='];
const NUMBER = /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJnN]?/y;
const NAME = /[A-Za-z_$\u00C0-\uFFFF][\w$\u00C0-\uFFFF]*/y;

function isIdentStart(c: string): boolean {
  return /[A-Za-z_$\u00C0-\uFFFF]/.test(c);
}

/** Can a `/` after this token start a regex (JS) rather than divide? */
function regexAllowedAfter(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'number' || prev.kind === 'string') return false;
  if (prev.kind === 'name') return ['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await'].includes(prev.text);
  return ![')', ']', '}'].includes(prev.text);
}

/** End offset of a quoted string starting at `i` (the quote); stops at a newline for single-line strings. */
function skipQuoted(src: string, i: number, quote: string, multiline: boolean): number {
  const q = multiline ? quote.repeat(3) : quote;
  let j = i + q.length;
  while (j < src.length) {
    const c = src[j]!;
    // A backslash never ends a string, not even a raw one (r"\"" is one string).
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (src.startsWith(q, j)) return j + q.length;
    if (!multiline && c === '\n') return j;
    j++;
  }
  return src.length;
}

/** End offset of a JS template literal starting at `i` (the backtick), skipping nested `${ … }`. */
function skipTemplate(src: string, i: number): number {
  let j = i + 1;
  let depth = 0;
  while (j < src.length) {
    const c = src[j]!;
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (depth === 0 && c === '`') return j + 1;
    if (c === '$' && src[j + 1] === '{') {
      depth++;
      j += 2;
      continue;
    }
    if (depth > 0 && c === '}') depth--;
    j++;
  }
  return src.length;
}

/** End offset of a JS regex literal starting at `i` (the slash). */
function skipRegex(src: string, i: number): number {
  let j = i + 1;
  let inClass = false;
  while (j < src.length && src[j] !== '\n') {
    const c = src[j]!;
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      j++;
      NAME.lastIndex = j;
      const flags = NAME.exec(src);
      return flags && flags.index === j ? j + flags[0].length : j;
    }
    j++;
  }
  return j;
}

/** Python string prefix (r, b, f, u, rb, br, fr, rf …) immediately before a quote at `i + prefix.length`. */
function pythonStringPrefix(src: string, i: number): string | undefined {
  const m = /^(?:[rRbBuUfF]{1,2})(?=['"])/.exec(src.slice(i, i + 3));
  return m ? m[0] : undefined;
}

/** Splits source into tokens, dropping whitespace and comments; strings become single `string` tokens. */
export function tokenize(src: string, family: LexFamily): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\\') {
      i++;
      continue;
    }
    if (family === 'python' && c === '#') {
      const e = src.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (family !== 'python' && c === '/' && src[i + 1] === '/') {
      const e = src.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (family !== 'python' && c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (family === 'python') {
      const prefix = isIdentStart(c) ? pythonStringPrefix(src, i) : undefined;
      const q = prefix !== undefined ? i + prefix.length : i;
      const qc = src[q];
      if (qc === '"' || qc === "'") {
        const triple = src.startsWith(qc.repeat(3), q);
        const end = skipQuoted(src, q, qc, triple);
        tokens.push({ kind: 'string', text: src.slice(i, end), start: i, end });
        i = end;
        continue;
      }
    } else if (c === '"' || (c === "'" && family === 'js')) {
      const end = skipQuoted(src, i, c, false);
      tokens.push({ kind: 'string', text: src.slice(i, end), start: i, end });
      i = end;
      continue;
    } else if (c === '`' && family === 'js') {
      const end = skipTemplate(src, i);
      tokens.push({ kind: 'string', text: src.slice(i, end), start: i, end });
      i = end;
      continue;
    } else if (c === '/' && family === 'js' && regexAllowedAfter(tokens[tokens.length - 1])) {
      const end = skipRegex(src, i);
      tokens.push({ kind: 'string', text: src.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '.' && src[i + 1] !== undefined && src[i + 1]! >= '0' && src[i + 1]! <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src);
      const end = m && m[0].length > 0 ? i + m[0].length : i + 1;
      tokens.push({ kind: 'number', text: src.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    if (isIdentStart(c)) {
      NAME.lastIndex = i;
      const m = NAME.exec(src);
      const end = m ? i + m[0].length : i + 1;
      tokens.push({ kind: 'name', text: src.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    const p = PUNCT3.find((s) => src.startsWith(s, i)) ?? PUNCT2.find((s) => src.startsWith(s, i)) ?? c;
    tokens.push({ kind: 'punct', text: p, start: i, end: i + p.length });
    i += p.length;
  }
  return tokens;
}

/** Offsets of the start of each line, for turning offsets into (line, character). */
export function lineStarts(src: string): number[] {
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Zero-based (line, character) of an offset, by binary search over line starts. */
export function positionAt(starts: readonly number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo]! };
}
