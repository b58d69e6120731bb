// A small SVG heatmap of a matrix as a data URI, on a diverging colour-blind-safe scale (blue–white–orange).
import type { Matrix } from '../contract/viewModels';

/** Maps t in [−1, 1] to a blue (−) / light (0) / orange (+) colour. */
export function divergingColor(t: number): string {
  const c = Math.max(-1, Math.min(1, t));
  const mix = (a: number, b: number, f: number): number => Math.round(a + (b - a) * f);
  const [r, g, b] =
    c < 0
      ? [mix(247, 33, -c), mix(247, 102, -c), mix(247, 172, -c)]
      : [mix(247, 230, c), mix(247, 97, c), mix(247, 1, c)];
  return `rgb(${r},${g},${b})`;
}

/** An SVG picture of the matrix, cells coloured by value relative to the largest magnitude. */
export function heatmapDataUri(m: Matrix, cell = 14): string {
  const max = Math.max(1e-12, ...m.data.map((v) => Math.abs(v)));
  let rects = '';
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++)
      rects += `<rect x="${c * cell}" y="${r * cell}" width="${cell}" height="${cell}" fill="${divergingColor(m.data[r * m.cols + c]! / max)}"/>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${m.cols * cell}" height="${m.rows * cell}">${rects}</svg>`;
  return `data:image/svg+xml;base64,${toBase64(svg)}`;
}

function toBase64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
