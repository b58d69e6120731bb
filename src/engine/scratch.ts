// Reusable scratch buffers for the fast kernels: small calls should not pay for allocating and zeroing big typed arrays.

const MAX_KEPT = 1 << 20; // elements (8 MB); larger buffers are allocated per call and let go
const kept = new Map<string, Float64Array>();

/** A Float64Array of at least `size` elements for `slot`; contents are garbage, callers overwrite what they read. */
export function scratch(slot: string, size: number): Float64Array {
  if (size > MAX_KEPT) return new Float64Array(size);
  const have = kept.get(slot);
  if (have && have.length >= size) return have;
  const fresh = new Float64Array(Math.max(size, have ? have.length * 2 : 0, 1024));
  kept.set(slot, fresh.length > MAX_KEPT ? new Float64Array(size) : fresh);
  return kept.get(slot)!;
}
