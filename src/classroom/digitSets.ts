// The shipped digits fitted to a model's input (C × H × W): training and held-out sets for trainNet.
import { digitToInput } from '../engine/net/imageFit';
import type { LabelledSet } from '../engine/net/trainNet';
import type { DigitSet } from './digits';

function fit(set: DigitSet, inputShape: readonly number[]): LabelledSet {
  const [, c = 1, h = set.side, w = set.side] = inputShape;
  return { inputs: set.images.map((img) => digitToInput(img, set.side, c, h, w)), labels: set.labels };
}

/** Both sets for a model taking `inputShape` (N × C × H × W). */
export function digitSets(
  digits: { train: DigitSet; test: DigitSet },
  inputShape: readonly number[],
): { train: LabelledSet; test: LabelledSet } {
  return { train: fit(digits.train, inputShape), test: fit(digits.test, inputShape) };
}
