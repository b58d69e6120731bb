// Canvas drawing of value grids with highlighted cells, coloured from the VS Code theme and a diverging scale.
import { registerEditable } from './editableGrids';
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

const LEVELS = 64;
/** Fill colours for t quantised to 2·LEVELS + 1 steps, built once: formatting a colour string per cell costs frames. */
const FILLS: readonly string[] = Array.from({ length: 2 * LEVELS + 1 }, (_, k) => {
  const c = (k - LEVELS) / LEVELS;
  return c < 0 ? `rgba(33,102,172,${(-c * 0.7).toFixed(3)})` : `rgba(230,97,1,${(c * 0.7).toFixed(3)})`;
});

/** Diverging blue–light–orange fill for t in [−1, 1] (colour-blind safe); translucent so the theme shows through. */
export function cellFill(t: number): string {
  const c = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  return FILLS[Math.round(c * LEVELS) + LEVELS]!;
}

/** A grid to draw: values (null = padding, undefined = not computed yet), and which cells to outline. */
export interface GridSpec {
  readonly rows: number;
  readonly cols: number;
  readonly value: (r: number, c: number) => number | null | undefined;
  readonly highlighted: (r: number, c: number) => boolean;
  readonly caption: string;
  /** Makes the grid's number cells editable in place; `commit` gets the new value. */
  readonly edit?: (r: number, c: number, value: number) => void;
  /** Draws the grid faded (a plane that does not take part in this step). */
  readonly faded?: boolean;
  /** Colours only, no numbers (maps whose values are flags, not data). */
  readonly hideValues?: boolean;
}

/** Draws a grid at (x, y) with cell size `cell`; returns its height including the caption. */
export function drawGrid(
  ctx: CanvasRenderingContext2D,
  g: GridSpec,
  x: number,
  y: number,
  cell: number,
  style: GridStyle,
  scale: number,
): number {
  if (g.edit) {
    const commit = g.edit;
    registerEditable({
      label: g.caption,
      x,
      top: y + 18,
      cell,
      rows: g.rows,
      cols: g.cols,
      value: (r, c) => g.value(r, c) ?? undefined,
      commit,
    });
  }
  ctx.globalAlpha = g.faded ? 0.35 : 1;
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
      if (v === undefined) continue;
      ctx.fillStyle = v === null ? style.padded : cellFill(v / scale);
      ctx.fillRect(x + c * cell, top + r * cell, cell, cell);
    }
  }
  // Grid lines as one path: one stroke instead of one per cell keeps large grids within the frame budget.
  // Below 4 px a cell would be all line: draw the outline only.
  const step = cell >= 4 ? 1 : Math.max(g.rows, g.cols);
  ctx.beginPath();
  for (let r = 0; r <= g.rows; r += Math.min(step, g.rows - r || 1)) {
    ctx.moveTo(x, top + r * cell + 0.5);
    ctx.lineTo(x + g.cols * cell, top + r * cell + 0.5);
  }
  for (let c = 0; c <= g.cols; c += Math.min(step, g.cols - c || 1)) {
    ctx.moveTo(x + c * cell + 0.5, top);
    ctx.lineTo(x + c * cell + 0.5, top + g.rows * cell);
  }
  ctx.strokeStyle = style.border;
  ctx.lineWidth = 1;
  ctx.stroke();
  if (cell >= 22 && !g.hideValues) {
    ctx.fillStyle = style.foreground;
    for (let r = 0; r < g.rows; r++) {
      for (let c = 0; c < g.cols; c++) {
        const v = g.value(r, c);
        if (v !== undefined)
          ctx.fillText(v === null ? '0' : formatCell(v), x + c * cell + cell / 2, top + r * cell + cell / 2);
      }
    }
  }
  ctx.strokeStyle = style.highlight;
  ctx.lineWidth = 3;
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++)
      if (g.highlighted(r, c)) ctx.strokeRect(x + c * cell + 1.5, top + r * cell + 1.5, cell - 3, cell - 3);
  }
  ctx.globalAlpha = 1;
  return 18 + g.rows * cell;
}

let measurer: CanvasRenderingContext2D | undefined;

/** Width in CSS pixels of a caption as drawGrid writes it (12 px editor font), for laying out columns. */
export function captionWidth(text: string, style: GridStyle): number {
  measurer ??= document.createElement('canvas').getContext('2d')!;
  measurer.font = `12px ${style.font}`;
  return measurer.measureText(text).width + 8;
}

/** A value short enough for a cell. */
export function formatCell(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(3)).toString();
}

let maxScale = 1;

/** Draws every panel up to this much larger (present mode), crisply: the backing store grows, not the bitmap. */
export function setDisplayScale(scale: number): void {
  maxScale = scale;
}

/** The scale a canvas `width` wide is drawn at: up to the present-mode scale, never wider than the page. */
function displayScaleFor(width: number): number {
  if (maxScale <= 1) return 1;
  const room = (document.documentElement.clientWidth || width) - 40;
  return Math.max(1, Math.min(maxScale, room / width));
}

/** CSS pixels per drawing unit of a canvas sized by sizeCanvas (present mode draws larger). */
export function canvasScale(canvas: HTMLCanvasElement): number {
  const logical = Number(canvas.dataset['logicalWidth']);
  return logical > 0 ? canvas.getBoundingClientRect().width / logical : 1;
}

/** Where a mouse event falls on a canvas, in the drawing units its grids were laid out in. */
export function canvasPoint(canvas: HTMLCanvasElement, e: MouseEvent): { x: number; y: number } {
  const rect = canvas.getBoundingClientRect();
  const scale = canvasScale(canvas);
  return { x: (e.clientX - rect.left) / scale, y: (e.clientY - rect.top) / scale };
}

/** Sizes a canvas for the device pixel ratio and returns a cleared context that draws in CSS pixels. */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const displayScale = displayScaleFor(width);
  const ratio = (window.devicePixelRatio || 1) * displayScale;
  canvas.dataset['logicalWidth'] = String(width);
  // Resizing reallocates the backing store: only do it when the size really changes, not on every frame.
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width * displayScale}px`;
    canvas.style.height = `${height * displayScale}px`;
  }
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
