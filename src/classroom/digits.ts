// Reads the packed handwritten digits (dist/data/digits.bin, from the `mnist` package) into train and test sets.
import { ShapeError } from '../engine/tensor';
import * as l10n from '../l10n';

/** Images (each side × side, values 0–1) with their labels. */
export interface DigitSet {
  readonly side: number;
  readonly images: readonly Float64Array[];
  readonly labels: readonly number[];
}

/** How many of each digit are held out for measuring accuracy. */
export const TEST_PER_DIGIT = 20;

/** Parses the file; the last TEST_PER_DIGIT samples of each digit form the test set. */
export function readDigits(bytes: Uint8Array): { train: DigitSet; test: DigitSet } {
  if (bytes.length < 8 || String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!) !== 'CLD1')
    throw new ShapeError(l10n.t('not a ConvLens digits file (expected the CLD1 header)'));
  const side = bytes[4]!;
  const perDigit = bytes[5]!;
  const pixels = side * side;
  if (bytes.length !== 8 + (10 * perDigit * pixels) / 2 || perDigit <= TEST_PER_DIGIT)
    throw new ShapeError(l10n.t('the digits file is {0} bytes, not what its header describes', bytes.length));
  const train = { side, images: [] as Float64Array[], labels: [] as number[] };
  const test = { side, images: [] as Float64Array[], labels: [] as number[] };
  let offset = 8;
  for (let digit = 0; digit < 10; digit++) {
    for (let k = 0; k < perDigit; k++) {
      const image = new Float64Array(pixels);
      for (let i = 0; i < pixels; i += 2) {
        const byte = bytes[offset++]!;
        image[i] = (byte >> 4) / 15;
        image[i + 1] = (byte & 15) / 15;
      }
      const set = k < perDigit - TEST_PER_DIGIT ? train : test;
      set.images.push(image);
      set.labels.push(digit);
    }
  }
  return { train, test };
}
