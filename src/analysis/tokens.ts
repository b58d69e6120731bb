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

const PUNCT3 = new Set(['**=', '//=', '>>=', '<<=', '...', '===', '!==']);
const PUNCT2 = new Set(['**', '//', '==', '!=', '<=', '>=', '->', '+=', '-=', '*=', '/=', '=>', '&&', '||', '??', '?.', ':=', '<<', '>>']);
const NUMBER = /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJnN]?/y;
const NAME = /[A-Za-z_$\u00C0-\uFFFF][\w$\u00C0-\uFFFF]*/y; // regex flags after a JS regex literal

/** A–Z, a–z, _, $ or any non-ASCII letter-ish code unit (identifiers may be unicode). */
function isIdentStartCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0xc0;
}

function isIdentPartCode(c: number): boolean {
  return isIdentStartCode(c) || (c >= 48 && c <= 57);
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
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

const PREFIX_CHARS = new Set(['r', 'R', 'b', 'B', 'u', 'U', 'f', 'F']);

/** Length of a Python string prefix (r, b, f, u, rb, br, fr, rf …) at `i` that is followed by a quote, or 0. */
function pythonStringPrefixLength(src: string, i: number): number {
  for (let n = 1; n <= 2; n++) {
    if (!PREFIX_CHARS.has(src[i + n - 1] ?? '')) return 0;
    const q = src[i + n];
    if (q === '"' || q === "'") return n;
  }
  return 0;
}

/** Splits source into tokens, dropping whitespace and comments; strings become single `string` tokens. */
export function tokenize(src: string, family: LexFamily): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = src.length;
  const push = (kind: TokenKind, start: number, end: number): void => {
    tokens.push({ kind, text: src.slice(start, end), start, end });
  };
  while (i < n) {
    const code = src.charCodeAt(i);
    // Whitespace and Python's line-continuation backslash.
    if (code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 92) {
      i++;
      continue;
    }
    const c = src[i]!;
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
      const prefix = isIdentStartCode(code) ? pythonStringPrefixLength(src, i) : 0;
      const qc = src[i + prefix];
      if (qc === '"' || qc === "'") {
        const q = i + prefix;
        const triple = src[q + 1] === qc && src[q + 2] === qc;
        const end = skipQuoted(src, q, qc, triple);
        push('string', i, end);
        i = end;
        continue;
      }
    } else if (c === '"' || (c === "'" && family === 'js')) {
      const end = skipQuoted(src, i, c, false);
      push('string', i, end);
      i = end;
      continue;
    } else if (c === '`' && family === 'js') {
      const end = skipTemplate(src, i);
      push('string', i, end);
      i = end;
      continue;
    } else if (c === '/' && family === 'js' && regexAllowedAfter(tokens[tokens.length - 1])) {
      const end = skipRegex(src, i);
      push('string', i, end);
      i = end;
      continue;
    }
    if (isDigitCode(code) || (code === 46 && isDigitCode(src.charCodeAt(i + 1)))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src);
      const end = m && m[0].length > 0 ? i + m[0].length : i + 1;
      push('number', i, end);
      i = end;
      continue;
    }
    if (isIdentStartCode(code)) {
      let end = i + 1;
      while (end < n && isIdentPartCode(src.charCodeAt(end))) end++;
      push('name', i, end);
      i = end;
      continue;
    }
    const len = PUNCT3.has(src.slice(i, i + 3)) ? 3 : PUNCT2.has(src.slice(i, i + 2)) ? 2 : 1;
    push('punct', i, i + len);
    i += len;
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
