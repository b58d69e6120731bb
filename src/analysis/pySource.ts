// Reads Python text once into tokens, statements and module-level constants, shared by every model reader.
import { parseExpr, type PyExpr } from './pyExpr';
import { splitStatements, type PyStatement } from './pyStatements';
import { evalValue, UNKNOWN, type PyValue } from './pyValues';
import { lineStarts, positionAt, tokenize, type Token } from './tokens';
import type { SourceRange } from './literals';

/** Python source read into tokens, statements and constants. */
export class PyModule {
  readonly tokens: readonly Token[];
  readonly starts: readonly number[];
  readonly statements: readonly PyStatement[];
  /** Names bound once to a static value anywhere at module level (`C = 64`, `IMG = (32, 32)`). */
  readonly constants: ReadonlyMap<string, PyValue>;

  /** `tokens` may be passed in when the caller already tokenized the text (the literal scan shares them). */
  constructor(readonly text: string, tokens?: readonly Token[], starts?: readonly number[]) {
    this.tokens = tokens ?? tokenize(text, 'python');
    this.starts = starts ?? lineStarts(text);
    this.statements = splitStatements(text, this.tokens, this.starts);
    this.constants = this.readConstants();
  }

  private readonly memos = new Map<string, unknown>();

  /** Computes a whole-file fact once per module (every model asks for the same input-shape sources). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  private readonly assignments = new Map<number, { target: PyExpr; value: PyExpr } | null>();

  /** The assignment `target = value` in statement `s`, if it is one (plain `=` at depth 0); parsed once per statement. */
  assignment(s: PyStatement): { target: PyExpr; value: PyExpr } | undefined {
    const known = this.assignments.get(s.start);
    if (known !== undefined) return known ?? undefined;
    const target = parseExpr(this.tokens, s.start, s.end);
    const eq = this.tokens[target.end];
    const parsed = target.end >= s.end || eq?.text !== '=' ? null : { target, value: parseExpr(this.tokens, target.end + 1, s.end) };
    this.assignments.set(s.start, parsed);
    return parsed ?? undefined;
  }

  /** The whole statement as one expression (e.g. `model.add(...)`, `return f(x)` without `return`). */
  expression(s: PyStatement, skip = 0): PyExpr {
    return parseExpr(this.tokens, s.start + skip, s.end);
  }

  /** Source text of a token range, on one line. */
  textOf(e: { start: number; end: number }): string {
    if (e.end <= e.start) return '';
    const raw = this.text.slice(this.tokens[e.start]!.start, this.tokens[e.end - 1]!.end);
    return raw.includes('\n') ? raw.replace(/\s*\n\s*/g, ' ') : raw;
  }

  /** Document range of a token range. */
  rangeOf(e: { start: number; end: number }): SourceRange {
    const first = this.tokens[e.start];
    const last = this.tokens[Math.max(e.start, e.end - 1)];
    if (!first || !last) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: positionAt(this.starts, first.start), end: positionAt(this.starts, last.end) };
  }

  private readConstants(): Map<string, PyValue> {
    const env = new Map<string, PyValue>();
    const seen = new Set<string>();
    for (const s of this.statements) {
      if (s.indent !== 0) continue;
      const a = this.assignment(s);
      if (!a || a.target.kind !== 'name') continue;
      const v = evalValue(a.value, env);
      // A name bound twice to different values is not a constant.
      if (seen.has(a.target.id) && (v === UNKNOWN || JSON.stringify(env.get(a.target.id)) !== JSON.stringify(v))) {
        env.delete(a.target.id);
        continue;
      }
      seen.add(a.target.id);
      if (v !== UNKNOWN) env.set(a.target.id, v);
    }
    return env;
  }
}
