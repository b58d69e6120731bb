// Builds the receptive-field scene: the region one output unit sees at every level of each stack, from the engine.
import { receptiveRegions } from '../engine/receptiveField';
import type { GraphModel, TracedNode } from '../analysis/graphTrace';
import { receptiveField } from '../engine/shapes';
import { ShapeError } from '../engine/tensor';
import { spatialOf, windowPadding } from '../engine/layout';
import type { ReceptiveFieldScene, RfLayerSpec, RfStack, RfStackScene } from '../contract/viewModels';
import * as l10n from '../l10n';

/** The two stacks of the classic comparison: two 3×3 convs and one 5×5, on a 9×9 input (names in the display language). */
export function twoThreeByThreeVsFiveByFive(): RfStack[] {
  const conv = (k: number): RfLayerSpec => ({
    name: l10n.t('conv {0}×{0}', k),
    kernel: k,
    stride: 1,
    padding: 0,
    dilation: 1,
  });
  return [
    { name: l10n.t('two 3×3 convs'), layers: [conv(3), conv(3)] },
    { name: l10n.t('one 5×5 conv'), layers: [conv(5)] },
  ];
}

/**
 * Lights up unit (row, col) of the first stack's output; the other stacks show the unit whose field starts at the same
 * input position (clamped to their output), so equal fields line up.
 */
export function buildReceptiveFieldScene(
  title: string,
  inputSize: number,
  stacks: readonly RfStack[],
  unit: { row: number; col: number },
): ReceptiveFieldScene {
  if (stacks.length === 0) throw new ShapeError(l10n.t('no layers to trace'));
  const first = receptiveRegions(inputSize, inputSize, stacks[0]!.layers, unit.row, unit.col);
  const anchor = first[0]!.region;
  const scenes = stacks.map((stack, i): RfStackScene => {
    const rf = receptiveField(stack.layers);
    let levels = first;
    if (i > 0) {
      const probe = receptiveRegions(inputSize, inputSize, stack.layers, 0, 0);
      const out = probe[probe.length - 1]!;
      const pick = (start: number, size: number): number =>
        Math.max(0, Math.min(size - 1, Math.round((start - rf.start) / rf.jump)));
      levels = receptiveRegions(
        inputSize,
        inputSize,
        stack.layers,
        pick(anchor.top, out.rows),
        pick(anchor.left, out.cols),
      );
    }
    return {
      name: stack.name,
      layers: stack.layers,
      levels,
      fieldSize: rf.size,
      weights: stack.layers.reduce((sum, l) => sum + l.kernel * l.kernel, 0),
    };
  });
  return { kind: 'receptiveField', title, inputSize, unit, stacks: scenes };
}

/** The node whose output is the model's (the last one with the model's receptive field and output shape). */
function outputNode(model: GraphModel): TracedNode | undefined {
  const same = (a: readonly number[], b: readonly number[] | null): boolean =>
    b !== null && a.length === b.length && a.every((d, i) => d === b[i]);
  const rf = model.receptiveField;
  for (let k = model.nodes.length - 1; k >= 0; k--) {
    const n = model.nodes[k]!;
    if (same(n.outputShape, model.output) && (!rf || n.receptiveField.rows.size === rf.rows.size)) return n;
  }
  return model.nodes[model.nodes.length - 1];
}

/** The nodes from the input to `end` along the inputs with the largest receptive field (the path that sees the most). */
function widestPath(model: GraphModel, end: TracedNode): TracedNode[] {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const path: TracedNode[] = [];
  const seen = new Set<number>();
  for (let n: TracedNode | undefined = end; n && !seen.has(n.id);) {
    seen.add(n.id);
    path.push(n);
    let widest: TracedNode | undefined;
    for (const id of n.inputs) {
      const x = byId.get(id);
      if (x && (!widest || x.receptiveField.rows.size > widest.receptiveField.rows.size)) widest = x;
    }
    n = widest;
  }
  return path.reverse();
}

/**
 * A traced model's conv and pooling layers as a receptive-field stack: along the path to its output that sees the most,
 * up to the first node that leaves the 2-D feature map or resizes it without a window; `outputSize` is the last one's.
 */
export function modelRfStack(model: GraphModel): { inputSize: number; outputSize: number; stack: RfStack } | undefined {
  const framework = model.framework;
  const inputSize = spatialOf(model.input.shape, framework)?.h;
  const end = outputNode(model);
  if (inputSize === undefined || !end) return undefined;
  const layers: RfLayerSpec[] = [];
  let outputSize = inputSize;
  for (const node of widestPath(model, end)) {
    const input = spatialOf(node.inputShapes[0] ?? [], framework);
    const output = spatialOf(node.outputShape, framework);
    if (!input || !output) break;
    const layer = node.layer;
    const window = layer?.definition.slidingWindow?.(layer.attrs);
    if (window && window.op !== 'convTranspose') {
      // The trace's own padding rule (Keras "same" depends on the input size); its top padding is the field's offset.
      const [padding] = windowPadding(window, framework, input.h, input.w);
      layers.push({
        name: (node.path || node.typeName).slice(0, 60),
        kernel: window.kernel[0],
        stride: window.stride[0],
        padding,
        dilation: window.dilation[0],
      });
      outputSize = output.h;
    } else if (output.h !== input.h || output.w !== input.w) {
      break;
    }
  }
  return layers.length ? { inputSize, outputSize, stack: { name: model.name, layers } } : undefined;
}
