// Reads an input shape written by a person: "1x3x32x32", "1,3,32,32" or "1×3×32×32" (comments, the setting, the CLI).

/** Parses "1x3x32x32", "1,3,32,32" or "1×3×32×32"; undefined when it is not a list of positive integers. */
export function parseShape(text: string): number[] | undefined {
  const parts = text
    .trim()
    .split(/\s*[x×,*\s]\s*/)
    .filter((p) => p.length > 0);
  if (parts.length === 0 || parts.length > 8) return undefined;
  const dims = parts.map((p) => Number(p));
  return dims.every((d) => Number.isInteger(d) && d > 0 && d <= 1_000_000) ? dims : undefined;
}
