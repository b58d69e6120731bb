// Builds the backward-pass panel's scene: dY = 1 spread back through the conv, step by step, with the flipped kernel.
import { conv2d } from '../engine/conv';
import { convBackwardSteps } from '../engine/steps';
import { tensor } from '../engine/tensor';
import type { BackwardScene, ConvSettings, Matrix } from '../contract/viewModels';
import { MAX_STEPS } from './convolutionScene';
import * as l10n from '../l10n';

/** Runs conv2d forward for the output size, then the engine's backward step trace for dY = 1. */
export function buildBackwardScene(
  title: string,
  input: Matrix,
  kernel: Matrix,
  settings: ConvSettings,
): BackwardScene {
  const options = { stride: settings.stride, padding: settings.padding, dilation: settings.dilation };
  const y = conv2d(
    tensor([1, 1, input.rows, input.cols], input.data),
    tensor([1, 1, kernel.rows, kernel.cols], kernel.data),
    undefined,
    options,
  );
  const [, , oh, ow] = y.shape as [number, number, number, number];
  if (oh * ow > MAX_STEPS)
    throw new RangeError(l10n.t('the output has {0} cells; the animation shows at most {1}', oh * ow, MAX_STEPS));
  const gradient: Matrix = { rows: oh, cols: ow, data: new Array<number>(oh * ow).fill(1) };
  const steps = [
    ...convBackwardSteps(
      tensor([input.rows, input.cols], input.data),
      tensor([kernel.rows, kernel.cols], kernel.data),
      tensor([oh, ow], gradient.data),
      options,
    ),
  ];
  const flipped = [...kernel.data].reverse();
  return {
    kind: 'backward',
    title,
    input,
    kernel,
    flippedKernel: { rows: kernel.rows, cols: kernel.cols, data: flipped },
    gradient,
    settings,
    steps,
  };
}
