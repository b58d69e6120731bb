// Direct conv2d for few output channels per group (a GEMM tile would be mostly padding there): for each weight tap,
// a multiply-add of one input row segment into one output row, four lanes at a time when the stride is 1.

/** The half-open range of outputs o whose tap o·stride + offset lies in [0, size) (as convGeometry.validRange). */
@inline function lo(offset: i32, stride: i32): i32 {
  return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
}
@inline function hi(offset: i32, stride: i32, size: i32, outSize: i32): i32 {
  const last = size - 1 - offset;
  return last < 0 ? 0 : min(outSize, last / stride + 1);
}

/** y = conv2d(x, w) + bias for `batch` images (geometry as in PyTorch; w is C_out × C_in/groups × kh × kw). */
export function convDirect(batch: i32, inC: i32, inH: i32, inW: i32, outC: i32, outH: i32, outW: i32, kh: i32, kw: i32, groups: i32, sh: i32, sw: i32, dh: i32, dw: i32, padT: i32, padL: i32, x: usize, w: usize, bias: usize, y: usize): void {
  const inPer = inC / groups;
  const outPer = outC / groups;
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  for (let n = 0; n < batch; n++) {
    for (let oc = 0; oc < outC; oc++) {
      const yPlane = y + (<usize>((n * outC + oc) * outPlane) << 2);
      const b: f32 = bias != 0 ? load<f32>(bias + (<usize>oc << 2)) : 0;
      const splat = f32x4.splat(b);
      let i = 0;
      for (; i + 4 <= outPlane; i += 4) v128.store(yPlane + (<usize>i << 2), splat);
      for (; i < outPlane; i++) store<f32>(yPlane + (<usize>i << 2), b);
      const firstIn = (oc / outPer) * inPer;
      for (let icg = 0; icg < inPer; icg++) {
        const xPlane = x + (<usize>((n * inC + firstIn + icg) * inPlane) << 2);
        const wBase = w + (<usize>((oc * inPer + icg) * kh * kw) << 2);
        for (let ki = 0; ki < kh; ki++) {
          const rowOff = ki * dh - padT;
          const ohLo = lo(rowOff, sh);
          const ohHi = hi(rowOff, sh, inH, outH);
          for (let kj = 0; kj < kw; kj++) {
            const wv = load<f32>(wBase + (<usize>(ki * kw + kj) << 2));
            if (wv == 0) continue;
            const wx = f32x4.splat(wv);
            const colOff = kj * dw - padL;
            const owLo = lo(colOff, sw);
            const owHi = hi(colOff, sw, inW, outW);
            for (let oh = ohLo; oh < ohHi; oh++) {
              const yRow = yPlane + (<usize>(oh * outW) << 2);
              const xRow = xPlane + (<usize>((oh * sh + rowOff) * inW + colOff) << 2);
              let ow = owLo;
              if (sw == 1) {
                for (; ow + 4 <= owHi; ow += 4) {
                  const at = yRow + (<usize>ow << 2);
                  v128.store(at, f32x4.add(v128.load(at), f32x4.mul(wx, v128.load(xRow + (<usize>ow << 2)))));
                }
              }
              for (; ow < owHi; ow++) {
                const at = yRow + (<usize>ow << 2);
                store<f32>(at, load<f32>(at) + wv * load<f32>(xRow + (<usize>(ow * sw) << 2)));
              }
            }
          }
        }
      }
    }
  }
}

/**
 * dw = Σ_n Σ_(oh, ow) dy[n, oc] · x[n, ic] under each tap: dot products of row segments, four taps of a kernel row at
 * a time (four independent sums that share each dy load; one sum alone would wait on its own adds).
 */
export function convWeightGradDirect(batch: i32, inC: i32, inH: i32, inW: i32, outC: i32, outH: i32, outW: i32, kh: i32, kw: i32, groups: i32, sh: i32, sw: i32, dh: i32, dw: i32, padT: i32, padL: i32, x: usize, dy: usize, dW: usize): void {
  const inPer = inC / groups;
  const outPer = outC / groups;
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  for (let oc = 0; oc < outC; oc++) {
    const firstIn = (oc / outPer) * inPer;
    for (let icg = 0; icg < inPer; icg++) {
      for (let ki = 0; ki < kh; ki++) {
        const rowOff = ki * dh - padT;
        const ohLo = lo(rowOff, sh);
        const ohHi = hi(rowOff, sh, inH, outH);
        for (let kj0 = 0; kj0 < kw; kj0 += 4) {
          const taps = min(4, kw - kj0);
          // Outputs where all taps of the block are inside the row: the vector part; the rest per tap, scalar.
          let common0 = 0, common1 = outW;
          for (let t = 0; t < taps; t++) {
            const off = (kj0 + t) * dw - padL;
            common0 = max(common0, lo(off, sw));
            common1 = min(common1, hi(off, sw, inW, outW));
          }
          if (sw != 1) common1 = common0;
          if (common1 < common0) common1 = common0;
          let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
          let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
          const o0 = kj0 * dw - padL;
          const step: usize = <usize>dw << 2;
          for (let n = 0; n < batch; n++) {
            const xPlane = x + (<usize>((n * inC + firstIn + icg) * inPlane) << 2);
            const dyPlane = dy + (<usize>((n * outC + oc) * outPlane) << 2);
            for (let oh = ohLo; oh < ohHi; oh++) {
              const dyRow = dyPlane + (<usize>(oh * outW) << 2);
              const xRow = xPlane + (<usize>((oh * sh + rowOff) * inW) << 2);
              let ow = common0;
              for (; ow + 4 <= common1; ow += 4) {
                const g = v128.load(dyRow + (<usize>ow << 2));
                const at = xRow + (<usize>(ow + o0) << 2);
                a0 = f32x4.add(a0, f32x4.mul(g, v128.load(at)));
                if (taps > 1) a1 = f32x4.add(a1, f32x4.mul(g, v128.load(at + step)));
                if (taps > 2) a2 = f32x4.add(a2, f32x4.mul(g, v128.load(at + 2 * step)));
                if (taps > 3) a3 = f32x4.add(a3, f32x4.mul(g, v128.load(at + 3 * step)));
              }
              const vecEnd = ow;
              for (let t = 0; t < taps; t++) {
                const off = (kj0 + t) * dw - padL;
                const tLo = lo(off, sw), tHi = hi(off, sw, inW, outW);
                let part: f32 = 0;
                for (let q = tLo; q < tHi; q++) {
                  if (q >= common0 && q < vecEnd) { q = vecEnd - 1; continue; }
                  part += load<f32>(dyRow + (<usize>q << 2)) * load<f32>(xRow + (<usize>(q * sw + off) << 2));
                }
                if (t == 0) s0 += part; else if (t == 1) s1 += part; else if (t == 2) s2 += part; else s3 += part;
              }
            }
          }
          const base = dW + (<usize>(((oc * inPer + icg) * kh + ki) * kw + kj0) << 2);
          store<f32>(base, hsum(a0) + s0);
          if (taps > 1) store<f32>(base, hsum(a1) + s1, 4);
          if (taps > 2) store<f32>(base, hsum(a2) + s2, 8);
          if (taps > 3) store<f32>(base, hsum(a3) + s3, 12);
        }
      }
    }
  }
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}
