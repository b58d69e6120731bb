// Engine properties beyond the goldens: adjointness, shift equivariance, the max-pool counterexample, RF and parameter arithmetic.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { conv2d, conv2dBackward, convTranspose2d } from '../../src/engine/conv';
import { adaptiveAvgPool2d, avgPool2d, maxPool2d, maxPool2dBackward } from '../../src/engine/pool';
import { convVersusDense, depthwiseSeparableCost, receptiveField } from '../../src/engine/shapes';
import { ShapeError, tensor, type Tensor } from '../../src/engine/tensor';

function dot(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * b.data[i]!;
  return s;
}

const values = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: -5, max: 5 }), { minLength: n, maxLength: n });

/** Random conv configurations that are valid by construction. */
const convCase = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 2 }),
    cinPer: fc.integer({ min: 1, max: 2 }),
    coutPer: fc.integer({ min: 1, max: 2 }),
    kh: fc.integer({ min: 1, max: 3 }),
    kw: fc.integer({ min: 1, max: 3 }),
    s: fc.integer({ min: 1, max: 3 }),
    p: fc.integer({ min: 0, max: 2 }),
    d: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 5, max: 8 }),
    w: fc.integer({ min: 5, max: 8 }),
  })
  .chain((c) => {
    const cin = c.cinPer * c.groups;
    const cout = c.coutPer * c.groups;
    const xs = [c.n, cin, c.h, c.w];
    const ws = [cout, c.cinPer, c.kh, c.kw];
    return fc
      .record({
        c: fc.constant(c),
        x: values(xs.reduce((a, b) => a * b)),
        w: values(ws.reduce((a, b) => a * b)),
        seed: fc.integer(),
      })
      .map((r) => ({ ...r, xs, ws }));
  });

test('conv2d backward is the adjoint of forward: <conv(x), dy> = <x, dX(dy)> and = <w, dW(dy)>', () => {
  fc.assert(
    fc.property(convCase, ({ c, x, w, xs, ws, seed }) => {
      const opts = { stride: c.s, padding: c.p, dilation: c.d, groups: c.groups };
      const X = tensor(xs, x);
      const W = tensor(ws, w);
      const y = conv2d(X, W, undefined, opts);
      const dy = tensor(
        y.shape,
        Array.from(y.data, (_, i) => ((i * 7 + seed) % 5) - 2),
      );
      const g = conv2dBackward(X, W, dy, opts);
      assert.ok(Math.abs(dot(y, dy) - dot(X, g.dx)) < 1e-9);
      assert.ok(Math.abs(dot(y, dy) - dot(W, g.dw)) < 1e-9);
    }),
    { numRuns: 200 },
  );
});

test('conv_transpose2d is the input-gradient of conv2d with the same weight', () => {
  const x = tensor(
    [1, 1, 5, 5],
    Array.from({ length: 25 }, (_, i) => (i % 7) - 3),
  );
  const w = tensor([1, 1, 3, 3], [1, 2, 0, -1, 3, 1, 0, 2, -2]);
  const y = conv2d(x, w, undefined, { stride: 2, padding: 1 });
  const t = convTranspose2d(y, w, undefined, { stride: 2, padding: 1 });
  assert.deepEqual(t.shape, [1, 1, 5, 5]);
  assert.deepEqual(Array.from(t.data), Array.from(conv2dBackward(x, w, y, { stride: 2, padding: 1 }).dx.data));
});

test('convolution commutes with a shift away from the borders (translation equivariance)', () => {
  const img = Array.from({ length: 64 }, (_, i) => ((i * 13) % 11) - 5);
  const x = tensor([1, 1, 8, 8], img);
  const shifted = tensor(
    [1, 1, 8, 8],
    img.map((_, i) => (i % 8 === 0 ? 0 : img[i - 1]!)),
  );
  const w = tensor([1, 1, 3, 3], [1, 0, -1, 2, 0, -2, 1, 0, -1]);
  const a = conv2d(x, w);
  const b = conv2d(shifted, w);
  for (let r = 0; r < 6; r++) for (let c = 1; c < 5; c++) assert.equal(b.data[r * 6 + c + 1], a.data[r * 6 + c]);
});

test('max pooling is not shift-equivariant: [1, 3, 2, 4] → [3, 4] but shifted [0, 1, 3, 2, 4] → [1, 3, 4]', () => {
  const pool = (row: number[]): number[] =>
    Array.from(
      maxPool2d(tensor([1, 1, 1, row.length], row), { kernelSize: [1, 2], stride: [1, 2], ceilMode: true }).y.data,
    );
  assert.deepEqual(pool([1, 3, 2, 4]), [3, 4]);
  assert.deepEqual(pool([0, 1, 3, 2, 4]), [1, 3, 4]);
});

test('max-pool backward routes each gradient only to its argmax (ties go to the first)', () => {
  const x = tensor([1, 1, 2, 4], [1, 5, 2, 2, 3, 0, 2, 1]);
  const dx = maxPool2dBackward(x, tensor([1, 1, 1, 2], [10, 20]), { kernelSize: 2 });
  assert.deepEqual(Array.from(dx.data), [0, 10, 20, 0, 0, 0, 0, 0]);
});

test('average pooling and adaptive pooling agree when the windows tile the input', () => {
  const x = tensor(
    [1, 2, 4, 4],
    Array.from({ length: 32 }, (_, i) => i),
  );
  assert.deepEqual(Array.from(adaptiveAvgPool2d(x, 2).data), Array.from(avgPool2d(x, { kernelSize: 2 }).data));
});

test('two stacked 3×3 convs see a 5×5 field like one 5×5, with 18 instead of 25 weights', () => {
  const three = { kernel: 3, stride: 1, padding: 0, dilation: 1 };
  assert.equal(receptiveField([three, three]).size, receptiveField([{ ...three, kernel: 5 }]).size);
  assert.equal(receptiveField([three, three]).size, 5);
  // RF = 1 + 2L for L stacked 3×3 convs.
  for (let L = 1; L <= 6; L++) assert.equal(receptiveField(Array(L).fill(three)).size, 1 + 2 * L);
});

test('A2: a 3×3 conv 64→128 has 73,856 parameters; a dense layer between the same 32×32 maps 8,589,934,592', () => {
  assert.deepEqual(convVersusDense(64, 128, 3, 32, 32), { conv: 73_856, dense: 8_589_934_592 });
});

test('depthwise-separable 3×3, 32→64: 2,336 weights instead of 18,432', () => {
  const c = depthwiseSeparableCost(32, 64, 3, 56, 56);
  assert.equal(c.standard.params, 18_432);
  assert.equal(c.separable.params, 2_336);
});

test('errors name the offending value', () => {
  const x = tensor([1, 3, 3, 3]);
  assert.throws(
    () => conv2d(x, tensor([1, 3, 5, 5])),
    (e: Error) => e instanceof ShapeError && /kernel 5×5 is larger than padded input 3×3/.test(e.message),
  );
  assert.throws(
    () => conv2d(x, tensor([2, 2, 1, 1])),
    /input has 3 channels but weight 2×2×1×1 with groups=1 expects 2/,
  );
  assert.throws(
    () => conv2d(tensor([1, 2, 3, 3]), tensor([3, 1, 1, 1]), undefined, { groups: 2 }),
    /groups=2 does not divide out_channels=3/,
  );
  assert.throws(() => conv2d(x, tensor([1, 3, 1, 1]), undefined, { stride: 0 }), /stride must be ≥ 1, got 0/);
  assert.throws(
    () => maxPool2d(x, { kernelSize: 2, padding: 2 }),
    /padding 2×2 must be at most half of kernel size 2×2/,
  );
});

test('step traces end where the engine does: conv steps sum to conv2d, backward steps to conv2dBackward', async () => {
  const { convSteps, convBackwardSteps, poolSteps } = await import('../../src/engine/steps');
  const x = tensor(
    [4, 5],
    Array.from({ length: 20 }, (_, i) => ((i * 7) % 9) - 4),
  );
  const k = tensor([2, 3], [1, -2, 0, 3, 1, -1]);
  const opts = { stride: [1, 2] as [number, number], padding: 1 };
  const y = conv2d(tensor([1, 1, 4, 5], x.data), tensor([1, 1, 2, 3], k.data), undefined, opts);
  assert.deepEqual(
    [...convSteps(x, k, opts)].map((s) => s.sum),
    Array.from(y.data),
  );
  const dy = tensor(
    y.shape.slice(2),
    Array.from(y.data, (_, i) => i - 3),
  );
  const steps = [...convBackwardSteps(x, k, dy, opts)];
  const g = conv2dBackward(tensor([1, 1, 4, 5], x.data), tensor([1, 1, 2, 3], k.data), tensor(y.shape, dy.data), opts);
  assert.deepEqual(steps.at(-1)!.dx, Array.from(g.dx.data));
  assert.deepEqual(steps.at(-1)!.dw, Array.from(g.dw.data));
  const pooled = [...poolSteps(x, 'max', { kernelSize: 2, ceilMode: true })];
  assert.deepEqual(
    pooled.map((s) => s.value),
    Array.from(maxPool2d(tensor([1, 1, 4, 5], x.data), { kernelSize: 2, ceilMode: true }).y.data),
  );
  assert.ok(pooled.every((s) => s.window[s.argmax]!.value === s.value));
});

test('the im2col + GEMM fast path agrees with the direct reference loop', async () => {
  const { conv2dReference } = await import('../../src/engine/conv');
  fc.assert(
    fc.property(
      fc.record({
        cout: fc.integer({ min: 4, max: 9 }),
        cin: fc.integer({ min: 1, max: 3 }),
        h: fc.integer({ min: 9, max: 20 }),
        k: fc.integer({ min: 1, max: 4 }),
        s: fc.integer({ min: 1, max: 2 }),
        p: fc.integer({ min: 0, max: 2 }),
        seed: fc.integer(),
      }),
      ({ cout, cin, h, k, s, p, seed }) => {
        const x = tensor(
          [2, cin, h, h + 1],
          Array.from({ length: 2 * cin * h * (h + 1) }, (_, i) => ((i * 31 + seed) % 17) - 8),
        );
        const w = tensor(
          [cout, cin, k, k],
          Array.from({ length: cout * cin * k * k }, (_, i) => ((i * 13 + seed) % 7) - 3),
        );
        const b = tensor(
          [cout],
          Array.from({ length: cout }, (_, i) => i - 2),
        );
        const fast = conv2d(x, w, b, { stride: s, padding: p });
        const ref = conv2dReference(x, w, b, { stride: s, padding: p });
        assert.deepEqual(Array.from(fast.data), Array.from(ref.data));
      },
    ),
    { numRuns: 100 },
  );
});

test('the one-input-channel-per-group path (depthwise, one-channel images) equals the reference loop bit for bit', async () => {
  const { conv2dReference } = await import('../../src/engine/conv');
  const { setEngineBackend } = await import('../../src/engine/wasm/wasmRuntime');
  setEngineBackend('ts');
  try {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 1, max: 2 }),
          c: fc.integer({ min: 1, max: 3 }),
          mult: fc.integer({ min: 1, max: 3 }),
          kh: fc.integer({ min: 1, max: 4 }),
          kw: fc.integer({ min: 1, max: 4 }),
          s: fc.integer({ min: 1, max: 3 }),
          p: fc.integer({ min: 0, max: 2 }),
          d: fc.integer({ min: 1, max: 2 }),
          h: fc.integer({ min: 1, max: 12 }),
          bias: fc.boolean(),
          zeros: fc.boolean(),
          seed: fc.integer(),
        }),
        (c) => {
          const [padH, padW] = [Math.min(c.p, c.kh - 1), Math.min(c.p, c.kw - 1)];
          const h = Math.max(c.h, c.d * (c.kh - 1) + 1 - 2 * padH);
          const w = Math.max(c.h + 1, c.d * (c.kw - 1) + 1 - 2 * padW);
          let s = c.seed >>> 0;
          const next = (): number => {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            return s / 2 ** 31 - 1;
          };
          const x = tensor([c.n, c.c, h, w], Array.from({ length: c.n * c.c * h * w }, next));
          const out = c.c * c.mult;
          // Zero weights are skipped by the reference loop; half of them zero here when `zeros`.
          const wt = tensor(
            [out, 1, c.kh, c.kw],
            Array.from({ length: out * c.kh * c.kw }, () => (c.zeros && next() < 0 ? 0 : next())),
          );
          const b = c.bias ? tensor([out], Array.from({ length: out }, next)) : undefined;
          const opts = { stride: c.s, padding: [padH, padW] as [number, number], dilation: c.d, groups: c.c };
          assert.deepEqual(Array.from(conv2d(x, wt, b, opts).data), Array.from(conv2dReference(x, wt, b, opts).data));
        },
      ),
      { numRuns: 300 },
    );
  } finally {
    setEngineBackend('wasm');
  }
});
