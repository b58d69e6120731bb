// Number and shape formatting shared by every editor surface.
import { formatShape } from '../engine/tensor';
import * as l10n from '../l10n';

/** How numbers are written: thousands separators in counts, significant digits of non-integers. */
export interface NumberFormat {
  readonly thousandsSeparator: boolean;
  readonly precision: number;
}

let numberFormat: NumberFormat = { thousandsSeparator: true, precision: 4 };

/** Sets the number format every surface uses (the host calls it when settings change). */
export function setNumberFormat(format: NumberFormat): void {
  numberFormat = format;
}

/** 61706 → "61,706" (or "61706" without separators). */
export function formatCount(n: number): string {
  return numberFormat.thousandsSeparator ? n.toLocaleString('en-US') : String(n);
}

/** MACs in a compact unit: 421,248 → "0.42 M", 1.2e9 → "1.20 G". */
export function formatMacs(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e5) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} K`;
  return String(n);
}

/** A literal's shape in words: [3] → "vector of 3", [3, 4] → "3×4 matrix", [1, 2, 2] → "1×2×2 tensor". */
export function describeShape(shape: readonly number[]): string {
  if (shape.length === 1) return l10n.t('vector of {0}', shape[0]!);
  if (shape.length === 2) return l10n.t('{0} matrix', formatShape(shape));
  return l10n.t('{0} tensor', formatShape(shape));
}

/** A value for a table cell: integers as is, others to the configured significant digits. */
export function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(numberFormat.precision)).toString();
}

export { formatShape };
