#!/usr/bin/env node
// A stand-in for `dist/cli.js trace FILE --json --input S --model EXPR`, used only to test runCorpus.mjs's
// comparison logic: it answers from expected.json itself, in the CLI JSON format of issue 14 point 9, and
// CONVLENS_FAKE=<mode> damages the answer in one known way.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name) => argv[argv.indexOf(name) + 1];
const file = relative(corpus, argv[1]);
const model = opt('--model');
const mode = process.env.CONVLENS_FAKE ?? 'exact';
const doc = JSON.parse(readFileSync(join(corpus, 'expected.json'), 'utf8'));
const e = doc.entries.find((x) => x.file === file && x.model === model && x.input.join(',') === opt('--input'));
if (!e) {
  console.log(JSON.stringify({ models: [] }));
  process.exit(1);
}
if (mode === 'text') {
  console.log(`${e.name} (input ${opt('--input')})`);
  process.exit(0);
}
const out = {
  name: e.name, line: 1, framework: e.framework, input: opt('--input').split(',').map(Number),
  complete: e.expect !== 'stop', output: e.output ?? null,
  params: { total: e.total_params ?? 0, usedInForward: e.used_params ?? e.total_params ?? 0 },
  macs: e.macs ?? 0, receptiveField: null,
  stop: e.expect === 'stop' ? { kind: e.stop_kind, code: 'unknown-value', message: 'fake', line: 1 } : null,
  layers: (e.layers ?? []).map((l) => ({ path: l.path ?? String(l.index), type: e.framework === 'keras' ? `layers.${l.type}` : `nn.${l.type}`, line: 1, output: l.output, params: l.params, macs: l.macs ?? 0 })),
};
if (e.framework === 'keras') out.layers.unshift({ path: 'input', type: 'InputLayer', line: 1, output: out.input, params: 0, macs: 0 });
// extra rows that are not modules must not matter
if (e.framework === 'torch') out.layers.push({ path: '', type: 'F.relu', line: 1, output: e.output, params: 0, macs: 0 });
const conv = out.layers.find((l) => l.macs > 0);
switch (mode) {
  case 'params': out.params.total += 1; break;
  case 'used': out.params.usedInForward -= 1; break;
  case 'output': out.output = [...(out.output ?? []), 1]; break;
  case 'layer-shape': if (out.layers.length > 1) out.layers[1].output = [0]; break;
  case 'layer-missing': out.layers = out.layers.filter((l, i) => i !== 1); break;
  case 'macs': if (conv) conv.macs += 1; break;
  case 'incomplete': out.complete = false; out.stop = { kind: 'unknown', code: 'x', message: 'fake stop', line: 3 }; break;
  case 'complete-stop': if (e.expect === 'stop') { out.complete = true; out.stop = null; } break;
  case 'two-models': out.name = e.name; break;
  case 'drop-optional': out.layers = out.layers.filter((l, i) => !((e.layers ?? [])[i]?.optional && e.framework === 'torch')); break;
  case 'optional-wrong': { const i = (e.layers ?? []).findIndex((l) => l.optional); if (i >= 0) out.layers[i].output = [9]; break; }
  default: break;
}
const models = [out];
if (mode === 'two-models') models.unshift({ ...out, name: `${e.name}_other`, params: { total: -1, usedInForward: -1 } });
console.log(JSON.stringify({ models }));
process.exit(out.complete ? 0 : 1);
