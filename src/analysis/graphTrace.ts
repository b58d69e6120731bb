// Every model in a Python file, found by its entry points and traced by the static interpreter into a layer graph with totals.
import * as l10n from '../l10n';
import type { LayerInstance, ReceptiveField2, Shape } from '../engine/layers/layerTypes';
import type { SourceRange } from './literals';
import type { Expr, PyAst, Span, Stmt } from './python/ast';
import { parsePython, shiftSpans } from './python/parse';
import { TraceStop, type GraphNode, type NodeOp } from './interp/graph';
import { Interpreter, isModelClass } from './interp/interpreter';
import { graphNodes } from './interp/keras';
import { INPUT_RF } from './interp/layerCalls';
import { containerItems, isModuleValue, opaqueReason } from './interp/modules';
import { show, type ModuleNode, type PyObject, type TensorValue, type Value } from './interp/values';
import { parseShape } from './inputShape';

/** Where an input shape came from, in the order they are tried. */
export type InputSource = 'option' | 'comment' | 'declared' | 'tensor' | 'setting' | 'firstLayer';

/** The input a model was traced with. */
export interface ModelInput {
  readonly shape: readonly number[];
  readonly source: InputSource;
  /** 0-based line of the comment or tensor it came from. */
  readonly line?: number;
}

/** One node of a traced model's graph, in execution order. */
export interface TracedNode {
  readonly id: number;
  readonly op: NodeOp;
  /** Module path as PyTorch's named_modules() gives it ("layer1.0.conv1"); "" for functions and merges. */
  readonly path: string;
  /** Path of the module whose forward recorded it ("layer1.0" for the add of a residual block; "" for the model's own). */
  readonly scopePath: string;
  readonly typeName: string;
  /** Where it is applied. */
  readonly calledAt: SourceRange;
  /** Where its module was constructed (layers only). */
  readonly definedAt?: SourceRange;
  readonly inputs: readonly number[];
  readonly inputShapes: readonly Shape[];
  readonly outputShape: Shape;
  readonly outputShapes: readonly Shape[];
  /** The module's own parameters (layers), 0 for functions and merges. */
  readonly params: number;
  readonly nonTrainableParams: number;
  readonly macs: number;
  readonly receptiveField: ReceptiveField2;
  readonly layer?: LayerInstance;
}

/** A registered module of the model (every one PyTorch's modules() lists). */
export interface TracedModule {
  readonly path: string;
  readonly typeName: string;
  readonly ownParams: number | undefined;
  /** Of ownParams, how many are not trained (frozen by requires_grad_(False), Keras moving statistics); null: not known. */
  readonly nonTrainable: number | null;
  readonly definedAt: SourceRange;
  readonly called: boolean;
  readonly leaf: boolean;
}

/** Why a trace stopped: something it could not know, or a real error in the model. */
export interface ModelStop {
  readonly kind: 'unknown' | 'error';
  readonly code: string;
  readonly message: string;
  readonly range: SourceRange;
  readonly fields: Readonly<Record<string, number | string>>;
  /** For a layer that does not fit its input: where it is constructed (its arguments are what a fix changes). */
  readonly definedAt?: SourceRange;
  /** The traced node's path (layer1.0.conv1) for such a layer. */
  readonly path?: string;
  /** For a merge (add, cat): where its operands are written, in the order of fields.leftText / rightText. */
  readonly operands?: readonly SourceRange[];
}

/** One traced model. */
export interface GraphModel {
  readonly name: string;
  readonly framework: 'torch' | 'keras';
  readonly entry: 'class' | 'factory' | 'instance' | 'comment' | 'expression';
  /** The Python expression that builds it (`Net()`, `resnet18()`, `model`). */
  readonly expression: string;
  /** The class, def or assignment line. */
  readonly range: SourceRange;
  readonly input: ModelInput;
  readonly complete: boolean;
  readonly output: Shape | null;
  readonly params: {
    readonly total: number | null;
    readonly usedInForward: number | null;
    /** Parameters not trained: frozen (requires_grad_(False)) or Keras' moving statistics; PyTorch buffers are no parameters. */
    readonly nonTrainable: number;
    /** total − nonTrainable, as torchinfo's "Trainable params"; null when either is not known. */
    readonly trainable: number | null;
  };
  /** MACs of the nodes traced (up to the stop when the trace stops; 0 when the model could not be built). */
  readonly macs: number;
  readonly receptiveField: ReceptiveField2 | null;
  readonly stop: ModelStop | null;
  readonly nodes: readonly TracedNode[];
  readonly modules: readonly TracedModule[];
  /** Paths of registered modules the forward pass never calls. */
  readonly unusedModules: readonly string[];
  readonly notes: readonly string[];
  /** The node whose tensor the model returns (absent when it returns the input itself or no tensor). */
  readonly outputNode?: number;
  /** Value-changing tensor operations the graph holds no node for (x * 2, x.abs()): running the graph would miss them. */
  readonly unrecordedOps?: readonly { readonly what: string; readonly range: SourceRange }[];
}

/** Options of a file trace. */
export interface GraphTraceOptions {
  /** NCHW shape used when the file states none (the convlens.defaultInputShape setting). */
  readonly defaultInputShape: readonly number[];
  /** Forces this input for every model (the CLI's --input). */
  readonly inputOverride?: readonly number[];
  /** Trace only this Python expression (the CLI's --model). */
  readonly modelExpression?: string;
  /** The text already parsed (the editor parses incrementally); parsed here when absent. */
  readonly ast?: PyAst;
}

const ANNOTATION = /#\s*convlens:\s*input\s*[:=]?\s*(\d+(?:\s*[x×,*]\s*\d+)*)/gi;
const MODEL_COMMENT = /#\s*convlens:\s*model\s+(.+?)\s*$/gm;

class Positions {
  constructor(
    private readonly text: string,
    private readonly starts: readonly number[],
  ) {}
  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= Math.min(offset, this.text.length)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  at(offset: number): { line: number; character: number } {
    const line = this.line(offset);
    return { line, character: Math.min(offset, this.text.length) - this.starts[line]! };
  }
  /** Ranges are asked for the same spans many times (a module called in every block): computed once per span. */
  private readonly ranges = new WeakMap<Span, SourceRange>();

  range(span: Span): SourceRange {
    const hit = this.ranges.get(span);
    if (hit) return hit;
    const r = { start: this.at(span.from), end: this.at(span.to) };
    this.ranges.set(span, r);
    return r;
  }
}

/** A way to build one model, found in the file. */
interface Entry {
  readonly name: string;
  readonly entry: GraphModel['entry'];
  readonly expression: string;
  readonly span: Span;
  /** Builds the model (in the trace's strict mode). */
  build(interp: Interpreter): Value;
  /** Set when the entry can only report why it cannot be traced (required arguments, no call site). */
  readonly cannot?: { readonly code: string; readonly message: string };
}

function requiredParams(s: Stmt & { t: 'def' }, skipSelf: boolean): string[] {
  return s.params
    .slice(skipSelf ? 1 : 0)
    .filter((p) => p.kind !== 'star' && p.kind !== 'dstar' && !p.default)
    .map((p) => p.name);
}

function initOf(body: readonly Stmt[]): (Stmt & { t: 'def' }) | undefined {
  return body.filter((s): s is Stmt & { t: 'def' } => s.t === 'def' && s.name === '__init__').pop();
}

/** Top-level statements, looking inside `if __name__ == "__main__":` and other compound module-level blocks. */
function topLevel(body: readonly Stmt[]): Stmt[] {
  const out: Stmt[] = [];
  for (const s of body) {
    out.push(s);
    if (s.t === 'if') for (const b of s.branches) out.push(...topLevel(b.body));
    else if (s.t === 'try' || s.t === 'with') out.push(...topLevel(s.body));
  }
  return out;
}

function parseExpression(text: string, offset: number): Expr | undefined {
  const ast = parsePython(text);
  const first = ast.body[0];
  if (first?.t !== 'expr') return undefined;
  return shiftSpans(first.e, offset);
}

/** The entry points of a file: classes buildable with defaults, factories, module-level instances, `# convlens: model` comments. */
function findEntries(interp: Interpreter, text: string): Entry[] {
  const entries: Entry[] = [];
  const body = interp.ast.body;
  // A factory returns a model: it names a model class of this file, nn./Keras containers, or calls another such function.
  const defs = new Map(body.flatMap((s) => (s.t === 'def' ? [[s.name, s] as const] : [])));
  const memo = new Map<string, boolean>();
  const returnsModel = (name: string): boolean => {
    const cached = memo.get(name);
    if (cached !== undefined) return cached;
    memo.set(name, false);
    const def = defs.get(name)!;
    const src = text.slice(def.from, def.to);
    let yes = /\breturn\b/.test(src) && /\b(nn\.|Sequential|keras|layers\.|Model\()/.test(src);
    if (!yes && /\breturn\b/.test(src)) {
      for (const m of src.matchAll(/\b[A-Za-z_]\w*\b/g)) {
        const id = m[0];
        if (id === name) continue;
        if (isModelClass(interp.globals.vars.get(id)) || (defs.has(id) && returnsModel(id))) {
          yes = true;
          break;
        }
      }
    }
    memo.set(name, yes);
    return yes;
  };
  const usedOutside = (name: string, def: Span): boolean => {
    for (const m of text.matchAll(new RegExp(`\\b${name}\\b`, 'g')))
      if (m.index < def.from || m.index >= def.to) return true;
    return false;
  };
  for (const s of topLevel(body)) {
    if (s.t === 'class') {
      const cls = interp.globals.vars.get(s.name);
      if (!isModelClass(cls)) continue;
      const init = initOf(s.body);
      const required = init ? requiredParams(init, true) : [];
      // A class used elsewhere in the file is traced there (factories, other models); one built with defaults is traced too.
      if (required.length > 0) {
        // Built elsewhere in the file (called, or handed to a factory as a block type): traced there.
        if (usedOutside(s.name, s)) continue;
        entries.push({
          name: s.name,
          entry: 'class',
          expression: `${s.name}(…)`,
          span: s.nameSpan,
          build: () => cls!,
          cannot: {
            code: 'needsArguments',
            message: l10n.t(
              '{0} needs {1}: write `# convlens: model {0}({2})` above it',
              s.name,
              required.join(', '),
              required.map((r) => `${r}=…`).join(', '),
            ),
          },
        });
        continue;
      }
      entries.push({
        name: s.name,
        entry: 'class',
        expression: `${s.name}()`,
        span: s.nameSpan,
        build: (it) => it.call(cls!, [], new Map(), s.nameSpan),
      });
    } else if (s.t === 'def' && body.includes(s)) {
      if (/^(main|train|test|evaluate|run|_)/.test(s.name)) continue;
      const fn = interp.globals.vars.get(s.name);
      // A stub `def resnet20(*args, **kwargs): pass` replaced at module level, e.g. by
      // setattr(sys.modules[__name__], 'resnet20', partial(_resnet, …)): the factory is what the name holds.
      if (!fn) continue;
      const replacedBy = fn.k === 'partial' && fn.fn.k === 'func' ? fn.fn.fn.name : undefined;
      if (replacedBy !== undefined) {
        if (!defs.has(replacedBy) || !returnsModel(replacedBy)) continue;
      } else if (fn.k !== 'func' || requiredParams(s, false).length > 0 || !returnsModel(s.name)) continue;
      entries.push({
        name: s.name,
        entry: 'factory',
        expression: `${s.name}()`,
        span: s.nameSpan,
        build: (it) => it.call(fn, [], new Map(), s.nameSpan),
      });
    }
  }
  for (const a of interp.moduleAssignments) {
    entries.push({ name: a.name, entry: 'instance', expression: a.name, span: a.span, build: () => a.value });
  }
  for (const f of interp.failedAssignments) {
    entries.push({
      name: f.name,
      entry: 'instance',
      expression: f.name,
      span: f.span,
      build: () => {
        throw f.stop;
      },
    });
  }
  for (const m of text.includes('convlens:') ? text.matchAll(MODEL_COMMENT) : []) {
    const exprText = m[1]!;
    const at = m.index + m[0].indexOf(exprText);
    const e = parseExpression(exprText, at);
    if (!e) continue;
    // The comment's model is listed at the statement below it.
    const next = body.find((s) => s.from > m.index);
    const span =
      next && (next.t === 'class' || next.t === 'def') ? next.nameSpan : { from: at, to: at + exprText.length };
    entries.push({
      name: exprText.replace(/\(.*$/, '') || exprText,
      entry: 'comment',
      expression: exprText,
      span,
      build: (it) => it.eval(e, it.globals),
    });
  }
  // A comment naming a class replaces that class's own entry.
  const commented = new Set(entries.filter((e) => e.entry === 'comment').map((e) => e.span.from));
  return entries
    .filter((e) => e.entry === 'comment' || !commented.has(e.span.from) || e.entry !== 'class')
    .sort((a, b) => a.span.from - b.span.from);
}

/** The module tree's paths (first registration wins for a module shared under two names). */
function modulePaths(root: ModuleNode): Map<ModuleNode, string> {
  const paths = new Map<ModuleNode, string>();
  const walk = (n: ModuleNode, path: string): void => {
    if (paths.has(n)) return;
    paths.set(n, path);
    for (const [name, c] of n.children) walk(c, path ? `${path}.${name}` : name);
  };
  walk(root, '');
  return paths;
}

function resetCalls(root: ModuleNode): void {
  const seen = new Set<ModuleNode>();
  const walk = (n: ModuleNode): void => {
    if (seen.has(n)) return;
    seen.add(n);
    n.calls = 0;
    n.children.forEach(walk);
  };
  walk(root);
}

function firstTensor(v: Value): TensorValue | undefined {
  if (v.k === 'tensor') return v.t;
  if (v.k === 'tuple' || v.k === 'list')
    for (const x of v.items) {
      const t = firstTensor(x);
      if (t) return t;
    }
  if (v.k === 'dict')
    for (const [, x] of v.map.values()) {
      const t = firstTensor(x);
      if (t) return t;
    }
  return undefined;
}

/** A `# convlens: input 1x3x32x32` comment. */
interface InputNote {
  readonly shape: readonly number[];
  readonly line: number;
}

/** Every input comment in the file, once per trace (a substring test skips the regex on most files). */
function inputNotes(text: string, pos: Positions): InputNote[] {
  if (!text.includes('convlens:')) return [];
  return [...text.matchAll(ANNOTATION)].flatMap((m) => {
    const shape = parseShape(m[1]!);
    return shape ? [{ shape, line: pos.line(m.index) }] : [];
  });
}

/** The input for one entry: option, nearest comment above, declared (Keras), a tensor built in the file, the setting. */
function pickInput(
  interp: Interpreter,
  notes: readonly InputNote[],
  pos: Positions,
  entry: Entry,
  framework: 'torch' | 'keras',
  options: GraphTraceOptions,
  declared: readonly number[] | undefined,
): ModelInput {
  if (options.inputOverride) return { shape: options.inputOverride, source: 'option' };
  const entryLine = pos.line(entry.span.from);
  const note = notes.filter((n) => n.line <= entryLine).pop();
  if (note) return { shape: note.shape, source: 'comment', line: note.line };
  if (declared) return { shape: declared, source: 'declared' };
  const tensor = interp.declaredInputs.find((d) => d.framework === framework && d.shape.length >= 2);
  if (tensor && framework === 'torch')
    return { shape: tensor.shape, source: 'tensor', line: pos.line(tensor.span.from) };
  const d = options.defaultInputShape;
  const shape = framework === 'keras' && d.length === 4 ? [d[0]!, d[2]!, d[3]!, d[1]!] : d;
  return { shape, source: 'setting' };
}

/** The declared input of a Keras Sequential: a leading keras.Input or its first layer's input_shape. */
function kerasDeclaredInput(obj: PyObject): readonly number[] | undefined {
  const input = obj.attrs.get('_input');
  if (input?.k === 'tensor') return input.t.shape;
  const first = containerItems(obj)[0];
  if (first?.k === 'object') {
    const s = first.obj.attrs.get('input_shape') ?? first.obj.attrs.get('batch_input_shape');
    if (s && (s.k === 'tuple' || s.k === 'list') && s.items.every((d) => d.k === 'num' || d.k === 'none')) {
      const dims = s.items.map((d) => (d.k === 'num' ? d.v : 1));
      return first.obj.attrs.has('batch_input_shape') ? dims : [1, ...dims];
    }
  }
  return undefined;
}

/** Traces one entry. */
function traceEntry(
  interp: Interpreter,
  notes: readonly InputNote[],
  pos: Positions,
  entry: Entry,
  options: GraphTraceOptions,
): GraphModel {
  interp.recorder = interp.newRecorder();
  interp.resetBudget();
  interp.strict = true;
  const range = pos.range(entry.span);
  const base = { name: entry.name, entry: entry.entry, expression: entry.expression, range };
  const stopOf = (e: TraceStop): ModelStop => ({
    kind: e.kind,
    code: e.code,
    message: e.message,
    range: pos.range(interp.mapSpan(e.span)),
    fields: e.fields,
    ...(e.definedAt ? { definedAt: pos.range(e.definedAt) } : {}),
    ...(e.operands ? { operands: e.operands.map((o) => pos.range(interp.mapSpan(o))) } : {}),
  });
  const empty = (framework: 'torch' | 'keras', input: ModelInput, stop: ModelStop): GraphModel => ({
    ...base,
    framework,
    input,
    complete: false,
    output: null,
    params: { total: null, usedInForward: null, nonTrainable: 0, trainable: null },
    macs: 0,
    receptiveField: null,
    stop,
    nodes: [],
    modules: [],
    unusedModules: [],
    notes: [],
  });
  const guessInput: ModelInput = {
    shape: options.inputOverride ?? options.defaultInputShape,
    source: options.inputOverride ? 'option' : 'setting',
  };
  if (entry.cannot)
    return empty('torch', guessInput, {
      kind: 'unknown',
      code: entry.cannot.code,
      message: entry.cannot.message,
      range,
      fields: {},
    });
  let model: Value;
  try {
    model = entry.build(interp);
  } catch (e) {
    if (!(e instanceof TraceStop)) throw e;
    return empty('torch', guessInput, stopOf(e));
  } finally {
    interp.strict = true;
  }
  if (!isModuleValue(model)) {
    const why =
      model.k === 'unknown'
        ? l10n.t('it depends on {0} (line {1})', model.why.message, interp.lineOf(model.why.span.from))
        : l10n.t('it is {0}', show(model));
    return empty('torch', guessInput, {
      kind: 'unknown',
      code: model.k === 'unknown' ? 'unknownValue' : 'notAModel',
      message: l10n.t('{0} is not a model ConvLens can build: {1}', entry.expression, why),
      range,
      fields: {},
    });
  }
  const obj = model.obj;
  const root = obj.module;
  const framework = root.framework;
  const functionalNodes = graphNodes.get(obj);
  const declared =
    framework === 'keras' ? (functionalNodes ? obj.keras?.inputs[0]?.shape : kerasDeclaredInput(obj)) : undefined;
  let input = pickInput(interp, notes, pos, entry, framework, options, declared);
  const run = (shape: readonly number[]): { out?: Value; stop?: TraceStop } => {
    interp.recorder = interp.newRecorder();
    interp.resetBudget();
    resetCalls(root);
    if (functionalNodes) {
      for (const n of functionalNodes) if (n.module) n.module.calls++;
      return { out: obj.keras!.outputs };
    }
    try {
      return {
        out: interp.call(
          model,
          [{ k: 'tensor', t: { shape, rf: INPUT_RF, node: -1, framework } }],
          new Map(),
          entry.span,
        ),
      };
    } catch (e) {
      if (e instanceof TraceStop) return { stop: e };
      throw e;
    }
  };
  let result = run(input.shape);
  // A guessed input (the setting) that does not fit the first layer's channels or features is adapted to them once.
  if (result.stop && input.source === 'setting' && interp.recorder.nodes.length === 0) {
    const f = result.stop.fields;
    const expected = typeof f['expected'] === 'number' ? f['expected'] : undefined;
    let shape: number[] | undefined;
    if (result.stop.code === 'channelMismatch' && expected)
      shape =
        framework === 'keras'
          ? [...input.shape.slice(0, -1), expected]
          : [input.shape[0]!, expected, ...input.shape.slice(2)];
    if (result.stop.code === 'featureMismatch' && expected) shape = [input.shape[0]!, expected];
    if (shape) {
      input = { shape, source: 'firstLayer' };
      result = run(shape);
    }
  }
  const nodes: readonly GraphNode[] = functionalNodes ?? interp.recorder.nodes;
  const paths = modulePaths(root);
  const tracedNodes: TracedNode[] = nodes.map((n, k) => {
    const node: { -readonly [K in keyof TracedNode]: TracedNode[K] } = {
      id: functionalNodes ? k : n.id,
      op: n.op,
      path: n.module ? (paths.get(n.module) ?? '') : '',
      scopePath: n.scope ? (paths.get(n.scope) ?? '') : '',
      typeName: n.typeName,
      calledAt: pos.range(n.span),
      inputs: n.inputs,
      inputShapes: n.inputShapes,
      outputShape: n.outputShapes[0] ?? [],
      outputShapes: n.outputShapes,
      params: n.module?.ownParams ?? 0,
      nonTrainableParams: n.module?.nonTrainable ?? 0,
      macs: n.macs,
      receptiveField: n.rf,
    };
    if (n.module && n.op === 'layer') node.definedAt = pos.range(n.module.span);
    if (n.layer) node.layer = n.layer;
    return node;
  });
  const modules: TracedModule[] = [...paths].map(([m, path]) => ({
    path,
    typeName: m.typeName,
    ownParams: m.ownParams,
    nonTrainable: ownNonTrainable(m),
    definedAt: pos.range(m.span),
    called: m.calls > 0,
    leaf: m.children.size === 0,
  }));
  let total: number | null = 0;
  let used = 0;
  let nonTrainable: number | null = 0;
  for (const m of paths.keys()) {
    if (m.ownParams === undefined) total = null;
    else if (total !== null) total += m.ownParams;
    if (m.calls > 0) used += m.ownParams ?? 0;
    const frozen = ownNonTrainable(m);
    nonTrainable = frozen === null || nonTrainable === null ? null : nonTrainable + frozen;
  }
  const stop = result.stop ? withProducer(stopOf(result.stop), tracedNodes, modules) : null;
  let finalStop = stop;
  // A registered attribute ConvLens cannot read may hold parameters: the total is not known, so the trace is not complete.
  const opaque = [...paths.keys()].map(opaqueReason).find((r) => r !== undefined);
  if (opaque) {
    total = null;
    finalStop ??= {
      kind: 'unknown',
      code: 'unknownModule',
      message: l10n.t('the parameter count is not exact: {0}', opaque),
      range,
      fields: {},
    };
  }
  // A guessed input that still does not fit is not the model's fault: say where to set one.
  if (
    stop &&
    stop.kind === 'error' &&
    (input.source === 'setting' || input.source === 'firstLayer') &&
    tracedNodes.length <= 1
  ) {
    finalStop = {
      ...stop,
      kind: 'unknown',
      code: 'inputGuess',
      message: l10n.t(
        '{0} — with the guessed input {1}; write `# convlens: input …` above the model',
        stop.message,
        input.shape.join('×'),
      ),
    };
  }
  const out = result.out ? firstTensor(result.out) : undefined;
  if (!finalStop && result.out && !out) {
    finalStop = {
      kind: 'unknown',
      code: 'noTensorOutput',
      message: l10n.t('the model returns {0}, not a tensor', show(result.out)),
      range,
      fields: {},
    };
  }
  const unused = modules.filter((m) => m.leaf && !m.called && m.path !== '').map((m) => m.path);
  return {
    ...base,
    framework,
    input,
    complete: finalStop === null,
    output: out ? out.shape : null,
    params: {
      total,
      usedInForward: finalStop ? null : used,
      nonTrainable: nonTrainable ?? 0,
      trainable: total === null || nonTrainable === null ? null : total - nonTrainable,
    },
    macs: tracedNodes.reduce((a, n) => a + n.macs, 0),
    receptiveField: out ? out.rf : null,
    stop: finalStop,
    nodes: tracedNodes,
    modules,
    unusedModules: unused,
    notes: [...interp.recorder.notes],
    ...(out && out.node >= 0 ? { outputNode: out.node } : {}),
    unrecordedOps: interp.recorder.unrecorded.map((u) => ({ what: u.what, range: pos.range(u.span) })),
  };
}

/** A module's own non-trainable parameters: all of them when frozen, else what the layer keeps untrained (Keras statistics). */
function ownNonTrainable(m: ModuleNode): number | null {
  if (m.requiresGrad === undefined) return null;
  return m.requiresGrad ? m.nonTrainable : (m.ownParams ?? 0);
}

/**
 * A layer whose input does not fit names where that input comes from: the block (or layer) at the layer's own level
 * ("b2 (Block)" for `self.conv3(self.b2(x))`), so a channel mismatch after a block points at the block.
 */
function withProducer(stop: ModelStop, nodes: readonly TracedNode[], modules: readonly TracedModule[]): ModelStop {
  const from = stop.fields['fromNode'];
  const definedAt = stop.definedAt;
  if (typeof from !== 'number' || !definedAt) return stop;
  const consumer = modules.find((m) => sameRange(m.definedAt, definedAt));
  const path = consumer?.path;
  const withPath = path !== undefined ? { ...stop, path } : stop;
  const producer = from >= 0 ? nodes[from] : undefined;
  if (!producer || path === undefined) return withPath;
  const owner = producer.op === 'layer' ? producer.path : producer.scopePath;
  const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
  if (parent && owner !== parent && !owner.startsWith(`${parent}.`)) return withPath;
  const rest = parent ? owner.slice(parent.length + 1) : owner;
  if (!rest) return withPath;
  const block = parent ? `${parent}.${rest.split('.')[0]}` : rest.split('.')[0]!;
  const type = modules.find((m) => m.path === block)?.typeName ?? producer.typeName;
  return {
    ...withPath,
    message: l10n.t('{0}; the input comes from {1} ({2})', stop.message, block, type),
    fields: { ...stop.fields, fromPath: block, fromType: type },
  };
}

function sameRange(a: SourceRange, b: SourceRange): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** Traces every model in a Python file (or only `options.modelExpression`). Static only: nothing is executed. */
export function traceGraphs(text: string, options: GraphTraceOptions): GraphModel[] {
  const ast = options.ast?.text === text ? options.ast : parsePython(text);
  const interp = new Interpreter(ast, options.inputOverride ? { kerasInput: options.inputOverride } : {});
  interp.runModule();
  const moduleNotes = [...interp.recorder.notes];
  const pos = new Positions(text, interp.lineStarts);
  let entries: Entry[];
  if (options.modelExpression !== undefined) {
    const e = parseExpression(options.modelExpression, 0);
    const name = options.modelExpression.replace(/\(.*$/s, '');
    const def = interp.ast.body.find((s) => (s.t === 'class' || s.t === 'def') && s.name === name);
    const span =
      def && (def.t === 'class' || def.t === 'def')
        ? def.nameSpan
        : (interp.moduleAssignments.find((a) => a.name === name)?.span ?? { from: 0, to: 0 });
    entries = e
      ? [
          {
            name,
            entry: 'expression',
            expression: options.modelExpression,
            span,
            build: (it) => it.eval(e, it.globals),
          },
        ]
      : [];
  } else entries = findEntries(interp, text);
  const notes = inputNotes(text, pos);
  return entries.map((entry) => {
    const m = traceEntry(interp, notes, pos, entry, options);
    return moduleNotes.length
      ? { ...m, notes: [...moduleNotes, ...m.notes.filter((n) => !moduleNotes.includes(n))] }
      : m;
  });
}
