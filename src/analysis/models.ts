// Finds model definitions — PyTorch nn.Sequential and nn.Module subclasses, Keras Sequential — and lists their layers in order.
import type { LayerSpec } from '../engine/trace';
import { className, kerasInputShape, layerFramework, layerSpec, type PyCall } from './layerCatalog';
import type { SourceRange } from './literals';
import { dottedName, parseExpr, type PyExpr } from './pyExpr';
import type { PyModule } from './pySource';
import { blockOf } from './pyStatements';
import { evalValue, layeredEnv, UNKNOWN, type PyValue, type ValueEnv } from './pyValues';
import { traceForward } from './forward';
import * as l10n from '../l10n';

/** One layer of a model as written in the source. */
export interface LayerOccurrence {
  /** The layer's source text, e.g. "nn.Conv2d(1, 6, 5)". */
  readonly label: string;
  readonly spec: LayerSpec;
  /** Where the layer is written (its definition, for a module attribute). */
  readonly range: SourceRange;
  /** Attribute or key it is stored under, e.g. "conv1". */
  readonly name?: string;
  /** For a module's layers: the forward() statement that applies it. */
  readonly usedAt?: SourceRange;
  /** Written in another notebook cell: `range` then points at the model, and no hint is drawn for it. */
  readonly external?: boolean;
}

/** A model found in the source, with its layers in the order data flows through them. */
export interface ModelDefinition {
  /** Variable or class name. */
  readonly name: string;
  readonly kind: 'sequential' | 'module' | 'keras';
  readonly framework: 'torch' | 'keras';
  /** The line the model starts on (assignment or class header). */
  readonly range: SourceRange;
  readonly layers: readonly LayerOccurrence[];
  /** Keras `input_shape=` / `Input(shape=)`, when the model declares it. */
  readonly declaredInput?: readonly number[];
}

/** Is this call a Sequential container? */
function isSequential(call: PyCall): boolean {
  return className(call) === 'Sequential';
}

/** Keras Sequential: called with a list, or spelled through keras / tf.keras. */
function isKerasSequential(call: PyCall): boolean {
  const name = dottedName(call.func) ?? '';
  return /keras/.test(name) || call.args[0]?.kind === 'seq' && call.args[0].brackets === '[]' || (call.args.length === 0 && !/\bnn\b|torch/.test(name));
}

/** Calls anywhere inside an expression, outermost first. */
function callsIn(e: PyExpr, out: PyCall[] = []): PyCall[] {
  switch (e.kind) {
    case 'call':
      out.push(e);
      callsIn(e.func, out);
      for (const a of e.args) callsIn(a, out);
      for (const k of e.kwargs) callsIn(k.value, out);
      break;
    case 'attr':
    case 'subscript':
      callsIn(e.object, out);
      break;
    case 'seq':
      for (const it of e.items) callsIn(it, out);
      break;
    case 'binop':
      callsIn(e.left, out);
      callsIn(e.right, out);
      break;
    case 'unary':
      callsIn(e.operand, out);
      break;
    default:
      break;
  }
  return out;
}

/** Reads model definitions out of a Python module. */
export class ModelReader {
  constructor(private readonly mod: PyModule) {}

  /** Every model in the file, in source order. */
  models(): ModelDefinition[] {
    const found: ModelDefinition[] = [];
    const stmts = this.mod.statements;
    const inClass = new Set<number>();
    for (let k = 0; k < stmts.length; k++) {
      const s = stmts[k]!;
      const head = this.mod.tokens[s.start]!;
      if (head.text === 'class') {
        const model = this.moduleClass(k);
        if (model) {
          found.push(model);
          for (const b of blockOf(stmts, k)) inClass.add(b);
        }
        continue;
      }
      if (inClass.has(k)) continue;
      // Most statements of a long file are not models: only parse the ones that mention Sequential.
      if (!this.mentions(s, 'Sequential')) continue;
      const assign = this.mod.assignment(s);
      const value = assign?.value ?? this.mod.expression(s);
      for (const call of callsIn(value)) {
        if (!isSequential(call)) continue;
        const name = assign && assign.target.kind === 'name' ? assign.target.id : assign ? this.mod.textOf(assign.target) : 'Sequential';
        found.push(isKerasSequential(call) ? this.kerasSequential(call, name, k) : this.torchSequential(call, name));
        break; // nested Sequentials are part of this one
      }
    }
    return found;
  }

  /** Does the statement contain this name as a token? */
  private mentions(s: { start: number; end: number }, name: string): boolean {
    const toks = this.mod.tokens;
    for (let k = s.start; k < s.end; k++) if (toks[k]!.kind === 'name' && toks[k]!.text === name) return true;
    return false;
  }

  /** Flattens an nn.Sequential's arguments (nested Sequentials, OrderedDict) into layers. */
  torchSequentialLayers(call: PyCall, env: ValueEnv): LayerOccurrence[] {
    const layers: LayerOccurrence[] = [];
    const add = (e: PyExpr, name?: string): void => {
      if (e.kind === 'call' && isSequential(e)) {
        for (const l of this.torchSequentialLayers(e, env)) layers.push(l);
        return;
      }
      if (e.kind === 'call' && className(e) === 'OrderedDict' && e.args[0]?.kind === 'seq') {
        for (const item of e.args[0].items) {
          if (item.kind === 'seq' && item.items.length === 2) {
            const key = item.items[0]!;
            add(item.items[1]!, key.kind === 'str' ? key.value : undefined);
          }
        }
        return;
      }
      layers.push(this.occurrence(e, 'torch', env, name));
    };
    for (const a of call.args) add(a);
    return layers;
  }

  /** One layer expression as an occurrence; anything that is not a known layer call becomes an unknown layer. */
  occurrence(e: PyExpr, framework: 'torch' | 'keras', env: ValueEnv, name?: string): LayerOccurrence {
    const label = this.mod.textOf(e);
    const base = { label, range: this.mod.rangeOf(e), ...(name ? { name } : {}) };
    if (e.kind !== 'call') return { ...base, spec: { kind: 'unknown', reason: l10n.t('cannot tell what {0} is without running the code', label || 'this') } };
    const cls = className(e);
    const fw = cls ? layerFramework(cls) : undefined;
    if (!fw || (fw !== 'either' && fw !== framework)) {
      return { ...base, spec: { kind: 'unknown', reason: l10n.t('{0} is not a layer ConvLens can trace', cls ?? label) } };
    }
    return { ...base, spec: layerSpec(e, framework, env) };
  }

  private torchSequential(call: PyCall, name: string): ModelDefinition {
    return { name, kind: 'sequential', framework: 'torch', range: this.mod.rangeOf(call), layers: this.torchSequentialLayers(call, this.mod.constants) };
  }

  private kerasSequential(call: PyCall, name: string, stmtIndex: number): ModelDefinition {
    const env = this.mod.constants;
    const items: PyExpr[] = call.args[0]?.kind === 'seq' ? [...call.args[0].items] : [];
    // model.add(layer) calls after the assignment extend the model.
    for (let k = stmtIndex + 1; k < this.mod.statements.length; k++) {
      const e = this.mod.expression(this.mod.statements[k]!);
      if (e.kind === 'call' && e.func.kind === 'attr' && e.func.attr === 'add' && dottedName(e.func.object) === name && e.args[0]) items.push(e.args[0]);
    }
    let declaredInput: number[] | undefined;
    const layers: LayerOccurrence[] = [];
    for (const item of items) {
      if (item.kind === 'call') {
        declaredInput ??= kerasInputShape(item, env);
        const cls = className(item);
        if (cls === 'Input' || cls === 'InputLayer') continue;
      }
      layers.push(this.occurrence(item, 'keras', env));
    }
    return { name, kind: 'keras', framework: 'keras', range: this.mod.rangeOf(call), layers, ...(declaredInput ? { declaredInput } : {}) };
  }

  /** An nn.Module subclass: layers assigned in __init__, in the order forward uses them. */
  private moduleClass(index: number): ModelDefinition | undefined {
    const stmts = this.mod.statements;
    const header = stmts[index]!;
    const toks = this.mod.tokens;
    const name = toks[header.start + 1]?.text;
    if (!name) return undefined;
    const bases = this.mod.textOf({ start: header.start + 2, end: header.end });
    if (!/\bModule\b/.test(bases)) return undefined;
    const body = blockOf(stmts, index).filter((k) => stmts[k]!.indent === stmts[index + 1]?.indent);
    const def = (fn: string): number | undefined => body.find((k) => toks[stmts[k]!.start]?.text === 'def' && toks[stmts[k]!.start + 1]?.text === fn);
    const init = def('__init__');
    const forward = def('forward');
    const defaults = new Map<string, PyValue>();
    const env = layeredEnv(defaults, this.mod.constants);
    const attributes = new Map<string, PyExpr>();
    if (init !== undefined) {
      this.readInitDefaults(stmts[init]!, defaults, env);
      for (const k of blockOf(stmts, init)) {
        const a = this.mod.assignment(stmts[k]!);
        if (a && a.target.kind === 'attr' && a.target.object.kind === 'name' && a.target.object.id === 'self') attributes.set(a.target.attr, a.value);
      }
    }
    if (forward === undefined) return undefined;
    const layers = traceForward(this.mod, this, forward, attributes, env);
    return { name, kind: 'module', framework: 'torch', range: this.mod.rangeOf({ start: header.start, end: header.end }), layers };
  }

  /** `def __init__(self, num_classes: int = 10, …)`: defaults become constants for the layers built in the body. */
  private readInitDefaults(def: { start: number; end: number }, defaults: Map<string, PyValue>, env: ValueEnv): void {
    const toks = this.mod.tokens;
    let depth = 0;
    let paramStart = -1;
    for (let k = def.start; k < def.end; k++) {
      const t = toks[k]!.text;
      if (t === '(' || t === '[' || t === '{') {
        depth++;
        if (depth === 1 && t === '(') paramStart = k + 1;
        continue;
      }
      if (t === ')' || t === ']' || t === '}') {
        depth--;
        if (depth === 0) break;
        continue;
      }
      if (depth === 1 && t === ',') paramStart = k + 1;
      else if (depth === 1 && t === '=' && toks[paramStart]?.kind === 'name') {
        const v = evalValue(parseExpr(toks, k + 1, def.end), env);
        if (v !== UNKNOWN) defaults.set(toks[paramStart]!.text, v);
      }
    }
  }
}
