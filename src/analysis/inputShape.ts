// Decides the input shape a model is traced with, and says where it came from.
import { parseExpr } from './pyExpr';
import type { PyModule } from './pySource';
import { evalValue } from './pyValues';
import { positionAt } from './tokens';

/** Where an input shape came from, in the order they are tried. */
export type InputShapeSource = 'comment' | 'keras' | 'tensor' | 'setting';

/** An input shape and its origin (`line` for comment/tensor sources). */
export interface InputShape {
  readonly shape: readonly number[];
  readonly source: InputShapeSource;
  readonly line?: number;
}

const ANNOTATION = /(?:#|\/\/)\s*convlens:\s*input\s*[:=]?\s*(\d+(?:\s*[x×,*]\s*\d+)*)/gi;

/** Parses "1x3x32x32", "1,3,32,32" or "1×3×32×32"; undefined when it is not a list of positive integers. */
export function parseShape(text: string): number[] | undefined {
  const parts = text.trim().split(/\s*[x×,*\s]\s*/).filter((p) => p.length > 0);
  if (parts.length === 0 || parts.length > 8) return undefined;
  const dims = parts.map((p) => Number(p));
  return dims.every((d) => Number.isInteger(d) && d > 0 && d <= 1_000_000) ? dims : undefined;
}

/** Every `# convlens: input 1x3x32x32` annotation in the text, with its line. */
export function inputAnnotations(mod: PyModule): { shape: number[]; line: number }[] {
  const out: { shape: number[]; line: number }[] = [];
  for (const t of mod.text.matchAll(ANNOTATION)) {
    const shape = parseShape(t[1]!);
    if (shape) out.push({ shape, line: positionAt(mod.starts, t.index).line });
  }
  return out;
}

const TENSOR_FACTORIES = /^(?:torch\.)?(?:randn|rand|zeros|ones|empty|randint)$|^(?:np\.random\.)?(?:randn|rand)$/;

/** The first `torch.randn(1, 3, 32, 32)`-style tensor (2-D or more) built in the file. */
export function tensorConstructorShape(mod: PyModule): { shape: number[]; line: number } | undefined {
  const toks = mod.tokens;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind !== 'name' || toks[k + 1]?.text !== '(' || toks[k - 1]?.text === '.' && toks[k - 2]?.text !== 'torch') continue;
    const name = toks[k - 1]?.text === '.' ? `torch.${t.text}` : t.text;
    if (!TENSOR_FACTORIES.test(name) || name === 'torch.randint') continue;
    const call = parseExpr(toks, k);
    if (call.kind !== 'call') continue;
    const args = call.args.length === 1 && call.args[0]!.kind === 'seq' ? call.args[0]!.items : call.args;
    const dims = args.map((a) => evalValue(a, mod.constants));
    if (dims.length >= 2 && dims.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)) {
      return { shape: dims as number[], line: positionAt(mod.starts, t.start).line };
    }
  }
  return undefined;
}

/** Picks the input shape for a model at `modelLine`: nearest annotation above it (or any), Keras declaration, tensor constructor, setting. */
export function resolveInputShape(mod: PyModule, modelLine: number, declared: readonly number[] | undefined, fallback: readonly number[]): InputShape {
  const notes = mod.memo('inputAnnotations', () => inputAnnotations(mod));
  const above = notes.filter((n) => n.line <= modelLine).pop();
  const note = above ?? notes[0];
  if (note) return { shape: note.shape, source: 'comment', line: note.line };
  if (declared) return { shape: declared, source: 'keras' };
  const ctor = mod.memo('tensorConstructorShape', () => tensorConstructorShape(mod));
  if (ctor) return { shape: ctor.shape, source: 'tensor', line: ctor.line };
  return { shape: fallback, source: 'setting' };
}
