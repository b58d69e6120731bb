// Which grids of the current frame are editable: drawing registers them, the cell editor looks cells up in them.

/** A drawn grid whose cells can be edited. */
export interface EditableGrid {
  readonly label: string;
  readonly x: number;
  readonly top: number;
  readonly cell: number;
  readonly rows: number;
  readonly cols: number;
  /** The cell's current value, or undefined when that cell is not editable (padding). */
  readonly value: (r: number, c: number) => number | undefined;
  readonly commit: (r: number, c: number, value: number) => void;
}

let grids: EditableGrid[] = [];

/** Forgets the grids of the last frame (the player calls it before each draw). */
export function resetEditable(): void {
  grids = [];
}

/** The grids drawn editable this frame, in drawing order. */
export function editableGrids(): readonly EditableGrid[] {
  return grids;
}

/** Registers a grid drawn this frame as editable. */
export function registerEditable(grid: EditableGrid): void {
  grids.push(grid);
}

/** The editable cell under a point (drawing units), if any. */
export function editableCellAt(x: number, y: number): { grid: EditableGrid; r: number; c: number } | undefined {
  for (const grid of grids) {
    const c = Math.floor((x - grid.x) / grid.cell);
    const r = Math.floor((y - grid.top) / grid.cell);
    if (r >= 0 && c >= 0 && r < grid.rows && c < grid.cols && grid.value(r, c) !== undefined) return { grid, r, c };
  }
  return undefined;
}
