// Max and average pooling on float64 planes (exact, like the reference): values, argmax indices, and gradients.

/** Whether v replaces best in a max-pool scan: larger, or NaN; once best is NaN nothing replaces it (PyTorch). */
@inline function wins(v: f64, best: f64): bool {
  return (v > best || v != v) && best == best;
}

/**
 * Max pooling of `planes` h×w planes into oh×ow, writing values to y and each argmax's flat index in its plane to idx.
 * Ties go to the first maximum in row-major order; the first NaN wins, as in PyTorch. Branch-free selects: on real
 * data "is this larger" is a coin toss, and a mispredicted branch costs more than the whole comparison.
 */
export function maxPool(planes: i32, h: i32, w: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, x: usize, y: usize, idx: usize): void {
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const base = x + (<usize>(p * h * w) << 3);
    for (let i = 0; i < oh; i++) {
      const hStart = i * sh - ph;
      let h0 = hStart;
      while (h0 < 0) h0 += dh;
      const h1 = min(hStart + (kh - 1) * dh + 1, h);
      for (let j = 0; j < ow; j++) {
        const wStart = j * sw - pw;
        let w0 = wStart;
        while (w0 < 0) w0 += dw;
        const w1 = min(wStart + (kw - 1) * dw + 1, w);
        let best = -Infinity;
        let bestIndex = h0 * w + w0;
        for (let ih = h0; ih < h1; ih += dh) {
          const row = base + (<usize>(ih * w) << 3);
          for (let iw = w0; iw < w1; iw += dw) {
            const v = load<f64>(row + (<usize>iw << 3));
            const take = wins(v, best);
            best = select<f64>(v, best, take);
            bestIndex = select<i32>(ih * w + iw, bestIndex, take);
          }
        }
        store<f64>(y + (o << 3), best);
        store<f64>(idx + (o << 3), <f64>bestIndex);
        o++;
      }
    }
  }
}

/** Lane mask of wins(v, best) for two cells at once. */
@inline function winsX2(v: v128, best: v128): v128 {
  return v128.and(v128.or(f64x2.gt(v, best), f64x2.ne(v, v)), f64x2.eq(best, best));
}

/** The 2×2, stride 2, unpadded max pool (the common case): two output cells per step in float64x2 lanes. */
export function maxPool2x2(planes: i32, h: i32, w: i32, oh: i32, ow: i32, x: usize, y: usize, idx: usize): void {
  let o: usize = 0;
  const right = f64x2.splat(1);
  const below = f64x2.splat(<f64>w);
  const belowRight = f64x2.splat(<f64>(w + 1));
  for (let p = 0; p < planes; p++) {
    const base = x + (<usize>(p * h * w) << 3);
    for (let i = 0; i < oh; i++) {
      const r0 = base + (<usize>(2 * i * w) << 3);
      const r1 = r0 + (<usize>w << 3);
      const top = 2 * i * w;
      let j = 0;
      for (; j + 2 <= ow; j += 2) {
        const c: usize = <usize>(2 * j) << 3;
        // Lanes: output j and j+1. a = top-left, b = top-right, d = bottom-left, e = bottom-right.
        const t0 = v128.load(r0 + c), t1 = v128.load(r0 + c, 16);
        const u0 = v128.load(r1 + c), u1 = v128.load(r1 + c, 16);
        const a = v128.shuffle<f64>(t0, t1, 0, 2), b = v128.shuffle<f64>(t0, t1, 1, 3);
        const d = v128.shuffle<f64>(u0, u1, 0, 2), e = v128.shuffle<f64>(u0, u1, 1, 3);
        const ia = f64x2.replace_lane(f64x2.splat(<f64>(top + 2 * j)), 1, <f64>(top + 2 * j + 2));
        let best = a;
        let at = ia;
        let m = winsX2(b, best);
        best = v128.bitselect(b, best, m); at = v128.bitselect(f64x2.add(ia, right), at, m);
        m = winsX2(d, best);
        best = v128.bitselect(d, best, m); at = v128.bitselect(f64x2.add(ia, below), at, m);
        m = winsX2(e, best);
        best = v128.bitselect(e, best, m); at = v128.bitselect(f64x2.add(ia, belowRight), at, m);
        v128.store(y + (o << 3), best);
        v128.store(idx + (o << 3), at);
        o += 2;
      }
      for (; j < ow; j++) {
        const c: usize = <usize>(2 * j) << 3;
        let best = load<f64>(r0 + c);
        let at = top + 2 * j;
        let v = load<f64>(r0 + c, 8);
        let take = wins(v, best);
        best = select<f64>(v, best, take); at = select<i32>(top + 2 * j + 1, at, take);
        v = load<f64>(r1 + c);
        take = wins(v, best);
        best = select<f64>(v, best, take); at = select<i32>(top + w + 2 * j, at, take);
        v = load<f64>(r1 + c, 8);
        take = wins(v, best);
        best = select<f64>(v, best, take); at = select<i32>(top + w + 2 * j + 1, at, take);
        store<f64>(y + (o << 3), best);
        store<f64>(idx + (o << 3), <f64>at);
        o++;
      }
    }
  }
}

/** dx (zeroed by the caller) += dy routed to each window's argmax index. */
export function maxPoolBackward(planes: i32, inPlane: i32, outPlane: i32, dy: usize, idx: usize, dx: usize): void {
  for (let p = 0; p < planes; p++) {
    const base = dx + (<usize>(p * inPlane) << 3);
    for (let o = 0; o < outPlane; o++) {
      const k: usize = <usize>(p * outPlane + o) << 3;
      const at = base + (<usize><i32>load<f64>(idx + k) << 3);
      store<f64>(at, load<f64>(at) + load<f64>(dy + k));
    }
  }
}

/**
 * Values only of the 2×2, stride 2, unpadded max pool (what a forward pass needs), two output cells per step. pmax
 * (`a < b ? b : a`) keeps the earlier of equal values, as the row-major scan does (−0 before +0 stays −0); a window
 * holding a NaN yields NaN.
 */
export function maxPool2x2Values(planes: i32, h: i32, w: i32, oh: i32, ow: i32, x: usize, y: usize): void {
  let o = y;
  const nan = f64x2.splat(NaN);
  for (let p = 0; p < planes; p++) {
    const base = x + (<usize>(p * h * w) << 3);
    for (let i = 0; i < oh; i++) {
      const r0 = base + (<usize>(2 * i * w) << 3);
      const r1 = r0 + (<usize>w << 3);
      let j = 0;
      for (; j + 2 <= ow; j += 2) {
        const c: usize = <usize>(2 * j) << 3;
        const t0 = v128.load(r0 + c), t1 = v128.load(r0 + c, 16);
        const u0 = v128.load(r1 + c), u1 = v128.load(r1 + c, 16);
        // Lanes: output j and j+1. a = top-left, b = top-right, d = bottom-left, e = bottom-right.
        const a = v128.shuffle<f64>(t0, t1, 0, 2), b = v128.shuffle<f64>(t0, t1, 1, 3);
        const d = v128.shuffle<f64>(u0, u1, 0, 2), e = v128.shuffle<f64>(u0, u1, 1, 3);
        const best = f64x2.pmax(f64x2.pmax(a, b), f64x2.pmax(d, e));
        const anyNaN = v128.or(v128.or(f64x2.ne(a, a), f64x2.ne(b, b)), v128.or(f64x2.ne(d, d), f64x2.ne(e, e)));
        v128.store(o, v128.bitselect(nan, best, anyNaN));
        o += 16;
      }
      for (; j < ow; j++) {
        const c: usize = <usize>(2 * j) << 3;
        let best = load<f64>(r0 + c);
        best = select<f64>(load<f64>(r0 + c, 8), best, wins(load<f64>(r0 + c, 8), best));
        best = select<f64>(load<f64>(r1 + c), best, wins(load<f64>(r1 + c), best));
        best = select<f64>(load<f64>(r1 + c, 8), best, wins(load<f64>(r1 + c, 8), best));
        store<f64>(o, best);
        o += 8;
      }
    }
  }
}
