// Ops that only move elements (broadcast, permute, pad, pixel shuffle, nearest upsampling) as index maps, and the linear resize.
import { numel } from '../tensor';
import { axisSplit } from './pointwise';

/** For each output element, the input element it copies (-1: a constant, e.g. padding). */
export type IndexMap = Int32Array;

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

/** Builds a map by visiting every output coordinate: `source(coords)` returns the input index or -1. */
function mapOf(outShape: readonly number[], source: (coords: Int32Array) => number): IndexMap {
  const n = numel(outShape);
  const map = new Int32Array(n);
  const coords = new Int32Array(outShape.length);
  for (let i = 0; i < n; i++) {
    map[i] = source(coords);
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++coords[d]! < outShape[d]!) break;
      coords[d] = 0;
    }
  }
  return map;
}

/** NumPy broadcasting of `inShape` to `outShape` (trailing axes aligned; size-1 axes repeat). */
export function broadcastMap(inShape: readonly number[], outShape: readonly number[]): IndexMap {
  const strides = stridesOf(inShape);
  const shift = outShape.length - inShape.length;
  return mapOf(outShape, (c) => {
    let at = 0;
    for (let d = 0; d < inShape.length; d++) if (inShape[d]! !== 1) at += c[d + shift]! * strides[d]!;
    return at;
  });
}

/** x.permute(dims): output axis k is input axis dims[k]. */
export function permuteMap(inShape: readonly number[], dims: readonly number[]): IndexMap {
  const strides = stridesOf(inShape);
  const outShape = dims.map((d) => inShape[d]!);
  return mapOf(outShape, (c) => {
    let at = 0;
    for (let k = 0; k < dims.length; k++) at += c[k]! * strides[dims[k]!]!;
    return at;
  });
}

/** Constant padding of the last pads.length axes by (before, after); -1 marks a padded cell. */
export function padMap(inShape: readonly number[], pads: readonly (readonly [number, number])[]): IndexMap {
  const shift = inShape.length - pads.length;
  const outShape = inShape.map((s, d) => (d < shift ? s : s + pads[d - shift]![0] + pads[d - shift]![1]));
  const strides = stridesOf(inShape);
  return mapOf(outShape, (c) => {
    let at = 0;
    for (let d = 0; d < inShape.length; d++) {
      const x = d < shift ? c[d]! : c[d]! - pads[d - shift]![0];
      if (x < 0 || x >= inShape[d]!) return -1;
      at += x * strides[d]!;
    }
    return at;
  });
}

/** PixelShuffle(r): (N, C·r², H, W) → (N, C, H·r, W·r); inverse: PixelUnshuffle. */
export function pixelShuffleMap(inShape: readonly number[], r: number, inverse: boolean): IndexMap {
  // Every axis before the last three is a batch axis.
  const [c, h, w] = inShape.slice(-3) as [number, number, number];
  const n = numel(inShape) / (c * h * w);
  const strides = stridesOf([n, c, h, w]);
  if (!inverse) {
    const outShape = [n, c / (r * r), h * r, w * r];
    return mapOf(outShape, (q) => {
      const ch = q[1]! * r * r + (q[2]! % r) * r + (q[3]! % r);
      return q[0]! * strides[0]! + ch * strides[1]! + Math.floor(q[2]! / r) * strides[2]! + Math.floor(q[3]! / r);
    });
  }
  const outShape = [n, c * r * r, h / r, w / r];
  return mapOf(outShape, (q) => {
    const base = Math.floor(q[1]! / (r * r));
    const i = Math.floor((q[1]! % (r * r)) / r);
    const j = q[1]! % r;
    return q[0]! * strides[0]! + base * strides[1]! + (q[2]! * r + i) * strides[2]! + q[3]! * r + j;
  });
}

/** Nearest-neighbour upsampling of the spatial axes (after N, C) as PyTorch's 'nearest': src = ⌊dst·scale⌋. */
export function nearestMap(
  inShape: readonly number[],
  outShape: readonly number[],
  scale: readonly number[] | undefined,
): IndexMap {
  const strides = stridesOf(inShape);
  return mapOf(outShape, (c) => {
    let at = c[0]! * strides[0]! + c[1]! * strides[1]!;
    for (let d = 2; d < inShape.length; d++) {
      const s = scale ? 1 / scale[d - 2]! : inShape[d]! / outShape[d]!;
      at += Math.min(Math.floor(c[d]! * s), inShape[d]! - 1) * strides[d]!;
    }
    return at;
  });
}

/** y[i] = x[map[i]] (or `fill` where map is -1). */
export function gather(x: Float64Array, map: IndexMap, fill = 0): Float64Array {
  const y = new Float64Array(map.length);
  for (let i = 0; i < map.length; i++) {
    const k = map[i]!;
    y[i] = k < 0 ? fill : x[k]!;
  }
  return y;
}

/** The adjoint of gather: dx[map[i]] += dy[i]. */
export function scatterAdd(dy: Float64Array, map: IndexMap, size: number): Float64Array {
  const dx = new Float64Array(size);
  for (let i = 0; i < map.length; i++) {
    const k = map[i]!;
    if (k >= 0) dx[k]! += dy[i]!;
  }
  return dx;
}

/** torch.cat along `dim`: the inputs' blocks side by side. */
export function catForward(
  xs: readonly Float64Array[],
  shapes: readonly (readonly number[])[],
  dim: number,
): Float64Array {
  const sizes = shapes.map((s) => s[dim]!);
  const total = sizes.reduce((a, b) => a + b, 0);
  const [outer, , inner] = axisSplit(shapes[0]!, dim);
  const y = new Float64Array(outer * total * inner);
  let offset = 0;
  xs.forEach((x, k) => {
    const block = sizes[k]! * inner;
    for (let o = 0; o < outer; o++) y.set(x.subarray(o * block, (o + 1) * block), o * total * inner + offset);
    offset += block;
  });
  return y;
}

/** The gradient of each cat input: its block of dy. */
export function catBackward(dy: Float64Array, shapes: readonly (readonly number[])[], dim: number): Float64Array[] {
  const sizes = shapes.map((s) => s[dim]!);
  const total = sizes.reduce((a, b) => a + b, 0);
  const [outer, , inner] = axisSplit(shapes[0]!, dim);
  let offset = 0;
  return shapes.map((_, k) => {
    const block = sizes[k]! * inner;
    const dx = new Float64Array(outer * block);
    for (let o = 0; o < outer; o++)
      dx.set(dy.subarray(o * total * inner + offset, o * total * inner + offset + block), o * block);
    offset += block;
    return dx;
  });
}

/** One axis of a linear resize: for each output position, the two source positions and the weight of the second. */
interface Taps {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly t: Float64Array;
}

/** PyTorch's source coordinate for linear modes (align_corners, or half-pixel centres clamped at 0). */
function taps(inSize: number, outSize: number, alignCorners: boolean, scale: number | undefined): Taps {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const t = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    let src: number;
    if (alignCorners) src = outSize > 1 ? (o * (inSize - 1)) / (outSize - 1) : 0;
    else {
      const s = scale !== undefined ? 1 / scale : inSize / outSize;
      src = Math.max((o + 0.5) * s - 0.5, 0);
    }
    const i0 = Math.min(Math.floor(src), inSize - 1);
    lo[o] = i0;
    hi[o] = Math.min(i0 + 1, inSize - 1);
    t[o] = src - i0;
  }
  return { lo, hi, t };
}

/** Linear / bilinear / trilinear resize of the spatial axes (after N, C), one separable pass per axis. */
export function linearResize(
  x: Float64Array,
  inShape: readonly number[],
  outShape: readonly number[],
  alignCorners: boolean,
  scale: readonly number[] | undefined,
  backward = false,
): Float64Array {
  // Forward goes in → out axis by axis; backward applies the transposed passes from the output side.
  let cur = x;
  let shape = [...(backward ? outShape : inShape)];
  for (let d = 2; d < inShape.length; d++) {
    const tp = taps(inShape[d]!, outShape[d]!, alignCorners, scale?.[d - 2]);
    const next = [...shape];
    next[d] = backward ? inShape[d]! : outShape[d]!;
    const [outer, , inner] = axisSplit(shape, d);
    const y = new Float64Array(numel(next));
    const nIn = shape[d]!;
    const nOut = next[d]!;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const src = o * nIn * inner + i;
        const dst = o * nOut * inner + i;
        const count = backward ? nIn : nOut;
        for (let k = 0; k < count; k++) {
          const a = tp.lo[k]!;
          const b = tp.hi[k]!;
          const w = tp.t[k]!;
          if (backward) {
            const g = cur[src + k * inner]!;
            y[dst + a * inner]! += (1 - w) * g;
            y[dst + b * inner]! += w * g;
          } else y[dst + k * inner] = (1 - w) * cur[src + a * inner]! + w * cur[src + b * inner]!;
        }
      }
    }
    cur = y;
    shape = next;
  }
  return cur;
}
