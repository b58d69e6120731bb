// The literal scanner: wrappers, languages, constant arithmetic, and everything that must not count as a literal.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { findLiterals, type LiteralResult } from '../../src/analysis/literals';

const shapes = (r: LiteralResult[]): string[] =>
  r.map((l) => (l.ok ? `${l.range.start.line}:${l.shape.join('x')}` : `${l.range.start.line}:error`));

test('Python wrappers and keywords: np.array, torch.tensor, tf.constant with dtype=', () => {
  const src =
    'a = np.asarray([[1, 2], [3, 4]], dtype=np.float32)\nb = torch.Tensor([[1.5e0, -2]])\nc = tf.constant([[[1], [2]]], dtype=tf.float32)\n';
  const r = findLiterals(src, 'python');
  assert.deepEqual(shapes(r), ['0:2x2', '1:1x2', '2:1x2x1']);
  assert.equal(r[0]!.ok && r[0]!.wrapper, 'np.asarray');
  assert.equal(r[1]!.ok && r[1]!.name, 'b');
});

test('constant arithmetic: 1/16, -(2*3), 2**3, -2**2, 7//2, parentheses', () => {
  const r = findLiterals('k = [[1/16, -(2*3)], [2**3, -2**2], [7//2, (1+1)*3]]\n', 'python');
  assert.ok(r[0]!.ok);
  assert.deepEqual(r[0]!.ok && r[0]!.data, [0.0625, -6, 8, -4, 3, 6]);
});

test('Python booleans count as 0/1 (bool is an int subclass); tuples inside lists are rows', () => {
  const r = findLiterals('mask = [[True, False], (0, 1)]\n', 'python');
  assert.deepEqual(r[0]!.ok && r[0]!.data, [1, 0, 0, 1]);
});

test('never inside strings, comments, docstrings, indexing, slices, comprehensions or annotations', () => {
  const src = [
    '"""Docstring: [[1, 2], [3, 4]]"""',
    "s = f'{[1, 2]}'",
    '# [[9, 9]]',
    'v = a[0][1] + b[1:3] + c[:, [0, 1]]',
    'g = [[0] * 3 for _ in range(3)]',
    'def f(x: list[int] = None) -> List[float]: ...',
    "names = ['a', 'b']",
    'empty = [[], []]',
  ].join('\n');
  assert.deepEqual(findLiterals(src, 'python'), []);
});

test('JavaScript: nested arrays, Float32Array, regex and template strings ignored', () => {
  const src =
    'const k = [[1, 0], [0, -1]];\nconst t = new Float32Array([1, 2, 3]);\nconst re = /[1, 2]/g;\nconst s = `${[1]} [[1,2]]`;\nconst idx = m[0];\n';
  const r = findLiterals(src, 'js');
  assert.deepEqual(shapes(r), ['0:2x2', '1:3']);
  assert.equal(r[1]!.ok && r[1]!.wrapper, 'Float32Array');
});

test('JSON: nested inside objects and arrays of objects', () => {
  const r = findLiterals('{"layers": [{"w": [[1, 2], [3, 4]]}], "b": [0.5, 1e-3]}', 'json');
  assert.deepEqual(shapes(r), ['0:2x2', '0:2']);
  assert.equal(r[0]!.ok && r[0]!.name, 'w');
});

test('a table holding a string or None is no literal, and neither is any row of it', () => {
  const src = "t = [[1, 2], [3, 'x']]\nu = np.array([[1.5, None], [2, 3]])\nv = [f(1), [3, 4]]\n";
  assert.deepEqual(shapes(findLiterals(src, 'python')), ['2:2']);
  assert.deepEqual(shapes(findLiterals('const t = [[1, 2], [3, "x"]];\nconst n = [[1, null]];\n', 'js')), []);
  assert.deepEqual(shapes(findLiterals('{"bad": [[1, 2], [3, "x"]], "ok": [[1, 2]]}', 'json')), ['0:1x2']);
});

test('JSONC through jsonc-parser: comments, trailing commas, JSON Lines, keys as names, strings never read', () => {
  const src =
    '{\n  // [[9, 9]]\n  "kernel": [[1, 0,], [0, 1],], /* [1] */\n  "note": "[[1, 2]]",\n  "x": [-1.5e1, 2]\n}\n';
  const r = findLiterals(src, 'json');
  assert.deepEqual(shapes(r), ['2:2x2', '4:2']);
  assert.equal(r[0]!.ok && r[0]!.name, 'kernel');
  assert.deepEqual(r[1]!.ok && r[1]!.data, [-15, 2]);
  assert.deepEqual(r[0]!.range, { start: { line: 2, character: 12 }, end: { line: 2, character: 30 } });
  assert.deepEqual(shapes(findLiterals('[1, 2]\n[[3], [4]]\n', 'json')), ['0:2', '1:2x1']);
  assert.deepEqual(shapes(findLiterals('{"a": [[1, 2], [true, 3]], "b": [[1], [2, 3]]}', 'json')), ['0:error']);
});

test('ragged and mixed-depth lists are errors that say which row', () => {
  const r = findLiterals('bad = [[1, 2, 3], [4, 5]]\nmix = [[1, 2], 3]\n', 'python');
  assert.deepEqual(shapes(r), ['0:error', '1:error']);
  assert.match(!r[0]!.ok ? r[0]!.message : '', /row \[1\] has 2 items but row \[0\] has 3 items/);
});

test('a literal over the element limit is reported as not read, not as a mistake', () => {
  const [r] = findLiterals('big = [[1, 2, 3], [4, 5, 6]]\n', 'python', { maxElements: 5 });
  assert.ok(r && !r.ok && r.reason === 'tooLarge');
  assert.match(r.message, /more than 5 elements/);
  const [ragged] = findLiterals('bad = [[1], [2, 3]]\n', 'python');
  assert.ok(ragged && !ragged.ok && ragged.reason === 'ragged');
});

test('ranges are VS Code positions of the brackets', () => {
  const r = findLiterals('x = 1\nw = [[2, 1],\n     [0, 3]]\n', 'python');
  assert.deepEqual(r[0]!.range, { start: { line: 1, character: 4 }, end: { line: 2, character: 12 } });
});

test('random, truncated and deeply nested input never throws', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 300 }),
      fc.constantFrom('python' as const, 'js' as const, 'json' as const),
      (s, fam) => {
        findLiterals(s, fam);
      },
    ),
    { numRuns: 2000 },
  );
  const deep = '['.repeat(10_000) + '1' + ']'.repeat(10_000);
  for (const fam of ['python', 'js', 'json'] as const) {
    const started = Date.now();
    findLiterals(deep, fam);
    findLiterals(deep.slice(0, 12_345), fam);
    // Measured at 40–170 ms per language; only a gross regression (over 10×) fails, so a slow 2-core CI passes.
    assert.ok(Date.now() - started < 2000, 'deep nesting took too long');
  }
});
