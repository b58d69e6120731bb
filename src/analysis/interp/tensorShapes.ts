// Shape rules of tensor operations that are not layers: broadcasting, view/reshape, permute, cat/stack, chunk/split, indexing.
import { formatShape, ShapeError } from '../../engine/tensor';
import * as l10n from '../../l10n';

type Shape = readonly number[];

/** A dimension index, negative counting from the end, checked against the rank. */
export function normDim(dim: number, rank: number, what: string): number {
  const d = dim < 0 ? dim + rank : dim;
  if (!Number.isInteger(d) || d < 0 || d >= rank)
    throw new ShapeError(l10n.t('{0}: dimension {1} is out of range for a {2}-D tensor', what, dim, rank), 'badDim', {
      dim,
      rank,
    });
  return d;
}

/** NumPy/PyTorch broadcasting of two shapes; throws naming both when they cannot meet. */
export function broadcast(a: Shape, b: Shape, what: string): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = a[a.length - n + k] ?? 1;
    const y = b[b.length - n + k] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new ShapeError(
        l10n.t(
          '{0}: shapes {1} and {2} do not match (dimension {3}: {4} vs {5})',
          what,
          formatShape(a),
          formatShape(b),
          k,
          x,
          y,
        ),
        'mergeMismatch',
        { left: formatShape(a), right: formatShape(b), dim: k, leftSize: x, rightSize: y },
      );
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

const numel = (s: Shape): number => s.reduce((a, b) => a * b, 1);

/** view/reshape with one -1 inferred. */
export function reshape(input: Shape, target: readonly number[]): number[] {
  const total = numel(input);
  const label = `view(${target.join(', ')})`;
  const unknowns = target.filter((d) => d === -1).length;
  if (unknowns > 1) throw new ShapeError(l10n.t('{0} has more than one -1', label), 'badReshape');
  const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  if (unknowns === 1) {
    if (known === 0 || total % known !== 0)
      throw new ShapeError(
        l10n.t('{0} cannot split {1} elements (input {2}) into rows of {3}', label, total, formatShape(input), known),
        'badReshape',
        { elements: total, rows: known },
      );
    return target.map((d) => (d === -1 ? total / known : d));
  }
  if (known !== total)
    throw new ShapeError(
      l10n.t('{0} needs {1} elements but the input {2} has {3}', label, known, formatShape(input), total),
      'badReshape',
      { elements: total, needed: known },
    );
  return [...target];
}

/** flatten(start_dim, end_dim). */
export function flatten(input: Shape, start: number, end: number): number[] {
  if (input.length === 0) return [1];
  const s = normDim(start, input.length, 'flatten');
  const e = normDim(end, input.length, 'flatten');
  if (s > e) throw new ShapeError(l10n.t('flatten: start_dim {0} comes after end_dim {1}', start, end), 'badDim');
  return [...input.slice(0, s), numel(input.slice(s, e + 1)), ...input.slice(e + 1)];
}

export function permute(input: Shape, dims: readonly number[]): number[] {
  if (dims.length !== input.length)
    throw new ShapeError(
      l10n.t('permute: {0} dimensions given for a {1}-D tensor', dims.length, input.length),
      'badDim',
    );
  return dims.map((d) => input[normDim(d, input.length, 'permute')]!);
}

export function transpose(input: Shape, a: number, b: number): number[] {
  const out = [...input];
  const i = normDim(a, input.length, 'transpose');
  const j = normDim(b, input.length, 'transpose');
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

export function squeeze(input: Shape, dim?: number): number[] {
  if (dim === undefined) return input.filter((d) => d !== 1);
  const d = normDim(dim, input.length, 'squeeze');
  return input[d] === 1 ? input.filter((_x, k) => k !== d) : [...input];
}

export function unsqueeze(input: Shape, dim: number): number[] {
  const d = normDim(dim, input.length + 1, 'unsqueeze');
  return [...input.slice(0, d), 1, ...input.slice(d)];
}

/** mean/sum/max over dims (all dims when none), keeping them as 1 when keepdim. */
export function reduce(input: Shape, dims: readonly number[] | undefined, keepdim: boolean): number[] {
  if (dims === undefined) return keepdim ? input.map(() => 1) : [];
  const set = new Set(dims.map((d) => normDim(d, input.length, 'reduce')));
  return input.flatMap((d, k) => (set.has(k) ? (keepdim ? [1] : []) : [d]));
}

/** torch.cat along dim: every other dimension must agree. */
export function cat(shapes: readonly Shape[], dim: number): number[] {
  if (shapes.length === 0) throw new ShapeError(l10n.t('cat needs at least one tensor'), 'badArguments');
  const first = shapes[0]!;
  const d = normDim(dim, first.length, 'cat');
  let total = 0;
  for (const [k, s] of shapes.entries()) {
    if (s.length !== first.length || s.some((x, j) => j !== d && x !== first[j])) {
      throw new ShapeError(
        l10n.t(
          'cat along dimension {0}: tensor {1} has shape {2}, tensor 0 has {3}; all dimensions but {0} must match',
          dim,
          k,
          formatShape(s),
          formatShape(first),
        ),
        'catMismatch',
        { dim, index: k, shape: formatShape(s), first: formatShape(first) },
      );
    }
    total += s[d]!;
  }
  const out = [...first];
  out[d] = total;
  return out;
}

export function stack(shapes: readonly Shape[], dim: number): number[] {
  const first = shapes[0];
  if (!first) throw new ShapeError(l10n.t('stack needs at least one tensor'), 'badArguments');
  for (const [k, s] of shapes.entries()) {
    if (formatShape(s) !== formatShape(first))
      throw new ShapeError(
        l10n.t('stack: tensor {0} has shape {1}, tensor 0 has {2}', k, formatShape(s), formatShape(first)),
        'catMismatch',
        { index: k, shape: formatShape(s), first: formatShape(first) },
      );
  }
  return unsqueeze(first, dim).map((x, k) => (k === normDim(dim, first.length + 1, 'stack') ? shapes.length : x));
}

/** split into pieces of `size` (an int) or of the given sizes along dim. */
export function split(input: Shape, sizes: number | readonly number[], dim: number): number[][] {
  const d = normDim(dim, input.length, 'split');
  const n = input[d]!;
  const parts: number[] = [];
  if (typeof sizes === 'number') for (let left = n; left > 0; left -= sizes) parts.push(Math.min(sizes, left));
  else {
    if (sizes.reduce((a, b) => a + b, 0) !== n)
      throw new ShapeError(l10n.t('split sizes {0} do not add up to {1}', sizes.join(', '), n), 'badArguments');
    parts.push(...sizes);
  }
  return parts.map((p) => input.map((x, k) => (k === d ? p : x)));
}

/** chunk(n, dim): PyTorch's ceil-sized pieces. */
export function chunk(input: Shape, chunks: number, dim: number): number[][] {
  const d = normDim(dim, input.length, 'chunk');
  return split(input, Math.ceil(input[d]! / chunks), dim);
}

/** One entry of an index expression x[…]. */
export type IndexItem =
  | { readonly kind: 'int' }
  | { readonly kind: 'slice'; readonly lo?: number; readonly hi?: number; readonly step?: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'ellipsis' };

/** Basic indexing: ints drop a dimension, slices keep a shorter one, None adds one, ... fills. */
export function index(input: Shape, items: readonly IndexItem[]): number[] {
  const consuming = items.filter((i) => i.kind === 'int' || i.kind === 'slice').length;
  if (consuming > input.length)
    throw new ShapeError(l10n.t('too many indices for a {0}-D tensor', input.length), 'badDim');
  const out: number[] = [];
  let dim = 0;
  for (const item of items) {
    if (item.kind === 'none') out.push(1);
    else if (item.kind === 'ellipsis') {
      const skip = input.length - consuming;
      for (let k = 0; k < skip; k++) out.push(input[dim++]!);
    } else if (item.kind === 'int') dim++;
    else {
      const n = input[dim++]!;
      const step = item.step ?? 1;
      const clamp = (v: number | undefined, dflt: number): number =>
        v === undefined ? dflt : Math.min(Math.max(v < 0 ? v + n : v, 0), n);
      const lo = clamp(item.lo, 0);
      const hi = clamp(item.hi, n);
      out.push(Math.max(0, Math.ceil((hi - lo) / step)));
    }
  }
  while (dim < input.length) out.push(input[dim++]!);
  return out;
}

/** x @ y / torch.matmul shapes. */
export function matmul(a: Shape, b: Shape): number[] {
  if (a.length === 0 || b.length === 0)
    throw new ShapeError(l10n.t('matmul needs tensors of at least one dimension'), 'badDim');
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const k1 = a2[a2.length - 1]!;
  const k2 = b2[b2.length - 2]!;
  if (k1 !== k2)
    throw new ShapeError(
      l10n.t('matmul: {0} and {1} do not fit ({2} vs {3})', formatShape(a), formatShape(b), k1, k2),
      'mergeMismatch',
      { left: formatShape(a), right: formatShape(b) },
    );
  const batch = broadcast(a2.slice(0, -2), b2.slice(0, -2), 'matmul');
  const out = [...batch, a2[a2.length - 2]!, b2[b2.length - 1]!];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.pop();
  return out;
}
