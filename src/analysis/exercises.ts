// Finds the exercises of a file: a `# convlens: check op(args)` comment and the answer written on the next code line.
// Static only: the answer is read as a literal, never evaluated.
import type { LiteralResult, SourceRange } from './literals';

/** One argument of a check directive: positional (`image`, `2`) or keyword (`stride=2`). */
export interface DirectiveArgs {
  readonly positional: readonly string[];
  readonly keywords: ReadonlyMap<string, string>;
}

/** The student's answer: an array literal, a number, nothing yet, or something ConvLens cannot read. */
export type WrittenAnswer =
  | {
      readonly kind: 'array';
      readonly name?: string;
      readonly range: SourceRange;
      readonly shape: readonly number[];
      readonly data: readonly number[];
    }
  | { readonly kind: 'number'; readonly name?: string; readonly range: SourceRange; readonly value: number }
  | { readonly kind: 'unanswered'; readonly range: SourceRange }
  | { readonly kind: 'unreadable'; readonly range: SourceRange; readonly text: string };

/** An exercise: what to compute, where it is asked, and the answer below it. */
export interface Exercise {
  readonly op: string;
  readonly args: DirectiveArgs;
  /** The directive as written, e.g. `conv2d(image, kernel, stride=2)`. */
  readonly call: string;
  readonly line: number;
  readonly answer?: WrittenAnswer;
}

const DIRECTIVE = /^\s*#\s*convlens:\s*check\s+([A-Za-z_]\w*)\s*\((.*)\)\s*$/;
const ASSIGNMENT = /^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=\s*(.*?)\s*(?:#.*)?$/;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
/** A flat tuple or list of numbers, e.g. a shape `(1, 16, 11, 11)`: the literal scanner leaves bare tuples alone. */
const FLAT_SEQUENCE = /^[([]\s*([^()[\]]*?)\s*,?\s*[)\]]$/;

/** Splits `a, b, key=value` at top-level commas. */
function splitArgs(text: string): DirectiveArgs {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if ('([{'.includes(ch)) depth++;
    if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) parts.push(current.trim());
  const positional: string[] = [];
  const keywords = new Map<string, string>();
  for (const part of parts) {
    const kw = /^([A-Za-z_]\w*)\s*=\s*(.+)$/.exec(part);
    if (kw) keywords.set(kw[1]!, kw[2]!.trim());
    else positional.push(part);
  }
  return { positional, keywords };
}

function lineRange(line: number, text: string): SourceRange {
  return { start: { line, character: text.length - text.trimStart().length }, end: { line, character: text.length } };
}

/** The answer on the first code line after the directive (blank and comment lines are skipped). */
function readAnswer(
  lines: readonly string[],
  from: number,
  literals: readonly LiteralResult[],
): WrittenAnswer | undefined {
  for (let line = from; line < lines.length; line++) {
    const text = lines[line]!;
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    if (DIRECTIVE.test(text)) return undefined;
    const assignment = ASSIGNMENT.exec(text);
    const name = assignment?.[1];
    const literal = literals.find((l) => l.range.start.line === line);
    if (literal?.ok)
      return {
        kind: 'array',
        ...(name ? { name } : {}),
        range: literal.range,
        shape: literal.shape,
        data: literal.data,
      };
    const value = assignment?.[2] ?? text.trim();
    const range = lineRange(line, text);
    if (value === '' || value === 'None' || value === '...' || value === '?') return { kind: 'unanswered', range };
    if (NUMBER.test(value)) return { kind: 'number', ...(name ? { name } : {}), range, value: Number(value) };
    const items = FLAT_SEQUENCE.exec(value)?.[1]
      ?.split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    if (items && items.length > 0 && items.every((x) => NUMBER.test(x)))
      return { kind: 'array', ...(name ? { name } : {}), range, shape: [items.length], data: items.map(Number) };
    return { kind: 'unreadable', range, text: value };
  }
  return undefined;
}

/** Every exercise in a Python file, in order. */
export function findExercises(text: string, literals: readonly LiteralResult[]): Exercise[] {
  const lines = text.split(/\r?\n/);
  const exercises: Exercise[] = [];
  lines.forEach((lineText, line) => {
    const m = DIRECTIVE.exec(lineText);
    if (!m) return;
    const answer = readAnswer(lines, line + 1, literals);
    exercises.push({
      op: m[1]!,
      args: splitArgs(m[2]!),
      call: `${m[1]}(${m[2]!.trim()})`,
      line,
      ...(answer ? { answer } : {}),
    });
  });
  return exercises;
}
