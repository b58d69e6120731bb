// Pan and zoom of the graph: one CSS transform on the drawing's wrapper, wheel and drag on the frame; the browser
// only recomposites the drawing's layer while it moves, and rasterizes it again, sharp, once zooming pauses.
/** Zoom limits. */
const MIN = 0.08;
const MAX = 4;

/** The graph's translate + scale, applied to `target` inside `svg`. */
export class ViewTransform {
  private x = 0;
  private y = 0;
  private k = 1;
  private drag: { x: number; y: number; moved: boolean } | undefined;
  private dragged = false;

  private sharpen: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly svg: HTMLElement,
    private readonly target: HTMLElement,
  ) {
    svg.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        // Pinch and Ctrl+wheel zoom around the pointer; plain wheel and two-finger scroll pan.
        if (e.ctrlKey || e.metaKey) {
          const r = svg.getBoundingClientRect();
          this.zoomAt(Math.exp(-e.deltaY / 300), e.clientX - r.left, e.clientY - r.top);
        } else this.panBy(-e.deltaX, -e.deltaY);
      },
      { passive: false },
    );
    svg.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      this.drag = { x: e.clientX, y: e.clientY, moved: false };
      this.dragged = false;
    });
    svg.addEventListener('pointermove', (e) => {
      const d = this.drag;
      if (!d) return;
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (!d.moved && Math.hypot(dx, dy) < 4) return;
      if (!d.moved) svg.setPointerCapture(e.pointerId);
      d.moved = true;
      d.x = e.clientX;
      d.y = e.clientY;
      this.panBy(dx, dy);
    });
    const end = (): void => {
      this.dragged = this.drag?.moved ?? false;
      this.drag = undefined;
    };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
  }

  /** True right after a drag, so the click that ends it does not also select a box. */
  justDragged(): boolean {
    const d = this.dragged;
    this.dragged = false;
    return d;
  }

  /** Current scale. */
  get scale(): number {
    return this.k;
  }

  panBy(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
    this.apply();
  }

  zoomAt(factor: number, cx: number, cy: number): void {
    const k = Math.min(MAX, Math.max(MIN, this.k * factor));
    this.x = cx - ((cx - this.x) * k) / this.k;
    this.y = cy - ((cy - this.y) * k) / this.k;
    this.k = k;
    this.apply();
  }

  /** Zooms around the middle of the view. */
  zoomBy(factor: number): void {
    const r = this.svg.getBoundingClientRect();
    this.zoomAt(factor, r.width / 2, r.height / 2);
  }

  /** Fits a width × height drawing into the view (never above 1:1, so small graphs keep readable text). */
  fit(width: number, height: number): void {
    const r = this.svg.getBoundingClientRect();
    const k = Math.min(1, Math.max(MIN, Math.min((r.width - 16) / width, (r.height - 16) / height)));
    // A tall graph is fitted to its width at a readable scale and starts at the top, not shrunk to a ribbon.
    this.k = height * k < r.height * 0.5 || k >= 0.45 ? k : Math.min(1, Math.max(0.45, (r.width - 16) / width));
    this.x = (r.width - width * this.k) / 2;
    this.y = height * this.k <= r.height ? (r.height - height * this.k) / 2 : 8;
    this.apply();
  }

  /** Pans so a box (centre x, y in graph units) is in view, with a margin. */
  ensureVisible(cx: number, cy: number, w: number, h: number): void {
    const r = this.svg.getBoundingClientRect();
    const m = 24;
    const left = this.x + (cx - w / 2) * this.k;
    const right = this.x + (cx + w / 2) * this.k;
    const top = this.y + (cy - h / 2) * this.k;
    const bottom = this.y + (cy + h / 2) * this.k;
    if (left < m) this.x += m - left;
    else if (right > r.width - m) this.x -= right - (r.width - m);
    if (top < m) this.y += m - top;
    else if (bottom > r.height - m) this.y -= bottom - (r.height - m);
    this.apply();
  }

  private apply(): void {
    this.target.style.transform = `translate(${this.x.toFixed(1)}px, ${this.y.toFixed(1)}px) scale(${this.k.toFixed(4)})`;
    // A layer that will move is rasterized once at its scale; after a zoom, drop and restore the hint so the text is
    // drawn again at the new scale instead of staying blurred.
    if (this.sharpen) clearTimeout(this.sharpen);
    this.target.style.willChange = 'transform';
    this.sharpen = setTimeout(() => {
      this.target.style.willChange = 'auto';
    }, 200);
  }
}
