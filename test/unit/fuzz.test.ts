// A short fuzz campaign in every `npm test`: each target on a few hundred random inputs (`npm run fuzz` runs long ones).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TARGETS } from '../fuzz/fuzzTargets';

for (const target of TARGETS) {
  test(`fuzz: ${target.name} never throws anything but a clear ShapeError, never takes > 100 ms`, () => {
    const r = target.check(300);
    assert.ok(!r.failed, r.report);
  });
}
