// The WebAssembly SIMD kernels against the TypeScript reference kernels on random shapes, strides, paddings,
// dilations and groups: same results (to float32 rounding for convolutions, exactly for pooling).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { conv2d, conv2dBackward, conv2dParameterGrads, convTranspose2d } from '../../src/engine/conv';
import { linear } from '../../src/engine/linear';
import { maxPool2d, maxPool2dBackward, maxPool2dValues } from '../../src/engine/pool';
import { tensor, type Tensor } from '../../src/engine/tensor';
import { engineBackend, setEngineBackend, type EngineBackend } from '../../src/engine/wasm/wasmRuntime';

/** Runs fn on one path; WebAssembly gets every call, however small. */
function on<T>(backend: EngineBackend, fn: () => T): T {
  setEngineBackend(backend, 0);
  try {
    return fn();
  } finally {
    setEngineBackend('wasm');
  }
}

function assertClose(actual: Tensor, expected: Tensor, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  let scale = 1;
  for (const v of expected.data) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i]!,
      e = expected.data[i]!;
    if (!(Math.abs(a - e) <= 1e-4 * scale)) assert.fail(`${what}[${i}]: wasm ${a} != reference ${e}`);
  }
}

function randomTensor(shape: number[], seed: number): Tensor {
  let s = seed >>> 0;
  return tensor(
    shape,
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 31 - 1;
    }),
  );
}

test('the WebAssembly kernels load in Node', () => {
  assert.equal(engineBackend(), 'wasm');
});

// Up to 7 outputs per group runs the direct kernels, 16 and more the packed GEMM (wasmConv.ts DIRECT_BELOW).
const convCase = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 3 }),
    cinPer: fc.integer({ min: 1, max: 4 }),
    coutPer: fc.oneof(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 16, max: 23 })),
    kh: fc.integer({ min: 1, max: 4 }),
    kw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    ph: fc.integer({ min: 0, max: 2 }),
    pw: fc.integer({ min: 0, max: 2 }),
    dh: fc.integer({ min: 1, max: 2 }),
    dw: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 1, max: 14 }),
    w: fc.integer({ min: 1, max: 19 }),
    bias: fc.boolean(),
    same: fc.boolean(),
    seed: fc.integer(),
  })
  .filter((c) => c.h + 2 * c.ph >= c.dh * (c.kh - 1) + 1 && c.w + 2 * c.pw >= c.dw * (c.kw - 1) + 1);

test('conv2d forward and backward: WebAssembly = reference', () => {
  fc.assert(
    fc.property(convCase, (c) => {
      const cin = c.cinPer * c.groups;
      const cout = c.coutPer * c.groups;
      const x = randomTensor([c.n, cin, c.h, c.w], c.seed);
      const w = randomTensor([cout, c.cinPer, c.kh, c.kw], c.seed + 1);
      const b = c.bias ? randomTensor([cout], c.seed + 2) : undefined;
      const opts =
        c.same && c.h >= 1
          ? { padding: 'same' as const, dilation: [c.dh, c.dw] as [number, number], groups: c.groups }
          : {
              stride: [c.sh, c.sw] as [number, number],
              padding: [c.ph, c.pw] as [number, number],
              dilation: [c.dh, c.dw] as [number, number],
              groups: c.groups,
            };
      const ref = on('ts', () => conv2d(x, w, b, opts));
      assertClose(
        on('wasm', () => conv2d(x, w, b, opts)),
        ref,
        'y',
      );
      const dy = randomTensor(ref.shape as number[], c.seed + 3);
      const gRef = on('ts', () => conv2dBackward(x, w, dy, opts, c.bias));
      const gWasm = on('wasm', () => conv2dBackward(x, w, dy, opts, c.bias));
      assertClose(gWasm.dx, gRef.dx, 'dx');
      assertClose(gWasm.dw, gRef.dw, 'dw');
      if (c.bias) assertClose(gWasm.db!, gRef.db!, 'db');
    }),
    { numRuns: 400 },
  );
});

test('depthwise and channel-multiplier convolutions: WebAssembly = reference', () => {
  fc.assert(
    fc.property(
      fc
        .record({
          c: fc.integer({ min: 1, max: 9 }),
          mult: fc.integer({ min: 1, max: 3 }),
          k: fc.integer({ min: 1, max: 5 }),
          s: fc.integer({ min: 1, max: 3 }),
          p: fc.integer({ min: 0, max: 2 }),
          d: fc.integer({ min: 1, max: 2 }),
          h: fc.integer({ min: 5, max: 30 }),
          seed: fc.integer(),
        })
        .filter((c) => c.h + 2 * c.p >= c.d * (c.k - 1) + 1),
      (c) => {
        const x = randomTensor([1, c.c, c.h, c.h + 3], c.seed);
        const w = randomTensor([c.c * c.mult, 1, c.k, c.k], c.seed + 1);
        const b = randomTensor([c.c * c.mult], c.seed + 2);
        const opts = { stride: c.s, padding: c.p, dilation: c.d, groups: c.c };
        assertClose(
          on('wasm', () => conv2d(x, w, b, opts)),
          on('ts', () => conv2d(x, w, b, opts)),
          'y',
        );
      },
    ),
    { numRuns: 200 },
  );
});

test('conv_transpose2d: WebAssembly = reference', () => {
  fc.assert(
    fc.property(
      fc
        .record({
          groups: fc.integer({ min: 1, max: 2 }),
          cin: fc.integer({ min: 1, max: 3 }),
          cout: fc.integer({ min: 1, max: 6 }),
          k: fc.integer({ min: 1, max: 4 }),
          s: fc.integer({ min: 1, max: 3 }),
          p: fc.integer({ min: 0, max: 2 }),
          op: fc.integer({ min: 0, max: 2 }),
          d: fc.integer({ min: 1, max: 2 }),
          h: fc.integer({ min: 1, max: 9 }),
          seed: fc.integer(),
        })
        .filter((c) => c.op < Math.max(c.s, c.d) && (c.h - 1) * c.s - 2 * c.p + c.d * (c.k - 1) + c.op + 1 > 0),
      (c) => {
        const x = randomTensor([1, c.cin * c.groups, c.h, c.h + 1], c.seed);
        const w = randomTensor([c.cin * c.groups, c.cout, c.k, c.k], c.seed + 1);
        const opts = { stride: c.s, padding: c.p, outputPadding: c.op, dilation: c.d, groups: c.groups };
        assertClose(
          on('wasm', () => convTranspose2d(x, w, undefined, opts)),
          on('ts', () => convTranspose2d(x, w, undefined, opts)),
          'y',
        );
      },
    ),
    { numRuns: 200 },
  );
});

test('max pooling forward (values and indices) and backward: WebAssembly = reference, exactly', () => {
  fc.assert(
    fc.property(
      fc
        .record({
          kh: fc.integer({ min: 1, max: 3 }),
          kw: fc.integer({ min: 1, max: 3 }),
          s: fc.integer({ min: 1, max: 3 }),
          p: fc.integer({ min: 0, max: 1 }),
          d: fc.integer({ min: 1, max: 2 }),
          ceil: fc.boolean(),
          h: fc.integer({ min: 3, max: 12 }),
          ties: fc.boolean(),
          nan: fc.boolean(),
          seed: fc.integer(),
        })
        .filter((c) => 2 * c.p <= Math.min(c.kh, c.kw) && c.h + 2 * c.p >= c.d * (Math.max(c.kh, c.kw) - 1) + 1),
      (c) => {
        const x = randomTensor([2, 3, c.h, c.h + 2], c.seed);
        // Ties (rounded values) and NaN follow PyTorch's rules on both paths.
        if (c.ties)
          x.data.forEach((v, i) => {
            x.data[i] = Math.round(v * 2);
          });
        if (c.nan) x.data[Math.abs(c.seed) % x.data.length] = NaN;
        const opts = {
          kernelSize: [c.kh, c.kw] as [number, number],
          stride: c.s,
          padding: c.p,
          dilation: c.d,
          ceilMode: c.ceil,
        };
        const ref = on('ts', () => maxPool2d(x, opts));
        const got = on('wasm', () => maxPool2d(x, opts));
        assert.deepEqual(Array.from(got.y.data), Array.from(ref.y.data));
        assert.deepEqual(Array.from(got.indices.data), Array.from(ref.indices.data));
        const dy = randomTensor(ref.y.shape as number[], c.seed + 1);
        assert.deepEqual(
          Array.from(on('wasm', () => maxPool2dBackward(x, dy, opts)).data),
          Array.from(on('ts', () => maxPool2dBackward(x, dy, opts)).data),
        );
      },
    ),
    { numRuns: 300 },
  );
});

test('2×2 max pooling (its own kernel) with ties and NaN: WebAssembly = reference', () => {
  for (const fill of [(i: number) => i % 3, (i: number) => (i % 7 === 0 ? NaN : -i), () => -Infinity]) {
    const x = tensor(
      [1, 2, 6, 8],
      Array.from({ length: 96 }, (_, i) => fill(i)),
    );
    const ref = on('ts', () => maxPool2d(x, { kernelSize: 2 }));
    const got = on('wasm', () => maxPool2d(x, { kernelSize: 2 }));
    assert.deepEqual(Array.from(got.y.data), Array.from(ref.y.data));
    assert.deepEqual(Array.from(got.indices.data), Array.from(ref.indices.data));
  }
});

test('max pooling values only (2×2 kernels on both paths) = maxPool2d(…).y exactly: ±0 ties, NaN, ±Infinity', () => {
  const special = [-0, 0, 1, -1, NaN, -Infinity, Infinity];
  fc.assert(
    fc.property(
      fc
        .record({
          n: fc.integer({ min: 1, max: 2 }),
          c: fc.integer({ min: 1, max: 3 }),
          h: fc.integer({ min: 2, max: 11 }),
          w: fc.integer({ min: 2, max: 13 }),
          specials: fc.boolean(),
          seed: fc.integer(),
          kernel: fc.constantFrom(2, 3),
        })
        .filter((c) => c.h >= c.kernel && c.w >= c.kernel),
      (c) => {
        const x = randomTensor([c.n, c.c, c.h, c.w], c.seed);
        if (c.specials)
          x.data.forEach((v, i) => {
            x.data[i] = special[Math.floor((v + 1) * 3.5) % special.length]!;
          });
        const opts = { kernelSize: c.kernel };
        const expected = Array.from(on('ts', () => maxPool2d(x, opts)).y.data);
        for (const path of ['ts', 'wasm'] as const) {
          const got = on(path, () => maxPool2dValues(x, opts));
          assert.deepEqual(Array.from(got.data), expected, path);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('linear: WebAssembly = reference, batch dimensions kept, shapes checked', () => {
  fc.assert(
    fc.property(
      fc.record({
        rows: fc.integer({ min: 1, max: 9 }),
        inF: fc.integer({ min: 1, max: 40 }),
        outF: fc.integer({ min: 1, max: 13 }),
        bias: fc.boolean(),
        seed: fc.integer(),
      }),
      (c) => {
        const x = randomTensor([c.rows, 1, c.inF], c.seed);
        const w = randomTensor([c.outF, c.inF], c.seed + 1);
        const b = c.bias ? randomTensor([c.outF], c.seed + 2) : undefined;
        const ref = on('ts', () => linear(x, w, b));
        assert.deepEqual(ref.shape, [c.rows, 1, c.outF]);
        assertClose(
          on('wasm', () => linear(x, w, b)),
          ref,
          'y',
        );
      },
    ),
    { numRuns: 200 },
  );
  const y = linear(tensor([2], [1, 2]), tensor([1, 2], [3, 4]), tensor([1], [0.5]));
  assert.deepEqual(Array.from(y.data), [11.5]);
  assert.throws(
    () => linear(tensor([1, 3], [1, 2, 3]), tensor([2, 2], [1, 2, 3, 4])),
    /Linear expects 2 input features, gets 3/,
  );
  assert.throws(() => linear(tensor([1, 2], [1, 2]), tensor([2], [1, 2])), /weight must be 2-D/);
});

test('conv2dParameterGrads is conv2dBackward without dX', () => {
  const x = randomTensor([2, 3, 9, 8], 1);
  const w = randomTensor([4, 3, 5, 3], 2);
  const dy = randomTensor([2, 4, 5, 6], 3);
  for (const backend of ['ts', 'wasm'] as const) {
    const full = on(backend, () => conv2dBackward(x, w, dy, {}, true));
    const part = on(backend, () => conv2dParameterGrads(x, w, dy, {}, true));
    assert.deepEqual(Array.from(part.dw.data), Array.from(full.dw.data));
    assert.deepEqual(Array.from(part.db!.data), Array.from(full.db!.data));
  }
  assert.throws(() => conv2dParameterGrads(x, w, randomTensor([2, 4, 5, 5], 4)), /dy must have the output's shape/);
});
