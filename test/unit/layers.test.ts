// The layer registry against PyTorch's own numbers (fixtures/layerTruth.json), Keras's documented formulas, and the MACs and receptive-field conventions.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type {
  ArgValue,
  Framework,
  LayerInstance,
  LayerResult,
  ReceptiveField2,
  Shape,
} from '../../src/engine/layers/layerTypes';
import {
  bindArgs,
  findLayerConstructor,
  instantiate,
  layerRegistry,
  registeredNames,
} from '../../src/engine/layers/registry';
import fc from 'fast-check';
import { convTranspose2dShape } from '../../src/engine/conv';
import { conv2dGeometry } from '../../src/engine/convGeometry';
import { pool2dGeometry } from '../../src/engine/pool';
import { IDENTITY_RF } from '../../src/engine/shapes';
import { ShapeError } from '../../src/engine/tensor';

interface TruthCase {
  readonly type: string;
  readonly functional: boolean;
  readonly args: readonly ArgValue[];
  readonly kwargs: Readonly<Record<string, ArgValue>>;
  readonly inputs: readonly Shape[];
  readonly expectError: string | null;
  readonly torch?: { readonly params: number; readonly outputs: readonly (Shape | null)[]; readonly tuple: boolean };
  readonly torchError?: string;
}

/** One parameter of a PyTorch signature; `required` null when only the name is known (an ATen schema). */
interface TorchParam {
  readonly name: string;
  readonly required: boolean | null;
  readonly default: ArgValue;
}

interface Truth {
  readonly torch: string;
  readonly cases: readonly TruthCase[];
  readonly signatureMismatches: readonly unknown[];
  readonly signaturesUnchecked: readonly string[];
  readonly newerThanInstalled: readonly (readonly [string, string])[];
  readonly torchSignatures: Readonly<Record<string, readonly TorchParam[]>>;
}

const truth = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'test', 'unit', 'fixtures', 'layerTruth.json'), 'utf8'),
) as Truth;

/** Builds a layer the way the interpreter does: look up, bind, build. */
function make(
  framework: Framework,
  name: string,
  args: readonly ArgValue[],
  kwargs: Readonly<Record<string, ArgValue>> = {},
  functional = false,
): LayerInstance {
  const found = findLayerConstructor(framework, name, functional);
  assert.ok(found, `no ${framework} ${functional ? 'function' : 'class'} ${name} in the registry`);
  const attrs = found.constructor.build(bindArgs(found.constructor, args, kwargs), name);
  return { definition: found.definition, attrs, typeName: name, framework };
}

function apply(l: LayerInstance, inputs: readonly Shape[]): LayerResult {
  return l.definition.apply(l.attrs, inputs, l.framework);
}

/** Runs `f` and returns the ShapeError it throws (failing when it throws nothing or something else). */
function shapeError(f: () => unknown): ShapeError {
  try {
    f();
  } catch (e) {
    if (e instanceof ShapeError) return e;
    throw e;
  }
  assert.fail('expected a ShapeError');
}

const describe = (c: TruthCase): string =>
  `${c.functional ? 'F.' : 'nn.'}${c.type}(${JSON.stringify(c.args)}, ${JSON.stringify(c.kwargs)}) on ${JSON.stringify(c.inputs)}`;

test(`every PyTorch case of the fixture (torch ${truth.torch}) gives PyTorch's params and output shapes`, () => {
  assert.ok(truth.cases.length >= 150, `only ${truth.cases.length} cases`);
  assert.ok(
    truth.cases.filter((c) => c.torchError && !c.expectError).length >= 10,
    'the random cases should include settings PyTorch refuses',
  );
  for (const c of truth.cases) {
    if (c.expectError) {
      const e = shapeError(() => apply(make('torch', c.type, c.args, c.kwargs, c.functional), c.inputs));
      assert.equal(e.code, c.expectError, `${describe(c)}: ${e.message} (PyTorch: ${c.torchError})`);
      continue;
    }
    if (c.torchError) {
      // A random setting PyTorch refused: the registry must refuse it too (with whatever code says why).
      const e = shapeError(() => apply(make('torch', c.type, c.args, c.kwargs, c.functional), c.inputs));
      assert.ok(e.code, `${describe(c)}: ${e.message}`);
      continue;
    }
    const l = make('torch', c.type, c.args, c.kwargs, c.functional);
    const r = apply(l, c.inputs);
    const t = c.torch!;
    assert.deepEqual(r.outputs, t.outputs, `${describe(c)}: outputs`);
    assert.equal(r.tuple === true, t.tuple, `${describe(c)}: tuple`);
    assert.equal(r.params, t.params, `${describe(c)}: params`);
    const own = l.definition.ownParams(l.attrs);
    if (c.functional) continue;
    if (!c.type.startsWith('Lazy')) assert.equal(own, t.params, `${describe(c)}: ownParams`);
    else assert.equal(own, undefined, `${describe(c)}: a lazy layer's params wait for the input`);
  }
});

test('every PyTorch signature in the registry matches inspect.signature (names, order, defaults)', () => {
  assert.deepEqual(
    truth.signatureMismatches,
    [],
    'regenerate with /usr/bin/python3 scripts/layerTruth/layerTruth.py after fixing',
  );
  assert.deepEqual(truth.signaturesUnchecked, []);
  // The registry as it is now against the recorded signatures, so an edit after the fixture was written is caught too.
  let compared = 0;
  for (const d of layerRegistry) {
    for (const ctor of d.constructors.filter((k) => k.framework === 'torch')) {
      for (const name of ctor.names) {
        const theirs = truth.torchSignatures[`${ctor.functional ? 'F.' : 'nn.'}${name}`];
        if (!theirs) continue;
        const ours = ctor.params.filter(
          (s) => !truth.newerThanInstalled.some(([layer, arg]) => layer === name && arg === s.name),
        );
        assert.deepEqual(
          ours.map((s) => s.name),
          theirs.map((s) => s.name),
          `${name}: parameter names and order`,
        );
        theirs.forEach((t, i) => {
          if (t.required === null) return;
          assert.equal(ours[i]!.default === undefined, t.required, `${name}.${t.name}: required`);
          if (!t.required) assert.deepEqual(ours[i]!.default, t.default, `${name}.${t.name}: default`);
        });
        compared++;
      }
    }
  }
  assert.ok(compared >= 150, `only ${compared} signatures compared`);
});

test('errors carry a code and the numbers quick fixes need', () => {
  const mismatch = shapeError(() => apply(make('torch', 'Conv2d', [4, 8, 3]), [[1, 3, 10, 10]]));
  assert.equal(mismatch.code, 'channelMismatch');
  assert.deepEqual(mismatch.fields, { layer: 'Conv2d', expected: 4, got: 3 });
  assert.equal(mismatch.message, 'Conv2d expects 4 input channels, gets 3 (input 1×3×10×10)');
  const features = shapeError(() => apply(make('torch', 'Linear', [400, 120]), [[1, 401]]));
  assert.deepEqual([features.code, features.fields['expected'], features.fields['got']], ['featureMismatch', 400, 401]);
  assert.equal(shapeError(() => apply(make('torch', 'Conv2d', [3, 8, 5]), [[1, 3, 4, 4]])).code, 'mapTooSmall');
  assert.equal(shapeError(() => apply(make('torch', 'MaxPool2d', [3]), [[1, 3, 2, 2]])).code, 'mapTooSmall');
  assert.equal(shapeError(() => apply(make('torch', 'Conv2d', [3, 8, 3]), [[3, 8]])).code, 'rankMismatch');
  const bad = (
    name: string,
    args: readonly ArgValue[],
    kwargs: Readonly<Record<string, ArgValue>>,
    argument: string,
  ): void => {
    const e = shapeError(() => make('torch', name, args, kwargs));
    assert.equal(e.code, 'badArguments', e.message);
    assert.equal(e.fields['argument'], argument, e.message);
    assert.match(e.message, new RegExp(name));
  };
  bad('Conv2d', [3, 8, 3], { kernel: 3 }, 'kernel');
  bad('Conv2d', [3, 8], {}, 'kernel_size');
  bad('Conv2d', [3, 8, 3], { in_channels: 3 }, 'in_channels');
  bad('Conv2d', [3, 8, 0], {}, 'kernel_size');
  bad('Conv2d', [3, 8, [3, 3, 3]], {}, 'kernel_size');
  bad('Conv2d', [3, 8, 3], { padding: 'full' }, 'padding');
  bad('Linear', [3, 8, true, null, null, 5], {}, '5');
  bad('MaxPool2d', [3], { padding: 2 }, 'padding');
  assert.equal(shapeError(() => instantiate('torch', 'Conv4d', [], {})).code, 'unknownLayer');
  // Keras ignores the keywords every layer takes; it still refuses too many positionals.
  assert.deepEqual(
    apply(
      make('keras', 'Conv2D', [32, 3], {
        name: 'c1',
        kernel_initializer: 'he_normal',
        activity_regularizer: null,
        input_shape: [28, 28, 1],
      }),
      [[1, 28, 28, 1]],
    ).outputs,
    [[1, 26, 26, 32]],
  );
  assert.equal(shapeError(() => make('keras', 'Dense', new Array<ArgValue>(20).fill(1))).code, 'badArguments');
  // Keyword maps work as well as records.
  assert.deepEqual(
    apply(make('torch', 'Conv2d', [3, 8, 3], Object.fromEntries(new Map<string, ArgValue>([['padding', 1]]))), [
      [1, 3, 5, 5],
    ]).outputs,
    [[1, 8, 5, 5]],
  );
  const ctor = findLayerConstructor('torch', 'Conv2d', false)!.constructor;
  assert.equal(bindArgs(ctor, [3, 8, 3], new Map<string, ArgValue>([['stride', 2]]))['stride'], 2);
});

/** Keras layer → output shape and params (trainable + non-trainable), by Keras's documented formulas. */
const KERAS: readonly {
  name: string;
  args: readonly ArgValue[];
  kwargs?: Record<string, ArgValue>;
  input: Shape;
  output: Shape;
  params: number;
  nonTrainable?: number;
  macs?: number;
}[] = [
  // Conv2D: valid ⌊(H − K)/S⌋ + 1, same ⌈H/S⌉; params K·K·C_in·F + F.
  { name: 'Conv2D', args: [32, 3], input: [1, 28, 28, 1], output: [1, 26, 26, 32], params: 320 },
  {
    name: 'Conv2D',
    args: [32, 3],
    kwargs: { padding: 'same' },
    input: [1, 28, 28, 3],
    output: [1, 28, 28, 32],
    params: 896,
  },
  {
    name: 'Conv2D',
    args: [64, 3],
    kwargs: { strides: 2, padding: 'same' },
    input: [1, 28, 28, 32],
    output: [1, 14, 14, 64],
    params: 18496,
  },
  {
    name: 'Conv2D',
    args: [64, 3],
    kwargs: { strides: [2, 2] },
    input: [1, 28, 28, 32],
    output: [1, 13, 13, 64],
    params: 18496,
  },
  {
    name: 'Conv2D',
    args: [16, 5],
    kwargs: { strides: 2, padding: 'same', use_bias: false },
    input: [1, 7, 7, 4],
    output: [1, 4, 4, 16],
    params: 1600,
  },
  {
    name: 'Conv2D',
    args: [8, [3, 1]],
    kwargs: { dilation_rate: 2 },
    input: [2, 10, 10, 2],
    output: [2, 6, 10, 8],
    params: 56,
  },
  {
    name: 'Conv2D',
    args: [8, 3],
    kwargs: { data_format: 'channels_first' },
    input: [1, 2, 10, 10],
    output: [1, 8, 8, 8],
    params: 152,
  },
  { name: 'Conv2D', args: [8, 3], kwargs: { groups: 2 }, input: [1, 10, 10, 4], output: [1, 8, 8, 8], params: 152 },
  {
    name: 'Conv1D',
    args: [8, 3],
    kwargs: { padding: 'causal', dilation_rate: 2 },
    input: [1, 20, 4],
    output: [1, 20, 8],
    params: 104,
  },
  { name: 'Conv3D', args: [4, 3], input: [1, 8, 8, 8, 2], output: [1, 6, 6, 6, 4], params: 220 },
  // Conv2DTranspose: valid H·S + max(K − S, 0), same H·S; params K·K·F·C_in + F.
  {
    name: 'Conv2DTranspose',
    args: [16, 3],
    kwargs: { strides: 2, padding: 'same' },
    input: [1, 8, 8, 32],
    output: [1, 16, 16, 16],
    params: 4624,
  },
  {
    name: 'Conv2DTranspose',
    args: [16, 3],
    kwargs: { strides: 2 },
    input: [1, 8, 8, 32],
    output: [1, 17, 17, 16],
    params: 4624,
  },
  {
    name: 'Conv2DTranspose',
    args: [16, 3],
    kwargs: { strides: 2, padding: 'same', output_padding: 1 },
    input: [1, 8, 8, 32],
    output: [1, 16, 16, 16],
    params: 4624,
  },
  // Dense acts on the last axis: in·units + units.
  { name: 'Dense', args: [10], input: [1, 5, 8], output: [1, 5, 10], params: 90 },
  {
    name: 'Dense',
    args: [10],
    kwargs: { use_bias: false, activation: 'relu' },
    input: [4, 8],
    output: [4, 10],
    params: 80,
  },
  // BatchNormalization: γ, β, moving mean, moving variance per channel; the last two non-trainable.
  { name: 'BatchNormalization', args: [], input: [1, 8, 8, 16], output: [1, 8, 8, 16], params: 64, nonTrainable: 32 },
  {
    name: 'BatchNormalization',
    args: [],
    kwargs: { center: false, scale: false },
    input: [1, 8, 8, 16],
    output: [1, 8, 8, 16],
    params: 32,
    nonTrainable: 32,
  },
  { name: 'BatchNormalization', args: [1], input: [1, 3, 8, 8], output: [1, 3, 8, 8], params: 12, nonTrainable: 6 },
  { name: 'LayerNormalization', args: [], input: [1, 5, 8], output: [1, 5, 8], params: 16 },
  // Depthwise: K·K·C·m + C·m; separable: K·K·C·m + C·m·F + F.
  {
    name: 'DepthwiseConv2D',
    args: [3],
    kwargs: { depth_multiplier: 2 },
    input: [1, 10, 10, 4],
    output: [1, 8, 8, 8],
    params: 80,
    macs: 4608,
  },
  {
    name: 'DepthwiseConv2D',
    args: [3],
    kwargs: { padding: 'same', strides: 2, use_bias: false },
    input: [1, 10, 10, 4],
    output: [1, 5, 5, 4],
    params: 36,
  },
  {
    name: 'SeparableConv2D',
    args: [32, 3],
    kwargs: { padding: 'same' },
    input: [1, 16, 16, 8],
    output: [1, 16, 16, 32],
    params: 360,
    macs: 83968,
  },
  { name: 'SeparableConv1D', args: [4, 3], input: [1, 10, 2], output: [1, 8, 4], params: 18 },
  // Pools: valid ⌊(H − K)/S⌋ + 1, same ⌈H/S⌉; strides default to pool_size.
  { name: 'MaxPooling2D', args: [], input: [1, 28, 28, 32], output: [1, 14, 14, 32], params: 0 },
  {
    name: 'MaxPooling2D',
    args: [3],
    kwargs: { strides: 2, padding: 'same' },
    input: [1, 7, 7, 8],
    output: [1, 4, 4, 8],
    params: 0,
  },
  { name: 'AveragePooling1D', args: [], input: [1, 9, 8], output: [1, 4, 8], params: 0 },
  { name: 'GlobalAveragePooling2D', args: [], input: [2, 7, 7, 64], output: [2, 64], params: 0 },
  {
    name: 'GlobalMaxPooling2D',
    args: [],
    kwargs: { keepdims: true },
    input: [2, 7, 7, 64],
    output: [2, 1, 1, 64],
    params: 0,
  },
  { name: 'GlobalAveragePooling1D', args: [], input: [2, 7, 64], output: [2, 64], params: 0 },
  // Reshape takes the shape without the batch; one -1 is inferred.
  { name: 'Reshape', args: [[-1, 4]], input: [2, 4, 4, 2], output: [2, 8, 4], params: 0 },
  { name: 'Reshape', args: [[7, 7, 64]], input: [2, 3136], output: [2, 7, 7, 64], params: 0 },
  { name: 'Flatten', args: [], input: [1, 7, 7, 64], output: [1, 3136], params: 0 },
  { name: 'Permute', args: [[2, 1]], input: [1, 10, 64], output: [1, 64, 10], params: 0 },
  // ZeroPadding2D: int, (sym_h, sym_w) or ((top, bottom), (left, right)); Cropping2D the same, removed.
  { name: 'ZeroPadding2D', args: [], input: [1, 5, 5, 3], output: [1, 7, 7, 3], params: 0 },
  { name: 'ZeroPadding2D', args: [[1, 2]], input: [1, 5, 5, 3], output: [1, 7, 9, 3], params: 0 },
  {
    name: 'ZeroPadding2D',
    args: [
      [
        [1, 2],
        [3, 4],
      ],
    ],
    input: [1, 5, 5, 3],
    output: [1, 8, 12, 3],
    params: 0,
  },
  {
    name: 'Cropping2D',
    args: [
      [
        [1, 1],
        [2, 2],
      ],
    ],
    input: [1, 8, 8, 3],
    output: [1, 6, 4, 3],
    params: 0,
  },
  { name: 'Cropping2D', args: [2], input: [1, 8, 8, 3], output: [1, 4, 4, 3], params: 0 },
  { name: 'Cropping1D', args: [], input: [1, 8, 3], output: [1, 6, 3], params: 0 },
  { name: 'UpSampling2D', args: [], input: [1, 4, 5, 3], output: [1, 8, 10, 3], params: 0 },
  {
    name: 'UpSampling2D',
    args: [[2, 3]],
    kwargs: { interpolation: 'bilinear' },
    input: [1, 4, 5, 3],
    output: [1, 8, 15, 3],
    params: 0,
  },
  { name: 'Embedding', args: [1000, 64], input: [32, 10], output: [32, 10, 64], params: 64000 },
  // PReLU: one α per input unit except along shared_axes.
  { name: 'PReLU', args: [], input: [1, 8, 8, 3], output: [1, 8, 8, 3], params: 192 },
  { name: 'PReLU', args: [], kwargs: { shared_axes: [1, 2] }, input: [1, 8, 8, 3], output: [1, 8, 8, 3], params: 3 },
  { name: 'Activation', args: ['relu'], input: [1, 8], output: [1, 8], params: 0 },
  { name: 'LeakyReLU', args: [], kwargs: { alpha: 0.2 }, input: [1, 8], output: [1, 8], params: 0 },
  { name: 'Dropout', args: [0.5], input: [1, 8], output: [1, 8], params: 0 },
  { name: 'SpatialDropout2D', args: [0.2], input: [1, 4, 4, 8], output: [1, 4, 4, 8], params: 0 },
  { name: 'Softmax', args: [], input: [1, 8], output: [1, 8], params: 0 },
  {
    name: 'GroupNormalization',
    args: [],
    kwargs: { groups: 4 },
    input: [1, 8, 8, 16],
    output: [1, 8, 8, 16],
    params: 32,
  },
  // Preprocessing: Normalization keeps mean, variance (per feature) and a count, none trained; the rest keep or set the size.
  { name: 'Normalization', args: [], input: [1, 28, 28, 3], output: [1, 28, 28, 3], params: 7, nonTrainable: 7 },
  {
    name: 'Normalization',
    args: [],
    kwargs: { mean: 0.5, variance: 0.25 },
    input: [1, 28, 28, 3],
    output: [1, 28, 28, 3],
    params: 0,
  },
  { name: 'Rescaling', args: [1 / 255], input: [1, 28, 28, 3], output: [1, 28, 28, 3], params: 0 },
  { name: 'RandomFlip', args: ['horizontal'], input: [1, 28, 28, 3], output: [1, 28, 28, 3], params: 0 },
  { name: 'RandomRotation', args: [0.1], input: [1, 28, 28, 3], output: [1, 28, 28, 3], params: 0 },
  { name: 'Resizing', args: [72, 72], input: [1, 32, 32, 3], output: [1, 72, 72, 3], params: 0 },
  { name: 'CenterCrop', args: [24, 20], input: [1, 32, 32, 3], output: [1, 24, 20, 3], params: 0 },
  // keras-io's vision transformer block: MultiHeadAttention(num_heads=4, key_dim=64)(x, x) on 144 patches of 64 → 66,368 params.
  {
    name: 'MultiHeadAttention',
    args: [],
    kwargs: { num_heads: 4, key_dim: 64, dropout: 0.1 },
    input: [1, 144, 64],
    output: [1, 144, 64],
    params: 66368,
  },
];

test("Keras layers follow Keras's documented shape and parameter formulas", () => {
  for (const k of KERAS) {
    const label = `${k.name}(${JSON.stringify(k.args)}, ${JSON.stringify(k.kwargs ?? {})}) on ${JSON.stringify(k.input)}`;
    // Attention is called on (query, value); every other layer on one tensor.
    const r = apply(
      make('keras', k.name, k.args, k.kwargs ?? {}),
      k.name === 'MultiHeadAttention' ? [k.input, k.input] : [k.input],
    );
    assert.deepEqual(r.outputs, [k.output], label);
    assert.equal(r.params, k.params, label);
    assert.equal(r.nonTrainableParams ?? 0, k.nonTrainable ?? 0, label);
    if (k.macs !== undefined) assert.equal(r.macs, k.macs, `${label}: MACs`);
  }
  assert.equal(shapeError(() => apply(make('keras', 'Reshape', [[3, -1]]), [[2, 10]])).code, 'notDivisible');
  assert.equal(shapeError(() => apply(make('keras', 'Conv2D', [8, 5]), [[1, 4, 4, 3]])).code, 'mapTooSmall');
  assert.equal(
    make('keras', 'Dense', [10]).definition.ownParams(make('keras', 'Dense', [10]).attrs),
    undefined,
    'Keras params wait for the input',
  );
});

test('MACs follow the convention: conv out×(C_in/g)×K, transposed in×(C_out/g)×K, linear out×in, bilinear out×in1×in2, attention projections + QKᵀ + AV', () => {
  const macs = (
    fw: Framework,
    name: string,
    args: readonly ArgValue[],
    kwargs: Record<string, ArgValue>,
    inputs: readonly Shape[],
    functional = false,
  ): number => apply(make(fw, name, args, kwargs, functional), inputs).macs;
  assert.equal(macs('torch', 'Conv2d', [3, 16, 3], { padding: 1 }, [[1, 3, 32, 32]]), 16 * 32 * 32 * 3 * 9);
  assert.equal(macs('torch', 'Conv2d', [3, 16, 3], { padding: 1 }, [[2, 3, 32, 32]]), 2 * 16 * 32 * 32 * 3 * 9);
  assert.equal(macs('torch', 'Conv2d', [8, 16, 3], { groups: 4, padding: 1 }, [[1, 8, 10, 10]]), 16 * 100 * 2 * 9);
  assert.equal(macs('torch', 'Conv1d', [4, 8, 3], {}, [[1, 4, 10]]), 8 * 8 * 4 * 3);
  assert.equal(
    macs('torch', 'ConvTranspose2d', [16, 8, 4], { stride: 2, padding: 1 }, [[1, 16, 8, 8]]),
    16 * 64 * 8 * 16,
  );
  assert.equal(macs('torch', 'Linear', [10, 5], {}, [[2, 7, 10]]), 2 * 7 * 5 * 10);
  assert.equal(
    macs('torch', 'Bilinear', [5, 6, 3], {}, [
      [4, 5],
      [4, 6],
    ]),
    4 * 3 * 5 * 6,
  );
  // L = 5, S = 7, N = 2, E = 16: q and out projections N·L·E², k and v N·S·E², QKᵀ and AV N·L·S·E each.
  assert.equal(
    macs('torch', 'MultiheadAttention', [16, 4], {}, [
      [5, 2, 16],
      [7, 2, 16],
      [7, 2, 16],
    ]),
    2 * (2 * 5 * 256 + 2 * 7 * 256) + 2 * 2 * 5 * 7 * 16,
  );
  for (const [name, args, input, functional] of [
    ['BatchNorm2d', [3], [1, 3, 4, 4], false],
    ['MaxPool2d', [2], [1, 3, 4, 4], false],
    ['ReLU', [], [1, 3], false],
    ['interpolate', [], [1, 3, 4, 4], true],
  ] as const) {
    assert.equal(
      macs('torch', name, args, name === 'interpolate' ? { scale_factor: 2 } : {}, [input], functional),
      0,
      name,
    );
  }
});

/** The field of one unit after a chain of (framework, name, args, kwargs) layers on `input`. */
function fieldAfter(
  input: Shape,
  layers: readonly [Framework, string, readonly ArgValue[], Record<string, ArgValue>?][],
): ReceptiveField2 {
  let rf: ReceptiveField2 = { rows: IDENTITY_RF, cols: IDENTITY_RF };
  let shape = input;
  for (const [fw, name, args, kwargs] of layers) {
    const l = make(fw, name, args, kwargs ?? {});
    rf = l.definition.receptiveField ? l.definition.receptiveField(l.attrs, rf, shape, fw) : rf;
    shape = apply(l, [shape]).outputs[0]!;
  }
  return rf;
}

test('receptive fields grow in rows and cols: 3×3 + 3×3 = 5, 3×3 s2 + 3×3 = 7, dilated 3×3 = 5', () => {
  const x: Shape = [1, 3, 32, 32];
  assert.equal(
    fieldAfter(x, [
      ['torch', 'Conv2d', [3, 8, 3]],
      ['torch', 'Conv2d', [8, 8, 3]],
    ]).rows.size,
    5,
  );
  const strided = fieldAfter(x, [
    ['torch', 'Conv2d', [3, 8, 3], { stride: 2 }],
    ['torch', 'Conv2d', [8, 8, 3]],
  ]);
  assert.deepEqual([strided.rows.size, strided.cols.size, strided.rows.jump], [7, 7, 2]);
  assert.equal(fieldAfter(x, [['torch', 'Conv2d', [3, 8, 3], { dilation: 2 }]]).cols.size, 5);
  const rect = fieldAfter(x, [['torch', 'Conv2d', [3, 8, [1, 5]], { padding: [0, 2] }]]);
  assert.deepEqual([rect.rows.size, rect.cols.size, rect.cols.start], [1, 5, -2]);
  assert.deepEqual(
    fieldAfter(x, [
      ['torch', 'MaxPool2d', [2]],
      ['torch', 'Conv2d', [3, 8, 3]],
    ]).rows,
    { size: 6, jump: 2, start: 0, center: 2.5 },
  );
  // A 1-D layer moves cols only.
  const oneD = fieldAfter([1, 4, 20], [['torch', 'Conv1d', [4, 4, 5]]]);
  assert.deepEqual([oneD.rows.size, oneD.cols.size], [1, 5]);
  // Adaptive and global pools see the whole map; adaptive to a divisor is exact.
  assert.equal(fieldAfter([1, 3, 7, 7], [['torch', 'AdaptiveAvgPool2d', [1]]]).rows.size, 7);
  assert.deepEqual(fieldAfter([1, 3, 14, 14], [['torch', 'AdaptiveAvgPool2d', [7]]]).rows, {
    size: 2,
    jump: 2,
    start: 0,
    center: 0.5,
  });
  assert.equal(fieldAfter([1, 7, 9, 3], [['keras', 'GlobalAveragePooling2D', []]]).cols.size, 9);
  // Keras 'same' pads what it needs: ⌈32/2⌉ = 16 outputs, the odd pixel after.
  assert.deepEqual(fieldAfter([1, 32, 32, 3], [['keras', 'Conv2D', [8, 3], { strides: 2, padding: 'same' }]]).rows, {
    size: 3,
    jump: 2,
    start: 0,
    center: 1,
  });
  // Upsampling and pixel shuffle divide the jump; transposed conv stays conservative.
  assert.equal(
    fieldAfter(x, [
      ['torch', 'Conv2d', [3, 8, 3], { stride: 2 }],
      ['torch', 'Upsample', [], { scale_factor: 2 }],
    ]).rows.jump,
    1,
  );
  assert.equal(
    fieldAfter(x, [
      ['torch', 'Conv2d', [3, 8, 3], { stride: 2 }],
      ['torch', 'PixelShuffle', [2]],
    ]).rows.jump,
    1,
  );
  const t = fieldAfter([1, 4, 8, 8], [['torch', 'ConvTranspose2d', [4, 4, 4], { stride: 2, padding: 1 }]]);
  assert.deepEqual([t.rows.size, t.rows.jump], [2, 0.5]);
  // Shape-keeping layers leave it alone.
  assert.deepEqual(
    fieldAfter(x, [
      ['torch', 'BatchNorm2d', [3]],
      ['torch', 'ReLU', []],
    ]).rows,
    IDENTITY_RF,
  );
});

test('conv, pool, linear and batchnorm explain their numbers; 2-D windows describe themselves', () => {
  const conv = make('torch', 'Conv2d', [3, 16, 3], { padding: 1 });
  assert.deepEqual(conv.definition.explain!(conv.attrs, [1, 3, 32, 32], [1, 16, 32, 32], 'torch'), [
    'H_out = ⌊(H + 2P − d(K − 1) − 1)/S⌋ + 1 = ⌊(32 + 2·1 − 1·(3 − 1) − 1)/1⌋ + 1 = 32',
    'W_out = ⌊(W + 2P − d(K − 1) − 1)/S⌋ + 1 = ⌊(32 + 2·1 − 1·(3 − 1) − 1)/1⌋ + 1 = 32',
    'params = C_out·(C_in/g)·K_h·K_w + C_out = 16·(3/1)·3·3 + 16 = 448',
  ]);
  const t = make('torch', 'ConvTranspose2d', [16, 8, 4], { stride: 2, padding: 1 });
  assert.equal(
    t.definition.explain!(t.attrs, [1, 16, 8, 8], [1, 8, 16, 16], 'torch')[0],
    'H_out = (H − 1)·S − 2P + d(K − 1) + P_out + 1 = (8 − 1)·2 − 2·1 + 1·(4 − 1) + 0 + 1 = 16',
  );
  const pool = make('torch', 'MaxPool2d', [3, 2], { ceil_mode: true });
  assert.equal(
    pool.definition.explain!(pool.attrs, [1, 96, 55, 55], [1, 96, 27, 27], 'torch')[0],
    'H_out = ⌈(H + 2P − d(K − 1) − 1)/S⌉ + 1 = ⌈(55 + 2·0 − 1·(3 − 1) − 1)/2⌉ + 1 = 27',
  );
  const dropped = make('torch', 'MaxPool2d', [2, 2, 1], { ceil_mode: true });
  assert.equal(
    dropped.definition.explain!(dropped.attrs, [1, 4, 5, 5], [1, 4, 3, 3], 'torch')[0],
    'H_out = ⌈(H + 2P − d(K − 1) − 1)/S⌉ + 1 = ⌈(5 + 2·1 − 1·(2 − 1) − 1)/2⌉ + 1 = 4, less the last window, which would start in the padding: 3',
  );
  const lin = make('torch', 'Linear', [400, 120]);
  assert.deepEqual(lin.definition.explain!(lin.attrs, [1, 400], [1, 120], 'torch'), [
    'params = in·out + out = 400·120 + 120 = 48,120',
  ]);
  const bn = make('torch', 'BatchNorm2d', [64]);
  assert.deepEqual(bn.definition.explain!(bn.attrs, [1, 64, 8, 8], [1, 64, 8, 8], 'torch'), [
    'params = 2·C (γ, β) = 2·64 = 128',
  ]);
  const same = make('keras', 'Conv2D', [8, 3], { strides: 2, padding: 'same' });
  assert.equal(
    same.definition.explain!(same.attrs, [1, 32, 32, 3], [1, 16, 16, 8], 'keras')[0],
    'H_out = ⌊(H + P₀ + P₁ − d(K − 1) − 1)/S⌋ + 1 = ⌊(32 + 0 + 1 − 1·(3 − 1) − 1)/2⌋ + 1 = 16',
  );
  const s = make('torch', 'Conv2d', [3, 16, [3, 5]], { stride: 2, padding: [1, 2], groups: 1 });
  assert.deepEqual(s.definition.slidingWindow!(s.attrs), {
    op: 'conv',
    kernel: [3, 5],
    stride: [2, 2],
    padding: [1, 2],
    dilation: [1, 1],
    groups: 1,
  });
  const mp = make('torch', 'MaxPool2d', [2]);
  assert.deepEqual(mp.definition.slidingWindow!(mp.attrs), {
    op: 'maxPool',
    kernel: [2, 2],
    stride: [2, 2],
    padding: [0, 0],
    dilation: [1, 1],
    groups: 1,
    ceilMode: false,
  });
  const ct = make('keras', 'Conv2DTranspose', [8, 3], { padding: 'same', strides: 2 });
  assert.equal(ct.definition.slidingWindow!(ct.attrs)?.padding, 'same');
  assert.equal(
    make('torch', 'Conv1d', [3, 3, 3]).definition.slidingWindow!(make('torch', 'Conv1d', [3, 3, 3]).attrs),
    undefined,
    '1-D layers have no 2-D window',
  );
});

test('the registry answers every name once, and names the layer types the issue lists', () => {
  const ids = layerRegistry.map((d) => d.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate definition ids');
  const names = new Set(registeredNames().map((n) => `${n.framework}:${n.functional ? 'F.' : ''}${n.name}`));
  const required = [
    'Conv1d',
    'Conv2d',
    'Conv3d',
    'ConvTranspose1d',
    'ConvTranspose2d',
    'ConvTranspose3d',
    'Linear',
    'Bilinear',
    'LazyLinear',
    'LazyConv2d',
    'BatchNorm1d',
    'BatchNorm2d',
    'BatchNorm3d',
    'GroupNorm',
    'LayerNorm',
    'InstanceNorm2d',
    'LocalResponseNorm',
    'Dropout',
    'Dropout2d',
    'MaxPool1d',
    'MaxPool2d',
    'MaxPool3d',
    'AvgPool2d',
    'LPPool2d',
    'AdaptiveAvgPool1d',
    'AdaptiveAvgPool2d',
    'AdaptiveAvgPool3d',
    'AdaptiveMaxPool2d',
    'Upsample',
    'PixelShuffle',
    'PixelUnshuffle',
    'ZeroPad2d',
    'ReflectionPad2d',
    'ReplicationPad2d',
    'ConstantPad2d',
    'Identity',
    'Flatten',
    'Unflatten',
    'Embedding',
    'MultiheadAttention',
    'PReLU',
    'GELU',
    'Hardswish',
  ].map((n) => `torch:${n}`);
  const functional = [
    'relu',
    'max_pool2d',
    'avg_pool2d',
    'adaptive_avg_pool2d',
    'adaptive_max_pool2d',
    'interpolate',
    'dropout',
    'softmax',
    'pad',
    'pixel_shuffle',
    'flatten',
    'lp_pool2d',
  ].map((n) => `torch:F.${n}`);
  const keras = [
    'Conv1D',
    'Conv2D',
    'Conv3D',
    'Conv2DTranspose',
    'DepthwiseConv2D',
    'SeparableConv2D',
    'BatchNormalization',
    'LayerNormalization',
    'Reshape',
    'UpSampling2D',
    'ZeroPadding2D',
    'Cropping2D',
    'GlobalAveragePooling2D',
    'GlobalMaxPooling2D',
    'Activation',
    'LeakyReLU',
    'Dense',
    'Flatten',
    'MaxPooling2D',
    'Embedding',
  ].map((n) => `keras:${n}`);
  for (const n of [...required, ...functional, ...keras]) assert.ok(names.has(n), `${n} is not registered`);
});

/** What a computation gives: its value, or that it threw a ShapeError. */
function outcome<T>(f: () => T): T | 'error' {
  try {
    return f();
  } catch (e) {
    if (e instanceof ShapeError) return 'error';
    throw e;
  }
}

test('the registry agrees with the engine kernels the panels animate: conv2d, conv_transpose2d and pooling, fitting or not', () => {
  const axis = fc.integer({ min: 1, max: 4 });
  const setting = fc.record({
    n: fc.integer({ min: 1, max: 2 }),
    g: fc.integer({ min: 1, max: 2 }),
    cin: fc.integer({ min: 1, max: 2 }),
    cout: fc.integer({ min: 1, max: 2 }),
    kh: axis,
    kw: axis,
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    ph: fc.integer({ min: 0, max: 2 }),
    pw: fc.integer({ min: 0, max: 2 }),
    d: fc.integer({ min: 1, max: 2 }),
    op: fc.integer({ min: 0, max: 2 }),
    h: fc.integer({ min: 1, max: 9 }),
    w: fc.integer({ min: 1, max: 9 }),
    ceil: fc.boolean(),
  });
  fc.assert(
    fc.property(setting, (s) => {
      const [cin, cout] = [s.cin * s.g, s.cout * s.g];
      const x = [s.n, cin, s.h, s.w];
      const stride: [number, number] = [s.sh, s.sw];
      const padding: [number, number] = [s.ph, s.pw];
      const kw = { stride, padding, dilation: s.d, groups: s.g };
      const conv = outcome(() => apply(make('torch', 'Conv2d', [cin, cout, [s.kh, s.kw]], kw), [x]).outputs[0]);
      const geo = outcome(() => conv2dGeometry(x, [cout, s.cin, s.kh, s.kw], kw));
      assert.deepEqual(conv, geo === 'error' ? 'error' : [s.n, cout, geo.outH, geo.outW], `conv ${JSON.stringify(s)}`);
      const t = outcome(
        () =>
          apply(make('torch', 'ConvTranspose2d', [cin, cout, [s.kh, s.kw]], { ...kw, output_padding: s.op }), [x])
            .outputs[0],
      );
      const tGeo = outcome(() => convTranspose2dShape(x, [cin, s.cout, s.kh, s.kw], { ...kw, outputPadding: s.op }));
      assert.deepEqual(t, tGeo, `transposed ${JSON.stringify(s)}`);
      const pool = outcome(
        () =>
          apply(make('torch', 'MaxPool2d', [[s.kh, s.kw]], { stride, padding, dilation: s.d, ceil_mode: s.ceil }), [x])
            .outputs[0],
      );
      const pGeo = outcome(() =>
        pool2dGeometry(x, { kernelSize: [s.kh, s.kw], stride, padding, dilation: s.d, ceilMode: s.ceil }),
      );
      assert.deepEqual(
        pool,
        pGeo === 'error' ? 'error' : [s.n, cin, pGeo.outH, pGeo.outW],
        `pool ${JSON.stringify(s)}`,
      );
    }),
    { numRuns: 3000 },
  );
});
