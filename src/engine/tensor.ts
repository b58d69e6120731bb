// Dense N-D tensors in row-major (C) order: the one data type every engine op reads and writes.
import * as l10n from '../l10n';

/** Thrown when a shape, hyper-parameter or value does not fit; the message names the offending value. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';

  /** `code` says what kind of misfit it is (quick fixes switch on it); `fields` carry its numbers. */
  constructor(
    message: string,
    readonly code: string = 'shape',
    readonly fields: Readonly<Record<string, number | string>> = {},
  ) {
    super(message);
  }
}

/** A dense tensor: `shape` plus its elements in row-major order. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** Number of elements a shape holds. */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Most elements one tensor may hold (512 MB of float64): past it a computation is refused, not left to exhaust memory. */
export const MAX_TENSOR_ELEMENTS = 64 * 1024 * 1024;

/** Builds a tensor, checking that `data` has exactly as many elements as `shape` asks for. */
export function tensor(shape: readonly number[], data?: ArrayLike<number>): Tensor {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new ShapeError(l10n.t('shape {0} has an invalid dimension {1}', formatShape(shape), d));
  }
  const n = numel(shape);
  if (n > MAX_TENSOR_ELEMENTS)
    throw new ShapeError(
      l10n.t(
        'a {0} tensor would hold {1} values, more than the {2} ConvLens computes with',
        formatShape(shape),
        n.toLocaleString('en-US'),
        MAX_TENSOR_ELEMENTS.toLocaleString('en-US'),
      ),
    );
  if (data === undefined) return { shape: [...shape], data: new Float64Array(n) };
  if (data.length !== n) {
    throw new ShapeError(l10n.t('shape {0} needs {1} values, got {2}', formatShape(shape), n, data.length));
  }
  return { shape: [...shape], data: Float64Array.from(data) };
}

/** A zero tensor of the given shape. */
export function zeros(shape: readonly number[]): Tensor {
  return tensor(shape);
}

/** "1×3×32×32": how shapes are written in messages and UI. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

/** Checks a tensor is 4-D (N, C, H, W) and returns its dimensions; `what` names it in the error. */
export function dims4(t: Tensor, what: string): [number, number, number, number] {
  if (t.shape.length !== 4) {
    throw new ShapeError(l10n.t('{0} must be 4-D (N, C, H, W), got shape {1}', what, formatShape(t.shape)));
  }
  const [a, b, c, d] = t.shape as [number, number, number, number];
  return [a, b, c, d];
}
