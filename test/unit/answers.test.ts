// The answer checker: exercises found statically, answers compared with the engine, differences explained cell by cell.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findExercises } from '../../src/analysis/exercises';
import { findLiterals } from '../../src/analysis/literals';
import { traceGraphs } from '../../src/analysis/graphTrace';
import { checkExercises } from '../../src/classroom/answers';

const sample = readFileSync(join(__dirname, '..', '..', 'samples', '12_exercises.py'), 'utf8');

function check(text: string): ReturnType<typeof checkExercises> {
  const literals = findLiterals(text, 'python');
  return checkExercises(findExercises(text, literals), {
    literals,
    models: traceGraphs(text, { defaultInputShape: [1, 3, 32, 32] }),
  });
}

/** The sample with answer `n` replaced. */
function answer(n: number, value: string): string {
  return sample.replace(`answer_${n} = None`, `answer_${n} = ${value}`);
}

test("the sample's seven exercises start unanswered", () => {
  const results = check(sample);
  assert.equal(results.length, 7);
  assert.deepEqual(
    results.map((r) => r.status),
    new Array(7).fill('unanswered'),
  );
});

test('right answers are accepted, for arrays, numbers and shapes', () => {
  const text = [
    [1, '[[0, 1, 0], [2, -4, 0], [0, 1, 3]]'],
    [2, '[[0, 0], [0, 3]]'],
    [3, '[[4, 3], [3, 5]]'],
    [4, '[[0, 0, 0, 1], [1, 0, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]]'],
    [5, '16'],
    [6, '1248'],
    [7, '(1, 16, 11, 11)'],
  ].reduce((t, [n, v]) => t.replace(`answer_${n} = None`, `answer_${n} = ${v}`), sample);
  const results = check(text);
  assert.deepEqual(
    results.map((r) => r.status),
    new Array(7).fill('correct'),
    JSON.stringify(
      results.filter((r) => r.status !== 'correct'),
      null,
      1,
    ),
  );
  assert.equal(results[0]!.summary, '✓ correct: all 9 values match');
});

test('a wrong cell is named with the expected value and the products that give it', () => {
  const [first] = check(answer(1, '[[0, 1, 0], [2, 4, 0], [0, 1, 3]]'));
  assert.equal(first!.status, 'wrong');
  assert.equal(first!.summary, '✗ 1 of 9 values differ');
  assert.deepEqual(first!.details, ['(1, 1) should be -4, you wrote 4 = 1·1 + 1·0 + 2·0 + 5·-1']);
  assert.equal(
    first!.range.start.line,
    sample.split('\n').findIndex((l) => l.startsWith('answer_1')),
  );
});

test('a wrong shape is explained with the output-size formula; numbers get their formula', () => {
  const [first] = check(answer(1, '[[0, 1], [2, -4]]'));
  assert.equal(first!.summary, '✗ your answer is 2×2, the result is 3×3');
  assert.deepEqual(first!.details, ['H_out = ⌊(4 + 2·0 − 1·(2 − 1) − 1)/1⌋ + 1 = 3']);
  const fifth = check(answer(5, '15'))[4]!;
  assert.equal(fifth.summary, '✗ you wrote 15; it is 16');
  assert.deepEqual(fifth.details, ['⌊(32 + 2·2 − 1·(5 − 1) − 1)/2⌋ + 1 = 16']);
});

test('max-pool backward explains where the gradient goes; unknown operations and names are reported, not thrown', () => {
  const fourth = check(answer(4, '[[1, 0, 0, 1], [1, 0, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]]'))[3]!;
  assert.equal(fourth.status, 'wrong');
  assert.deepEqual(fourth.details, ['(0, 0) should be 0, you wrote 1 (not the max of any window: no gradient)']);
  const odd = check(
    'x = [[1, 2], [3, 4]]\n# convlens: check fft(x)\na = 1\n# convlens: check conv2d(x, nope)\nb = [[1]]\n# convlens: check output_size(8, kernel=3)\nc = "eight"\n',
  );
  assert.deepEqual(
    odd.map((r) => r.status),
    ['invalid', 'invalid', 'invalid'],
  );
  assert.match(odd[0]!.summary, /cannot check fft\(x\): ConvLens cannot check fft\(\); it knows conv2d/);
  assert.match(odd[1]!.summary, /no array literal named nope/);
  assert.equal(odd[2]!.summary, 'ConvLens reads answers written as numbers or array literals, not ""eight""');
});

test('settings that would allocate huge tensors, or that have no output size, are refused with a reason', () => {
  const results = check(
    'x = [[1, 2], [3, 4]]\nk = [[1]]\n# convlens: check conv2d(x, k, padding=5000)\na = [[1]]\n# convlens: check max_pool2d(x, 100000)\nb = [[1]]\n# convlens: check output_size(32, kernel=3, stride=0)\nc = 1\n# convlens: check output_size(100000, kernel=3, padding=1)\nd = 100000\n',
  );
  assert.deepEqual(
    results.map((r) => r.status),
    ['invalid', 'invalid', 'invalid', 'correct'],
  );
  assert.match(results[0]!.summary, /padding must be between 0 and 64, got 5000/);
  assert.match(results[2]!.summary, /stride must be between 1 and \d+, got 0/);
});
