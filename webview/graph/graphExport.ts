// Exports the whole graph (not just the part in view) as a standalone SVG, or as a PNG drawn from that SVG.
import { pngFrame, toBase64 } from '../ui/exporter';
import type { GraphLayout } from './layout';

const PROPS = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'font-family',
  'font-size',
  'font-weight',
  'opacity',
] as const;

/** The graph as SVG text with the theme's colours written into it (the file has no VS Code CSS variables). */
export function svgText(svg: SVGSVGElement, viewport: SVGGElement, layout: GraphLayout): string {
  const out = svg.cloneNode(false) as SVGSVGElement;
  out.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  out.setAttribute('width', String(Math.ceil(layout.width)));
  out.setAttribute('height', String(Math.ceil(layout.height)));
  out.setAttribute('viewBox', `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`);
  for (const a of [
    'tabindex',
    'role',
    'aria-activedescendant',
    'aria-roledescription',
    'class',
    'data-layout-ms',
    'data-boxes',
  ])
    out.removeAttribute(a);
  const background = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || '#ffffff';
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', background);
  out.appendChild(bg);
  const copy = (from: Element): Element => {
    const to = from.cloneNode(false) as Element;
    if (from === viewport) to.removeAttribute('transform');
    const style = getComputedStyle(from);
    for (const p of PROPS) {
      const v = style.getPropertyValue(p);
      if (v) to.setAttribute(p, v);
    }
    to.removeAttribute('class');
    for (const child of Array.from(from.childNodes))
      to.appendChild(child.nodeType === Node.ELEMENT_NODE ? copy(child as Element) : child.cloneNode(false));
    return to;
  };
  for (const child of Array.from(svg.children)) out.appendChild(copy(child));
  return new XMLSerializer().serializeToString(out);
}

/** The SVG export, base64-encoded (UTF-8). */
export function exportSvg(svg: SVGSVGElement, viewport: SVGGElement, layout: GraphLayout): string {
  return toBase64(new TextEncoder().encode(svgText(svg, viewport, layout)));
}

/** The PNG export at twice the layout's size (capped so huge graphs stay within canvas limits), base64-encoded. */
export async function exportPng(svg: SVGSVGElement, viewport: SVGGElement, layout: GraphLayout): Promise<string> {
  const text = svgText(svg, viewport, layout);
  const image = new Image();
  image.src = `data:image/svg+xml;base64,${toBase64(new TextEncoder().encode(text))}`;
  await image.decode();
  const scale = Math.min(2, 16000 / Math.max(layout.width, layout.height, 1));
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(layout.width * scale);
  canvas.height = Math.ceil(layout.height * scale);
  canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
  return pngFrame(canvas);
}
