// Reads 4-D feature-map shapes in a framework's layout, and resolves a 2-D sliding window's padding to pixels.
import type { Framework, SlidingWindow } from './layers/layerTypes';
import { keraSamePadding, samePadding } from './shapes';

/** A 4-D feature-map shape read in the framework's layout (N×C×H×W for PyTorch, N×H×W×C for Keras). */
export interface Spatial {
  readonly batch: number;
  readonly channels: number;
  readonly h: number;
  readonly w: number;
}

/** The batch, channels and spatial size of a 4-D shape in `framework`'s layout; undefined for any other rank. */
export function spatialOf(shape: readonly number[], framework: Framework): Spatial | undefined {
  if (shape.length !== 4) return undefined;
  const [a, b, c, d] = shape as [number, number, number, number];
  return framework === 'torch' ? { batch: a, channels: b, h: c, w: d } : { batch: a, h: b, w: c, channels: d };
}

/** A window's padding before the first row and column, in pixels, on an input of `h`×`w` ('same' follows the framework's rule). */
export function windowPadding(
  window: SlidingWindow,
  framework: Framework,
  h: number,
  w: number,
): readonly [number, number] {
  const p = window.padding;
  if (p === 'valid') return [0, 0];
  if (p !== 'same') return p;
  if (framework === 'keras') {
    return [
      keraSamePadding(h, window.kernel[0], window.stride[0], window.dilation[0])[0],
      keraSamePadding(w, window.kernel[1], window.stride[1], window.dilation[1])[0],
    ];
  }
  return [samePadding(window.kernel[0], window.dilation[0])[0], samePadding(window.kernel[1], window.dilation[1])[0]];
}
