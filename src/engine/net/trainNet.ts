// Trains a net plan on a labelled image set with the engine's backward passes: SGD with momentum or Adam, cross-entropy.
import { random, shuffleInPlace } from '../random';
import { ShapeError, tensor, type Tensor } from '../tensor';
import * as l10n from '../../l10n';
import { backwardNet, checkBatch, forwardNet, missingBackward } from './execute';
import { argmaxRows, crossEntropy } from './loss';
import { initParams, type NetParams } from './params';
import type { NetPlan } from './plan';
import { checkCancelled, type TrainHooks } from './trainHooks';

/** Examples already fitted to the model's input (each C × H × W values) with class labels. */
export interface LabelledSet {
  readonly inputs: readonly Float64Array[];
  readonly labels: readonly number[];
}

/** Training settings. */
export interface NetTrainOptions {
  readonly optimizer: 'sgd' | 'adam';
  readonly learningRate: number;
  /** SGD momentum (ignored by Adam). */
  readonly momentum: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
}

/** What ConvLens trains with unless told otherwise: Adam, small batches, a few epochs (seconds on two cores). */
export const DEFAULT_NET_TRAINING: NetTrainOptions = {
  optimizer: 'adam',
  learningRate: 0.002,
  momentum: 0.9,
  epochs: 8,
  batchSize: 32,
  seed: 1,
};

/** One point of the learning curve. */
export interface TrainPoint {
  readonly epoch: number;
  /** Batches done so far, over all epochs. */
  readonly step: number;
  readonly loss: number;
  /** Share of the batch classified right. */
  readonly accuracy: number;
}

/** Progress hooks of trainNet: the shared ones plus a learning-curve point per batch and a held-out score per epoch. */
export interface NetTrainHooks extends TrainHooks {
  readonly point?: (p: TrainPoint, steps: number) => void;
  readonly epochDone?: (epoch: number, heldOutAccuracy: number) => void;
}

/** Checks a plan can be trained for `classes` classes: backward passes exist and the output is batch × classes. */
export function checkTrainable(plan: NetPlan, classes: number): void {
  const missing = missingBackward(plan);
  if (missing.length > 0)
    throw new ShapeError(
      l10n.t(
        'training needs a backward pass the engine does not have for: {0}',
        missing.map((n) => `${n.label} (${n.typeName})`).join(', '),
      ),
      'noBackward',
      { layer: missing[0]!.label },
    );
  const out = plan.nodes.find((n) => n.id === plan.output)!.outputShape;
  if (out.length !== 2 || out[1] !== classes)
    throw new ShapeError(
      l10n.t('training on digits needs an output of {0} scores per image, the model gives {1}', classes, out.join('×')),
      'outputClasses',
      { expected: classes, got: out.join('×') },
    );
  checkBatch(plan, 2);
}

/** Stacks examples into one batch tensor shaped like the model's input. */
export function batchOf(plan: NetPlan, inputs: readonly Float64Array[]): Tensor {
  const per = inputs[0]!.length;
  const t = tensor([inputs.length, ...plan.inputShape.slice(1)]);
  inputs.forEach((x, i) => t.data.set(x, i * per));
  return t;
}

/** Predicted classes of a set in eval mode, in batches. */
export function predict(plan: NetPlan, params: NetParams, set: LabelledSet, batchSize = 100): number[] {
  const out: number[] = [];
  for (let i = 0; i < set.inputs.length; i += batchSize) {
    const run = forwardNet(plan, params, batchOf(plan, set.inputs.slice(i, i + batchSize)));
    out.push(...argmaxRows(run.output.data, run.output.shape[1]!));
  }
  return out;
}

/** Share of a set classified right. */
export function accuracyOf(plan: NetPlan, params: NetParams, set: LabelledSet): number {
  const predicted = predict(plan, params, set);
  return predicted.filter((p, i) => p === set.labels[i]).length / Math.max(1, set.labels.length);
}

/** Trains from PyTorch-default initial weights (seeded); returns the trained parameters. Throws TrainingCancelled. */
export async function trainNet(
  plan: NetPlan,
  train: LabelledSet,
  heldOut: LabelledSet,
  classes: number,
  options: NetTrainOptions = DEFAULT_NET_TRAINING,
  hooks: NetTrainHooks = {},
  params: NetParams = initParams(plan, options.seed),
): Promise<NetParams> {
  checkTrainable(plan, classes);
  const rand = random(options.seed + 1);
  const order = train.inputs.map((_, i) => i);
  const batches = Math.ceil(order.length / options.batchSize);
  const steps = batches * options.epochs;
  const state = new Map<string, { m: Float64Array; v: Float64Array }>();
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, rand);
    for (let b = 0; b < batches; b++) {
      checkCancelled(hooks);
      const picked = order.slice(b * options.batchSize, (b + 1) * options.batchSize);
      const run = forwardNet(
        plan,
        params,
        batchOf(
          plan,
          picked.map((i) => train.inputs[i]!),
        ),
        { train: true },
      );
      const labels = picked.map((i) => train.labels[i]!);
      const { loss, dLogits, correct } = crossEntropy(run.output.data, labels, classes);
      const grads = backwardNet(plan, params, run, dLogits);
      step++;
      update(params, grads, options, state, step);
      hooks.point?.({ epoch, step, loss, accuracy: correct / picked.length }, steps);
      hooks.progress?.(step / steps, loss);
      await hooks.yieldNow?.();
    }
    hooks.epochDone?.(epoch, accuracyOf(plan, params, heldOut));
  }
  return params;
}

/** One optimizer step on every trainable parameter. */
function update(
  params: NetParams,
  grads: ReadonlyMap<string, Float64Array>,
  o: NetTrainOptions,
  state: Map<string, { m: Float64Array; v: Float64Array }>,
  step: number,
): void {
  for (const [name, g] of grads) {
    const w = params.tensors.get(name)!.data;
    let s = state.get(name);
    if (!s) {
      s = { m: new Float64Array(w.length), v: new Float64Array(w.length) };
      state.set(name, s);
    }
    if (o.optimizer === 'sgd') {
      // PyTorch's SGD: v = μ·v + g; w -= lr·v.
      for (let i = 0; i < w.length; i++) {
        s.m[i] = o.momentum * s.m[i]! + g[i]!;
        w[i]! -= o.learningRate * s.m[i]!;
      }
    } else {
      const b1 = 0.9;
      const b2 = 0.999;
      const c1 = 1 - b1 ** step;
      const c2 = 1 - b2 ** step;
      for (let i = 0; i < w.length; i++) {
        s.m[i] = b1 * s.m[i]! + (1 - b1) * g[i]!;
        s.v[i] = b2 * s.v[i]! + (1 - b2) * g[i]! * g[i]!;
        w[i]! -= (o.learningRate * (s.m[i]! / c1)) / (Math.sqrt(s.v[i]! / c2) + 1e-8);
      }
    }
  }
}
