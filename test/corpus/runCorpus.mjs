#!/usr/bin/env node
// Runs the ConvLens CLI over the acceptance corpus and compares its JSON with test/corpus/expected.json.
//
//   node test/corpus/runCorpus.mjs [--only SUBSTRING] [--verbose] [--cli PATH] [--expected PATH] [--timeout SECONDS]
//
// For each entry it runs
//   node <cli> trace <file> --json --input <comma shape> --model "<expr>"
// (cli defaults to dist/cli.js of this repository) and checks the model it reports (see README.md, "Comparison
// contract"). Prints one line per failing entry, then "N passed, M failed" alone on a line; exits 1 when M > 0.
// Plain Node, no dependencies.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');

function parseArgs(argv) {
  const opts = { only: [], verbose: false, cli: join(repo, 'dist', 'cli.js'), expected: join(here, 'expected.json'), timeout: 120, maxShown: 5 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--only') opts.only.push(next());
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--cli') opts.cli = resolve(next());
    else if (a === '--expected') opts.expected = resolve(next());
    else if (a === '--timeout') opts.timeout = Number(next());
    else if (a === '--help' || a === '-h') opts.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

const fmt = (v) => JSON.stringify(v);
const sameShape = (a, b) => Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
// "nn.Conv2d", "torch.nn.Conv2d", "layers.Conv2D" and "Conv2d" name the same type; Keras's layers.add() is an Add.
const typeKey = (t) => String(t ?? '').split('.').pop().toLowerCase();

/** Picks the reported model an entry is about: the only one, or the one with the entry's name. */
export function pickModel(json, entry) {
  const models = json && Array.isArray(json.models) ? json.models : null;
  if (!models || models.length === 0) return { error: 'no "models" in the JSON output' };
  if (models.length === 1) return { model: models[0] };
  const byName = models.filter((m) => m && m.name === entry.name);
  if (byName.length === 1) return { model: byName[0] };
  return { error: `${models.length} models reported and ${byName.length} named ${fmt(entry.name)}` };
}

/** Differences between one expected entry and the model the CLI reported for it; [] when it passes. */
export function compareEntry(entry, model, exitCode) {
  const diffs = [];
  if (!model || typeof model !== 'object') return ['no model object'];
  if (entry.expect === 'stop') {
    if (model.complete !== false) diffs.push(`complete is ${fmt(model.complete)}, expected false (an honest stop: ${entry.reason})`);
    if (!model.stop || typeof model.stop !== 'object') diffs.push('stop is missing, expected {"kind": ' + fmt(entry.stop_kind) + ', ...}');
    else if (model.stop.kind !== entry.stop_kind) diffs.push(`stop.kind is ${fmt(model.stop.kind)}, expected ${fmt(entry.stop_kind)}`);
    if (exitCode === 0) diffs.push('exit code 0 for an incomplete trace');
    return diffs;
  }
  if (model.complete !== true) {
    const s = model.stop ? ` (stop ${model.stop.kind ?? '?'} ${model.stop.code ?? ''} line ${model.stop.line ?? '?'}: ${model.stop.message ?? ''})` : '';
    diffs.push(`complete is ${fmt(model.complete)}, expected true${s}`);
  }
  if (exitCode !== 0 && model.complete === true) diffs.push(`exit code ${exitCode} for a complete trace`);
  const params = model.params ?? {};
  if (params.total !== entry.total_params) diffs.push(`params.total ${fmt(params.total)} != ${entry.total_params}`);
  if (entry.used_params !== undefined && params.usedInForward !== entry.used_params) {
    diffs.push(`params.usedInForward ${fmt(params.usedInForward)} != ${entry.used_params}`);
  }
  // A tuple output (entry.outputs) may be reported as its first tensor's shape or as the list of all shapes.
  const outputOk = sameShape(model.output, entry.output)
    || (Array.isArray(entry.outputs) && Array.isArray(model.output) && model.output.length === entry.outputs.length
      && model.output.every((s, i) => sameShape(s, entry.outputs[i])));
  if (!outputOk) diffs.push(`output ${fmt(model.output)} != ${fmt(entry.output)}${entry.outputs ? ` (or ${fmt(entry.outputs)})` : ''}`);
  const layers = Array.isArray(model.layers) ? model.layers : [];
  if (entry.framework === 'keras') diffs.push(...compareKerasLayers(entry.layers, layers));
  else diffs.push(...compareTorchLayers(entry.layers, layers));
  return diffs;
}

function compareLayer(where, exp, got) {
  const diffs = [];
  if (typeKey(got.type) !== typeKey(exp.type)) diffs.push(`${where}: type ${fmt(got.type)} != ${fmt(exp.type)}`);
  if (!sameShape(got.output, exp.output)) diffs.push(`${where}: output ${fmt(got.output)} != ${fmt(exp.output)}`);
  if (got.params !== exp.params) diffs.push(`${where}: params ${fmt(got.params)} != ${exp.params}`);
  if (exp.macs !== undefined && got.macs !== exp.macs) diffs.push(`${where}: macs ${fmt(got.macs)} != ${exp.macs}`);
  return diffs;
}

// PyTorch: every expected leaf module (by its named_modules path) must be reported with the same type, output
// shape at its first call, own params, and MACs for Conv*/Linear. Extra rows (functional ops, containers) are fine.
// Rows marked optional (empty containers, parameter-free classes the file defines) may be missing; if reported
// they must match.
function compareTorchLayers(expected, layers) {
  const diffs = [];
  const byPath = new Map();
  for (const l of layers) if (l && typeof l.path === 'string' && !byPath.has(l.path)) byPath.set(l.path, l);
  const missing = [];
  for (const exp of expected ?? []) {
    const got = byPath.get(exp.path);
    if (!got) {
      if (!exp.optional) missing.push(exp.path);
      continue;
    }
    diffs.push(...compareLayer(exp.path, exp, got));
  }
  if (missing.length) diffs.unshift(`${missing.length} of ${expected.length} layers missing (by path), first: ${missing.slice(0, 3).join(', ')}`);
  return diffs;
}

// Keras: layers in order (an InputLayer row, if reported, is skipped); same count, and each row's type, output
// shape, params and (Conv2D/Conv2DTranspose/Dense) MACs.
function compareKerasLayers(expected, layers) {
  const diffs = [];
  const got = layers.filter((l) => l && typeKey(l.type) !== 'inputlayer');
  if (got.length !== expected.length) diffs.push(`${got.length} layers reported, expected ${expected.length}`);
  const n = Math.min(got.length, expected.length);
  for (let i = 0; i < n; i++) diffs.push(...compareLayer(`layer ${i} (${expected[i].type})`, expected[i], got[i]));
  return diffs;
}

function runEntry(entry, opts) {
  const args = [opts.cli, 'trace', join(here, entry.file), '--json', '--input', entry.input.join(','), '--model', entry.model];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: opts.timeout * 1000, maxBuffer: 256 * 1024 * 1024, cwd: repo });
  if (r.error) return { diffs: [`could not run the CLI: ${r.error.code ?? r.error.message}`] };
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    const head = (r.stdout || r.stderr || '').trim().split('\n')[0] ?? '';
    return { diffs: [`output is not JSON (exit ${r.status}): ${head.slice(0, 120)}`] };
  }
  const picked = pickModel(json, entry);
  if (picked.error) return { diffs: [picked.error] };
  return { diffs: compareEntry(entry, picked.model, r.status) };
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(String(e.message));
    process.exit(2);
  }
  if (opts.help) {
    console.log('usage: node test/corpus/runCorpus.mjs [--only SUBSTRING]... [--verbose] [--cli PATH] [--expected PATH] [--timeout SECONDS]');
    return;
  }
  const doc = JSON.parse(readFileSync(opts.expected, 'utf8'));
  const entries = doc.entries.filter((e) => opts.only.length === 0 || opts.only.some((s) => e.file.includes(s) || e.model.includes(s)));
  let passed = 0;
  let failed = 0;
  for (const entry of entries) {
    const label = `${entry.file} ${entry.model} [${entry.input.join(',')}]`;
    const { diffs } = runEntry(entry, opts);
    if (diffs.length === 0) {
      passed++;
      if (opts.verbose) console.log(`ok   ${label}`);
      continue;
    }
    failed++;
    const shown = opts.verbose ? diffs : diffs.slice(0, opts.maxShown);
    const more = diffs.length > shown.length ? `; ... ${diffs.length - shown.length} more` : '';
    if (opts.verbose) {
      console.log(`FAIL ${label}: ${diffs.length} difference${diffs.length === 1 ? '' : 's'}`);
      for (const d of shown) console.log(`       ${d}`);
    } else {
      console.log(`FAIL ${label}: ${shown.join('; ')}${more}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
