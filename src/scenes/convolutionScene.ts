// Builds the convolution panel's scene (output + step trace) from two matrices, with the engine doing all the math.
import { conv2d } from '../engine/conv';
import { multiChannelConvSteps } from '../engine/steps';
import { ShapeError, tensor } from '../engine/tensor';
import { depthOf, type ConvSettings, type ConvolutionScene, type Matrix } from '../contract/viewModels';
import * as l10n from '../l10n';

/** The classic 3×3 edge detector, used when no kernel literal is at hand. */
export const DEFAULT_KERNEL: Matrix = { rows: 3, cols: 3, data: [0, -1, 0, -1, 4, -1, 0, -1, 0] };

/** A small 5×5 example image, used when no literal is at hand. */
export const DEFAULT_INPUT: Matrix = {
  rows: 5,
  cols: 5,
  data: [0, 1, 2, 1, 0, 1, 3, 4, 3, 1, 2, 4, 5, 4, 2, 1, 3, 4, 3, 1, 0, 1, 2, 1, 0],
};

/** Most steps a panel animates; larger outputs get a summary (the result, one step) rather than a frozen panel. */
export const MAX_STEPS = 4096;

/** The steps to animate, or only the first one with a summary line when there are more than MAX_STEPS. */
export function animatedSteps<T>(steps: Iterable<T>, cells: number): { steps: T[]; summary?: string } {
  if (cells <= MAX_STEPS) return { steps: [...steps] };
  const first = steps[Symbol.iterator]().next();
  return {
    steps: first.done ? [] : [first.value],
    summary: l10n.t(
      '{0} output cells are more than the {1} an animation shows: the whole result is drawn, stepping is off',
      cells.toLocaleString('en-US'),
      MAX_STEPS.toLocaleString('en-US'),
    ),
  };
}

/**
 * Convolves C_in input planes with C_out kernels (groups, bias) through the engine and lists every step, output channel
 * by output channel; throws ShapeError with the reason when it cannot.
 */
export function buildConvolutionScene(
  title: string,
  input: Matrix,
  kernel: Matrix,
  settings: ConvSettings,
  bias?: readonly number[],
): ConvolutionScene {
  const groups = settings.groups ?? 1;
  const cin = depthOf(input);
  if (cin % groups !== 0)
    throw new ShapeError(l10n.t('groups={0} does not divide the {1} input channels', groups, cin));
  const perGroup = cin / groups;
  if (depthOf(kernel) % perGroup !== 0)
    throw new ShapeError(
      l10n.t(
        'the kernel has {0} planes: not a whole number of {1}-plane filters (C_in/groups = {2}/{3})',
        depthOf(kernel),
        perGroup,
        cin,
        groups,
      ),
    );
  const cout = depthOf(kernel) / perGroup;
  const x = tensor([1, cin, input.rows, input.cols], input.data);
  const w = tensor([cout, perGroup, kernel.rows, kernel.cols], kernel.data);
  const options = { stride: settings.stride, padding: settings.padding, dilation: settings.dilation, groups };
  const y = conv2d(x, w, bias ? tensor([cout], bias) : undefined, options);
  const [, , oh, ow] = y.shape as [number, number, number, number];
  const { steps, summary } = animatedSteps(
    multiChannelConvSteps(tensor([cin, input.rows, input.cols], input.data), w, bias, options),
    cout * oh * ow,
  );
  return {
    kind: 'convolution',
    title,
    input,
    kernel,
    settings,
    steps,
    ...(bias ? { bias } : {}),
    ...(summary ? { summary } : {}),
    output: { rows: oh, cols: ow, ...(cout > 1 ? { depth: cout } : {}), data: Array.from(y.data) },
  };
}
