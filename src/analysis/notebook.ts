// Models spread over notebook cells: the code cells are read as one file in cell order, results mapped back to one cell.
import type { SourceRange } from './literals';
import type { LayerOccurrence } from './models';
import { traceModels, type TraceOptions, type TracedModel } from './modelTrace';

function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function shift(r: SourceRange, by: number): SourceRange {
  return { start: { line: r.start.line - by, character: r.start.character }, end: { line: r.end.line - by, character: r.end.character } };
}

/**
 * Traces the models whose definition starts in cell `cellIndex`, reading every code cell before and after it (imports,
 * constants, `class Net` in one cell, `torch.randn` in another). Ranges are in the cell's own lines; a layer written in
 * another cell is marked `external` and placed on the model's header.
 */
export function traceNotebookCell(cells: readonly string[], cellIndex: number, options: TraceOptions): TracedModel[] {
  const starts: number[] = [];
  let line = 0;
  for (const text of cells) {
    starts.push(line);
    line += lineCount(text);
  }
  const first = starts[cellIndex] ?? 0;
  const last = first + lineCount(cells[cellIndex] ?? '') - 1;
  const inCell = (r: SourceRange): boolean => r.start.line >= first && r.end.line <= last;
  return traceModels(cells.join('\n'), options)
    .filter((m) => inCell(m.model.range))
    .map((m) => {
      const header = shift(m.model.range, first);
      const layers: LayerOccurrence[] = m.model.layers.map((l) => {
        const { usedAt, ...rest } = l;
        const here = inCell(l.range);
        return {
          ...rest,
          range: here ? shift(l.range, first) : header,
          ...(usedAt && inCell(usedAt) ? { usedAt: shift(usedAt, first) } : {}),
          ...(here ? {} : { external: true }),
        };
      });
      const input = m.input.line !== undefined && m.input.line >= first && m.input.line <= last ? { ...m.input, line: m.input.line - first } : { shape: m.input.shape, source: m.input.source };
      return { ...m, model: { ...m.model, range: header, layers }, input };
    });
}
