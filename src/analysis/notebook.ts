// Models spread over notebook cells: the code cells are read as one file in cell order, results mapped back to one cell.
import {
  traceGraphs,
  type GraphModel,
  type GraphTraceOptions,
  type ModelStop,
  type TracedModule,
  type TracedNode,
} from './graphTrace';
import type { SourceRange } from './literals';

function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function shift(r: SourceRange, by: number): SourceRange {
  return {
    start: { line: r.start.line - by, character: r.start.character },
    end: { line: r.end.line - by, character: r.end.character },
  };
}

/**
 * Traces the models whose entry (class, def, assignment) is in cell `cellIndex`, reading every code cell before and after
 * it (imports, constants, `class Net` in one cell, `torch.randn` in another). Every range is in the cell's own lines: one
 * written in another cell lies outside 0…lineCount−1 (negative or past the end), so providers that keep to the
 * document's lines do not hint or mark it.
 */
export function traceNotebookCell(
  cells: readonly string[],
  cellIndex: number,
  options: GraphTraceOptions,
): GraphModel[] {
  const starts: number[] = [];
  let line = 0;
  for (const text of cells) {
    starts.push(line);
    line += lineCount(text);
  }
  const first = starts[cellIndex] ?? 0;
  const last = first + lineCount(cells[cellIndex] ?? '') - 1;
  const inCell = (r: SourceRange): boolean => r.start.line >= first && r.end.line <= last;
  const move = (r: SourceRange): SourceRange => shift(r, first);
  const node = (n: TracedNode): TracedNode => ({
    ...n,
    calledAt: move(n.calledAt),
    ...(n.definedAt ? { definedAt: move(n.definedAt) } : {}),
  });
  const module = (m: TracedModule): TracedModule => ({ ...m, definedAt: move(m.definedAt) });
  const stop = (s: ModelStop): ModelStop => ({
    ...s,
    range: move(s.range),
    ...(s.definedAt ? { definedAt: move(s.definedAt) } : {}),
  });
  return traceGraphs(cells.join('\n'), options)
    .filter((m) => inCell(m.range))
    .map((m) => {
      const { line: inputLine, ...inputRest } = m.input;
      // The input's line is kept only when the comment or tensor is in this cell (Set Input Shape edits it there).
      const input =
        inputLine !== undefined && inputLine >= first && inputLine <= last
          ? { ...inputRest, line: inputLine - first }
          : inputRest;
      return {
        ...m,
        range: move(m.range),
        input,
        stop: m.stop ? stop(m.stop) : null,
        nodes: m.nodes.map(node),
        modules: m.modules.map(module),
      };
    });
}

/** Is the range within a document of `lineCount` lines (not in another notebook cell)? */
export function inDocument(r: SourceRange, lineCount: number): boolean {
  return r.start.line >= 0 && r.end.line < lineCount;
}
