// `convlens trace FILE [--input 1,3,32,32] [--model EXPR] [--depth N] [--format table|markdown|csv|json]` and `convlens literals FILE`: the analysis and engine from a terminal.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { traceGraphs } from './analysis/graphTrace';
import { parseShape } from './analysis/inputShape';
import { findLiterals } from './analysis/literals';
import { lexFamily } from './analysis/tokens';
import { describeShape } from './report/format';
import { modelJson } from './report/graphJson';
import { shapeTraceCsv, shapeTraceMarkdown, shapeTraceText } from './report/shapeTrace';

const USAGE = `usage:
  convlens trace FILE.py [--input 1,3,32,32] [--model EXPR] [--depth N] [--batch N]
                         [--format table|markdown|csv|json]
        every model in the file (or only EXPR, a Python call or name evaluated in the file, e.g. "resnet18()"):
        a nested summary (blocks and layers down to depth N, every layer without --depth): input and output
        shapes, params, MACs, receptive field, activation memory; totals with trainable params and the memory
        estimate (training at batch N, default the traced batch); --json is --format json (the schema in the
        README); exit 0 only when every model traced completely
  convlens literals FILE                        numeric array literals (.py, .js, .ts, .json)`;

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.py': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.ts': 'typescript',
  '.json': 'json',
  '.jsonc': 'jsonc',
};

/** The value after a flag, or undefined. */
function option(args: readonly string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

function trace(file: string, text: string, rest: readonly string[]): number {
  const inputText = option(rest, '--input');
  const inputOverride = inputText !== undefined ? parseShape(inputText) : undefined;
  if (inputText !== undefined && !inputOverride) {
    console.error('convlens: --input needs a shape like 1,3,32,32');
    return 2;
  }
  const modelExpression = option(rest, '--model');
  const depthText = option(rest, '--depth');
  const depth = depthText === undefined ? Infinity : Number(depthText);
  if (!Number.isInteger(depth) && depth !== Infinity)
    return usageError('--depth needs a whole number of levels, e.g. 2');
  if (depth < 1) return usageError('--depth needs a whole number of levels, e.g. 2');
  const batchText = option(rest, '--batch');
  const batch = batchText === undefined ? undefined : Number(batchText);
  if (batch !== undefined && !(Number.isInteger(batch) && batch > 0))
    return usageError('--batch needs a positive whole number, e.g. 32');
  const format = rest.includes('--json') ? 'json' : (option(rest, '--format') ?? 'table');
  if (!FORMATS.includes(format)) return usageError('--format is one of table, markdown, csv, json');
  const models = traceGraphs(text, {
    defaultInputShape: [1, 3, 32, 32],
    ...(inputOverride ? { inputOverride } : {}),
    ...(modelExpression !== undefined ? { modelExpression } : {}),
  });
  const ok = models.length > 0 && models.every((m) => m.complete);
  if (format === 'json') {
    console.log(JSON.stringify({ models: models.map(modelJson) }, null, 1));
    return ok ? 0 : 1;
  }
  if (models.length === 0) {
    console.log(`no model (nn.Module, nn.Sequential, Keras model, factory function) found in ${file}`);
    return 1;
  }
  const options = { depth, ...(batch !== undefined ? { trainingBatch: batch } : {}) };
  if (format === 'csv') process.stdout.write(shapeTraceCsv(models, options));
  else if (format === 'markdown') console.log(models.map((m) => shapeTraceMarkdown(m, options)).join('\n\n'));
  else console.log(models.map((m) => shapeTraceText(m, options)).join('\n\n'));
  return ok ? 0 : 1;
}

const FORMATS = ['table', 'markdown', 'csv', 'json'];

function usageError(message: string): number {
  console.error(`convlens: ${message}`);
  return 2;
}

function run(argv: string[]): number {
  const [command, file, ...rest] = argv;
  if (!command || !file || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`convlens: cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  if (command === 'trace') return trace(file, text, rest);
  if (command === 'literals') {
    const family = lexFamily(LANGUAGE_BY_EXTENSION[extname(file)] ?? '');
    if (!family) {
      console.error(`convlens: cannot read literals from ${extname(file) || 'this kind of'} file`);
      return 2;
    }
    for (const l of findLiterals(text, family)) {
      const where = `${file}:${l.range.start.line + 1}:${l.range.start.character + 1}`;
      console.log(
        l.ok
          ? `${where}  ${l.name ?? ''}${l.name ? '  ' : ''}${describeShape(l.shape)}  [${l.data.slice(0, 8).join(', ')}${l.data.length > 8 ? ', …' : ''}]`
          : `${where}  error: ${l.message}`,
      );
    }
    return 0;
  }
  console.error(`convlens: unknown command '${command}'\n${USAGE}`);
  return 2;
}

process.exitCode = run(process.argv.slice(2));
