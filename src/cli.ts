// `convlens trace FILE [--input 1,3,32,32]` and `convlens literals FILE`: the analysis and engine from a terminal.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseShape } from './analysis/inputShape';
import { findLiterals } from './analysis/literals';
import { traceModels } from './analysis/modelTrace';
import { lexFamily } from './analysis/tokens';
import { describeShape } from './report/format';
import { shapeTraceText } from './report/shapeTrace';

const USAGE = `usage:
  convlens trace FILE.py [--input 1,3,32,32]   layer-by-layer shapes, params, MACs, receptive field
  convlens literals FILE                        numeric array literals (.py, .js, .ts, .json)`;

const LANGUAGE_BY_EXTENSION: Record<string, string> = { '.py': 'python', '.js': 'javascript', '.mjs': 'javascript', '.ts': 'typescript', '.json': 'json', '.jsonc': 'jsonc' };

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
  if (command === 'trace') {
    const at = rest.indexOf('--input');
    const override = at >= 0 ? parseShape(rest[at + 1] ?? '') : undefined;
    if (at >= 0 && !override) {
      console.error('convlens: --input needs a shape like 1,3,32,32');
      return 2;
    }
    const models = traceModels(text, { defaultInputShape: [1, 3, 32, 32], ...(override ? { inputOverride: override } : {}) });
    if (models.length === 0) {
      console.log(`no model (nn.Sequential, nn.Module, Keras Sequential) found in ${file}`);
      return 1;
    }
    console.log(models.map(shapeTraceText).join('\n\n'));
    return models.some((m) => m.trace.error && !m.trace.error.unknown) ? 1 : 0;
  }
  if (command === 'literals') {
    const family = lexFamily(LANGUAGE_BY_EXTENSION[extname(file)] ?? '');
    if (!family) {
      console.error(`convlens: cannot read literals from ${extname(file) || 'this kind of'} file`);
      return 2;
    }
    for (const l of findLiterals(text, family)) {
      const where = `${file}:${l.range.start.line + 1}:${l.range.start.character + 1}`;
      console.log(l.ok ? `${where}  ${l.name ?? ''}${l.name ? '  ' : ''}${describeShape(l.shape)}  [${l.data.slice(0, 8).join(', ')}${l.data.length > 8 ? ', …' : ''}]` : `${where}  error: ${l.message}`);
    }
    return 0;
  }
  console.error(`convlens: unknown command '${command}'\n${USAGE}`);
  return 2;
}

process.exitCode = run(process.argv.slice(2));
