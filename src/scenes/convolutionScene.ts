// Builds the convolution panel's scene (output + step trace) from two matrices, with the engine doing all the math.
import { conv2d } from '../engine/conv';
import { convSteps } from '../engine/steps';
import { tensor } from '../engine/tensor';
import type { ConvSettings, ConvolutionScene, Matrix } from '../protocol';

/** The classic 3×3 edge detector, used when no kernel literal is at hand. */
export const DEFAULT_KERNEL: Matrix = { rows: 3, cols: 3, data: [0, -1, 0, -1, 4, -1, 0, -1, 0] };

/** A small 5×5 example image, used when no literal is at hand. */
export const DEFAULT_INPUT: Matrix = { rows: 5, cols: 5, data: [0, 1, 2, 1, 0, 1, 3, 4, 3, 1, 2, 4, 5, 4, 2, 1, 3, 4, 3, 1, 0, 1, 2, 1, 0] };

/** Most steps a panel animates; larger inputs are refused with a message rather than frozen. */
export const MAX_STEPS = 4096;

/** Convolves input with kernel (engine conv2d) and lists every step; throws ShapeError with the reason when it cannot. */
export function buildConvolutionScene(title: string, input: Matrix, kernel: Matrix, settings: ConvSettings): ConvolutionScene {
  const x = tensor([1, 1, input.rows, input.cols], input.data);
  const w = tensor([1, 1, kernel.rows, kernel.cols], kernel.data);
  const options = { stride: settings.stride, padding: settings.padding, dilation: settings.dilation };
  const y = conv2d(x, w, undefined, options);
  const [, , oh, ow] = y.shape as [number, number, number, number];
  if (oh * ow > MAX_STEPS) throw new RangeError(`the output has ${oh * ow} cells; the animation shows at most ${MAX_STEPS}`);
  const steps = [...convSteps(tensor([input.rows, input.cols], input.data), tensor([kernel.rows, kernel.cols], kernel.data), options)];
  return { kind: 'convolution', title, input, kernel, output: { rows: oh, cols: ow, data: Array.from(y.data) }, settings, steps };
}
