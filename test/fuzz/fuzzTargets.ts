// Fuzz targets: every parser and engine op on random, truncated, nested, huge, NaN and binary input. Each must either
// return or throw a ShapeError with a message, never anything else, and never take more than 100 ms.
import fc from 'fast-check';
import { findLiterals } from '../../src/analysis/literals';
import { parseShape } from '../../src/analysis/inputShape';
import { traceGraphs } from '../../src/analysis/graphTrace';
import { conv2d, conv2dBackward, convTranspose2d } from '../../src/engine/conv';
import { avgPool2d, maxPool2d } from '../../src/engine/pool';
import { ShapeError, tensor } from '../../src/engine/tensor';
import { findExercises } from '../../src/analysis/exercises';
import { checkExercises } from '../../src/classroom/answers';
import { parseSceneRequest } from '../../src/contract/parseSceneRequest';
import { parseWebviewMessage } from '../../src/protocol';
import { buildScene } from '../../src/scenes/buildScene';

/** One fuzz target: a name and a way to check its property on `numRuns` random inputs. */
export interface FuzzTarget {
  readonly name: string;
  readonly check: (numRuns: number) => { failed: boolean; numRuns: number; report: string };
}

/** Wraps a property so targets of different argument types share one shape. */
function target<Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IPropertyWithHooks<Ts>): FuzzTarget {
  return {
    name,
    check: (numRuns) => {
      const r = fc.check(property, { numRuns });
      const error = r.errorInstance instanceof Error ? `${r.errorInstance.name}: ${r.errorInstance.message}\n` : '';
      return {
        failed: r.failed,
        numRuns: r.numRuns,
        report: r.failed ? `${error}${(fc.defaultReportMessage(r) ?? 'failed').slice(0, 2000)}` : '',
      };
    },
  };
}

const SLOW_MS = 100;

/** Runs `fn` and fails when it used more than SLOW_MS of CPU (CPU time, so a busy machine does not make it flaky). */
function bounded<T>(fn: () => T): T {
  const start = process.cpuUsage();
  const r = fn();
  const used = process.cpuUsage(start);
  const took = (used.user + used.system) / 1000;
  if (took > SLOW_MS) throw new Error(`took ${took.toFixed(1)} ms of CPU`);
  return r;
}

/** Only ShapeErrors (clear, with a message) may escape an engine op. */
function engineCall(fn: () => unknown): void {
  try {
    bounded(fn);
  } catch (e) {
    if (!(e instanceof ShapeError) || e.message.length === 0) throw e;
  }
}

const seed =
  'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self, c=3):\n        super().__init__()\n        self.a = nn.Conv2d(c, 8, 3)\n        self.fc = nn.Linear(8 * 30 * 30, 10)\n    def forward(self, x):\n        x = F.relu(self.a(x)).view(-1, 8 * 30 * 30)\n        return self.fc(x)\nm = nn.Sequential(nn.Conv2d(3, 4, (3, 3), padding="same"), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4, 2))\nk = np.array([[1/16, -2], [3e-2, True]])\n';

const sourceText = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc
    .tuple(
      fc.integer({ min: 0, max: seed.length }),
      fc.integer({ min: 0, max: seed.length }),
      fc.string({ maxLength: 30 }),
    )
    .map(([a, b, noise]) => seed.slice(0, Math.min(a, b)) + noise + seed.slice(Math.max(a, b))),
  fc.integer({ min: 1, max: 10_000 }).map((d) => '['.repeat(d) + '1' + ']'.repeat(d)),
  fc.integer({ min: 1, max: 10_000 }).map((d) => 'x = ' + '('.repeat(d) + '1'),
  fc
    .array(fc.oneof(fc.double(), fc.constant(Number.NaN), fc.constant(Infinity), fc.constant(1e308)), { maxLength: 50 })
    .map((xs) => `a = [${xs.join(', ')}]`),
);

// Mostly well-formed 4-D shapes (so the kernels run), sometimes anything at all.
const dims = fc.oneof(
  {
    arbitrary: fc
      .tuple(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 9 }),
      )
      .map((t) => [...t]),
    weight: 3,
  },
  { arbitrary: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 0, maxLength: 5 }), weight: 1 },
);
const anyNumber = fc.oneof(
  fc.integer({ min: -3, max: 9 }),
  fc.constant(Number.NaN),
  fc.constant(Infinity),
  fc.double({ min: -2, max: 2 }),
);

function randomTensor(shape: number[]) {
  return tensor(
    shape,
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 7919) % 13) - 6),
  );
}

const exerciseSeed =
  'x = [[1, 2, 0], [4, 1, 1], [0, 2, 5]]\nk = [[1, 0], [0, -1]]\nnet = nn.Sequential(nn.Conv2d(1, 2, 2), nn.MaxPool2d(2))\n# convlens: check conv2d(x, k, stride=1)\na = [[0, 1], [2, -4]]\n# convlens: check max_pool2d(x, 2)\nb = 4\n# convlens: check shape(net)\nc = (1, 2, 1, 1)\n';
const OPS = [
  'conv2d',
  'max_pool2d',
  'avg_pool2d',
  'max_pool2d_backward',
  'conv2d_grad_input',
  'conv2d_grad_weight',
  'output_size',
  'params',
  'shape',
  'receptive_field',
  'nope',
];
const ARGS = [
  'x',
  'k',
  'net',
  '2',
  '-1',
  '0',
  '99999',
  'stride=2',
  'padding=-3',
  'kernel=3',
  'dy=k',
  'dilation=0',
  '1e9',
  'NaN',
  '',
];

/** Exercise files: the seed mutated, plus directives with random operations and arguments. */
const exerciseText = fc.oneof(
  sourceText,
  fc
    .tuple(
      fc.integer({ min: 0, max: exerciseSeed.length }),
      fc.integer({ min: 0, max: exerciseSeed.length }),
      fc.string({ maxLength: 30 }),
    )
    .map(([a, b, noise]) => exerciseSeed.slice(0, Math.min(a, b)) + noise + exerciseSeed.slice(Math.max(a, b))),
  fc
    .tuple(
      fc.constantFrom(...OPS),
      fc.array(fc.constantFrom(...ARGS), { maxLength: 5 }),
      fc.oneof(
        fc.constant('[[1, 2], [3, 4]]'),
        fc.constant('None'),
        fc.string({ maxLength: 20 }),
        fc.constant('(1, 2)'),
      ),
    )
    .map(([op, args, answer]) => `${exerciseSeed}# convlens: check ${op}(${args.join(', ')})\nz = ${answer}\n`),
);

/** Mostly finite cell values (so requests get past validation to the engine), now and then NaN or Infinity. */
const cellValue = fc.oneof(
  { arbitrary: fc.integer({ min: -5, max: 9 }), weight: 600 },
  { arbitrary: fc.double({ min: -3, max: 3, noNaN: true }), weight: 100 },
  { arbitrary: fc.constantFrom(Number.NaN, Infinity), weight: 1 },
);

/** Scene requests as a webview could send them: small, mostly well-formed, some fields wrong. */
/** Mostly a valid size, sometimes an out-of-range one. */
const size = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(
    { arbitrary: fc.integer({ min, max }), weight: 12 },
    { arbitrary: fc.integer({ min: min - 2, max: max + 2 }), weight: 1 },
  );
const smallMatrix = fc
  .record({ rows: size(1, 6), cols: size(1, 6), depth: fc.option(size(1, 4), { nil: undefined }) })
  .filter((m) => m.rows >= 0 && m.cols >= 0 && (m.depth ?? 1) >= 0)
  .chain((m) =>
    fc.record({
      rows: fc.constant(m.rows),
      cols: fc.constant(m.cols),
      ...(m.depth === undefined ? {} : { depth: fc.constant(m.depth) }),
      data: fc.array(cellValue, {
        minLength: m.rows * m.cols * (m.depth ?? 1),
        maxLength: m.rows * m.cols * (m.depth ?? 1),
      }),
    }),
  );
const small = size(0, 4);
export const sceneRequestArbitrary = fc.oneof(
  fc.record({
    kind: fc.constant('convolution'),
    title: fc.string(),
    input: smallMatrix,
    kernel: smallMatrix,
    settings: fc.record({
      stride: small,
      padding: small,
      dilation: small,
      groups: fc.option(small, { nil: undefined }),
    }),
    bias: fc.option(fc.array(cellValue, { maxLength: 5 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('pooling'),
    title: fc.string(),
    input: smallMatrix,
    settings: fc.record({
      mode: fc.constantFrom('max', 'avg', 'min'),
      kernel: small,
      stride: small,
      padding: small,
      ceilMode: fc.option(fc.boolean(), { nil: undefined }),
    }),
  }),
  fc.record({
    kind: fc.constantFrom('backward', 'transposed', 'equivariance'),
    title: fc.string(),
    input: smallMatrix,
    kernel: smallMatrix,
    settings: fc.record({ stride: small, padding: small, dilation: small, outputPadding: small }),
  }),
  fc.record({
    kind: fc.constant('separable'),
    title: fc.string(),
    settings: fc.record({
      inChannels: fc.integer({ min: -1, max: 600 }),
      outChannels: fc.integer({ min: -1, max: 600 }),
      kernel: small,
      size: fc.integer({ min: -1, max: 300 }),
    }),
  }),
  fc.record({
    kind: fc.constant('receptiveField'),
    title: fc.string(),
    inputSize: fc.integer({ min: -1, max: 300 }),
    unit: fc.record({ row: small, col: small }),
    stacks: fc.array(
      fc.record({
        name: fc.string(),
        layers: fc.array(
          fc.record({ name: fc.string(), kernel: small, stride: small, padding: small, dilation: small }),
          { maxLength: 8 },
        ),
      }),
      { maxLength: 3 },
    ),
  }),
  fc.anything(),
);

/** Every target, in a fixed order. */
export const TARGETS: readonly FuzzTarget[] = [
  target(
    'literals (python)',
    fc.property(sourceText, (s) => void bounded(() => findLiterals(s, 'python'))),
  ),
  target(
    'literals (js)',
    fc.property(sourceText, (s) => void bounded(() => findLiterals(s, 'js'))),
  ),
  target(
    'literals (json)',
    fc.property(sourceText, (s) => void bounded(() => findLiterals(s, 'json'))),
  ),
  target(
    'python parser + graph trace',
    fc.property(sourceText, (s) => void bounded(() => traceGraphs(s, { defaultInputShape: [1, 3, 32, 32] }))),
  ),
  target(
    'input shape reader',
    fc.property(fc.string({ maxLength: 60 }), (s) => void bounded(() => parseShape(s))),
  ),
  target(
    'conv2d / backward',
    fc.property(dims, dims, anyNumber, anyNumber, anyNumber, fc.integer({ min: 0, max: 3 }), (xs, ws, s, p, d, g) => {
      if (xs.reduce((a, b) => a * b, 1) > 20_000 || ws.reduce((a, b) => a * b, 1) > 2_000) return;
      const x = randomTensor(xs);
      const w = randomTensor(ws);
      engineCall(() => conv2d(x, w, undefined, { stride: s, padding: p, dilation: d, groups: g }));
      engineCall(() => {
        const y = conv2d(x, w, undefined, { stride: s, padding: p, dilation: d, groups: g });
        return conv2dBackward(x, w, y, { stride: s, padding: p, dilation: d, groups: g });
      });
    }),
  ),
  target(
    'conv_transpose2d',
    fc.property(dims, dims, anyNumber, anyNumber, anyNumber, (xs, ws, s, p, op) => {
      if (xs.reduce((a, b) => a * b, 1) > 5_000 || ws.reduce((a, b) => a * b, 1) > 1_000) return;
      engineCall(() =>
        convTranspose2d(randomTensor(xs), randomTensor(ws), undefined, { stride: s, padding: p, outputPadding: op }),
      );
    }),
  ),
  target(
    'exercises + answer checker',
    fc.property(
      exerciseText,
      (s) =>
        void bounded(() => {
          const literals = findLiterals(s, 'python');
          return checkExercises(findExercises(s, literals), {
            literals,
            models: traceGraphs(s, { defaultInputShape: [1, 1, 8, 8] }),
          });
        }),
    ),
  ),
  target(
    'webview messages + scenes',
    fc.property(
      sceneRequestArbitrary,
      fc.constantFrom('update', 'export', 'stepShown', 'presentChanged'),
      (request, type) => {
        void bounded(() =>
          parseWebviewMessage({
            type,
            request,
            base64: request,
            format: 'gif',
            frames: 1,
            step: 1,
            description: request,
            on: request,
          }),
        );
        const parsed = parseSceneRequest(request);
        if (parsed) engineCall(() => buildScene(parsed));
      },
    ),
  ),
  target(
    'max/avg pool',
    fc.property(dims, anyNumber, anyNumber, anyNumber, fc.boolean(), (xs, k, s, p, ceil) => {
      if (xs.reduce((a, b) => a * b, 1) > 20_000) return;
      const x = randomTensor(xs);
      engineCall(() => maxPool2d(x, { kernelSize: k, stride: s, padding: p, ceilMode: ceil }));
      engineCall(() => avgPool2d(x, { kernelSize: k, stride: s, padding: p, ceilMode: ceil }));
    }),
  ),
];
