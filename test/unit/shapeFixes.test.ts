// Merge and layer diagnostics with their quick fixes: each fix, applied to the text, must make the model trace completely
// with PyTorch's parameter count for the fixed source (fixtures/brokenTruth.py runs both versions in PyTorch).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { traceGraphs, type GraphModel } from '../../src/analysis/graphTrace';
import { applyEdits, shapeFixes, type FixAction } from '../../src/analysis/shapeFixes';

interface Truth {
  readonly expr: string;
  readonly input: number[];
  readonly error: string;
  readonly fixed?: { readonly total: number; readonly output: number[] };
}

const dir = join(__dirname, '..', '..', 'test', 'unit', 'fixtures', 'broken');
const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Record<string, Truth>;
const source = (name: string, fixed = false): string =>
  readFileSync(join(dir, `${name}${fixed ? '.fixed' : ''}.py`), 'utf8');

function trace(text: string, t: Truth): GraphModel {
  const [m] = traceGraphs(text, { defaultInputShape: [1, 3, 32, 32], inputOverride: t.input, modelExpression: t.expr });
  assert(m);
  return m;
}

/** The fixes ConvLens offers, applied one after another (a second problem shows once the first is fixed). */
function fixAll(name: string): { text: string; actions: FixAction[]; stops: string[] } {
  const t = truth[name]!;
  let text = source(name);
  const actions: FixAction[] = [];
  const stops: string[] = [];
  for (let k = 0; k < 3; k++) {
    const m = trace(text, t);
    if (m.complete) break;
    stops.push(m.stop!.message);
    const options = { defaultInputShape: [1, 3, 32, 32], inputOverride: t.input, modelExpression: t.expr };
    const [fix] = shapeFixes(text, m, options);
    if (!fix) break;
    actions.push(fix.action);
    text = applyEdits(text, fix.edits);
  }
  return { text, actions, stops };
}

const EXPECTED: Record<string, { actions: FixAction[]; message: RegExp }> = {
  residual_stride2: {
    actions: [{ kind: 'shortcut', stride: 2, inChannels: 64, outChannels: 128 }],
    message:
      /^out \(1×128×16×16\) \+ x \(1×64×32×32\) do not match: channels 128 vs 64, size 16×16 vs 32×32 \(line 17\)$/,
  },
  residual_blocks: {
    actions: [{ kind: 'shortcut', stride: 2, inChannels: 64, outChannels: 128 }],
    message: /^out \(1×128×16×16\) \+ x \(1×64×32×32\) do not match/,
  },
  residual_padding: {
    actions: [{ kind: 'padding', layer: 'conv2', padding: 1 }],
    message: /^out \(1×64×30×30\) \+ x \(1×64×32×32\) do not match: size 30×30 vs 32×32/,
  },
  cat_padding: {
    actions: [{ kind: 'padding', layer: 'b', padding: 1 }],
    message: /^cat along dimension 1: right \(1×16×30×30\) and left \(1×16×32×32\) differ in size 30×30 vs 32×32/,
  },
  channels_after_block: {
    actions: [
      { kind: 'argument', argument: 'in_channels', value: 64 },
      { kind: 'argument', argument: 'in_features', value: 12544 },
    ],
    message: /^Conv2d expects 32 input channels, gets 64 \(input 1×64×16×16\); the input comes from b2 \(Block\)$/,
  },
  residual_widen: {
    actions: [{ kind: 'shortcut', stride: 1, inChannels: 64, outChannels: 128 }],
    message: /^self\.conv\(x\) \(1×128×32×32\) \+ x \(1×64×32×32\) do not match: channels 128 vs 64/,
  },
};

for (const [name, want] of Object.entries(EXPECTED)) {
  test(`${name}: named in the message, fixed by ${want.actions.map((a) => a.kind).join(' + ')}, then PyTorch's numbers`, () => {
    const t = truth[name]!;
    const { text, actions, stops } = fixAll(name);
    assert.match(stops[0]!, want.message);
    assert.deepEqual(actions, want.actions);
    // The fixed text is the one PyTorch ran (fixtures/broken/NAME.fixed.py).
    assert.equal(text, source(name, true));
    const m = trace(text, t);
    assert.equal(m.complete, true, m.stop?.message);
    assert.equal(m.params.total, t.fixed!.total);
    assert.deepEqual(m.output, t.fixed!.output);
  });
}

test('the shortcut is conditional on the block arguments, so blocks that need none stay as they were', () => {
  const { text } = fixAll('residual_blocks');
  assert.match(text, /self\.shortcut = nn\.Sequential\(\)\n {8}if stride != 1 or in_planes != planes:\n/);
  assert.match(text, /out \+= self\.shortcut\(x\)/);
});

test('a stride-2 shortcut is offered for a channel and size mismatch, and no padding (it would not fit)', () => {
  const t = truth['residual_stride2']!;
  const text = source('residual_stride2');
  const m = trace(text, t);
  const fixes = shapeFixes(text, m, { defaultInputShape: [1, 3, 32, 32], modelExpression: t.expr });
  assert.deepEqual(
    fixes.map((f) => f.action.kind),
    ['shortcut'],
  );
});

test('a padding fix is offered for a size-only mismatch, and no shortcut', () => {
  const t = truth['residual_padding']!;
  const text = source('residual_padding');
  const m = trace(text, t);
  const fixes = shapeFixes(text, m, { defaultInputShape: [1, 3, 32, 32], modelExpression: t.expr });
  assert.deepEqual(
    fixes.map((f) => f.action),
    [{ kind: 'padding', layer: 'conv2', padding: 1 }],
  );
  assert.equal(fixes[0]!.completes, true);
});

test('no fix is offered when none would make the model fit (an upsampled branch added to its input)', () => {
  const t = truth['unfixable_upsample']!;
  const text = source('unfixable_upsample');
  const m = trace(text, t);
  assert.equal(m.stop?.code, 'mergeMismatch');
  assert.deepEqual(shapeFixes(text, m, { defaultInputShape: [1, 3, 32, 32], modelExpression: t.expr }), []);
});
