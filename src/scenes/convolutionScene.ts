// Builds the convolution panel's scene (output + step trace) from two matrices, with the engine doing all the math.
import { conv2d } from '../engine/conv';
import { convSteps } from '../engine/steps';
import { tensor } from '../engine/tensor';
import type { ConvSettings, ConvolutionScene, Matrix } from '../protocol';

/** The classic 3×3 edge detector, used when no kernel literal is at hand. */
export const DEFAULT_KERNEL: Matrix = { rows: 3, cols: 3, data: [0, -1, 0, -1, 4, -1, 0, -1, 0] };

/** A small 5×5 example image, used when no literal is at hand. */
export const DEFAULT_INPUT: Matrix = { rows: 5, cols: 5, data: [0, 1, 2, 1, 0, 1, 3, 4, 3, 1, 2, 4, 5, 4, 2, 1, 3, 4, 3, 1, 0, 1, 2, 1, 0] };

/** Most steps a panel animates; larger outputs get a summary (the result, one step) rather than a frozen panel. */
export const MAX_STEPS = 4096;

/** The steps to animate, or only the first one with a summary line when there are more than MAX_STEPS. */
export function animatedSteps<T>(steps: Iterable<T>, cells: number): { steps: T[]; summary?: string } {
  if (cells <= MAX_STEPS) return { steps: [...steps] };
  const first = steps[Symbol.iterator]().next();
  return {
    steps: first.done ? [] : [first.value],
    summary: `${cells.toLocaleString('en-US')} output cells are more than the ${MAX_STEPS.toLocaleString('en-US')} an animation shows: the whole result is drawn, stepping is off`,
  };
}

/** Convolves input with kernel (engine conv2d) and lists every step; throws ShapeError with the reason when it cannot. */
export function buildConvolutionScene(title: string, input: Matrix, kernel: Matrix, settings: ConvSettings): ConvolutionScene {
  const x = tensor([1, 1, input.rows, input.cols], input.data);
  const w = tensor([1, 1, kernel.rows, kernel.cols], kernel.data);
  const options = { stride: settings.stride, padding: settings.padding, dilation: settings.dilation };
  const y = conv2d(x, w, undefined, options);
  const [, , oh, ow] = y.shape as [number, number, number, number];
  const { steps, summary } = animatedSteps(convSteps(tensor([input.rows, input.cols], input.data), tensor([kernel.rows, kernel.cols], kernel.data), options), oh * ow);
  return { kind: 'convolution', title, input, kernel, output: { rows: oh, cols: ow, data: Array.from(y.data) }, settings, steps, ...(summary ? { summary } : {}) };
}
