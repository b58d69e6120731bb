// The digit network's layer sizes and weight layout: plain data, shared by the trainer, the panel contract and the panel.
import { isFields, isFiniteNumbers } from './guards';

/** Channels of the two conv layers. */
export const CONV1_FILTERS = 6;
export const CONV2_FILTERS = 8;

/** The weights, as plain arrays so they can be cached as JSON and sent to a panel. */
export interface DigitNetWeights {
  readonly conv1: number[];
  readonly bias1: number[];
  readonly conv2: number[];
  readonly bias2: number[];
  readonly fc: number[];
  readonly biasFc: number[];
}

/** Shapes of the layers for a side × side input. */
export function netShapes(side: number): { conv1: number[]; conv2: number[]; fc: number[]; flat: number } {
  const afterPool1 = Math.floor((side - 4) / 2);
  const afterPool2 = Math.floor((afterPool1 - 2) / 2);
  const flat = CONV2_FILTERS * afterPool2 * afterPool2;
  return { conv1: [CONV1_FILTERS, 1, 5, 5], conv2: [CONV2_FILTERS, CONV1_FILTERS, 3, 3], fc: [10, flat], flat };
}

/** How many numbers each weight array holds for a side × side input (to validate cached or received weights). */
export function weightLengths(side: number): Record<keyof DigitNetWeights, number> {
  const s = netShapes(side);
  const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
  return {
    conv1: size(s.conv1),
    bias1: CONV1_FILTERS,
    conv2: size(s.conv2),
    bias2: CONV2_FILTERS,
    fc: size(s.fc),
    biasFc: 10,
  };
}

/** Weights whose arrays all have the right lengths for a side × side input and finite values. */
export function isDigitNetWeights(raw: unknown, side: number): raw is DigitNetWeights {
  if (!isFields(raw)) return false;
  return Object.entries(weightLengths(side)).every(
    ([key, length]) => isFiniteNumbers(raw[key]) && raw[key].length === length,
  );
}

/** The weights, when they are valid for a side × side input (cached or received JSON), or undefined. */
export function checkWeights(raw: unknown, side: number): DigitNetWeights | undefined {
  return isDigitNetWeights(raw, side) ? raw : undefined;
}
