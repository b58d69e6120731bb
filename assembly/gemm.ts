import { packBImage, packBImageT } from './im2col';

// Packed single-precision GEMM: 5×8 register tile (10 accumulators: 6×8 spills, V8 keeps one xmm for itself) over 128-bit lanes, A and B packed into panels, K blocked for L1.

/** Rows of C one micro-kernel call computes (A panel width). */
export const MR: i32 = 5;
/** Columns of C one micro-kernel call computes (B panel width: two f32x4 vectors). */
export const NR: i32 = 8;
/** Depth of one K block: a B panel of KC×NR floats (16 KB) stays in L1 across every A panel. */
export const KC: i32 = 512;

/**
 * Packs rows [0, m) and depths [k0, k0+kc) of a strided matrix A (element (i, p) at a + 4·(i·rs + p·cs)) into
 * MR-row panels, depth-major: panel r holds, for each p, the MR values of rows r·MR … r·MR+MR−1 (zeros past m).
 */
export function packA(m: i32, kc: i32, k0: i32, a: usize, rs: i32, cs: i32, dst: usize): void {
  for (let i0 = 0; i0 < m; i0 += MR) {
    const rows = min(MR, m - i0);
    for (let p = 0; p < kc; p++) {
      const src = a + (<usize>(i0 * rs + (k0 + p) * cs) << 2);
      let r = 0;
      for (; r < rows; r++) store<f32>(dst + (<usize>r << 2), load<f32>(src + (<usize>(r * rs) << 2)));
      for (; r < MR; r++) store<f32>(dst + (<usize>r << 2), 0);
      dst += <usize>MR << 2;
    }
  }
}

/** Packs depths [k0, k0+kc) and columns [j0, j0+NR) of a strided matrix B into one NR-wide panel (zeros past n). */
export function packB(kc: i32, k0: i32, n: i32, j0: i32, b: usize, rs: i32, cs: i32, dst: usize): void {
  const cols = min(NR, n - j0);
  if (cs == 1 && cols == NR) {
    for (let p = 0; p < kc; p++) {
      const src = b + (<usize>((k0 + p) * rs + j0) << 2);
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      dst += <usize>NR << 2;
    }
    return;
  }
  for (let p = 0; p < kc; p++) {
    const src = b + (<usize>((k0 + p) * rs + j0 * cs) << 2);
    let q = 0;
    for (; q < cols; q++) store<f32>(dst + (<usize>q << 2), load<f32>(src + (<usize>(q * cs) << 2)));
    for (; q < NR; q++) store<f32>(dst + (<usize>q << 2), 0);
    dst += <usize>NR << 2;
  }
}

// Scratch for a tile on C's edge: copied in, computed whole, the valid part copied back.
const EDGE_TILE: usize = 1024;

/**
 * C[MR×NR] += Apanel · Bpanel over kc depths (ldc: C's row stride in elements). Nothing but the loop lives here:
 * extra parameters or branches in this function make V8 spill accumulators and cost a third of the speed.
 */
export function microKernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32): void {
  const ld: usize = <usize>ldc << 2;
  let c00 = v128.load(c), c01 = v128.load(c, 16);
  let c10 = v128.load(c + ld), c11 = v128.load(c + ld, 16);
  let c20 = v128.load(c + 2 * ld), c21 = v128.load(c + 2 * ld, 16);
  let c30 = v128.load(c + 3 * ld), c31 = v128.load(c + 3 * ld, 16);
  let c40 = v128.load(c + 4 * ld), c41 = v128.load(c + 4 * ld, 16);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
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
    ap += 20;
    bp += 32;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ld, c10); v128.store(c + ld, c11, 16);
  v128.store(c + 2 * ld, c20); v128.store(c + 2 * ld, c21, 16);
  v128.store(c + 3 * ld, c30); v128.store(c + 3 * ld, c31, 16);
  v128.store(c + 4 * ld, c40); v128.store(c + 4 * ld, c41, 16);
}

/** One tile of C, whole or (on the edge) through EDGE_TILE so the kernel never touches memory past C. */
function tile(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32): void {
  if (rows == MR && cols == NR) {
    microKernel(kc, ap, bp, c, ldc);
    return;
  }
  for (let r = 0; r < MR; r++) {
    for (let q = 0; q < NR; q++) {
      store<f32>(EDGE_TILE + (<usize>(r * NR + q) << 2), r < rows && q < cols ? load<f32>(c + (<usize>(r * ldc + q) << 2)) : 0);
    }
  }
  microKernel(kc, ap, bp, EDGE_TILE, NR);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) store<f32>(c + (<usize>(r * ldc + q) << 2), load<f32>(EDGE_TILE + (<usize>(r * NR + q) << 2)));
  }
}

/** Sets C (m×n, row stride ldc) to its row's bias (a pointer to m values) or to 0 when bias is 0. */
export function fillRows(m: i32, n: i32, c: usize, ldc: i32, bias: usize): void {
  for (let i = 0; i < m; i++) {
    const v: f32 = bias != 0 ? load<f32>(bias + (<usize>i << 2)) : 0;
    const row = c + (<usize>(i * ldc) << 2);
    const splat = f32x4.splat(v);
    let j = 0;
    for (; j + 4 <= n; j += 4) v128.store(row + (<usize>j << 2), splat);
    for (; j < n; j++) store<f32>(row + (<usize>j << 2), v);
  }
}

/** How gemm reads B: a strided matrix, the im2col matrix of an image (K×P), or its transpose (P×K). */
export const B_MATRIX: i32 = 0;
export const B_IM2COL: i32 = 1;
export const B_IM2COL_T: i32 = 2;

/**
 * C (m×n, row stride ldc) = A (m×k) · B (k×n) [+ C when `accumulate`] [+ bias per row], A strided. B is read as
 * `bKind` says: a strided matrix at b, or the (transposed) im2col matrix of the image planes at b, whose
 * geometry setConvGeometry set. Work space: aPack needs ⌈m/MR⌉·MR·min(k, KC) floats, bPack NR·KC.
 */
export function gemm(m: i32, n: i32, k: i32, a: usize, ars: i32, acs: i32, b: usize, brs: i32, bcs: i32, bKind: i32, c: usize, ldc: i32, accumulate: bool, bias: usize, aPack: usize, bPack: usize): void {
  if (!accumulate) fillRows(m, n, c, ldc, bias);
  // Equal K blocks (576 = 2×288, not 512 + 64): a short last block would pay the tile's load and store for little work.
  const blocks = (k + KC - 1) / KC;
  const step = (k + blocks - 1) / blocks;
  for (let k0 = 0; k0 < k; k0 += step) {
    const kc = min(step, k - k0);
    packA(m, kc, k0, a, ars, acs, aPack);
    for (let j0 = 0; j0 < n; j0 += NR) {
      if (bKind == B_MATRIX) packB(kc, k0, n, j0, b, brs, bcs, bPack);
      else if (bKind == B_IM2COL) packBImage(kc, k0, n, j0, b, bPack);
      else packBImageT(kc, k0, n, j0, b, bPack);
      const cols = min(NR, n - j0);
      let ap = aPack;
      for (let i0 = 0; i0 < m; i0 += MR) {
        tile(kc, ap, bPack, c + (<usize>(i0 * ldc + j0) << 2), ldc, min(MR, m - i0), cols);
        ap += <usize>(kc * MR) << 2;
      }
    }
  }
}
