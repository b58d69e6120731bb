// Number formatting shared by CodeLens, hovers, the shape trace and the CLI: counts, MACs, shapes and table values.
import { strict as assert } from 'node:assert';
import { afterEach, test } from 'node:test';
import {
  describeShape,
  formatCount,
  formatMacs,
  formatShape,
  formatValue,
  setNumberFormat,
} from '../../src/report/format';

const DEFAULT_FORMAT = { thousandsSeparator: true, precision: 4 };
afterEach(() => setNumberFormat(DEFAULT_FORMAT));

test('counts carry thousands separators unless the setting turns them off', () => {
  assert.equal(formatCount(61_706), '61,706');
  assert.equal(formatCount(8_589_934_592), '8,589,934,592');
  assert.equal(formatCount(999), '999');
  assert.equal(formatCount(0), '0');
  setNumberFormat({ ...DEFAULT_FORMAT, thousandsSeparator: false });
  assert.equal(formatCount(61_706), '61706');
});

test('MACs switch unit at 1,000 (K), 100,000 (M, from 0.10) and 10⁹ (G)', () => {
  assert.equal(formatMacs(0), '0');
  assert.equal(formatMacs(999), '999');
  assert.equal(formatMacs(1_000), '1.0 K');
  assert.equal(formatMacs(12_345), '12.3 K');
  assert.equal(formatMacs(100_000), '0.10 M');
  assert.equal(formatMacs(421_248), '0.42 M');
  assert.equal(formatMacs(653_600), '0.65 M');
  assert.equal(formatMacs(5_603_328), '5.60 M');
  assert.equal(formatMacs(1_000_000_000), '1.00 G');
  assert.equal(formatMacs(1.2e9), '1.20 G');
});

test('MACs do not depend on the thousands-separator setting', () => {
  setNumberFormat({ ...DEFAULT_FORMAT, thousandsSeparator: false });
  assert.equal(formatMacs(421_248), '0.42 M');
});

test("a literal's shape in words: vector, matrix, tensor", () => {
  assert.equal(describeShape([3]), 'vector of 3');
  assert.equal(describeShape([3, 4]), '3×4 matrix');
  assert.equal(describeShape([1, 2, 2]), '1×2×2 tensor');
  assert.equal(formatShape([1, 3, 32, 32]), '1×3×32×32');
});

test('table values: integers as written, other numbers to the configured significant digits', () => {
  assert.equal(formatValue(-4), '-4');
  assert.equal(formatValue(1 / 3), '0.3333');
  assert.equal(formatValue(2.5), '2.5');
  assert.equal(formatValue(123_456.789), '123500');
  assert.equal(formatValue(1e-7 / 3), '3.333e-8');
  setNumberFormat({ ...DEFAULT_FORMAT, precision: 2 });
  assert.equal(formatValue(1 / 3), '0.33');
  assert.equal(formatValue(0.125), '0.13');
});
