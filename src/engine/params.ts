// Validation and normalisation of hyper-parameters (ints or pairs) shared by conv and pooling.
import { ShapeError } from './tensor';
import * as l10n from '../l10n';

/** A per-axis pair (height, width). */
export type Pair = readonly [number, number];

/** Accepts `3` or `[3, 5]` and returns a pair; rejects anything else with the parameter's name. */
export function pair(value: number | readonly number[], name: string): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (value.length === 1) return [value[0]!, value[0]!];
  if (value.length !== 2)
    throw new ShapeError(l10n.t('{0} must be an int or a pair, got [{1}]', name, value.join(', ')));
  return [value[0]!, value[1]!];
}

/** Requires both entries to be integers ≥ `min`. */
export function requireInts(p: Pair, name: string, min: number): void {
  for (const v of p) {
    if (!Number.isInteger(v)) throw new ShapeError(l10n.t('{0} must be an integer, got {1}', name, v));
    if (v < min) throw new ShapeError(l10n.t('{0} must be ≥ {1}, got {2}', name, min, v));
  }
}
