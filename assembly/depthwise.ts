// Depthwise convolution (one input channel per group), direct: each plane is copied once into a zero-padded buffer,
// then every output row is four lanes of multiply-adds per tap, with no bounds checks.

/**
 * y[oc] = bias[oc] + Σ_taps w[oc, tap] · x[oc / mult] for channels output planes (mult outputs per input channel).
 * `padded` is work space of paddedSize(…) floats.
 */
export function depthwiseConv(channels: i32, mult: i32, inH: i32, inW: i32, outH: i32, outW: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, padT: i32, padL: i32, x: usize, w: usize, bias: usize, y: usize, padded: usize): void {
  const vecW = (outW + 3) & ~3;
  const hp = (outH - 1) * sh + (kh - 1) * dh + 1;
  const wp = (vecW - 1) * sw + (kw - 1) * dw + 1;
  const row: usize = padded + (<usize>(hp * wp) << 2);
  for (let oc = 0; oc < channels; oc++) {
    const ic = oc / mult;
    if (oc % mult == 0) fillPadded(x + (<usize>(ic * inH * inW) << 2), inH, inW, padT, padL, hp, wp, padded);
    const wBase = w + (<usize>(oc * kh * kw) << 2);
    const b: f32 = bias != 0 ? load<f32>(bias + (<usize>oc << 2)) : 0;
    const yPlane = y + (<usize>(oc * outH * outW) << 2);
    if (kh == 3 && kw == 3 && sh == 1 && sw == 1 && dh == 1 && dw == 1) {
      depthwise3x3(outH, outW, vecW, wp, padded, wBase, b, row, yPlane);
      continue;
    }
    for (let oh = 0; oh < outH; oh++) {
      const rowBase = padded + (<usize>(oh * sh * wp) << 2);
      let ow = 0;
      // Four vectors (16 outputs) per pass: four independent sums per tap, so the adds do not wait on each other.
      for (; ow + 16 <= vecW; ow += 16) {
        let a0 = f32x4.splat(b), a1 = a0, a2 = a0, a3 = a0;
        for (let ki = 0; ki < kh; ki++) {
          const src = rowBase + (<usize>((ki * dh) * wp + ow * sw) << 2);
          for (let kj = 0; kj < kw; kj++) {
            const wv = v128.load32_splat(wBase + (<usize>(ki * kw + kj) << 2));
            const at = src + (<usize>(kj * dw) << 2);
            if (sw == 1) {
              a0 = f32x4.add(a0, f32x4.mul(wv, v128.load(at)));
              a1 = f32x4.add(a1, f32x4.mul(wv, v128.load(at, 16)));
              a2 = f32x4.add(a2, f32x4.mul(wv, v128.load(at, 32)));
              a3 = f32x4.add(a3, f32x4.mul(wv, v128.load(at, 48)));
            } else {
              const step = <usize>(4 * sw) << 2;
              a0 = f32x4.add(a0, f32x4.mul(wv, gather(at, sw)));
              a1 = f32x4.add(a1, f32x4.mul(wv, gather(at + step, sw)));
              a2 = f32x4.add(a2, f32x4.mul(wv, gather(at + 2 * step, sw)));
              a3 = f32x4.add(a3, f32x4.mul(wv, gather(at + 3 * step, sw)));
            }
          }
        }
        const out = row + (<usize>ow << 2);
        v128.store(out, a0); v128.store(out, a1, 16); v128.store(out, a2, 32); v128.store(out, a3, 48);
      }
      for (; ow < vecW; ow += 4) {
        let acc = f32x4.splat(b);
        for (let ki = 0; ki < kh; ki++) {
          const src = rowBase + (<usize>((ki * dh) * wp + ow * sw) << 2);
          for (let kj = 0; kj < kw; kj++) {
            const wv = v128.load32_splat(wBase + (<usize>(ki * kw + kj) << 2));
            const at = src + (<usize>(kj * dw) << 2);
            acc = f32x4.add(acc, f32x4.mul(wv, sw == 1 ? v128.load(at) : gather(at, sw)));
          }
        }
        v128.store(row + (<usize>ow << 2), acc);
      }
      memory.copy(yPlane + (<usize>(oh * outW) << 2), row, <usize>outW << 2);
    }
  }
}

/** Taps of one kernel row (weights w0…w2) over three neighbouring vectors at src, added to acc. */
@inline function row3(acc: v128, src: usize, w0: v128, w1: v128, w2: v128): v128 {
  acc = f32x4.add(acc, f32x4.mul(w0, v128.load(src)));
  acc = f32x4.add(acc, f32x4.mul(w1, v128.load(src, 4)));
  return f32x4.add(acc, f32x4.mul(w2, v128.load(src, 8)));
}

/**
 * The common 3×3, stride 1, undilated case: the nine weights stay in registers and two vectors (8 outputs) are
 * computed per step, so the loop is nothing but loads, multiplies and adds.
 */
function depthwise3x3(outH: i32, outW: i32, vecW: i32, wp: i32, padded: usize, w: usize, b: f32, row: usize, yPlane: usize): void {
  const w00 = v128.load32_splat(w), w01 = v128.load32_splat(w, 4), w02 = v128.load32_splat(w, 8);
  const w10 = v128.load32_splat(w, 12), w11 = v128.load32_splat(w, 16), w12 = v128.load32_splat(w, 20);
  const w20 = v128.load32_splat(w, 24), w21 = v128.load32_splat(w, 28), w22 = v128.load32_splat(w, 32);
  const bias = f32x4.splat(b);
  const stride: usize = <usize>wp << 2;
  // Whole vectors fill each output row exactly when outW is a multiple of 4: they are stored there directly.
  const direct = (outW & 3) == 0;
  for (let oh = 0; oh < outH; oh++) {
    const yRow = yPlane + (<usize>(oh * outW) << 2);
    const dst = direct ? yRow : row;
    const r0 = padded + <usize>oh * stride;
    const r1 = r0 + stride;
    const r2 = r1 + stride;
    let ow = 0;
    for (; ow + 8 <= vecW; ow += 8) {
      const c: usize = <usize>ow << 2;
      let a0 = row3(bias, r0 + c, w00, w01, w02);
      let a1 = row3(bias, r0 + c + 16, w00, w01, w02);
      a0 = row3(a0, r1 + c, w10, w11, w12);
      a1 = row3(a1, r1 + c + 16, w10, w11, w12);
      a0 = row3(a0, r2 + c, w20, w21, w22);
      a1 = row3(a1, r2 + c + 16, w20, w21, w22);
      v128.store(dst + c, a0);
      v128.store(dst + c, a1, 16);
    }
    for (; ow < vecW; ow += 4) {
      const c: usize = <usize>ow << 2;
      let a = row3(bias, r0 + c, w00, w01, w02);
      a = row3(a, r1 + c, w10, w11, w12);
      v128.store(dst + c, row3(a, r2 + c, w20, w21, w22));
    }
    if (!direct) memory.copy(yRow, row, <usize>outW << 2);
  }
}

/** Floats of work space depthwiseConv needs. */
export function depthwiseWork(outH: i32, outW: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32): i32 {
  const vecW = (outW + 3) & ~3;
  return ((outH - 1) * sh + (kh - 1) * dh + 1) * ((vecW - 1) * sw + (kw - 1) * dw + 1) + vecW;
}

/** Four lanes at stride s floats. */
@inline function gather(at: usize, s: i32): v128 {
  const step = <usize>s << 2;
  let v = v128.load32_zero(at);
  v = v128.load32_lane(at + step, v, 1);
  v = v128.load32_lane(at + 2 * step, v, 2);
  return v128.load32_lane(at + 3 * step, v, 3);
}

/** Copies an h×w plane into a zero hp×wp buffer at offset (padT, padL), clipped to the buffer. */
function fillPadded(src: usize, h: i32, w: i32, padT: i32, padL: i32, hp: i32, wp: i32, dst: usize): void {
  memory.fill(dst, 0, <usize>(hp * wp) << 2);
  const cols = min(w, wp - padL);
  for (let r = 0; r < h; r++) {
    const pr = r + padT;
    if (pr >= hp) break;
    if (cols > 0) memory.copy(dst + (<usize>(pr * wp + padL) << 2), src + (<usize>(r * w) << 2), <usize>cols << 2);
  }
}
