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
