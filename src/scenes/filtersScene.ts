// Builds the filter panel's scene from a trained digit network: gradient-ascent images, kernels and feature maps.
import { CONV1_FILTERS, CONV2_FILTERS } from '../contract/digitNetShape';
import { ascendAll, featureMaps } from '../classroom/filterAscent';
import type { FilterNetwork, FiltersScene, FilterStep, Matrix } from '../contract/viewModels';
import { ShapeError } from '../engine/tensor';
import * as l10n from '../l10n';

function planes(data: ArrayLike<number>, depth: number, rows: number, cols: number): Matrix {
  return { rows, cols, depth, data: Array.from(data) };
}

/** A cheap fingerprint of the weights: switching digits must not redo the ascent, which only depends on the weights. */
function fingerprint(network: FilterNetwork): string {
  let h = 0;
  for (const key of ['conv1', 'conv2', 'fc'] as const)
    network.weights[key].forEach((v, i) => (h = (h * 31 + Math.round(v * 1e6) + i) % 2147483647));
  return `${network.side}:${h}`;
}

let lastAscent: { key: string; result: ReturnType<typeof ascendAll> } | undefined;

/** Runs the ascent for every filter (remembered for the last network) and the forward pass of sample `sample`. */
export function buildFiltersScene(title: string, network: FilterNetwork, sample: number): FiltersScene {
  const { side, weights } = network;
  const count = network.samples.depth ?? 1;
  if (!Number.isInteger(sample) || sample < 0 || sample >= count)
    throw new ShapeError(l10n.t('sample {0} is not one of the {1} digits', sample, count));
  const image = Float64Array.from(network.samples.data.slice(sample * side * side, (sample + 1) * side * side));
  const key = fingerprint(network);
  if (lastAscent?.key !== key) lastAscent = { key, result: ascendAll(weights, side) };
  const ascent = lastAscent.result;
  const raw = featureMaps(weights, image, side);
  const asPlanes = (t: { shape: readonly number[]; data: ArrayLike<number> }): Matrix =>
    planes(t.data, t.shape[1]!, t.shape[2]!, t.shape[3]!);
  const maps = { maps1: asPlanes(raw.maps1), maps2: asPlanes(raw.maps2), probabilities: raw.probabilities };
  const peak = (m: Matrix, f: number): number =>
    Math.max(...m.data.slice(f * m.rows * m.cols, (f + 1) * m.rows * m.cols));
  const steps: FilterStep[] = [
    ...ascent.layer1.map((r, filter) => ({
      layer: 1 as const,
      filter,
      before: r.before,
      after: r.after,
      peak: peak(maps.maps1, filter),
    })),
    ...ascent.layer2.map((r, filter) => ({
      layer: 2 as const,
      filter,
      before: r.before,
      after: r.after,
      peak: peak(maps.maps2, filter),
    })),
  ];
  const flat = (results: { image: Float64Array }[]): number[] => results.flatMap((r) => Array.from(r.image));
  return {
    kind: 'filters',
    title,
    network,
    sample,
    steps,
    probabilities: maps.probabilities,
    kernels1: planes(weights.conv1, CONV1_FILTERS, 5, 5),
    ascent1: planes(flat(ascent.layer1), CONV1_FILTERS, side, side),
    ascent2: planes(flat(ascent.layer2), CONV2_FILTERS, side, side),
    maps1: maps.maps1,
    maps2: maps.maps2,
  };
}
