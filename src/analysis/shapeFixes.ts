// Quick fixes for shape errors as text edits, each offered only when the model traces past the error once it is applied:
// a 1×1 conv + BatchNorm shortcut for a residual add, the padding that makes a branch fit, a layer's in_features/in_channels.
import { traceGraphs, type GraphModel, type GraphTraceOptions, type ModelStop, type TracedNode } from './graphTrace';
import { windowOf } from './graphLayers';
import type { SourceRange } from './literals';
import type { Stmt } from './python/ast';
import { parsePython } from './python/parse';

/** One replacement in the document text (offsets into it). */
export interface TextEdit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** What a fix does, as data: the host turns it into words. */
export type FixAction =
  | { readonly kind: 'shortcut'; readonly stride: number; readonly inChannels: number; readonly outChannels: number }
  | { readonly kind: 'padding'; readonly layer: string; readonly padding: number }
  | { readonly kind: 'argument'; readonly argument: 'in_features' | 'in_channels'; readonly value: number };

/** A fix that was checked: with its edits applied, the model traces past the error. */
export interface ShapeFix {
  readonly action: FixAction;
  readonly edits: readonly TextEdit[];
  /** The model traces completely with the fix (otherwise it gets further and stops at a later problem). */
  readonly completes: boolean;
}

/** Offsets of line starts. */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) out.push(k + 1);
  return out;
}

/** Applies edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** A call's arguments as written: offsets (into the text) and the keyword, from the outermost parentheses of `call`. */
function callArguments(
  text: string,
  from: number,
  to: number,
): { from: number; to: number; name?: string }[] | undefined {
  const open = text.indexOf('(', from);
  if (open < 0 || open >= to) return undefined;
  const out: { from: number; to: number; name?: string }[] = [];
  let depth = 0;
  let start = open + 1;
  let quote = '';
  const push = (end: number): void => {
    let a = start;
    let b = end;
    while (a < b && /\s/.test(text[a]!)) a++;
    while (b > a && /\s/.test(text[b - 1]!)) b--;
    if (a === b) return;
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(text.slice(a, b));
    out.push(kw ? { from: a, to: b, name: kw[1]! } : { from: a, to: b });
  };
  for (let k = open + 1; k < to; k++) {
    const c = text[k]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        push(k);
        return out;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      push(k);
      start = k + 1;
    }
  }
  return undefined;
}

/** Where the argument at `position` (or named `name`) is written, and its value's offsets. */
function argumentValue(
  text: string,
  args: readonly { from: number; to: number; name?: string }[],
  position: number,
  name: string,
): { from: number; to: number } | undefined {
  const kw = args.find((a) => a.name === name);
  if (kw) {
    const eq = text.indexOf('=', kw.from);
    let a = eq + 1;
    while (a < kw.to && /\s/.test(text[a]!)) a++;
    return { from: a, to: kw.to };
  }
  // Python puts positional arguments first; a *args or **kwargs hides which one is which.
  if (args.some((a) => isStarred(a, text))) return undefined;
  return args.filter((a) => !a.name)[position];
}

function isStarred(a: { from: number; name?: string }, text: string): boolean {
  return !a.name && text[a.from] === '*';
}

/** Context of one check: the text, its line starts, and how to trace. */
interface Ctx {
  readonly text: string;
  readonly starts: readonly number[];
  readonly model: GraphModel;
  readonly stop: ModelStop;
  readonly options: GraphTraceOptions;
}

function offsetOf(ctx: Ctx, p: SourceRange['start']): number {
  return (ctx.starts[p.line] ?? ctx.text.length) + p.character;
}

/** Traces the edited text and keeps the fix when the same model now gets past the error. */
function verified(ctx: Ctx, action: FixAction, edits: readonly TextEdit[]): ShapeFix | undefined {
  const text = applyEdits(ctx.text, edits);
  const { ast: _ast, ...options } = ctx.options;
  const after = traceGraphs(text, { ...options, modelExpression: ctx.model.expression }).find(
    (m) => m.name === ctx.model.name || m.expression === ctx.model.expression,
  );
  if (!after) return undefined;
  if (after.complete) return { action, edits, completes: true };
  const s = after.stop;
  const same = s && s.code === ctx.stop.code && s.message === ctx.stop.message;
  return !same && after.nodes.length > ctx.model.nodes.length ? { action, edits, completes: false } : undefined;
}

/** Every fix for the model's error stop that checks out (an empty list when there is none or the stop is not an error). */
export function shapeFixes(text: string, model: GraphModel, options: GraphTraceOptions): ShapeFix[] {
  const stop = model.stop;
  if (stop?.kind !== 'error') return [];
  const ctx: Ctx = { text, starts: lineStarts(text), model, stop, options };
  const candidates: (ShapeFix | undefined)[] = [];
  if (stop.code === 'featureMismatch' || stop.code === 'channelMismatch') candidates.push(argumentFix(ctx));
  if (stop.code === 'mergeMismatch' && stop.fields['op'] === 'add') {
    candidates.push(shortcutFix(ctx));
    candidates.push(...paddingFixes(ctx));
  }
  if (stop.code === 'catMismatch') candidates.push(...paddingFixes(ctx));
  return candidates.filter((f): f is ShapeFix => f !== undefined);
}

/** Linear in_features / Conv in_channels set to what arrives (the first argument of its constructor). */
function argumentFix(ctx: Ctx): ShapeFix | undefined {
  const { stop } = ctx;
  const got = stop.fields['got'];
  if (!stop.definedAt || typeof got !== 'number') return undefined;
  const from = offsetOf(ctx, stop.definedAt.start);
  const args = callArguments(ctx.text, from, offsetOf(ctx, stop.definedAt.end));
  const argument = stop.code === 'featureMismatch' ? 'in_features' : 'in_channels';
  const value = args && argumentValue(ctx.text, args, 0, argument);
  if (!value) return undefined;
  return verified(ctx, { kind: 'argument', argument, value: got }, [{ ...value, text: String(got) }]);
}

/** The node that produced each side of the failed merge, and which side is the block's input (produced first). */
function mergeSides(ctx: Ctx): { main: number; identity: number; identityRange: SourceRange } | undefined {
  const { stop } = ctx;
  const left = stop.fields['leftNode'];
  const right = stop.fields['rightNode'];
  if (typeof left !== 'number' || typeof right !== 'number' || stop.operands?.length !== 2) return undefined;
  const identityIsLeft = left < right;
  return {
    main: identityIsLeft ? right : left,
    identity: identityIsLeft ? left : right,
    identityRange: stop.operands[identityIsLeft ? 0 : 1]!,
  };
}

function shapeOf(ctx: Ctx, id: number): readonly number[] | undefined {
  if (id === -1) return ctx.model.input.shape;
  return ctx.model.nodes[id]?.outputShape;
}

/** The nodes on the path that produced `id`, latest first, following first inputs back to the block's input. */
function pathBack(ctx: Ctx, id: number, stopAt: number): TracedNode[] {
  const out: TracedNode[] = [];
  let k = id;
  while (k >= 0 && k > stopAt && out.length < 64) {
    const n = ctx.model.nodes[k];
    if (!n) break;
    out.push(n);
    k = n.inputs[0] ?? -1;
  }
  return out;
}

/** The class statement whose body holds `offset`, with its __init__. */
function enclosingClass(ctx: Ctx, offset: number): { init: Stmt & { t: 'def' } } | undefined {
  const ast = ctx.options.ast?.text === ctx.text ? ctx.options.ast : parsePython(ctx.text);
  const walk = (body: readonly Stmt[]): (Stmt & { t: 'class' }) | undefined => {
    for (const s of body) {
      if (s.from > offset || s.to < offset) continue;
      if (s.t === 'class') return walk(s.body) ?? s;
      if (s.t === 'if')
        for (const b of s.branches) {
          const hit = walk(b.body);
          if (hit) return hit;
        }
    }
    return undefined;
  };
  const cls = walk(ast.body);
  const init = cls?.body.find((s): s is Stmt & { t: 'def' } => s.t === 'def' && s.name === '__init__');
  return init ? { init } : undefined;
}

/** The text a layer's constructor argument is written with, if it is constructed with it. */
function constructorArg(ctx: Ctx, n: TracedNode, position: number, name: string): string | undefined {
  if (!n.definedAt) return undefined;
  const args = callArguments(ctx.text, offsetOf(ctx, n.definedAt.start), offsetOf(ctx, n.definedAt.end));
  const v = args && argumentValue(ctx.text, args, position, name);
  return v ? ctx.text.slice(v.from, v.to) : undefined;
}

/** How the file names torch.nn ("nn.", "torch.nn."), from a conv constructor or the imports. */
function nnPrefix(ctx: Ctx, convs: readonly TracedNode[]): string | undefined {
  for (const c of convs) {
    if (!c.definedAt) continue;
    const t = ctx.text.slice(offsetOf(ctx, c.definedAt.start), offsetOf(ctx, c.definedAt.end));
    const m = /^([\w.]*?)Conv2d\s*\(/.exec(t);
    if (m?.[1]) return m[1];
  }
  if (/^\s*(import\s+torch\.nn\s+as\s+nn|from\s+torch\s+import\s+nn)\b/m.test(ctx.text)) return 'nn.';
  if (/^\s*import\s+torch\b/m.test(ctx.text)) return 'torch.nn.';
  return undefined;
}

const isNumber = (s: string): boolean => /^\d+$/.test(s.trim());

/** A projection shortcut: self.shortcut = Sequential(Conv2d(in, out, 1, stride), BatchNorm2d(out)) applied to the identity. */
function shortcutFix(ctx: Ctx): ShapeFix | undefined {
  const sides = mergeSides(ctx);
  if (!sides) return undefined;
  const id = shapeOf(ctx, sides.identity);
  const main = shapeOf(ctx, sides.main);
  if (id?.length !== 4 || main?.length !== 4 || id[0] !== main[0]) return undefined;
  const stride = Math.round(id[2]! / main[2]!);
  const fits = (h: number, o: number): boolean => stride >= 1 && Math.floor((h - 1) / stride) + 1 === o;
  if (!fits(id[2]!, main[2]!) || !fits(id[3]!, main[3]!)) return undefined;
  const site = enclosingClass(ctx, offsetOf(ctx, ctx.stop.range.start));
  if (!site) return undefined;
  const path = pathBack(ctx, sides.main, sides.identity);
  const convs = path.filter((n) => n.typeName === 'Conv2d');
  const prefix = nnPrefix(ctx, convs);
  if (!prefix) return undefined;
  // The numbers as the block's constructor writes them (so every instance of the block gets its own shortcut).
  const first = convs[convs.length - 1];
  const last = convs[0];
  const inText = (first && constructorArg(ctx, first, 0, 'in_channels')) ?? String(id[1]);
  const outText = (last && constructorArg(ctx, last, 1, 'out_channels')) ?? String(main[1]);
  const strideText =
    convs.map((c) => constructorArg(ctx, c, 3, 'stride')).find((s) => s !== undefined && !isNumber(s)) ??
    String(stride);
  const conds = [
    ...(isNumber(strideText) ? [] : [`${strideText} != 1`]),
    ...(isNumber(inText) && isNumber(outText) ? [] : [`${inText} != ${outText}`]),
  ];
  const taken = new Set([...ctx.text.matchAll(/self\.(\w+)\s*=/g)].map((m) => m[1]));
  const name = ['shortcut', 'proj_shortcut', 'shortcut_proj'].find((n) => !taken.has(n));
  const lastStmt = site.init.body[site.init.body.length - 1];
  const firstStmt = site.init.body[0];
  if (!name || !lastStmt || !firstStmt) return undefined;
  const lineStart = ctx.text.lastIndexOf('\n', firstStmt.from - 1) + 1;
  const indent = ctx.text.slice(lineStart, firstStmt.from);
  if (!/^\s*$/.test(indent)) return undefined;
  const build = `${prefix}Sequential(${prefix}Conv2d(${inText}, ${outText}, kernel_size=1, stride=${strideText}, bias=False), ${prefix}BatchNorm2d(${outText}))`;
  const lines = conds.length
    ? [
        `${indent}self.${name} = ${prefix}Sequential()`,
        `${indent}if ${conds.join(' or ')}:`,
        `${indent}    self.${name} = ${build}`,
      ]
    : [`${indent}self.${name} = ${build}`];
  const end = ctx.text.indexOf('\n', lastStmt.to - 1);
  const at = end < 0 ? ctx.text.length : end;
  const from = offsetOf(ctx, sides.identityRange.start);
  const to = offsetOf(ctx, sides.identityRange.end);
  const operand = ctx.text.slice(from, to);
  return verified(ctx, { kind: 'shortcut', stride, inChannels: id[1]!, outChannels: main[1]! }, [
    { from: at, to: at, text: `\n${lines.join('\n')}` },
    { from, to, text: `self.${name}(${operand})` },
  ]);
}

/** For a merge whose sides differ in size only: the padding of a conv or pool on the smaller side that makes it fit. */
function paddingFixes(ctx: Ctx): ShapeFix[] {
  const { stop } = ctx;
  const left = stop.fields['leftNode'];
  const right = stop.fields['rightNode'];
  if (typeof left !== 'number' || typeof right !== 'number') return [];
  const a = shapeOf(ctx, left);
  const b = shapeOf(ctx, right);
  if (a?.length !== 4 || b?.length !== 4 || a[0] !== b[0]) return [];
  // A cat may differ in its concatenated dimension; a sum may not.
  const catDim = stop.code === 'catMismatch' ? Number(stop.fields['dim']) : -1;
  if (catDim !== 1 && a[1] !== b[1]) return [];
  if (a[2]! - b[2]! !== a[3]! - b[3]!) return [];
  const smaller = a[2]! < b[2]! ? left : right;
  const target = Math.max(a[2]!, b[2]!);
  const current = Math.min(a[2]!, b[2]!);
  const fixes: ShapeFix[] = [];
  for (const n of pathBack(ctx, smaller, -1).slice(0, 12)) {
    const w = windowOf(n);
    if (!w || w.op === 'convTranspose' || typeof w.padding === 'string' || !n.definedAt || !n.path) continue;
    if (w.stride[0] !== 1 || w.padding[0] !== w.padding[1] || w.kernel[0] !== w.kernel[1]) continue;
    // Stride-1 layers pass a size change through unchanged: this layer must grow its output by the difference.
    const padding = w.padding[0] + (target - current) / 2;
    if (!Number.isInteger(padding) || padding < 0) continue;
    const position = w.op === 'conv' ? 4 : 2;
    const args = callArguments(ctx.text, offsetOf(ctx, n.definedAt.start), offsetOf(ctx, n.definedAt.end));
    if (!args) continue;
    const value = argumentValue(ctx.text, args, position, 'padding');
    const lastArg = args[args.length - 1];
    const edit: TextEdit | undefined = value
      ? { ...value, text: String(padding) }
      : lastArg
        ? { from: lastArg.to, to: lastArg.to, text: `, padding=${padding}` }
        : undefined;
    if (!edit) continue;
    const layer = n.path.split('.').pop()!;
    const fix = verified(ctx, { kind: 'padding', layer, padding }, [edit]);
    if (fix) fixes.push(fix);
    if (fixes.length > 0) break;
  }
  return fixes;
}
