// Checks the exercises of a file against the engine and explains each difference cell by cell. Nothing is executed:
// operands are the file's literals and models, the answer is the literal written under the directive.
import type { Exercise, WrittenAnswer } from '../analysis/exercises';
import type { LiteralResult, NumericLiteral, SourceRange } from '../analysis/literals';
import type { GraphModel } from '../analysis/graphTrace';
import { conv2d, conv2dBackward } from '../engine/conv';
import { avgPool2d, maxPool2dValues, maxPool2dBackward } from '../engine/pool';
import { convOutputSize } from '../engine/shapes';
import { convSteps, poolSteps } from '../engine/steps';
import { formatShape, ShapeError, tensor, type Tensor } from '../engine/tensor';
import * as l10n from '../l10n';

/** The verdict on one exercise. */
export interface CheckResult {
  readonly line: number;
  readonly call: string;
  readonly status: 'correct' | 'wrong' | 'unanswered' | 'invalid';
  /** One sentence: ✓, what differs, or what is missing. */
  readonly summary: string;
  /** Cell-by-cell explanations of the differences (at most a few). */
  readonly details: readonly string[];
  /** Where the answer is (for a diagnostic), or the directive line. */
  readonly range: SourceRange;
}

/** What the engine says the answer is. */
type Expected =
  | {
      readonly kind: 'array';
      readonly shape: readonly number[];
      readonly data: ArrayLike<number>;
      readonly why?: (index: number) => string;
      readonly sizeNote?: string;
    }
  | { readonly kind: 'number'; readonly value: number; readonly note: string };

/** The file's literals and models, by name. */
interface Operands {
  readonly literals: readonly LiteralResult[];
  readonly models: readonly GraphModel[];
}

const MAX_DETAILS = 4;

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
}

function matrix(ops: Operands, name: string | undefined, what: string): Tensor {
  if (!name) throw new ShapeError(l10n.t('say which literal is the {0}', what));
  const l = ops.literals.find((x): x is NumericLiteral => x.ok && x.name === name);
  if (!l) throw new ShapeError(l10n.t('no array literal named {0} in this file', name));
  if (l.shape.length !== 2)
    throw new ShapeError(l10n.t('{0} is {1}; the exercise needs a 2-D matrix', name, formatShape(l.shape)));
  return tensor(l.shape, l.data);
}

function integer(text: string | undefined, what: string, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new ShapeError(l10n.t('the exercise needs {0}', what));
    return fallback;
  }
  const v = Number(text);
  if (!Number.isInteger(v)) throw new ShapeError(l10n.t('{0} must be an integer, got {1}', what, text));
  return v;
}

/** Largest stride, padding, dilation or window an exercise may use: beyond it outputs (and memory) explode. */
const MAX_SETTING = 64;

/** A hyper-parameter: an integer from `min` to `max` (MAX_SETTING when it shapes a tensor the checker allocates). */
function setting(
  text: string | undefined,
  what: string,
  fallback: number | undefined,
  min: number,
  max = MAX_SETTING,
): number {
  const v = integer(text, what, fallback);
  if (v < min || v > max) throw new ShapeError(l10n.t('{0} must be between {1} and {2}, got {3}', what, min, max, v));
  return v;
}

function batch(t: Tensor): Tensor {
  return tensor([1, 1, t.shape[0]!, t.shape[1]!], t.data);
}

/** A completely traced model of the file, by name. */
function model(
  ops: Operands,
  name: string | undefined,
): GraphModel & { readonly output: readonly number[]; readonly params: { readonly total: number } } {
  const m = ops.models.find((x) => x.name === name);
  if (!m) throw new ShapeError(l10n.t('no model named {0} in this file', name ?? '—'));
  if (!m.complete || m.output === null || m.params.total === null)
    throw new ShapeError(l10n.t('{0} does not trace: {1}', m.name, m.stop?.message ?? '?'));
  return { ...m, output: m.output, params: { ...m.params, total: m.params.total } };
}

/** The engine's answer for an exercise. */
function expected(e: Exercise, ops: Operands): Expected {
  const [a, b, c, d] = e.args.positional;
  const kw = (k: string): string | undefined => e.args.keywords.get(k);
  switch (e.op) {
    case 'conv2d': {
      const x = matrix(ops, a, l10n.t('input'));
      const k = matrix(ops, b, l10n.t('kernel'));
      const options = {
        stride: setting(kw('stride') ?? c, 'stride', 1, 1),
        padding: setting(kw('padding') ?? d, 'padding', 0, 0),
        dilation: setting(kw('dilation'), 'dilation', 1, 1),
      };
      const y = conv2d(batch(x), batch(k), undefined, options);
      const steps = [...convSteps(x, k, options)];
      const [h, kh] = [x.shape[0]!, k.shape[0]!];
      return {
        kind: 'array',
        shape: y.shape.slice(2),
        data: y.data,
        sizeNote: `H_out = ⌊(${h} + 2·${options.padding} − ${options.dilation}·(${kh} − 1) − 1)/${options.stride}⌋ + 1 = ${y.shape[2]}`,
        why: (i) => `= ${steps[i]!.window.map((w, j) => `${fmt(w.value)}·${fmt(steps[i]!.weights[j]!)}`).join(' + ')}`,
      };
    }
    case 'max_pool2d':
    case 'avg_pool2d': {
      const x = matrix(ops, a, l10n.t('input'));
      const size = setting(kw('kernel_size') ?? b, 'kernel_size', undefined, 1);
      const options = {
        kernelSize: size,
        stride: setting(kw('stride') ?? c, 'stride', size, 1),
        padding: setting(kw('padding') ?? d, 'padding', 0, 0),
      };
      const mode = e.op === 'max_pool2d' ? 'max' : 'avg';
      const y = mode === 'max' ? maxPool2dValues(batch(x), options) : avgPool2d(batch(x), options);
      const steps = [...poolSteps(x, mode, options)];
      return {
        kind: 'array',
        shape: y.shape.slice(2),
        data: y.data,
        why: (i) =>
          l10n.t(
            '= {0} of [{1}]',
            mode,
            steps[i]!.window.filter((w) => !w.padded)
              .map((w) => fmt(w.value))
              .join(', '),
          ),
      };
    }
    case 'max_pool2d_backward': {
      const x = matrix(ops, a, l10n.t('input'));
      const size = setting(kw('kernel_size') ?? b, 'kernel_size', undefined, 1);
      const options = { kernelSize: size, stride: setting(kw('stride') ?? c, 'stride', size, 1) };
      const y = maxPool2dValues(batch(x), options);
      const dy = kw('dy')
        ? batch(matrix(ops, kw('dy'), l10n.t('upstream gradient dy')))
        : tensor(y.shape, new Array<number>(y.data.length).fill(1));
      const dx = maxPool2dBackward(batch(x), dy, options);
      return {
        kind: 'array',
        shape: dx.shape.slice(2),
        data: dx.data,
        why: (i) =>
          dx.data[i] === 0
            ? l10n.t('(not the max of any window: no gradient)')
            : l10n.t("(the max of its window: it receives that window's dY)"),
      };
    }
    case 'conv2d_grad_input':
    case 'conv2d_grad_weight': {
      const x = matrix(ops, a, l10n.t('input'));
      const k = matrix(ops, b, l10n.t('kernel'));
      const options = {
        stride: setting(kw('stride'), 'stride', 1, 1),
        padding: setting(kw('padding'), 'padding', 0, 0),
      };
      const y = conv2d(batch(x), batch(k), undefined, options);
      const dy = kw('dy')
        ? batch(matrix(ops, kw('dy'), l10n.t('upstream gradient dy')))
        : tensor(y.shape, new Array<number>(y.data.length).fill(1));
      const g = conv2dBackward(batch(x), batch(k), dy, options);
      const t = e.op === 'conv2d_grad_input' ? g.dx : g.dw;
      return {
        kind: 'array',
        shape: t.shape.slice(2),
        data: t.data,
        sizeNote: e.op === 'conv2d_grad_input' ? l10n.t('dX = flip(W) full-convolved with dY') : 'dW = X ⋆ dY',
      };
    }
    case 'output_size': {
      // Arithmetic only, nothing allocated: any size goes, but a stride of 0 or a kernel of 0 has no output size.
      const h = setting(a, l10n.t('the input size H'), undefined, 1, Number.MAX_SAFE_INTEGER);
      const k = setting(kw('kernel') ?? kw('kernel_size') ?? b, 'kernel', undefined, 1, Number.MAX_SAFE_INTEGER);
      const s = setting(kw('stride') ?? c, 'stride', 1, 1, Number.MAX_SAFE_INTEGER);
      const p = setting(kw('padding') ?? d, 'padding', 0, 0, Number.MAX_SAFE_INTEGER);
      const dil = setting(kw('dilation'), 'dilation', 1, 1, Number.MAX_SAFE_INTEGER);
      const value = convOutputSize({ size: h, kernel: k, stride: s, padBefore: p, padAfter: p, dilation: dil });
      return { kind: 'number', value, note: `⌊(${h} + 2·${p} − ${dil}·(${k} − 1) − 1)/${s}⌋ + 1 = ${value}` };
    }
    case 'params': {
      const m = model(ops, a);
      return {
        kind: 'number',
        value: m.params.total,
        note: l10n.t(
          'Σ over layers of C_out·C_in·K·K + C_out (and in·out + out for Linear) = {0}',
          m.params.total.toLocaleString('en-US'),
        ),
      };
    }
    case 'receptive_field': {
      const m = model(ops, a);
      const rf = m.receptiveField?.rows.size ?? 1;
      return { kind: 'number', value: rf, note: l10n.t('RF grows by (K − 1)·jump per layer: {0}', rf) };
    }
    case 'shape': {
      const m = model(ops, a);
      const shape = m.output;
      return {
        kind: 'array',
        shape: [shape.length],
        data: shape,
        sizeNote: l10n.t('traced from input {0}', formatShape(m.input.shape)),
      };
    }
    default:
      throw new ShapeError(
        l10n.t(
          'ConvLens cannot check {0}(); it knows conv2d, max_pool2d, avg_pool2d, max_pool2d_backward, conv2d_grad_input, conv2d_grad_weight, output_size, params, receptive_field and shape',
          e.op,
        ),
      );
  }
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-3 + 1e-3 * Math.abs(b);
}

/** Row/column label of flat index i in a matrix of `shape`. */
function cellName(shape: readonly number[], i: number): string {
  return shape.length === 2 ? `(${Math.floor(i / shape[1]!)}, ${i % shape[1]!})` : `[${i}]`;
}

function compare(want: Expected, answer: WrittenAnswer): Omit<CheckResult, 'line' | 'call' | 'range'> {
  if (answer.kind === 'unanswered')
    return {
      status: 'unanswered',
      summary: l10n.t('no answer yet: write it on the line below the directive'),
      details: [],
    };
  if (answer.kind === 'unreadable')
    return {
      status: 'invalid',
      summary: l10n.t('ConvLens reads answers written as numbers or array literals, not "{0}"', answer.text),
      details: [],
    };
  if (want.kind === 'number') {
    if (answer.kind !== 'number')
      return {
        status: 'wrong',
        summary: l10n.t('the answer is a single number ({0}), not an array', want.note),
        details: [],
      };
    return close(answer.value, want.value)
      ? { status: 'correct', summary: l10n.t('✓ correct: {0}', fmt(want.value)), details: [] }
      : {
          status: 'wrong',
          summary: l10n.t('✗ you wrote {0}; it is {1}', fmt(answer.value), fmt(want.value)),
          details: [want.note],
        };
  }
  const shape = want.shape;
  if (answer.kind !== 'array')
    return {
      status: 'wrong',
      summary: l10n.t('the answer is a {0} array, not a single number', formatShape(shape)),
      details: want.sizeNote ? [want.sizeNote] : [],
    };
  if (answer.shape.length !== shape.length || answer.shape.some((s, i) => s !== shape[i])) {
    return {
      status: 'wrong',
      summary: l10n.t('✗ your answer is {0}, the result is {1}', formatShape(answer.shape), formatShape(shape)),
      details: want.sizeNote ? [want.sizeNote] : [],
    };
  }
  const wrong: number[] = [];
  for (let i = 0; i < want.data.length; i++) if (!close(answer.data[i]!, want.data[i]!)) wrong.push(i);
  if (wrong.length === 0)
    return { status: 'correct', summary: l10n.t('✓ correct: all {0} values match', want.data.length), details: [] };
  const details = wrong
    .slice(0, MAX_DETAILS)
    .map(
      (i) =>
        l10n.t('{0} should be {1}, you wrote {2}', cellName(shape, i), fmt(want.data[i]!), fmt(answer.data[i]!)) +
        (want.why ? ` ${want.why(i)}` : ''),
    );
  if (wrong.length > MAX_DETAILS) details.push(l10n.t('… and {0} more', wrong.length - MAX_DETAILS));
  return { status: 'wrong', summary: l10n.t('✗ {0} of {1} values differ', wrong.length, want.data.length), details };
}

/** Checks every exercise found in a file. */
export function checkExercises(exercises: readonly Exercise[], ops: Operands): CheckResult[] {
  return exercises.map((e) => {
    const directive: SourceRange = { start: { line: e.line, character: 0 }, end: { line: e.line, character: 0 } };
    const at = { line: e.line, call: e.call, range: e.answer?.range ?? directive };
    let want: Expected;
    try {
      want = expected(e, ops);
    } catch (err) {
      if (!(err instanceof ShapeError || err instanceof RangeError)) throw err;
      return { ...at, status: 'invalid', summary: l10n.t('cannot check {0}: {1}', e.call, err.message), details: [] };
    }
    if (!e.answer)
      return {
        ...at,
        status: 'unanswered',
        summary: l10n.t('no answer yet: write it on the line below the directive'),
        details: [],
      };
    return { ...at, ...compare(want, e.answer) };
  });
}
