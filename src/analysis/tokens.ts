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
const PUNCT2 = new Set([
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '->',
  '+=',
  '-=',
  '*=',
  '/=',
  '=>',
  '&&',
  '||',
  '??',
  '?.',
  ':=',
  '<<',
  '>>',
]);
const NUMBER =
  /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJnN]?/y;
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
  if (prev.kind === 'name')
    return [
      'return',
      'typeof',
      'instanceof',
      'in',
      'of',
      'new',
      'delete',
      'void',
      'throw',
      'case',
      'do',
      'else',
      'yield',
      'await',
    ].includes(prev.text);
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

/** Characters that appear second in a multi-character operator. */
const SECOND_CHARS = new Set([...PUNCT2].map((p) => p.charCodeAt(1)));

/** Single-character punctuation as shared strings, so a token's text needs no new string. */
const ONE_CHAR: readonly string[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

/** Splits source into tokens, dropping whitespace and comments; strings become single `string` tokens. */
export function tokenize(src: string, family: LexFamily): Token[] {
  const tokens: Token[] = [];
  const python = family === 'python';
  const js = family === 'js';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const code = src.charCodeAt(i);
    // Whitespace and Python's line-continuation backslash.
    if (code === 32 || code === 10 || code === 9 || code === 13 || code === 12 || code === 11 || code === 92) {
      i++;
      continue;
    }
    if (isIdentStartCode(code)) {
      const prefix = python ? pythonStringPrefixLength(src, i) : 0;
      if (prefix === 0) {
        let end = i + 1;
        while (end < n && isIdentPartCode(src.charCodeAt(end))) end++;
        tokens.push({ kind: 'name', text: src.slice(i, end), start: i, end });
        i = end;
        continue;
      }
    }
    if (isDigitCode(code) || (code === 46 && isDigitCode(src.charCodeAt(i + 1)))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src);
      const end = m && m[0].length > 0 ? i + m[0].length : i + 1;
      tokens.push({ kind: 'number', text: src.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    if (python && code === 35) {
      const e = src.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (!python && code === 47 && src.charCodeAt(i + 1) === 47) {
      const e = src.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (!python && code === 47 && src.charCodeAt(i + 1) === 42) {
      const e = src.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    let stringEnd = -1;
    if (python) {
      const prefix = isIdentStartCode(code) ? pythonStringPrefixLength(src, i) : 0;
      const q = i + prefix;
      const qc = src.charCodeAt(q);
      if (qc === 34 || qc === 39) {
        const quote = qc === 34 ? '"' : "'";
        const triple = src.charCodeAt(q + 1) === qc && src.charCodeAt(q + 2) === qc;
        stringEnd = skipQuoted(src, q, quote, triple);
      }
    } else if (code === 34 || (code === 39 && js)) {
      stringEnd = skipQuoted(src, i, code === 34 ? '"' : "'", false);
    } else if (code === 96 && js) {
      stringEnd = skipTemplate(src, i);
    } else if (code === 47 && js && regexAllowedAfter(tokens[tokens.length - 1])) {
      stringEnd = skipRegex(src, i);
    }
    if (stringEnd >= 0) {
      tokens.push({ kind: 'string', text: src.slice(i, stringEnd), start: i, end: stringEnd });
      i = stringEnd;
      continue;
    }
    // Only look for a two- or three-character operator when the next character can continue one.
    const len = !SECOND_CHARS.has(src.charCodeAt(i + 1))
      ? 1
      : PUNCT3.has(src.slice(i, i + 3))
        ? 3
        : PUNCT2.has(src.slice(i, i + 2))
          ? 2
          : 1;
    const text = len === 1 && code < 128 ? ONE_CHAR[code]! : src.slice(i, i + len);
    tokens.push({ kind: 'punct', text, start: i, end: i + len });
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
