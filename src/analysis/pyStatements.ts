// Splits Python tokens into logical statements with their line and indentation, so blocks (class, def) can be found.
import { positionAt, type Token } from './tokens';

/** One logical Python statement: tokens [start, end), its first line and its indentation column. */
export interface PyStatement {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly indent: number;
}

/** Python source read into tokens and statements. */
export interface PySource {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly lineStarts: readonly number[];
  readonly statements: readonly PyStatement[];
}

/** Groups tokens into logical statements: a new one starts on a new line at bracket depth 0, or after `;`. */
export function splitStatements(text: string, tokens: readonly Token[], starts: readonly number[]): PyStatement[] {
  const out: PyStatement[] = [];
  let depth = 0;
  let begin = 0;
  const push = (end: number): void => {
    if (end <= begin) return;
    const p = positionAt(starts, tokens[begin]!.start);
    out.push({ start: begin, end, line: p.line, indent: p.character });
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (k > begin && depth <= 0) {
      const prev = tokens[k - 1]!;
      if (newlineBetween(text, prev.end, t.start)) {
        push(k);
        begin = k;
        depth = 0;
      }
    }
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
      else if (t.text === ';' && depth <= 0) {
        push(k);
        begin = k + 1;
      }
    }
  }
  push(tokens.length);
  return out;
}

/** Is there a line break between two offsets that a backslash does not continue? (Only whitespace, comments and `\\` lie there.) */
function newlineBetween(text: string, from: number, to: number): boolean {
  let broke = false;
  let continued = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (!continued) broke = true;
      continued = false;
    } else if (c === 92) {
      continued = true;
    } else if (c !== 32 && c !== 9 && c !== 13) {
      continued = false;
    }
  }
  return broke;
}

/** Indices of the statements in the block under statement `index` (more indented, until the indentation returns). */
export function blockOf(statements: readonly PyStatement[], index: number): number[] {
  const head = statements[index]!;
  const body: number[] = [];
  for (let k = index + 1; k < statements.length; k++) {
    if (statements[k]!.indent <= head.indent) break;
    body.push(k);
  }
  return body;
}
