// The machine's WebAssembly SIMD limit for the bench's "% of limit": a tiny multiply-then-add loop (no FMA) whose
// operands come from a 3 KB buffer that stays in L1, ten independent sums (as many as the GEMM tile keeps).

/**
 * Runs `iters` steps of 10 f32x4 multiplies and 10 adds (80 flops a step) over operands at buf (64 steps of 5 + 8
 * floats, 3,328 bytes, contents irrelevant); returns a lane sum so the work cannot be dropped.
 */
export function simdPeak(iters: i32, buf: usize): f32 {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00;
  const bBase = buf + 64 * 20;
  for (let i = 0; i < iters; i++) {
    const ap = buf + <usize>(i & 63) * 20;
    const bp = bBase + (<usize>(i & 63) << 5);
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0)); c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0)); c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0)); c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0)); c31 = f32x4.add(c31, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 16);
    c40 = f32x4.add(c40, f32x4.mul(a, b0)); c41 = f32x4.add(c41, f32x4.mul(a, b1));
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c00, c01), f32x4.add(c10, c11)), f32x4.add(f32x4.add(f32x4.add(c20, c21), f32x4.add(c30, c31)), f32x4.add(c40, c41)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}
