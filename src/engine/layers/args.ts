// Readers of bound constructor arguments: each checks the Python value's type and range and names the layer and argument when it is wrong.
import { ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import type { ArgValue, BoundArgs } from './layerTypes';

/** A Python value as it appears in messages: 3, (3, 3), 'same', None, True. */
export function pyRepr(v: ArgValue | undefined): string {
  if (v === undefined) return '?';
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return String(v);
  return `(${v.map(pyRepr).join(', ')}${v.length === 1 ? ',' : ''})`;
}

/** A 'badArguments' error naming the layer and the argument. */
export function badArgument(layer: string, argument: string, message: string): ShapeError {
  return new ShapeError(message, 'badArguments', { layer, argument });
}

/** A 'badArguments' error: "<layer>: <name> must be <expected>, got <shown>". */
export function mustBe(layer: string, name: string, expected: string, shown: string): ShapeError {
  return badArgument(layer, name, l10n.t('{0}: {1} must be {2}, got {3}', layer, name, expected, shown));
}

function invalid(layer: string, name: string, v: ArgValue | undefined, expected: string): ShapeError {
  return mustBe(layer, name, expected, pyRepr(v));
}

/** The argument, which bindArgs guarantees is present unless it was an irrelevant unknown. */
function get(args: BoundArgs, name: string): ArgValue | undefined {
  return Object.prototype.hasOwnProperty.call(args, name) ? args[name] : undefined;
}

/** An integer ≥ `min`. */
export function readInt(args: BoundArgs, name: string, layer: string, min = 0): number {
  const v = get(args, name);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    throw invalid(layer, name, v, l10n.t('an integer ≥ {0}', min));
  return v;
}

/** An integer ≥ `min`, or undefined for None. */
export function readOptInt(args: BoundArgs, name: string, layer: string, min = 0): number | undefined {
  return get(args, name) === null ? undefined : readInt(args, name, layer, min);
}

/** Any real number. */
export function readNumber(args: BoundArgs, name: string, layer: string): number {
  const v = get(args, name);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(layer, name, v, l10n.t('a number'));
  return v;
}

/** True or False (Python also takes 0 and 1). */
export function readBool(args: BoundArgs, name: string, layer: string): boolean {
  const v = get(args, name);
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  throw invalid(layer, name, v, l10n.t('True or False'));
}

/** One of the listed strings. */
export function readChoice<T extends string>(args: BoundArgs, name: string, layer: string, choices: readonly T[]): T {
  const v = get(args, name);
  const hit = choices.find((c) => c === v);
  if (hit === undefined) throw invalid(layer, name, v, choices.map((c) => `'${c}'`).join(' | '));
  return hit;
}

/** An int (repeated `rank` times) or a tuple of exactly `rank` integers ≥ `min`. */
export function readInts(args: BoundArgs, name: string, layer: string, rank: number, min = 0): number[] {
  return intsOf(get(args, name), name, layer, rank, min);
}

/** Like readInts for a value already taken out of the arguments. */
export function intsOf(v: ArgValue | undefined, name: string, layer: string, rank: number, min = 0): number[] {
  // Read for every window argument of every layer built: plain loops, no closures.
  if (typeof v === 'number' && Number.isInteger(v) && v >= min) {
    const out: number[] = [];
    for (let k = 0; k < rank; k++) out.push(v);
    return out;
  }
  if (isArgList(v) && v.length === rank) {
    const out: number[] = [];
    for (const x of v) {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < min) break;
      out.push(x);
    }
    if (out.length === rank) return out;
  }
  throw invalid(
    layer,
    name,
    v,
    rank === 1 ? l10n.t('an integer ≥ {0}', min) : l10n.t('an integer ≥ {0} or a tuple of {1}', min, rank),
  );
}

/** An int or a tuple/list of any length of integers (entries may be negative when `min` allows it). */
export function readIntList(args: BoundArgs, name: string, layer: string, min = Number.MIN_SAFE_INTEGER): number[] {
  const v = get(args, name);
  if (typeof v === 'number' && Number.isInteger(v) && v >= min) return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= min))
    return [...(v as readonly number[])];
  throw invalid(layer, name, v, l10n.t('an int or a tuple of ints'));
}

/** The raw value (for arguments with several accepted forms). */
/** `v` is a list of argument values (Array.isArray alone widens a readonly list to any[]). */
export function isArgList(v: ArgValue | undefined): v is readonly ArgValue[] {
  return Array.isArray(v);
}

export function readRaw(args: BoundArgs, name: string): ArgValue | undefined {
  return get(args, name);
}

/** Checks a layer gets exactly `count` tensor inputs ('inputCount' otherwise) and returns them. */
export function inputsOf(
  inputs: readonly (readonly number[])[],
  count: number,
  layer: string,
): readonly (readonly number[])[] {
  if (inputs.length !== count)
    throw new ShapeError(l10n.t('{0} takes {1} input tensor(s), gets {2}', layer, count, inputs.length), 'inputCount', {
      layer,
      expected: count,
      got: inputs.length,
    });
  return inputs;
}

/** The one input of a single-input layer. */
export function oneInput(inputs: readonly (readonly number[])[], layer: string): readonly number[] {
  return inputsOf(inputs, 1, layer)[0]!;
}

/** A dimension index (negative counts from the end) inside a rank-`rank` shape; 'dimOutOfRange' otherwise. */
export function normalizeDim(dim: number, rank: number, layer: string): number {
  const d = dim < 0 ? dim + rank : dim;
  if (!Number.isInteger(dim) || d < 0 || d >= rank) {
    throw new ShapeError(
      l10n.t('{0}: dimension {1} is out of range for a {2}-D input', layer, dim, rank),
      'dimOutOfRange',
      { layer, dim, rank },
    );
  }
  return d;
}

/** A 'notDivisible' error: `what` (= value) must be divisible by `divisor`. */
export function notDivisible(layer: string, what: string, value: number, divisor: number): ShapeError {
  return new ShapeError(l10n.t('{0}: {1}={2} is not divisible by {3}', layer, what, value, divisor), 'notDivisible', {
    layer,
    argument: what,
    value,
    divisor,
  });
}

/** A parameter spec: `p('stride', 1)`; `irrelevant` for those that change no shape, parameter or MAC count. */
export function p(
  name: string,
  ...rest: [] | [ArgValue] | [ArgValue, 'irrelevant']
): { name: string; default?: ArgValue; irrelevant?: boolean } {
  if (rest.length === 0) return { name };
  return rest.length === 2 ? { name, default: rest[0], irrelevant: true } : { name, default: rest[0] };
}

/** Parameters that never matter to shapes (device=None, dtype=None, inplace=False…), in order. */
export function irrelevant(
  ...specs: readonly (readonly [string, ArgValue])[]
): { name: string; default: ArgValue; irrelevant: true }[] {
  return specs.map(([name, def]) => ({ name, default: def, irrelevant: true }));
}

/** Product of a list of sizes. */
export function prod(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/** Keras's initializer, regularizer and constraint arguments (never change a shape). */
export const KERAS_WEIGHT_ARGS = irrelevant(
  ['kernel_initializer', 'glorot_uniform'],
  ['bias_initializer', 'zeros'],
  ['kernel_regularizer', null],
  ['bias_regularizer', null],
  ['activity_regularizer', null],
  ['kernel_constraint', null],
  ['bias_constraint', null],
);
