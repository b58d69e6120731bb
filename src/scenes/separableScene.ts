// Builds the depthwise-separable vs standard convolution scene: who reads what, and the engine's parameter and MAC counts.
import { depthwiseSeparableCost } from '../engine/shapes';
import { ShapeError } from '../engine/tensor';
import type { SeparableScene, SeparableSettings, SeparableStep } from '../contract/viewModels';
import * as l10n from '../l10n';

/** At most this many channels per pipeline are animated (the counts always cover all of them). */
export const SHOWN_CHANNELS = 8;

/** Standard: each output channel reads every input plane; depthwise: plane c alone; pointwise: 1×1 over all planes. */
export function buildSeparableScene(title: string, settings: SeparableSettings): SeparableScene {
  const { inChannels: cin, outChannels: cout, kernel: k, size } = settings;
  for (const [name, v] of Object.entries<number>({ ...settings }))
    if (!Number.isInteger(v) || v < 1) throw new ShapeError(l10n.t('{0} must be a positive integer, got {1}', name, v));
  const { standard, separable } = depthwiseSeparableCost(cin, cout, k, size, size);
  const all = Array.from({ length: cin }, (_, c) => c);
  const steps: SeparableStep[] = [];
  for (let j = 0; j < Math.min(cout, SHOWN_CHANNELS); j++)
    steps.push({ pipeline: 'standard', channel: j, reads: all, weights: cin * k * k });
  for (let c = 0; c < Math.min(cin, SHOWN_CHANNELS); c++)
    steps.push({ pipeline: 'depthwise', channel: c, reads: [c], weights: k * k });
  for (let j = 0; j < Math.min(cout, SHOWN_CHANNELS); j++)
    steps.push({ pipeline: 'pointwise', channel: j, reads: all, weights: cin });
  const depthwiseParams = cin * k * k;
  const pointwiseParams = cin * cout;
  return {
    kind: 'separable',
    title,
    settings,
    standard,
    separable,
    steps,
    depthwise: { params: depthwiseParams, macs: depthwiseParams * size * size },
    pointwise: { params: pointwiseParams, macs: pointwiseParams * size * size },
  };
}
