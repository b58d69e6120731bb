// Builds the receptive-field scene: the region one output unit sees at every level of each stack, from the engine.
import { receptiveRegions } from '../engine/receptiveField';
import type { TracedModel } from '../analysis/modelTrace';
import { receptiveField } from '../engine/shapes';
import { ShapeError } from '../engine/tensor';
import { paddingFor, spatialOf } from '../engine/trace';
import type { ReceptiveFieldScene, RfLayerSpec, RfStack, RfStackScene } from '../contract/viewModels';
import * as l10n from '../l10n';

/** The two stacks of the classic comparison: two 3×3 convs and one 5×5, on a 9×9 input (names in the display language). */
export function twoThreeByThreeVsFiveByFive(): RfStack[] {
  const conv = (k: number): RfLayerSpec => ({ name: l10n.t('conv {0}×{0}', k), kernel: k, stride: 1, padding: 0, dilation: 1 });
  return [
    { name: l10n.t('two 3×3 convs'), layers: [conv(3), conv(3)] },
    { name: l10n.t('one 5×5 conv'), layers: [conv(5)] },
  ];
}

/**
 * Lights up unit (row, col) of the first stack's output; the other stacks show the unit whose field starts at the same
 * input position (clamped to their output), so equal fields line up.
 */
export function buildReceptiveFieldScene(title: string, inputSize: number, stacks: readonly RfStack[], unit: { row: number; col: number }): ReceptiveFieldScene {
  if (stacks.length === 0) throw new ShapeError(l10n.t('no layers to trace'));
  const first = receptiveRegions(inputSize, inputSize, stacks[0]!.layers, unit.row, unit.col);
  const anchor = first[0]!.region;
  const scenes = stacks.map((stack, i): RfStackScene => {
    const rf = receptiveField(stack.layers);
    let levels = first;
    if (i > 0) {
      const probe = receptiveRegions(inputSize, inputSize, stack.layers, 0, 0);
      const out = probe[probe.length - 1]!;
      const pick = (start: number, size: number): number => Math.max(0, Math.min(size - 1, Math.round((start - rf.start) / rf.jump)));
      levels = receptiveRegions(inputSize, inputSize, stack.layers, pick(anchor.top, out.rows), pick(anchor.left, out.cols));
    }
    return { name: stack.name, layers: stack.layers, levels, fieldSize: rf.size, weights: stack.layers.reduce((sum, l) => sum + l.kernel * l.kernel, 0) };
  });
  return { kind: 'receptiveField', title, inputSize, unit, stacks: scenes };
}

/** A traced model's spatial layers as a receptive-field stack, up to the first layer that mixes all positions; `outputSize` is the last one's. */
export function modelRfStack(model: TracedModel): { inputSize: number; outputSize: number; stack: RfStack } | undefined {
  const framework = model.model.framework;
  const sizeOf = (shape: readonly number[]): number | undefined => spatialOf(shape, framework)?.h;
  const inputSize = sizeOf(model.input.shape);
  if (inputSize === undefined) return undefined;
  const layers: RfLayerSpec[] = [];
  let outputSize = inputSize;
  for (let i = 0; i < model.model.layers.length && model.trace.layers[i]; i++) {
    const spec = model.model.layers[i]!.spec;
    const input = spatialOf(i === 0 ? model.input.shape : model.trace.layers[i - 1]!.outputShape, framework);
    if (!input) break;
    if (spec.kind === 'conv2d' || spec.kind === 'depthwiseConv2d' || spec.kind === 'separableConv2d' || spec.kind === 'maxPool2d' || spec.kind === 'avgPool2d') {
      // The trace's own padding rule (Keras "same" depends on the input size); its top padding is the field's offset.
      const [padding] = paddingFor(spec.padding, framework, input, spec.kernel, spec.stride, spec.dilation);
      layers.push({ name: model.model.layers[i]!.label.slice(0, 60), kernel: spec.kernel[0], stride: spec.stride[0], padding, dilation: spec.dilation[0] });
      outputSize = sizeOf(model.trace.layers[i]!.outputShape) ?? outputSize;
    } else if (spec.kind !== 'batchNorm2d' && spec.kind !== 'elementwise') {
      break;
    }
  }
  return layers.length ? { inputSize, outputSize, stack: { name: model.model.name, layers } } : undefined;
}
