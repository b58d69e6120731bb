// Canvas drawing of value grids with highlighted cells, coloured from the VS Code theme and a diverging scale.
export interface GridStyle {
  readonly foreground: string;
  readonly border: string;
  readonly highlight: string;
  readonly padded: string;
  readonly font: string;
}

/** Reads the theme colours the panel draws with from --vscode-* variables. */
export function themeStyle(): GridStyle {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    foreground: v('--vscode-editor-foreground', '#333'),
    border: v('--vscode-panel-border', '#888'),
    highlight: v('--vscode-focusBorder', '#007fd4'),
    padded: v('--vscode-editorWidget-background', '#eee'),
    font: v('--vscode-editor-font-family', 'monospace'),
  };
}

/** Diverging blue–light–orange fill for t in [−1, 1] (colour-blind safe); translucent so the theme shows through. */
export function cellFill(t: number): string {
  const c = Math.max(-1, Math.min(1, t));
  return c < 0 ? `rgba(33,102,172,${(-c * 0.7).toFixed(3)})` : `rgba(230,97,1,${(c * 0.7).toFixed(3)})`;
}

/** A grid to draw: values (null = padding, undefined = not computed yet), and which cells to outline. */
export interface GridSpec {
  readonly rows: number;
  readonly cols: number;
  readonly value: (r: number, c: number) => number | null | undefined;
  readonly highlighted: (r: number, c: number) => boolean;
  readonly caption: string;
}

/** Draws a grid at (x, y) with cell size `cell`; returns its height including the caption. */
export function drawGrid(ctx: CanvasRenderingContext2D, g: GridSpec, x: number, y: number, cell: number, style: GridStyle, scale: number): number {
  ctx.font = `12px ${style.font}`;
  ctx.fillStyle = style.foreground;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(g.caption, x, y + 12);
  const top = y + 18;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.font = `${Math.max(9, Math.min(14, cell * 0.36))}px ${style.font}`;
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) {
      const v = g.value(r, c);
      const cx = x + c * cell;
      const cy = top + r * cell;
      if (v !== undefined) {
        ctx.fillStyle = v === null ? style.padded : cellFill(v / scale);
        ctx.fillRect(cx, cy, cell, cell);
      }
      ctx.strokeStyle = style.border;
      ctx.lineWidth = 1;
      ctx.strokeRect(cx + 0.5, cy + 0.5, cell - 1, cell - 1);
      if (cell >= 22 && v !== undefined) {
        ctx.fillStyle = style.foreground;
        ctx.fillText(v === null ? '0' : formatCell(v), cx + cell / 2, cy + cell / 2);
      }
    }
  }
  ctx.strokeStyle = style.highlight;
  ctx.lineWidth = 3;
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) if (g.highlighted(r, c)) ctx.strokeRect(x + c * cell + 1.5, top + r * cell + 1.5, cell - 3, cell - 3);
  }
  return 18 + g.rows * cell;
}

/** A value short enough for a cell. */
export function formatCell(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(3)).toString();
}

/** Sizes a canvas for the device pixel ratio and returns a cleared context that draws in CSS pixels. */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** The largest magnitude in the data (at least a tiny positive number), to scale colours by. */
export function scaleOf(data: readonly number[]): number {
  let m = 1e-9;
  for (const v of data) if (Math.abs(v) > m) m = Math.abs(v);
  return m;
}
