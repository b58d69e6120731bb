// float64 → float32 in the kernels' memory: JavaScript's typed-array conversion is element by element and costs
// several times a plain copy, so operands cross into WebAssembly as float64 bytes and are narrowed here.

/** dst[i] = f32(src[i]) for n values (round to nearest even, as Float32Array does). */
export function demote(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const s = src + (<usize>i << 3);
    const lo = f32x4.demote_f64x2_zero(v128.load(s));
    const hi = f32x4.demote_f64x2_zero(v128.load(s, 16));
    v128.store(dst + (<usize>i << 2), v128.shuffle<f32>(lo, hi, 0, 1, 4, 5));
  }
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), <f32>load<f64>(src + (<usize>i << 3)));
}
