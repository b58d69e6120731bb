// Builds the pooling panel's scene: output, the window and argmax at each step, and where gradients flow back.
import { avgPool2dBackward, maxPool2dValues, maxPool2dBackward, avgPool2d } from '../engine/pool';
import { poolSteps } from '../engine/steps';
import { tensor } from '../engine/tensor';
import type { Matrix, PoolingScene, PoolSettings } from '../contract/viewModels';
import { animatedSteps } from './convolutionScene';

/** Pools `input` with the engine and lists every step; throws ShapeError with the reason when it cannot. */
export function buildPoolingScene(title: string, input: Matrix, settings: PoolSettings): PoolingScene {
  const x = tensor([1, 1, input.rows, input.cols], input.data);
  const options = {
    kernelSize: settings.kernel,
    stride: settings.stride,
    padding: settings.padding,
    ceilMode: settings.ceilMode ?? false,
  };
  const y = settings.mode === 'max' ? maxPool2dValues(x, options) : avgPool2d(x, options);
  const [, , oh, ow] = y.shape as [number, number, number, number];
  const ones = tensor(y.shape, new Array<number>(oh * ow).fill(1));
  const dx = settings.mode === 'max' ? maxPool2dBackward(x, ones, options) : avgPool2dBackward(x, ones, options);
  const { steps, summary } = animatedSteps(
    poolSteps(tensor([input.rows, input.cols], input.data), settings.mode, options),
    oh * ow,
  );
  return {
    kind: 'pooling',
    title,
    input,
    settings,
    steps,
    ...(summary ? { summary } : {}),
    output: { rows: oh, cols: ow, data: Array.from(y.data) },
    gradient: { rows: input.rows, cols: input.cols, data: Array.from(dx.data) },
  };
}
