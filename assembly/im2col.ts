// The im2col matrix of an image, read panel by panel straight from the image (never stored whole), and col2im.
import { NR } from './gemm';

// Conv geometry of the image the packers read (set once per conv call by setConvGeometry).
let inH = 0, inW = 0, outH = 0, outW = 0, kh = 0, kw = 0, sh = 1, sw = 1, dh = 1, dw = 1, padT = 0, padL = 0;

/** Sets the geometry packBImage, packBImageT and col2im use. */
export function setConvGeometry(ih: i32, iw: i32, oh: i32, ow: i32, kH: i32, kW: i32, sH: i32, sW: i32, dH: i32, dW: i32, pT: i32, pL: i32): void {
  inH = ih; inW = iw; outH = oh; outW = ow; kh = kH; kw = kW; sh = sH; sw = sW; dh = dH; dw = dW; padT = pT; padL = pL;
}

/** The image value under tap (row offset, column offset) of output pixel (oh, ow) in plane `plane`, 0 in the padding. */
@inline function tap(plane: usize, ih: i32, iw: i32): f32 {
  return ih >= 0 && ih < inH && iw >= 0 && iw < inW ? load<f32>(plane + (<usize>(ih * inW + iw) << 2)) : 0;
}

/**
 * One NR-wide B panel of im2col(x): depths are col rows (ic, ki, kj) k0 … k0+kc−1, columns output pixels
 * j0 … j0+NR−1 of n. Eight pixels in one output row read as two (stride 1) or four shuffled (stride 2) vector loads.
 */
export function packBImage(kc: i32, k0: i32, n: i32, j0: i32, x: usize, dst: usize): void {
  const cols = min(NR, n - j0);
  const oh0 = j0 / outW;
  const ow0 = j0 - oh0 * outW;
  const area = kh * kw;
  let ic = k0 / area;
  let ki = (k0 - ic * area) / kw;
  let kj = k0 - ic * area - ki * kw;
  if (cols < NR || ow0 + NR > outW) {
    packStraddling(kc, ic, ki, kj, cols, oh0, ow0, x, dst);
    return;
  }
  const planeSize: usize = <usize>(inH * inW) << 2;
  const iw0 = ow0 * sw - padL;
  const span = (NR - 1) * sw + 1;
  // Taps (ki, kj) of one input channel walk the same row, so the row test and the address step are per run of kj.
  let left = kc;
  while (left > 0) {
    const run = min(kw - kj, left);
    const ih = oh0 * sh + ki * dh - padT;
    if (ih < 0 || ih >= inH) {
      for (let r = 0; r < run; r++) {
        v128.store(dst, f32x4.splat(0));
        v128.store(dst, f32x4.splat(0), 16);
        dst += <usize>NR << 2;
      }
    } else {
      const row = x + <usize>ic * planeSize + (<usize>(ih * inW) << 2);
      for (let r = 0; r < run; r++) {
        const iw = iw0 + (kj + r) * dw;
        const src = row + (<usize>iw << 2);
        if (iw >= 0 && iw + span + (sw - 1) <= inW && sw <= 2) {
          if (sw == 1) {
            v128.store(dst, v128.load(src));
            v128.store(dst, v128.load(src, 16), 16);
          } else {
            v128.store(dst, v128.shuffle<f32>(v128.load(src), v128.load(src, 16), 0, 2, 4, 6));
            v128.store(dst, v128.shuffle<f32>(v128.load(src, 32), v128.load(src, 48), 0, 2, 4, 6), 16);
          }
        } else {
          for (let q = 0; q < NR; q++) {
            const c = iw + q * sw;
            store<f32>(dst + (<usize>q << 2), c >= 0 && c < inW ? load<f32>(row + (<usize>c << 2)) : 0);
          }
        }
        dst += <usize>NR << 2;
      }
    }
    left -= run;
    kj = 0;
    if (++ki == kh) { ki = 0; ic++; }
  }
}

/** packBImage for a panel whose pixels span two output rows (or the ragged last panel): element by element. */
function packStraddling(kc: i32, ic: i32, ki: i32, kj: i32, cols: i32, oh0: i32, ow0: i32, x: usize, dst: usize): void {
  const planeSize: usize = <usize>(inH * inW) << 2;
  for (let p = 0; p < kc; p++) {
    const plane = x + <usize>ic * planeSize;
    const rowOff = ki * dh - padT;
    const colOff = kj * dw - padL;
    let oh = oh0;
    let ow = ow0;
    for (let q = 0; q < NR; q++) {
      store<f32>(dst + (<usize>q << 2), q < cols ? tap(plane, oh * sh + rowOff, ow * sw + colOff) : 0);
      if (++ow == outW) { ow = 0; oh++; }
    }
    dst += <usize>NR << 2;
    if (++kj == kw) {
      kj = 0;
      if (++ki == kh) { ki = 0; ic++; }
    }
  }
}

/**
 * One NR-wide B panel of im2col(x)ᵀ (for dW = dY · im2colᵀ): depths are output pixels k0 … k0+kc−1, columns col rows
 * j0 … j0+NR−1 of n.
 */
export function packBImageT(kc: i32, k0: i32, n: i32, j0: i32, x: usize, dst: usize): void {
  const cols = min(NR, n - j0);
  const area = kh * kw;
  const planeSize: usize = <usize>(inH * inW) << 2;
  // Per column: its plane and the tap's offsets (kept in a small table at TAPS).
  for (let q = 0; q < NR; q++) {
    const k = j0 + min(q, cols - 1);
    const ic = k / area;
    const ki = (k - ic * area) / kw;
    const kj = k - ic * area - ki * kw;
    store<u32>(TAPS + (<usize>q << 4), <u32>(x + <usize>ic * planeSize));
    store<i32>(TAPS + (<usize>q << 4), ki * dh - padT, 4);
    store<i32>(TAPS + (<usize>q << 4), kj * dw - padL, 8);
  }
  let oh = k0 / outW;
  let ow = k0 - oh * outW;
  for (let p = 0; p < kc; p++) {
    const ihBase = oh * sh;
    const iwBase = ow * sw;
    for (let q = 0; q < NR; q++) {
      const t = TAPS + (<usize>q << 4);
      const v = q < cols ? tap(<usize>load<u32>(t), ihBase + load<i32>(t, 4), iwBase + load<i32>(t, 8)) : <f32>0;
      store<f32>(dst + (<usize>q << 2), v);
    }
    dst += <usize>NR << 2;
    if (++ow == outW) { ow = 0; oh++; }
  }
}

// Scratch table of packBImageT's per-column taps (NR entries of 16 bytes), below the JS-managed heap.
const TAPS: usize = 2048;

/** dx (channels planes of the image geometry) += col2im(col): each col entry adds back onto the pixel it was read from. */
export function col2im(channels: i32, col: usize, dx: usize): void {
  const plane = outH * outW;
  let row = 0;
  for (let ic = 0; ic < channels; ic++) {
    const base = dx + (<usize>(ic * inH * inW) << 2);
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const src = col + (<usize>(row * plane) << 2);
        row++;
        for (let oh = 0; oh < outH; oh++) {
          const ih = oh * sh + ki * dh - padT;
          if (ih < 0 || ih >= inH) continue;
          for (let ow = 0; ow < outW; ow++) {
            const iw = ow * sw + kj * dw - padL;
            if (iw < 0 || iw >= inW) continue;
            const at = base + (<usize>(ih * inW + iw) << 2);
            store<f32>(at, load<f32>(at) + load<f32>(src + (<usize>(oh * outW + ow) << 2)));
          }
        }
      }
    }
  }
}
