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

/** dw = Σ_n Σ_(oh, ow) dy[n, oc] · x[n, ic] under each tap: one dot product of row segments per tap and row. */
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
        for (let kj = 0; kj < kw; kj++) {
          const colOff = kj * dw - padL;
          const owLo = lo(colOff, sw);
          const owHi = hi(colOff, sw, inW, outW);
          let acc = f32x4.splat(0);
          let tail: f32 = 0;
          for (let n = 0; n < batch; n++) {
            const xPlane = x + (<usize>((n * inC + firstIn + icg) * inPlane) << 2);
            const dyPlane = dy + (<usize>((n * outC + oc) * outPlane) << 2);
            for (let oh = ohLo; oh < ohHi; oh++) {
              const dyRow = dyPlane + (<usize>(oh * outW) << 2);
              const xRow = xPlane + (<usize>((oh * sh + rowOff) * inW + colOff) << 2);
              let ow = owLo;
              if (sw == 1) {
                for (; ow + 4 <= owHi; ow += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(dyRow + (<usize>ow << 2)), v128.load(xRow + (<usize>ow << 2))));
              }
              for (; ow < owHi; ow++) tail += load<f32>(dyRow + (<usize>ow << 2)) * load<f32>(xRow + (<usize>(ow * sw) << 2));
            }
          }
          const sum = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3) + tail;
          store<f32>(dW + (<usize>(((oc * inPer + icg) * kh + ki) * kw + kj) << 2), sum);
        }
      }
    }
  }
}
