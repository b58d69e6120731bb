// Step traces of the newer panels agree with the engine: multi-channel conv sums, transposed stamps, receptive regions.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { conv2d, convTranspose2d } from '../../src/engine/conv';
import { receptiveRegions } from '../../src/engine/receptiveField';
import { receptiveField } from '../../src/engine/shapes';
import { convTransposeSteps, multiChannelConvSteps } from '../../src/engine/steps';
import { ShapeError, tensor } from '../../src/engine/tensor';
import { buildScene } from '../../src/scenes/buildScene';
import { layerDemoRequest, type LayerDemo } from '../../src/scenes/layerDemo';

const ints = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: -4, max: 4 }), { minLength: n, maxLength: n });

test('multi-channel, grouped step sums equal conv2d with bias, cell by cell and channel by channel', () => {
  const config = fc.record({
    groups: fc.integer({ min: 1, max: 3 }),
    inPer: fc.integer({ min: 1, max: 2 }),
    outPer: fc.integer({ min: 1, max: 2 }),
    k: fc.integer({ min: 1, max: 3 }),
    s: fc.integer({ min: 1, max: 2 }),
    p: fc.integer({ min: 0, max: 1 }),
    h: fc.integer({ min: 3, max: 6 }),
  });
  fc.assert(
    fc.property(
      config.chain((c) =>
        fc.record({
          c: fc.constant(c),
          x: ints(c.inPer * c.groups * c.h * c.h),
          w: ints(c.outPer * c.groups * c.inPer * c.k * c.k),
          b: ints(c.outPer * c.groups),
        }),
      ),
      ({ c, x, w, b }) => {
        const cin = c.inPer * c.groups;
        const cout = c.outPer * c.groups;
        const options = { stride: c.s, padding: c.p, groups: c.groups };
        const y = conv2d(
          tensor([1, cin, c.h, c.h], x),
          tensor([cout, c.inPer, c.k, c.k], w),
          tensor([cout], b),
          options,
        );
        const steps = [
          ...multiChannelConvSteps(tensor([cin, c.h, c.h], x), tensor([cout, c.inPer, c.k, c.k], w), b, options),
        ];
        assert.equal(steps.length, y.data.length);
        const [, , oh, ow] = y.shape as [number, number, number, number];
        for (const s of steps) {
          // == rather than Object.is: a sum of products may be −0 where conv2d gives 0.
          assert.ok(
            s.sum === y.data[(s.outChannel * oh + s.outRow) * ow + s.outCol],
            `channel ${s.outChannel} (${s.outRow}, ${s.outCol})`,
          );
          assert.equal(s.parts.length, c.inPer);
          // A grouped output channel reads only its own group's input planes.
          const group = Math.floor(s.outChannel / c.outPer);
          assert.deepEqual(
            s.parts.map((p) => p.inChannel),
            Array.from({ length: c.inPer }, (_, j) => group * c.inPer + j),
          );
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('multi-channel steps refuse kernels whose planes do not match the groups', () => {
  assert.throws(
    () => [...multiChannelConvSteps(tensor([4, 3, 3]), tensor([2, 3, 2, 2]), undefined, { groups: 2 })],
    (e: Error) => e instanceof ShapeError && /in_channels\/groups = 2/.test(e.message),
  );
  assert.throws(
    () => [...multiChannelConvSteps(tensor([2, 3, 3]), tensor([2, 2, 2, 2]), [1], {})],
    /bias must have 2 values/,
  );
});

test('transposed-conv stamps, cropped by the padding, end at conv_transpose2d', () => {
  const config = fc
    .record({
      h: fc.integer({ min: 1, max: 4 }),
      w: fc.integer({ min: 1, max: 4 }),
      k: fc.integer({ min: 1, max: 3 }),
      s: fc.integer({ min: 1, max: 3 }),
      p: fc.integer({ min: 0, max: 1 }),
      op: fc.integer({ min: 0, max: 1 }),
    })
    .filter(
      (c) => c.op < c.s && (c.h - 1) * c.s - 2 * c.p + c.k + c.op > 0 && (c.w - 1) * c.s - 2 * c.p + c.k + c.op > 0,
    );
  fc.assert(
    fc.property(
      config.chain((c) => fc.record({ c: fc.constant(c), x: ints(c.h * c.w), w: ints(c.k * c.k) })),
      ({ c, x, w }) => {
        const y = convTranspose2d(tensor([1, 1, c.h, c.w], x), tensor([1, 1, c.k, c.k], w), undefined, {
          stride: c.s,
          padding: c.p,
          outputPadding: c.op,
        });
        const [, , oh, ow] = y.shape as [number, number, number, number];
        const canvasCols = (c.w - 1) * c.s + c.k + c.op;
        const last = new Map<number, number>();
        for (const step of convTransposeSteps(tensor([c.h, c.w], x), tensor([c.k, c.k], w), c.s, 1, c.op)) {
          assert.equal(step.cells.length, c.k * c.k);
          for (const cell of step.cells) {
            assert.equal(cell.add, step.value * cell.weight);
            last.set(cell.row * canvasCols + cell.col, cell.total);
          }
        }
        for (let r = 0; r < oh; r++)
          for (let col = 0; col < ow; col++)
            assert.equal(last.get((r + c.p) * canvasCols + col + c.p) ?? 0, y.data[r * ow + col]);
      },
    ),
    { numRuns: 80 },
  );
});

test('receptive regions: two 3×3 and one 5×5 both see a 5×5 patch; sizes and starts match the RF arithmetic', () => {
  const conv3 = { kernel: 3, stride: 1, padding: 0, dilation: 1 };
  const two = receptiveRegions(9, 9, [conv3, conv3], 2, 3);
  const one = receptiveRegions(9, 9, [{ ...conv3, kernel: 5 }], 2, 3);
  assert.deepEqual(two[0]!.region, { top: 2, left: 3, bottom: 6, right: 7 });
  assert.deepEqual(one[0]!.region, two[0]!.region);
  assert.deepEqual(
    two.map((l) => l.rows),
    [9, 7, 5],
  );
  const stack = [
    { kernel: 3, stride: 2, padding: 1, dilation: 1 },
    { kernel: 3, stride: 1, padding: 1, dilation: 2 },
    { kernel: 2, stride: 2, padding: 0, dilation: 1 },
  ];
  const rf = receptiveField(stack);
  const levels = receptiveRegions(32, 32, stack, 3, 1);
  const input = levels[0]!.region;
  assert.equal(input.bottom - input.top + 1, rf.size);
  assert.equal(input.top, rf.start + 3 * rf.jump);
  assert.equal(input.left, rf.start + 1 * rf.jump);
  assert.throws(() => receptiveRegions(9, 9, [conv3], 7, 0), /outside the 7×7 output/);
  assert.throws(() => receptiveRegions(4, 4, [conv3, conv3, conv3], 0, 0), /layer 2 .* does not fit its 2×2 input/);
});

test("a layer demo runs the layer's own settings on an input that gives a few output cells", () => {
  const cases: [LayerDemo, number][] = [
    [{ kind: 'conv', label: 'nn.Conv2d(3, 6, 5)', kernel: 5, stride: 1, padding: 0, dilation: 1 }, 3],
    [{ kind: 'conv', label: 'c', kernel: 3, stride: 2, padding: 1, dilation: 2 }, 3],
    [{ kind: 'conv', label: 'c', kernel: 7, stride: 2, padding: 3, dilation: 1 }, 3],
    [{ kind: 'pool', label: 'nn.MaxPool2d(2)', mode: 'max', kernel: 2, stride: 2, padding: 0, ceilMode: false }, 3],
    [{ kind: 'pool', label: 'p', mode: 'avg', kernel: 3, stride: 2, padding: 1, ceilMode: true }, 3],
  ];
  for (const [demo, side] of cases) {
    const scene = buildScene(layerDemoRequest(demo));
    assert.ok(scene.kind === 'convolution' || scene.kind === 'pooling');
    assert.equal(scene.output.rows, side, JSON.stringify(demo));
    assert.equal(scene.title, `${demo.label} on a demo input`);
  }
  const t = buildScene(
    layerDemoRequest({ kind: 'transposed', label: 't', kernel: 4, stride: 2, padding: 1, outputPadding: 0 }),
  );
  assert.ok(t.kind === 'transposed' && t.output.rows === 4, 'ConvTranspose2d(k=4, s=2, p=1) doubles a 2×2 input');
});

test('a tensor past the element limit is refused with a ShapeError, not left to exhaust memory', () => {
  assert.throws(
    () => tensor([1, 1, 20_000, 20_000]),
    (e: Error) => e instanceof ShapeError && /1×1×20000×20000 tensor would hold 400,000,000 values/.test(e.message),
  );
  // A convolution whose output would be that large is refused before anything is allocated.
  assert.throws(() => conv2d(tensor([1, 1, 3, 3]), tensor([1, 1, 1, 1]), undefined, { padding: 10_000 }), ShapeError);
});
