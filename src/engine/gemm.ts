// Packed matrix multiply with a 4×4 register tile: the fast path under conv2d (im2col × weights).
import { scratch } from './scratch';

/**
 * C (m×n) = A (m×k) · B (k×n), all row-major; C is overwritten (plus `rowBias[i]` on row i when given).
 * A and B are packed into 4-wide panels so the inner loop reads 8 contiguous values for 16 multiply-adds.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  c: Float64Array,
  cOffset: number,
  rowBias?: Float64Array,
  biasOffset = 0,
): void {
  const mPanels = Math.ceil(m / 4);
  const nPanels = Math.ceil(n / 4);
  const ap = scratch('gemm.a', mPanels * k * 4);
  // Rows/columns past m/n in the last panel must read as 0 (scratch memory holds old values).
  if (m % 4 !== 0) ap.fill(0, (mPanels - 1) * k * 4, mPanels * k * 4);
  for (let i = 0; i < m; i++) {
    const panel = (i >> 2) * k * 4 + (i & 3);
    const row = aOffset + i * k;
    for (let p = 0; p < k; p++) ap[panel + p * 4] = a[row + p]!;
  }
  const bp = scratch('gemm.b', nPanels * k * 4);
  if (n % 4 !== 0) bp.fill(0, (nPanels - 1) * k * 4, nPanels * k * 4);
  for (let p = 0; p < k; p++) {
    const row = p * n;
    for (let j = 0; j < n; j++) bp[(j >> 2) * k * 4 + p * 4 + (j & 3)] = b[row + j]!;
  }
  const tile = scratch('gemm.tile', 16);
  for (let ip = 0; ip < mPanels; ip++) {
    const aBase = ip * k * 4;
    const i0 = ip * 4;
    const rows = Math.min(4, m - i0);
    for (let jp = 0; jp < nPanels; jp++) {
      const bBase = jp * k * 4;
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let p = 0; p < k; p++) {
        const ao = aBase + p * 4;
        const bo = bBase + p * 4;
        const a0 = ap[ao]!,
          a1 = ap[ao + 1]!,
          a2 = ap[ao + 2]!,
          a3 = ap[ao + 3]!;
        const b0 = bp[bo]!,
          b1 = bp[bo + 1]!,
          b2 = bp[bo + 2]!,
          b3 = bp[bo + 3]!;
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
      }
      const j0 = jp * 4;
      const cols = Math.min(4, n - j0);
      if (rows === 4 && cols === 4) {
        // Full tile: store straight from the registers.
        const o0 = cOffset + i0 * n + j0;
        const o1 = o0 + n;
        const o2 = o1 + n;
        const o3 = o2 + n;
        const b0 = rowBias ? rowBias[biasOffset + i0]! : 0;
        const b1 = rowBias ? rowBias[biasOffset + i0 + 1]! : 0;
        const b2 = rowBias ? rowBias[biasOffset + i0 + 2]! : 0;
        const b3 = rowBias ? rowBias[biasOffset + i0 + 3]! : 0;
        c[o0] = c00 + b0;
        c[o0 + 1] = c01 + b0;
        c[o0 + 2] = c02 + b0;
        c[o0 + 3] = c03 + b0;
        c[o1] = c10 + b1;
        c[o1 + 1] = c11 + b1;
        c[o1 + 2] = c12 + b1;
        c[o1 + 3] = c13 + b1;
        c[o2] = c20 + b2;
        c[o2 + 1] = c21 + b2;
        c[o2 + 2] = c22 + b2;
        c[o2 + 3] = c23 + b2;
        c[o3] = c30 + b3;
        c[o3 + 1] = c31 + b3;
        c[o3 + 2] = c32 + b3;
        c[o3 + 3] = c33 + b3;
        continue;
      }
      tile[0] = c00;
      tile[1] = c01;
      tile[2] = c02;
      tile[3] = c03;
      tile[4] = c10;
      tile[5] = c11;
      tile[6] = c12;
      tile[7] = c13;
      tile[8] = c20;
      tile[9] = c21;
      tile[10] = c22;
      tile[11] = c23;
      tile[12] = c30;
      tile[13] = c31;
      tile[14] = c32;
      tile[15] = c33;
      for (let r = 0; r < rows; r++) {
        const bias = rowBias ? rowBias[biasOffset + i0 + r]! : 0;
        const out = cOffset + (i0 + r) * n + j0;
        for (let q = 0; q < cols; q++) c[out + q] = tile[r * 4 + q]! + bias;
      }
    }
  }
}
