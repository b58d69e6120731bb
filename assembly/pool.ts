// Max and average pooling on float64 planes (exact, like the reference): values, argmax indices, and gradients.

/**
 * Max pooling of `planes` h×w planes into oh×ow, writing values to y and each argmax's flat index in its plane to idx.
 * Ties go to the first maximum in row-major order; NaN wins and ends the window, as in PyTorch.
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
          let nan = false;
          for (let iw = w0; iw < w1; iw += dw) {
            const v = load<f64>(row + (<usize>iw << 3));
            if (v > best) {
              best = v;
              bestIndex = ih * w + iw;
            } else if (v != v) {
              best = v;
              bestIndex = ih * w + iw;
              nan = true;
              break;
            }
          }
          if (nan) break;
        }
        store<f64>(y + (o << 3), best);
        store<f64>(idx + (o << 3), <f64>bestIndex);
        o++;
      }
    }
  }
}

/** The 2×2, stride 2, unpadded max pool (the common case), two output cells per step. */
export function maxPool2x2(planes: i32, h: i32, w: i32, oh: i32, ow: i32, x: usize, y: usize, idx: usize): void {
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const base = x + (<usize>(p * h * w) << 3);
    for (let i = 0; i < oh; i++) {
      const r0 = base + (<usize>(2 * i * w) << 3);
      const r1 = r0 + (<usize>w << 3);
      const top = 2 * i * w;
      for (let j = 0; j < ow; j++) {
        const c: usize = <usize>(2 * j) << 3;
        const a = load<f64>(r0 + c), b = load<f64>(r0 + c, 8), d = load<f64>(r1 + c), e = load<f64>(r1 + c, 8);
        // Same order and rules as maxPool: first maximum wins, NaN wins and stops the scan.
        let best = a;
        let at = top + 2 * j;
        if (a != a) {
          // NaN first: nothing can replace it.
        } else if (b > best || b != b) {
          best = b; at = top + 2 * j + 1;
        }
        if (best == best) {
          if (d > best || d != d) { best = d; at = top + w + 2 * j; }
          if (best == best && (e > best || e != e)) { best = e; at = top + w + 2 * j + 1; }
        }
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
