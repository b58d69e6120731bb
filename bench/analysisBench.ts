// Static analysis speed on a 5,000-line Python file: literals, models, and both together (median and p95 ms).
import { findLiterals } from '../src/analysis/literals';
import { traceGraphs } from '../src/analysis/graphTrace';
import { EditedParse } from '../src/analysis/editedParse';
import { parsePython } from '../src/analysis/python/parse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile, writeResult } from './measure';
import { syntheticPython, syntheticTypicalPython } from './syntheticSource';

function sample(fn: () => unknown, runs: number): number[] {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

/** Times literals, models and both (sharing one tokenization) on one source. */
function measure(src: string, runs: number): { task: string; median_ms: number; p95_ms: number }[] {
  const options = { defaultInputShape: [1, 3, 32, 32] };
  return [
    { task: 'literals', times: sample(() => findLiterals(src, 'python'), runs) },
    { task: 'models + graph trace', times: sample(() => traceGraphs(src, options), runs) },
    {
      task: 'both (a document version)',
      times: sample(() => {
        findLiterals(src, 'python');
        traceGraphs(src, options);
      }, runs),
    },
  ].map((r) => ({ task: r.task, median_ms: round(percentile(r.times, 50)), p95_ms: round(percentile(r.times, 95)) }));
}

function main(): void {
  const runs = Number(process.env['BENCH_RUNS'] ?? 30);
  const files = [
    { file: 'typical: a training script with 2 models and a few literals', src: syntheticTypicalPython(5000) },
    { file: 'dense: a model and three literals every 22 lines (worst case)', src: syntheticPython(5000) },
  ];
  // A real file: torchvision's resnet.py, ten factories from resnet18 to wide_resnet101_2 (target: under 20 ms).
  const resnet = readFileSync(join(__dirname, '..', '..', 'test', 'corpus', 'models', 'tv_resnet.py'), 'utf8');
  const resnetOptions = { defaultInputShape: [1, 3, 224, 224] };
  const resnetTimes = sample(() => traceGraphs(resnet, resnetOptions), runs);
  // The same work in its two phases: the parse, and the interpreter on the parsed tree (its ten models).
  const resnetAst = parsePython(resnet);
  const parseTimes = sample(() => parsePython(resnet), runs);
  const interpretTimes = sample(() => traceGraphs(resnet, { ...resnetOptions, ast: resnetAst }), runs);
  const realFile = {
    file: 'torchvision resnet.py (every model in the file)',
    bytes: resnet.length,
    models: traceGraphs(resnet, resnetOptions).length,
    median_ms: round(percentile(resnetTimes, 50)),
    p95_ms: round(percentile(resnetTimes, 95)),
    phases: {
      parse_median_ms: round(percentile(parseTimes, 50)),
      interpret_median_ms: round(percentile(interpretTimes, 50)),
    },
  };
  console.log(
    `\ntorchvision resnet.py: ${realFile.models} models, median ${realFile.median_ms} ms, p95 ${realFile.p95_ms} ms (target < 20 ms); parse ${realFile.phases.parse_median_ms} ms, interpreting ${realFile.phases.interpret_median_ms} ms`,
  );
  const edit = afterEdit(syntheticTypicalPython(5000), runs);
  console.log(
    `\n5,000-line training script, a one-line edit (what the editor does per version): median ${edit.median_ms} ms, p95 ${edit.p95_ms} ms`,
  );
  const results = files.map(({ file, src }) => {
    const found = {
      literals: findLiterals(src, 'python').length,
      models: traceGraphs(src, { defaultInputShape: [1, 3, 32, 32] }).length,
    };
    const rows = measure(src, runs);
    console.log(
      `\n5,000-line Python file, ${file} (${found.literals} literals, ${found.models} models; target: median < 10 ms)`,
    );
    console.table(rows);
    return { file, bytes: src.length, found, rows };
  });
  console.log(`wrote ${writeResult('analysis', { lines: 5000, runs, realFile, afterEdit: edit, results })}`);
}

/**
 * What the editor does for each document version after a one-line edit at the top of a file: literals, the parse
 * carried through the edit (EditedParse, as the host keeps it), and every model traced.
 */
function afterEdit(initial: string, runs: number): { task: string; median_ms: number; p95_ms: number } {
  const parse = new EditedParse();
  let text = initial;
  let version = 1;
  parse.parse(text, version);
  const times = sample(() => {
    const inserted = `# edit ${version}\n`;
    text = inserted + text;
    version++;
    parse.edited([{ offset: 0, length: 0, inserted: inserted.length }], version);
    findLiterals(text, 'python');
    traceGraphs(text, { defaultInputShape: [1, 3, 32, 32], ast: parse.parse(text, version) });
  }, runs);
  return {
    task: 'literals + parse carried through the edit + graph trace',
    median_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
  };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

main();
