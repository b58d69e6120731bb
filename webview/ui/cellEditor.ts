// Editing values in place: grids register which cells are editable while drawing; a click (or E on the focused canvas)
// opens a small field over the cell; Enter or Tab commits, Escape cancels.
import * as l10n from '../../src/l10n';
import { canvasPoint, canvasScale } from './grid';
import { editableCellAt, editableGrids, type EditableGrid } from './editableGrids';

/** The open edit field, if any. */
let field: HTMLInputElement | undefined;

/** Every editable cell of this frame, grid by grid in reading order. */
function editableCells(): { grid: EditableGrid; r: number; c: number }[] {
  const cells: { grid: EditableGrid; r: number; c: number }[] = [];
  for (const g of editableGrids())
    for (let i = 0; i < g.rows; i++)
      for (let j = 0; j < g.cols; j++) if (g.value(i, j) !== undefined) cells.push({ grid: g, r: i, c: j });
  return cells;
}

/** The editable cell after (or before) (r, c) of the grid labelled `label`; wraps around. */
function next(
  label: string,
  r: number,
  c: number,
  backwards: boolean,
): { grid: EditableGrid; r: number; c: number } | undefined {
  const cells = editableCells();
  const at = cells.findIndex((x) => x.grid.label === label && x.r === r && x.c === c);
  if (cells.length === 0) return undefined;
  return cells[(at + (backwards ? -1 : 1) + cells.length) % cells.length];
}

function close(): void {
  field?.remove();
  field = undefined;
}

/** Opens the field over one cell; `onError` shows why a value was refused. */
function open(
  canvas: HTMLCanvasElement,
  target: { grid: EditableGrid; r: number; c: number },
  onError: (message: string) => void,
): void {
  close();
  const { grid, r, c } = target;
  const input = document.createElement('input');
  input.type = 'text';
  input.className = 'cell-editor';
  input.value = String(grid.value(r, c));
  input.setAttribute('aria-label', l10n.t('{0} ({1}, {2})', grid.label, r, c));
  const scale = canvasScale(canvas);
  input.style.left = `${canvas.offsetLeft + (grid.x + c * grid.cell) * scale}px`;
  input.style.top = `${canvas.offsetTop + (grid.top + r * grid.cell) * scale}px`;
  input.style.width = `${Math.max(48, grid.cell * scale)}px`;
  const commit = (): boolean => {
    const v = Number(input.value.trim());
    if (input.value.trim() === '' || !Number.isFinite(v)) {
      onError(l10n.t('"{0}" is not a number', input.value));
      return false;
    }
    if (v !== grid.value(r, c)) grid.commit(r, c, v);
    return true;
  };
  input.addEventListener('keydown', (e) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      close();
      canvas.focus();
    } else if (e.key === 'Enter') {
      if (commit()) {
        close();
        canvas.focus();
      }
    } else if (e.key === 'Tab') {
      e.preventDefault();
      const to = next(grid.label, r, c, e.shiftKey);
      // Commit first: the redraw it causes re-registers the grids the next cell is looked up in.
      if (commit() && to) open(canvas, to, onError);
    } else {
      return;
    }
    e.preventDefault();
  });
  input.addEventListener('blur', () => setTimeout(() => field === input && close(), 0));
  canvas.parentElement!.append(input);
  field = input;
  input.focus();
  input.select();
}

/** Wires a canvas for editing: click a cell, or focus the canvas and press E for the first editable cell. */
export function enableEditing(canvas: HTMLCanvasElement, onError: (message: string) => void): void {
  canvas.tabIndex = 0;
  canvas.addEventListener('click', (e) => {
    const { x, y } = canvasPoint(canvas, e);
    const target = editableCellAt(x, y);
    if (target) open(canvas, target, onError);
  });
  canvas.addEventListener('keydown', (e) => {
    if (e.key !== 'e' && e.key !== 'E') return;
    const start = editableCells()[0];
    if (start) {
      e.preventDefault();
      e.stopPropagation();
      open(canvas, start, onError);
    }
  });
}

/** A copy of `data` with one cell of plane `plane` replaced. */
export function withCell(
  data: readonly number[],
  rows: number,
  cols: number,
  plane: number,
  r: number,
  c: number,
  value: number,
): number[] {
  const copy = [...data];
  copy[plane * rows * cols + r * cols + c] = value;
  return copy;
}
