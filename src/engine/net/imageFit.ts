// Fits a picture (RGBA pixels or a grey digit) to a model's input: channels, size (bilinear, or centred padding), values 0–1.
import { tensor, type Tensor } from '../tensor';

/** A decoded picture: width × height RGBA bytes, as canvas ImageData and PNG decoders give. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** Bilinear sample of one channel plane (values at pixel centres, edges clamped). */
function sample(plane: Float64Array, w: number, h: number, x: number, y: number): number {
  const x0 = Math.max(0, Math.min(w - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(h - 1, Math.floor(y)));
  const x1 = Math.min(w - 1, x0 + 1);
  const y1 = Math.min(h - 1, y0 + 1);
  const tx = Math.max(0, Math.min(1, x - x0));
  const ty = Math.max(0, Math.min(1, y - y0));
  const top = plane[y0 * w + x0]! * (1 - tx) + plane[y0 * w + x1]! * tx;
  const bottom = plane[y1 * w + x0]! * (1 - tx) + plane[y1 * w + x1]! * tx;
  return top * (1 - ty) + bottom * ty;
}

/** Resizes planes (channels × h × w) to outH × outW: averaging boxes when shrinking, bilinear when growing. */
export function resizePlanes(
  planes: readonly Float64Array[],
  w: number,
  h: number,
  outW: number,
  outH: number,
): Float64Array[] {
  return planes.map((plane) => {
    const out = new Float64Array(outW * outH);
    const sx = w / outW;
    const sy = h / outH;
    // Sub-samples per output pixel so a large photo is averaged, not aliased.
    const nx = Math.max(1, Math.ceil(sx));
    const ny = Math.max(1, Math.ceil(sy));
    for (let r = 0; r < outH; r++)
      for (let c = 0; c < outW; c++) {
        let s = 0;
        for (let i = 0; i < ny; i++)
          for (let j = 0; j < nx; j++)
            s += sample(plane, w, h, (c + (j + 0.5) / nx) * sx - 0.5, (r + (i + 0.5) / ny) * sy - 0.5);
        out[r * outW + c] = s / (nx * ny);
      }
    return out;
  });
}

/** Grey or colour planes for `channels` (1: luma; 3: RGB; other counts: luma repeated). */
function planesOf(image: RgbaImage, channels: number): Float64Array[] {
  const n = image.width * image.height;
  const rgb = [0, 1, 2].map((k) => {
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = image.data[i * 4 + k]! / 255;
    return p;
  });
  if (channels === 3) return rgb;
  const grey = new Float64Array(n);
  for (let i = 0; i < n; i++) grey[i] = 0.299 * rgb[0]![i]! + 0.587 * rgb[1]![i]! + 0.114 * rgb[2]![i]!;
  return Array.from({ length: channels }, () => grey);
}

/** A picture as a 1 × C × H × W tensor for a model taking C × H × W. */
export function imageToInput(image: RgbaImage, channels: number, height: number, width: number): Tensor {
  const planes = resizePlanes(planesOf(image, channels), image.width, image.height, width, height);
  const t = tensor([1, channels, height, width]);
  planes.forEach((p, c) => t.data.set(p, c * height * width));
  return t;
}

/**
 * A grey side × side digit as C × H × W values: centred with zero padding when the input is larger (28 → 32 as LeNet's
 * paper pads MNIST), resized when smaller or not square; the grey plane repeated over the channels.
 */
export function digitToInput(
  pixels: Float64Array,
  side: number,
  channels: number,
  height: number,
  width: number,
): Float64Array {
  let plane: Float64Array;
  if (height >= side && width >= side) {
    plane = new Float64Array(height * width);
    const top = Math.floor((height - side) / 2);
    const left = Math.floor((width - side) / 2);
    for (let r = 0; r < side; r++) plane.set(pixels.subarray(r * side, (r + 1) * side), (top + r) * width + left);
  } else plane = resizePlanes([pixels], side, side, width, height)[0]!;
  const out = new Float64Array(channels * height * width);
  for (let c = 0; c < channels; c++) out.set(plane, c * height * width);
  return out;
}
