// What each filter of the digit network looks for: gradient ascent on the input to maximise a filter's mean activation
// over the centre of its feature map (with L2 regularisation), and the feature maps of one digit.
//
// The centre, not the whole map: a first-layer filter is linear, so the mean over every position is maximised by a
// uniform image and shows nothing; the centre units' field is a patch that looks like what the filter detects.
import { conv2dBackward } from '../engine/conv';
import { tensor, type Tensor } from '../engine/tensor';
import {
  backThroughPool1,
  CONV1_FILTERS,
  CONV2_FILTERS,
  forward,
  netShapes,
  random,
  type DigitNetWeights,
} from './digitNet';

/** Gradient-ascent settings. */
export interface AscentOptions {
  readonly steps: number;
  readonly stepSize: number;
  readonly l2: number;
  readonly seed: number;
}

export const DEFAULT_ASCENT: AscentOptions = { steps: 60, stepSize: 0.05, l2: 0.5, seed: 3 };

/** Side of the block of centre units whose mean activation is maximised. */
export const CENTRE = 3;

/** One visualised filter: the image that excites it most, and its mean activation before and after the ascent. */
export interface AscentResult {
  readonly image: Float64Array;
  readonly before: number;
  readonly after: number;
}

/** Flat indices of the CENTRE × CENTRE units in the middle of plane `channel` (the whole plane if it is smaller). */
function centreCells(shape: readonly number[], channel: number): number[] {
  const [h, w] = [shape[2]!, shape[3]!];
  const rows = Math.min(CENTRE, h);
  const cols = Math.min(CENTRE, w);
  const top = Math.floor((h - rows) / 2);
  const left = Math.floor((w - cols) / 2);
  const cells: number[] = [];
  for (let r = top; r < top + rows; r++)
    for (let c = left; c < left + cols; c++) cells.push(channel * h * w + r * w + c);
  return cells;
}

function meanOf(t: Tensor, cells: readonly number[]): number {
  return cells.reduce((s, i) => s + t.data[i]!, 0) / cells.length;
}

/** d(mean over `cells`)/dZ: 1/|cells| there, 0 elsewhere. */
function seedGradient(shape: readonly number[], cells: readonly number[]): Tensor {
  const g = tensor(shape);
  for (const i of cells) g.data[i] = 1 / cells.length;
  return g;
}

/** The objective (mean pre-activation of the filter) and its gradient with respect to the input image. */
function objective(w: DigitNetWeights, x: Tensor, layer: 1 | 2, filter: number): { value: number; grad: Float64Array } {
  const s = netShapes(x.shape[2]!);
  const act = forward(w, x);
  if (layer === 1) {
    const cells = centreCells(act.z1.shape, filter);
    return {
      value: meanOf(act.z1, cells),
      grad: conv2dBackward(x, tensor(s.conv1, w.conv1), seedGradient(act.z1.shape, cells)).dx.data,
    };
  }
  const cells = centreCells(act.z2.shape, filter);
  const dP1 = conv2dBackward(act.p1, tensor(s.conv2, w.conv2), seedGradient(act.z2.shape, cells)).dx;
  return {
    value: meanOf(act.z2, cells),
    grad: conv2dBackward(x, tensor(s.conv1, w.conv1), backThroughPool1(act, dP1)).dx.data,
  };
}

/** Gradient ascent from noise: x ← clamp(x + η·(∇/rms(∇) − λx), 0, 1), so images stay in the digits' range. */
export function ascend(
  w: DigitNetWeights,
  side: number,
  layer: 1 | 2,
  filter: number,
  options: AscentOptions = DEFAULT_ASCENT,
): AscentResult {
  const rand = random(options.seed + 31 * layer + filter);
  // Contrasty noise: on a flat image every conv1 unit of a trained net is below zero and no gradient reaches the input.
  const x = tensor(
    [1, 1, side, side],
    Array.from({ length: side * side }, () => 0.6 * rand()),
  );
  const before = objective(w, x, layer, filter).value;
  for (let step = 0; step < options.steps; step++) {
    const { grad } = objective(w, x, layer, filter);
    let rms = 0;
    for (let i = 0; i < grad.length; i++) rms += grad[i]! * grad[i]!;
    rms = Math.sqrt(rms / grad.length) + 1e-12;
    for (let i = 0; i < grad.length; i++)
      x.data[i] = Math.min(1, Math.max(0, x.data[i]! + options.stepSize * (grad[i]! / rms - options.l2 * x.data[i]!)));
  }
  return { image: x.data, before, after: objective(w, x, layer, filter).value };
}

/** Every filter of both conv layers, visualised. */
export function ascendAll(
  w: DigitNetWeights,
  side: number,
  options: AscentOptions = DEFAULT_ASCENT,
): { layer1: AscentResult[]; layer2: AscentResult[] } {
  return {
    layer1: Array.from({ length: CONV1_FILTERS }, (_, f) => ascend(w, side, 1, f, options)),
    layer2: Array.from({ length: CONV2_FILTERS }, (_, f) => ascend(w, side, 2, f, options)),
  };
}

/** The ReLU feature maps of both conv layers for one image, and the class probabilities. */
export function featureMaps(
  w: DigitNetWeights,
  image: Float64Array,
  side: number,
): { maps1: Tensor; maps2: Tensor; probabilities: number[] } {
  const act = forward(w, tensor([1, 1, side, side], image));
  const max = Math.max(...act.logits);
  const exps = Array.from(act.logits, (v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return { maps1: act.a1, maps2: act.a2, probabilities: exps.map((e) => e / total) };
}
