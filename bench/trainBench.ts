// Bench: the sample LeNet (samples/03_lenet_sequential.py) traced, planned and trained on the shipped digits by the engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { traceGraphs } from '../src/analysis/graphTrace';
import { netPlanOf } from '../src/analysis/netPlan';
import { digitSets } from '../src/classroom/digitSets';
import { readDigits } from '../src/classroom/digits';
import { DEFAULT_NET_TRAINING, trainNet } from '../src/engine/net/trainNet';
import { describeEngine } from '../src/engine/wasm/wasmRuntime';

const root = join(__dirname, '..', '..');
const file = process.argv[2] ?? join(root, 'samples', '03_lenet_sequential.py');
const model = traceGraphs(readFileSync(file, 'utf8'), { defaultInputShape: [1, 1, 28, 28] })[0]!;
const planned = netPlanOf(model);
if ('refusal' in planned) throw new Error(planned.refusal.message);
const plan = planned.plan;
const digits = readDigits(new Uint8Array(readFileSync(join(root, 'dist', 'data', 'digits.bin'))));
const { train, test } = digitSets(digits, plan.inputShape);
const started = Date.now();
let last = started;
void trainNet(plan, train, test, 10, DEFAULT_NET_TRAINING, {
  epochDone: (epoch, acc) => {
    const now = Date.now();
    console.log(
      `epoch ${epoch + 1}: held-out accuracy ${(acc * 100).toFixed(1)}% (${((now - last) / 1000).toFixed(1)} s)`,
    );
    last = now;
  },
}).then(() => {
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${model.name} (${plan.inputShape.join('×')}), ${train.labels.length} training / ${test.labels.length} held-out digits, ${describeEngine()}: ${seconds.toFixed(1)} s`,
  );
});
