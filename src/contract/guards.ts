// Type guards for data that arrives untyped (webview messages, saved panel state, cached JSON): checks, never casts.

/** An object with string keys whose values are not yet known. */
export type Fields = { readonly [key: string]: unknown };

/** A plain object (not null, not an array). */
export function isFields(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An integer in [min, max]. */
export function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** A small non-negative integer, as panel settings are (strides, paddings, kernel sizes). */
export function isSmallInt(v: unknown, min = 0, max = 64): v is number {
  return isIntIn(v, min, max);
}

/** Every named field is a small non-negative integer. */
export function hasSmallInts<K extends string>(
  s: Fields,
  keys: readonly K[],
): s is Fields & { readonly [key in K]: number } {
  return keys.every((k) => isSmallInt(s[k]));
}

/** An array of finite numbers, at most `maxLength` long. */
export function isFiniteNumbers(v: unknown, maxLength = Number.POSITIVE_INFINITY): v is number[] {
  return Array.isArray(v) && v.length <= maxLength && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/** The fields whose values are strings (a translation bundle received as JSON). */
export function stringFields(v: Fields): Record<string, string> {
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** A string, cut to `maxLength`; `fallback` for anything else. */
export function boundedString(v: unknown, maxLength: number, fallback: string): string {
  return typeof v === 'string' ? v.slice(0, maxLength) : fallback;
}
