// Builds the transposed-convolution panel's scene: each input cell stamping value·kernel into the canvas, then the crop.
import { convTranspose2d } from '../engine/conv';
import { stampCanvasSize, convTransposeSteps } from '../engine/steps';
import { tensor } from '../engine/tensor';
import type { Matrix, TransposedScene, TransposedSettings } from '../contract/viewModels';
import { animatedSteps } from './convolutionScene';

/** Runs conv_transpose2d for the output and the engine's stamp trace for the animation. */
export function buildTransposedScene(
  title: string,
  input: Matrix,
  kernel: Matrix,
  settings: TransposedSettings,
): TransposedScene {
  const { stride, padding, outputPadding } = settings;
  const y = convTranspose2d(
    tensor([1, 1, input.rows, input.cols], input.data),
    tensor([1, 1, kernel.rows, kernel.cols], kernel.data),
    undefined,
    { stride, padding, outputPadding },
  );
  const [, , oh, ow] = y.shape as [number, number, number, number];
  const { steps, summary } = animatedSteps(
    convTransposeSteps(
      tensor([input.rows, input.cols], input.data),
      tensor([kernel.rows, kernel.cols], kernel.data),
      stride,
      1,
      outputPadding,
    ),
    input.rows * input.cols,
  );
  const op = outputPadding ? ` + ${outputPadding}` : '';
  const formula = `H_out = (H − 1)·S − 2P + K${outputPadding ? ' + output_padding' : ''} = (${input.rows} − 1)·${stride} − 2·${padding} + ${kernel.rows}${op} = ${oh}`;
  return {
    kind: 'transposed',
    title,
    input,
    kernel,
    settings,
    formula,
    steps,
    ...(summary ? { summary } : {}),
    canvas: {
      rows: stampCanvasSize(input.rows, kernel.rows, stride, 1, outputPadding),
      cols: stampCanvasSize(input.cols, kernel.cols, stride, 1, outputPadding),
    },
    output: { rows: oh, cols: ow, data: Array.from(y.data) },
  };
}
