// A small CNN (conv 5×5 → ReLU → max pool → conv 3×3 → ReLU → max pool → linear) trained on digits with the engine's
// own forward and backward passes: what the filter visualization looks inside.
import { conv2d, conv2dBackward, conv2dParameterGrads } from '../engine/conv';
import { linear } from '../engine/linear';
import { maxPool2dValues, maxPool2dBackward } from '../engine/pool';
import { tensor, type Tensor } from '../engine/tensor';

const POOL = { kernelSize: 2, stride: 2 };
import type { DigitSet } from './digits';
import { CONV1_FILTERS, CONV2_FILTERS, netShapes, type DigitNetWeights } from '../contract/digitNetShape';
import { crossEntropy } from '../engine/net/loss';
import { checkCancelled, TrainingCancelled, type TrainHooks } from '../engine/net/trainHooks';
import { random, shuffleInPlace } from '../engine/random';

export { CONV1_FILTERS, CONV2_FILTERS, netShapes, type DigitNetWeights };
// The PRNG, hooks and cancellation are the engine's, shared with every trainer.
export { random, TrainingCancelled, type TrainHooks };

/** He-initialised weights. */
export function initWeights(side: number, seed = 1): DigitNetWeights {
  const rand = random(seed);
  const s = netShapes(side);
  const he = (shape: number[], fanIn: number): number[] =>
    Array.from({ length: shape.reduce((a, b) => a * b) }, () => (rand() * 2 - 1) * Math.sqrt(6 / fanIn));
  return {
    conv1: he(s.conv1, 25),
    bias1: new Array<number>(CONV1_FILTERS).fill(0),
    conv2: he(s.conv2, CONV1_FILTERS * 9),
    bias2: new Array<number>(CONV2_FILTERS).fill(0),
    fc: he(s.fc, s.flat),
    biasFc: new Array<number>(10).fill(0),
  };
}

function relu(t: Tensor): Tensor {
  return gated(t, t, tensor(t.shape));
}

/**
 * out = values where gate > 0, else 0: ReLU when gate is values, its backward pass when gate is the pre-activation
 * (then in place: the incoming gradient is a temporary). A plain loop: map() + tensor() would copy twice per batch.
 */
function gated(values: Tensor, gate: Tensor, out: Tensor = values): Tensor {
  const v = values.data,
    g = gate.data,
    o = out.data;
  for (let i = 0; i < o.length; i++) o[i] = g[i]! > 0 ? v[i]! : 0;
  return out;
}

/** Everything the forward pass computes, kept for the backward pass and for showing feature maps. */
export interface Activations {
  readonly x: Tensor;
  readonly z1: Tensor;
  readonly a1: Tensor;
  readonly p1: Tensor;
  readonly z2: Tensor;
  readonly a2: Tensor;
  readonly p2: Tensor;
  readonly logits: Float64Array;
}

/** Forward pass of a batch N×1×side×side. */
export function forward(w: DigitNetWeights, x: Tensor): Activations {
  const s = netShapes(x.shape[2]!);
  const z1 = conv2d(x, tensor(s.conv1, w.conv1), tensor([CONV1_FILTERS], w.bias1));
  const a1 = relu(z1);
  const p1 = maxPool2dValues(a1, POOL);
  const z2 = conv2d(p1, tensor(s.conv2, w.conv2), tensor([CONV2_FILTERS], w.bias2));
  const a2 = relu(z2);
  const p2 = maxPool2dValues(a2, POOL);
  const logits = linear(
    { shape: [x.shape[0]!, s.flat], data: p2.data },
    tensor([10, s.flat], w.fc),
    tensor([10], w.biasFc),
  ).data;
  return { x, z1, a1, p1, z2, a2, p2, logits };
}

/** Backpropagates dA2 (N×C2×h×w, the gradient at conv2's ReLU output) down to conv2's input, weights and bias. */
function backThroughConv2(
  w: DigitNetWeights,
  act: Activations,
  dA2: Tensor,
): { dP1: Tensor; dw2: Tensor; db2: Tensor } {
  const s = netShapes(act.x.shape[2]!);
  const dZ2 = gated(dA2, act.z2);
  const g2 = conv2dBackward(act.p1, tensor(s.conv2, w.conv2), dZ2, {}, true);
  return { dP1: g2.dx, dw2: g2.dw, db2: g2.db! };
}

/** Gradient of conv1's pre-activation given the gradient at pool1's output. */
function backThroughPool1(act: Activations, dP1: Tensor): Tensor {
  const dA1 = maxPool2dBackward(act.a1, dP1, POOL);
  return gated(dA1, act.z1);
}

/** Mean cross-entropy of a batch and the gradients of every weight. */
export function lossAndGradients(
  w: DigitNetWeights,
  x: Tensor,
  labels: readonly number[],
): { loss: number; grads: DigitNetWeights } {
  const s = netShapes(x.shape[2]!);
  const act = forward(w, x);
  const n = labels.length;
  const { loss, dLogits } = crossEntropy(act.logits, labels, 10);
  const fc = new Array<number>(10 * s.flat).fill(0);
  const biasFc = new Array<number>(10).fill(0);
  const dP2 = tensor(act.p2.shape);
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < 10; o++) {
      const g = dLogits[b * 10 + o]!;
      biasFc[o]! += g;
      for (let i = 0; i < s.flat; i++) {
        fc[o * s.flat + i]! += g * act.p2.data[b * s.flat + i]!;
        dP2.data[b * s.flat + i]! += g * w.fc[o * s.flat + i]!;
      }
    }
  }
  const { dP1, dw2, db2 } = backThroughConv2(w, act, maxPool2dBackward(act.a2, dP2, POOL));
  // The input needs no gradient: only conv1's weights and bias.
  const g1 = conv2dParameterGrads(x, tensor(s.conv1, w.conv1), backThroughPool1(act, dP1), {}, true);
  return {
    loss,
    grads: {
      conv1: Array.from(g1.dw.data),
      bias1: Array.from(g1.db!.data),
      conv2: Array.from(dw2.data),
      bias2: Array.from(db2.data),
      fc,
      biasFc,
    },
  };
}

/** A batch of images as an N×1×side×side tensor. */
export function batchTensor(images: readonly Float64Array[], side: number): Tensor {
  const data = new Float64Array(images.length * side * side);
  images.forEach((img, i) => data.set(img, i * side * side));
  return tensor([images.length, 1, side, side], data);
}

/** Share of `set` the network classifies correctly. */
export function accuracy(w: DigitNetWeights, set: DigitSet): number {
  const { logits } = forward(w, batchTensor(set.images, set.side));
  let right = 0;
  set.labels.forEach((label, b) => {
    const row = Array.from(logits.subarray(b * 10, b * 10 + 10));
    if (row.indexOf(Math.max(...row)) === label) right++;
  });
  return right / set.labels.length;
}

/** Training settings: small enough to finish in seconds on two cores. */
export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly momentum: number;
  readonly seed: number;
}

export const DEFAULT_TRAINING: TrainOptions = { epochs: 4, batchSize: 20, learningRate: 0.05, momentum: 0.9, seed: 7 };

/** SGD with momentum over shuffled mini-batches. */
export async function train(
  set: DigitSet,
  options: TrainOptions = DEFAULT_TRAINING,
  hooks: TrainHooks = {},
): Promise<DigitNetWeights> {
  const rand = random(options.seed);
  const weights = initWeights(set.side, options.seed) as { -readonly [K in keyof DigitNetWeights]: number[] };
  const velocity = Object.fromEntries(
    Object.entries(weights).map(([k, v]) => [k, new Array<number>(v.length).fill(0)]),
  ) as Record<keyof DigitNetWeights, number[]>;
  const order = set.images.map((_, i) => i);
  const batches = Math.ceil(order.length / options.batchSize);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, rand);
    for (let b = 0; b < batches; b++) {
      checkCancelled(hooks);
      const picked = order.slice(b * options.batchSize, (b + 1) * options.batchSize);
      const { loss, grads } = lossAndGradients(
        weights,
        batchTensor(
          picked.map((i) => set.images[i]!),
          set.side,
        ),
        picked.map((i) => set.labels[i]!),
      );
      for (const key of Object.keys(weights) as (keyof DigitNetWeights)[]) {
        const w = weights[key];
        const v = velocity[key];
        const g = grads[key];
        for (let k = 0; k < w.length; k++) {
          v[k] = options.momentum * v[k]! - options.learningRate * g[k]!;
          w[k]! += v[k]!;
        }
      }
      hooks.progress?.((epoch * batches + b + 1) / (options.epochs * batches), loss);
      await hooks.yieldNow?.();
    }
  }
  return weights;
}

export { backThroughConv2, backThroughPool1 };
