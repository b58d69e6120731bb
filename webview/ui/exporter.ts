// Renders a panel's canvas to a PNG frame or an animated GIF (gifenc), on an opaque theme background, for slides.
import { GIFEncoder, applyPalette, quantize } from 'gifenc';

/** Most frames a GIF gets; longer animations are sampled evenly (first and last frame kept). */
export const MAX_GIF_FRAMES = 300;

/** The canvas on the editor background colour, at its backing-store resolution. */
function opaqueCopy(canvas: HTMLCanvasElement): HTMLCanvasElement {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d')!;
  ctx.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || '#ffffff';
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  return copy;
}

/** Bytes as base64 without building one huge argument list. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The current frame as base64 PNG. */
export function pngFrame(canvas: HTMLCanvasElement): string {
  return opaqueCopy(canvas)
    .toDataURL('image/png')
    .replace(/^data:image\/png;base64,/, '');
}

/** Which steps a GIF of `count` steps shows. */
export function gifSteps(count: number): number[] {
  if (count <= MAX_GIF_FRAMES) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: MAX_GIF_FRAMES }, (_, i) => Math.round((i * (count - 1)) / (MAX_GIF_FRAMES - 1)));
}

/**
 * Draws each step with `drawStep`, then encodes the frames as a looping GIF (`delayMs` per frame, the last held longer);
 * every frame has its own 256-colour palette so the diverging scale survives.
 */
export async function gifAnimation(
  canvas: HTMLCanvasElement,
  steps: readonly number[],
  drawStep: (step: number) => void,
  delayMs: number,
): Promise<string> {
  const gif = GIFEncoder();
  for (const [i, step] of steps.entries()) {
    drawStep(step);
    const frame = opaqueCopy(canvas);
    const { data, width, height } = frame.getContext('2d')!.getImageData(0, 0, frame.width, frame.height);
    const palette = quantize(data, 256);
    gif.writeFrame(applyPalette(data, palette), width, height, {
      palette,
      delay: i === steps.length - 1 ? delayMs * 4 : delayMs,
    });
    // Yield now and then so a long export does not freeze the panel.
    if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  gif.finish();
  return toBase64(gif.bytes());
}
