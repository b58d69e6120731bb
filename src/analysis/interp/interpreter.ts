// The static interpreter: evaluates a Python syntax tree abstractly (never executes it) to build modules and trace tensors.
import * as l10n from '../../l10n';
import { ShapeError } from '../../engine/tensor';
import type { Expr, Param, PyAst, Span, Stmt } from '../python/ast';
import { Recorder, TraceStop } from './graph';
import { arith, compare, firstUnknown, truthy } from './operators';
import { Scope } from './scope';
import {
  FALSE,
  itemsOf,
  keyOf,
  list,
  NONE,
  NO_KWARGS,
  num,
  show,
  str,
  THIS_MODULE,
  tuple,
  unknown,
  type ClassValue,
  type FunctionValue,
  type ModuleNode,
  type TensorValue,
  type Value,
} from './values';
import { makeBuiltins } from './builtins';
import { importFrom, importModule } from './imports';
import {
  callObject,
  classAttr,
  containerItems,
  instantiate,
  moduleAttr,
  setModuleAttr,
  sliceSequential,
  valueOrSuperAttr,
} from './modules';
import { PRELUDE_BASE, PRELUDE_SOURCE } from './prelude';
import { INPUT_RF } from './layerCalls';
import { tensorAttr, tensorBinary, tensorIndex, tensorUnary } from './tensors';

/** Control flow out of a block. */
type Flow =
  | { readonly k: 'normal' }
  | { readonly k: 'break' }
  | { readonly k: 'continue' }
  | { readonly k: 'return'; readonly value: Value };
const NORMAL: Flow = { k: 'normal' };

/** Limits that keep analysis fast on any input: statements + calls per run, call depth, loop length. */
export const LIMITS = { steps: 400_000, depth: 60, loop: 10_000 };

/** Thrown for `raise` reached in the traced path: PyTorch would raise there too. */
class PyRaise extends Error {}

/** One interpreter per file: module globals, the class and function values defined there, and the current recorder. */
/** Options of one interpreter run. */
export interface InterpreterOptions {
  /** Replaces the shape of keras.Input(...) when the ranks agree (the CLI's --input, an input comment). */
  readonly kerasInput?: readonly number[];
}

export class Interpreter {
  readonly builtins: Scope;
  readonly globals: Scope;
  recorder = this.newRecorder();
  /** Input shapes the code declares (keras.Input) or builds (torch.randn), in order, with where. */
  readonly declaredInputs: {
    readonly shape: readonly number[];
    readonly span: Span;
    readonly framework: 'torch' | 'keras';
  }[] = [];
  /** Module-level assignments that build a model but stopped (listed as models with their stop). */
  readonly failedAssignments: { readonly name: string; readonly span: Span; readonly stop: TraceStop }[] = [];
  /** Module objects assigned to module-level names, in order (entry points). */
  readonly moduleAssignments: { readonly name: string; readonly span: Span; readonly value: Value }[] = [];
  /** The innermost user-code call site while prelude code runs (what prelude positions map to). */
  private userSite: Span = { from: 0, to: 0 };
  private steps = 0;
  private depth = 0;
  private nextModuleId = 0;
  /** Set while tracing a model's forward; outside it, module-level code runs leniently. */
  strict = false;
  /** Library names resolved so far (module path → name → value), filled by importFrom. */
  readonly libraryNames = new Map<string, Map<string, Value>>();
  /** Modules imported with `from X import *`, searched for names the file does not define. */
  readonly starImports: string[] = [];
  /** The innermost running function's scope (super() reads its class and instance there). */
  currentScope: Scope | undefined;
  /** Offsets where the file's lines start (shared with whoever turns offsets into positions). */
  readonly lineStarts: readonly number[];

  constructor(
    readonly ast: PyAst,
    readonly options: InterpreterOptions = {},
  ) {
    this.builtins = new Scope(undefined, 'builtins');
    for (const [name, v] of makeBuiltins(this)) this.builtins.vars.set(name, v);
    this.globals = new Scope(this.builtins, 'module');
    this.globals.vars.set('__name__', str('__main__'));
    this.lineStarts = lineStartsOf(ast.text);
  }

  /** A fresh recorder whose spans are mapped out of the prelude. */
  newRecorder(): Recorder {
    return new Recorder((span) => this.mapSpan(span));
  }

  /** Positions in the prelude stand for the user's call that reached them. */
  mapSpan(span: Span): Span {
    return span.from >= PRELUDE_BASE ? this.userSite : span;
  }

  /** Remembers an input shape the code declares or builds. */
  noteInput(shape: readonly number[], span: Span, framework: 'torch' | 'keras' = 'keras'): void {
    if (span.from < PRELUDE_BASE && shape.length >= 2) this.declaredInputs.push({ shape, span, framework });
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    if (offset >= PRELUDE_BASE) offset = this.userSite.from;
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The exact source text of a span (the user's file or the prelude). */
  sourceText(span: Span): string {
    return span.from >= PRELUDE_BASE
      ? PRELUDE_SOURCE.slice(span.from - PRELUDE_BASE, span.to - PRELUDE_BASE)
      : this.ast.text.slice(span.from, span.to);
  }

  textOf(span: Span): string {
    const mapped = this.mapSpan(span);
    const t = this.ast.text.slice(mapped.from, mapped.to);
    return t.length > 60 ? `${t.slice(0, 57)}…` : t;
  }

  /** Resets the step budget (each model trace gets its own). */
  resetBudget(): void {
    this.steps = 0;
  }

  private tick(span: Span): void {
    if (++this.steps > LIMITS.steps)
      throw new TraceStop(
        'unknown',
        'tooComplex',
        l10n.t('the code takes more than {0} steps to trace', LIMITS.steps.toLocaleString('en-US')),
        span,
      );
  }

  /** Stops the trace: a value that matters is unknown. */
  stopUnknown(v: Value & { k: 'unknown' }, what: string, span: Span): never {
    const why = v.why;
    throw new TraceStop(
      'unknown',
      why.code === 'argparse' ? 'argparse' : 'unknownValue',
      l10n.t('{0} depends on {1} (line {2})', what, why.message, this.lineOf(why.span.from)),
      span,
      { line: this.lineOf(why.span.from), reason: why.message },
    );
  }

  /** Runs the module's top-level statements leniently: a statement that cannot be known leaves its names unknown. */
  runModule(): void {
    for (const s of this.ast.body) this.execTopLevel(s, this.globals);
  }

  private execTopLevel(s: Stmt, scope: Scope): void {
    // An if at module level: a known condition runs its branch statement by statement; an unknown one leaves
    // every name any branch assigns unknown, with the condition's reason (never the last branch's value).
    if (s.t === 'if') {
      for (const b of s.branches) {
        let c: boolean;
        try {
          this.resetBudget();
          c = this.condition(b.cond, scope);
        } catch (e) {
          if (!(e instanceof TraceStop)) throw e;
          const names = [...s.branches.flatMap((x) => x.body), ...s.orelse].flatMap(assignedNames);
          const reason =
            typeof e.fields['reason'] === 'string'
              ? l10n.t(
                  '`{0}`, which depends on {1} (line {2})',
                  this.textOf(b.cond),
                  e.fields['reason'],
                  e.fields['line'] ?? this.lineOf(b.cond.from),
                )
              : e.message;
          for (const name of names)
            scope.set(
              name,
              unknown(
                l10n.t('the branch taken at line {0}: {1}', this.lineOf(b.cond.from), reason),
                b.cond,
                e.code === 'argparse' ? 'argparse' : 'runtime',
              ),
            );
          return;
        }
        if (c) {
          for (const x of b.body) this.execTopLevel(x, scope);
          return;
        }
      }
      for (const x of s.orelse) this.execTopLevel(x, scope);
      return;
    }
    try {
      this.resetBudget();
      this.exec(s, scope);
    } catch (e) {
      if (!(e instanceof TraceStop || e instanceof PyRaise || e instanceof ShapeError)) throw e;
      if (s.t === 'with' || s.t === 'try') {
        for (const x of s.body) this.execTopLevel(x, scope);
        return;
      }
      const reason = e instanceof Error ? e.message : String(e);
      for (const name of assignedNames(s)) scope.set(name, unknown(reason, s, 'runtime'));
      // `model = nn.Sequential(...)` that cannot be built is still a model the user wrote: it is listed, with why it stops.
      const target =
        s.t === 'assign' && s.targets.length === 1 && s.targets[0]!.t === 'name' ? s.targets[0]! : undefined;
      if (
        target &&
        s.t === 'assign' &&
        s.value &&
        e instanceof TraceStop &&
        scope === this.globals &&
        (looksLikeModel(this.sourceText(s.value)) || this.callsModelClass(s.value, scope))
      ) {
        this.failedAssignments.push({ name: target.id, span: target, stop: e });
      }
    }
  }

  /** `Net(…)` where Net is a model class of the file: a model the user wrote, even when building it stops. */
  private callsModelClass(e: Expr, scope: Scope): boolean {
    return e.t === 'call' && e.fn.t === 'name' && isModelClass(scope.lookup(e.fn.id));
  }

  // ---------------------------------------------------------------- statements

  execBlock(body: readonly Stmt[], scope: Scope): Flow {
    for (const s of body) {
      const f = this.exec(s, scope);
      if (f.k !== 'normal') return f;
    }
    return NORMAL;
  }

  exec(s: Stmt, scope: Scope): Flow {
    this.tick(s);
    switch (s.t) {
      case 'expr':
        this.evalStatementExpr(s.e, scope);
        return NORMAL;
      case 'assign': {
        if (!s.value) return NORMAL;
        const v = this.eval(s.value, scope);
        for (const t of s.targets) this.assign(t, v, scope);
        return NORMAL;
      }
      case 'aug': {
        const cur = this.eval(s.target, scope);
        const rhs = this.eval(s.value, scope);
        // In-place list extension keeps the identity of the list (layers += [...]).
        if (s.op === '+' && cur.k === 'list' && itemsOf(rhs)) {
          cur.items.push(...itemsOf(rhs)!);
          return NORMAL;
        }
        this.assign(s.target, this.binary(s.op, cur, rhs, s, [s.target, s.value]), scope);
        return NORMAL;
      }
      case 'def':
        scope.set(s.name, this.defineFunction(s, scope, undefined));
        return NORMAL;
      case 'class':
        scope.set(s.name, this.defineClass(s, scope));
        return NORMAL;
      case 'return':
        return { k: 'return', value: s.value ? this.eval(s.value, scope) : NONE };
      case 'if': {
        for (const b of s.branches) {
          const c = this.condition(b.cond, scope);
          if (c) return this.execBlock(b.body, scope);
        }
        return this.execBlock(s.orelse, scope);
      }
      case 'for':
        return this.execFor(s, scope);
      case 'while': {
        for (let k = 0; ; k++) {
          if (k > LIMITS.loop)
            throw new TraceStop(
              'unknown',
              'tooComplex',
              l10n.t('a while loop runs more than {0} times', LIMITS.loop),
              s,
            );
          if (!this.condition(s.cond, scope)) return NORMAL;
          const f = this.execBlock(s.body, scope);
          if (f.k === 'break') return NORMAL;
          if (f.k === 'return') return f;
        }
      }
      case 'import':
        for (const n of s.names) {
          const root = n.as ?? n.module.split('.')[0]!;
          scope.set(root, importModule(this, n.as ? n.module : n.module.split('.')[0]!, s));
        }
        return NORMAL;
      case 'from':
        for (const n of s.names) {
          if (n.name === '*') {
            if (s.level === 0 && !this.starImports.includes(s.module)) this.starImports.push(s.module);
            continue;
          }
          scope.set(n.as ?? n.name, importFrom(this, s.module, s.level, n.name, s));
        }
        return NORMAL;
      case 'raise':
        if (this.strict) {
          const what = s.e ? this.textOf(s.e) : l10n.t('an exception');
          throw new TraceStop(
            'error',
            'raises',
            l10n.t('the code raises {0} here (line {1})', what, this.lineOf(s.from)),
            s,
          );
        }
        throw new PyRaise('raise');
      case 'try': {
        const f = this.execBlock(s.body, scope);
        if (f.k !== 'normal') return f;
        const g = this.execBlock(s.orelse, scope);
        if (g.k !== 'normal') return g;
        return this.execBlock(s.final, scope);
      }
      case 'with': {
        for (const item of s.items) {
          const v = this.eval(item.e, scope);
          if (item.as) this.assign(item.as, v, scope);
        }
        return this.execBlock(s.body, scope);
      }
      case 'break':
        return { k: 'break' };
      case 'continue':
        return { k: 'continue' };
      case 'pass':
      case 'ignored':
        return NORMAL;
    }
  }

  /** An expression statement: a call whose result is unused and that cannot be known is skipped (nn.init.*, logging). */
  private evalStatementExpr(e: Expr, scope: Scope): void {
    if (e.t === 'str' || e.t === 'fstr') return; // docstrings
    this.eval(e, scope);
  }

  /** A condition that must be known; in a traced path an unknown one stops with its reason. */
  condition(e: Expr, scope: Scope): boolean {
    const v = this.eval(e, scope);
    const t = truthy(v);
    if (t !== undefined) return t;
    if (v.k === 'unknown') this.stopUnknown(v, l10n.t('whether `{0}` holds', this.textOf(e)), e);
    throw new TraceStop(
      'unknown',
      'tensorCondition',
      l10n.t(
        '`{0}` depends on tensor values, which are only known when the code runs (line {1})',
        this.textOf(e),
        this.lineOf(e.from),
      ),
      e,
    );
  }

  private execFor(s: Stmt & { t: 'for' }, scope: Scope): Flow {
    const iter = this.eval(s.iter, scope);
    const items = this.iterate(iter, s.iter);
    for (const item of items) {
      this.tick(s);
      this.assign(s.target, item, scope);
      const f = this.execBlock(s.body, scope);
      if (f.k === 'break') return NORMAL;
      if (f.k === 'return') return f;
    }
    return this.execBlock(s.orelse, scope);
  }

  /** The items a for loop or a call like list()/zip() walks; unknown iterables stop the trace. */
  iterate(v: Value, span: Span): readonly Value[] {
    const items = itemsOf(v);
    if (items) return items;
    switch (v.k) {
      case 'dict':
        return [...v.map.values()].map(([k]) => k);
      case 'str':
        return [...v.v].map(str);
      case 'object': {
        if (v.obj.items) return v.obj.items;
        const kind = nativeKind(v.obj.cls);
        if (v.obj.module && kind === 'ModuleDict') return [...v.obj.module.children.keys()].map(str);
        if (
          v.obj.module &&
          (kind === 'Sequential' || kind === 'ModuleList' || kind === 'ParameterList' || kind === 'KerasSequential')
        )
          return containerItems(v.obj);
        const iter = lookupClassAttr(v.obj.cls, '__iter__');
        if (iter?.k === 'func') return this.iterate(this.callFunction(iter.fn, [v], NO_KWARGS, span), span);
        break;
      }
      case 'tensor':
        return Array.from({ length: v.t.shape[0] ?? 0 }, () => ({
          k: 'tensor' as const,
          t: { ...v.t, shape: v.t.shape.slice(1) },
        }));
      case 'unknown':
        this.stopUnknown(v, l10n.t('the loop over `{0}`', this.textOf(span)), span);
    }
    throw new TraceStop(
      'unknown',
      'notIterable',
      l10n.t('cannot iterate over {0} (line {1})', show(v), this.lineOf(span.from)),
      span,
    );
  }

  /** Binds a value to an assignment target (names, attributes, items, tuples with a starred part). */
  assign(target: Expr, v: Value, scope: Scope): void {
    switch (target.t) {
      case 'name':
        scope.set(target.id, v);
        if (
          scope === this.globals &&
          v.k === 'object' &&
          v.obj.module &&
          !this.moduleAssignments.some((m) => m.value.k === 'object' && m.value.obj === v.obj)
        ) {
          this.moduleAssignments.push({ name: target.id, span: target, value: v });
        }
        return;
      case 'attr': {
        const obj = this.eval(target.obj, scope);
        // `self.fc.bias.requires_grad = False` freezes part of a module: which part ConvLens cannot size, so the
        // module's trainable count becomes unknown rather than silently wrong.
        if (target.name === 'requires_grad' && obj.k === 'param' && target.obj.t === 'attr') {
          const owner = this.eval(target.obj.obj, scope);
          const m = owner.k === 'object' ? owner.obj.module : undefined;
          if (m && !(m.requiresGrad === true && v.k === 'bool' && v.v)) m.requiresGrad = undefined;
        }
        this.setAttr(obj, target.name, v, target);
        return;
      }
      case 'index': {
        const obj = this.eval(target.obj, scope);
        const key = this.eval(target.index, scope);
        this.setItem(obj, key, v, target);
        return;
      }
      case 'tuple':
      case 'list': {
        const items = v.k === 'unknown' ? undefined : this.iterate(v, target);
        const star = target.items.findIndex((x) => x.t === 'starred');
        for (const [k, t] of target.items.entries()) {
          if (!items) {
            this.assign(t.t === 'starred' ? t.e : t, v, scope);
            continue;
          }
          if (star < 0 && items.length !== target.items.length) {
            throw new TraceStop(
              'error',
              'unpack',
              l10n.t(
                'cannot unpack {0} values into {1} names (line {2})',
                items.length,
                target.items.length,
                this.lineOf(target.from),
              ),
              target,
            );
          }
          if (t.t === 'starred')
            this.assign(t.e, list(items.slice(k, items.length - (target.items.length - k - 1))), scope);
          else
            this.assign(
              t,
              star >= 0 && k > star ? items[items.length - (target.items.length - k)]! : (items[k] ?? NONE),
              scope,
            );
        }
        return;
      }
      case 'starred':
        this.assign(target.e, v, scope);
        return;
      default:
        return;
    }
  }

  setItem(obj: Value, key: Value, v: Value, span: Span): void {
    if (obj.k === 'list') {
      if (key.k === 'num') obj.items[key.v < 0 ? obj.items.length + key.v : key.v] = v;
      return;
    }
    if (obj.k === 'dict') {
      const k = keyOf(key);
      if (k !== undefined) obj.map.set(k, [key, v]);
      return;
    }
    if (obj.k === 'object' && obj.obj.module && key.k === 'str') setModuleAttr(this, obj.obj, key.v, v, span);
  }

  // ---------------------------------------------------------------- definitions

  defineFunction(s: Stmt & { t: 'def' }, scope: Scope, owner: ClassValue | undefined): Value {
    let kind: FunctionValue['kind'] = 'plain';
    const closure = scope.kind === 'class' ? scope.parent! : scope;
    let v: Value = {
      k: 'func',
      fn: {
        name: s.name,
        params: s.params,
        // Read when called: the parser converts a function's body on first use.
        get body() {
          return s.body;
        },
        closure,
        span: s.nameSpan,
        kind,
        ...(owner ? { owner } : {}),
      },
    };
    for (const d of [...s.decorators].reverse()) {
      const text = this.sourceText(d);
      if (text === 'staticmethod' || text === 'classmethod' || text === 'property' || /\.setter$/.test(text)) {
        kind = text === 'staticmethod' ? 'static' : text === 'classmethod' ? 'class' : 'property';
        if (/\.setter$/.test(text)) return scope.vars.get(s.name) ?? v;
        if (v.k === 'func') v = { k: 'func', fn: { ...v.fn, kind } };
        continue;
      }
      // A decorator from this file (or the prelude) is applied; any other one is taken as the identity.
      let dec: Value;
      try {
        dec = this.eval(d, scope);
      } catch (e) {
        if (e instanceof TraceStop) continue;
        throw e;
      }
      if (dec.k === 'func' || dec.k === 'bound') {
        const applied = this.call(dec, [v], NO_KWARGS, d);
        if (applied.k !== 'unknown') v = applied;
      }
    }
    return v;
  }

  private defineClass(s: Stmt & { t: 'class' }, scope: Scope): Value {
    const bases: ClassValue[] = [];
    let opaque: ClassValue['opaqueBase'];
    for (const a of s.bases) {
      if (a.kind !== 'pos') continue;
      const b = this.eval(a.value, scope);
      if (b.k === 'class') bases.push(b.cls);
      else if (b.k === 'unknown') opaque ??= b.why;
    }
    const cls: ClassValue = {
      name: s.name,
      bases,
      attrs: new Map(),
      span: s.nameSpan,
      ...(opaque ? { opaqueBase: opaque } : {}),
    };
    const body = new Scope(scope, 'class');
    const annotations: string[] = [];
    for (const st of s.body) {
      if (st.t === 'def') body.vars.set(st.name, this.defineFunction(st, body, cls));
      else {
        if (st.t === 'assign' && st.value === undefined)
          for (const t of st.targets) if (t.t === 'name') annotations.push(t.id);
        if (st.t === 'assign' && st.value)
          for (const t of st.targets) if (t.t === 'name' && !annotations.includes(t.id)) annotations.push(t.id);
        try {
          this.exec(st, body);
        } catch (e) {
          if (!(e instanceof TraceStop || e instanceof ShapeError || e instanceof PyRaise)) throw e;
          for (const name of assignedNames(st)) body.vars.set(name, unknown(e.message, st));
        }
      }
    }
    for (const [k, v] of body.vars) cls.attrs.set(k, v);
    cls.attrs.set('__fields__', tuple(annotations.map(str)));
    let v: Value = { k: 'class', cls };
    for (const d of [...s.decorators].reverse()) {
      const dec = this.tryEval(d, scope);
      if (dec && (dec.k === 'func' || dec.k === 'builtin')) {
        const applied = this.call(dec, [v], NO_KWARGS, d);
        if (applied.k === 'class') v = applied;
      }
    }
    return v;
  }

  tryEval(e: Expr, scope: Scope): Value | undefined {
    try {
      return this.eval(e, scope);
    } catch (err) {
      if (err instanceof TraceStop) return undefined;
      throw err;
    }
  }

  // ---------------------------------------------------------------- expressions

  eval(e: Expr, scope: Scope): Value {
    switch (e.t) {
      case 'name': {
        const v = scope.lookup(e.id);
        if (v !== undefined) return v;
        // `from torch.nn import *`: names the file does not define come from the star-imported libraries.
        for (const path of this.starImports) {
          const hit = importFrom(this, path, 0, e.id, e);
          if (hit.k !== 'unknown' || hit.why.code === 'unknownLayer') return hit;
        }
        return unknown(l10n.t('the name `{0}`, which is not defined in this file', e.id), e, 'undefinedName');
      }
      case 'num':
        return num(e.v, e.int);
      case 'str':
        return str(e.v);
      case 'fstr': {
        let out = '';
        for (const p of e.parts) {
          if (typeof p === 'string') out += p;
          else {
            const v = this.eval(p, scope);
            if (v.k === 'unknown') return v;
            out += show(v);
          }
        }
        return str(out);
      }
      case 'const':
        return e.v === null ? NONE : e.v === 'ellipsis' ? { k: 'ns', path: '...' } : { k: 'bool', v: e.v };
      case 'attr':
        return this.getAttr(this.eval(e.obj, scope), e.name, e);
      case 'index':
        return this.getItem(this.eval(e.obj, scope), e.index, scope, e);
      case 'slice':
        return unknown(l10n.t('a slice outside brackets'), e);
      case 'call':
        return this.evalCall(e, scope);
      case 'bin':
        return this.binary(e.op, this.eval(e.l, scope), this.eval(e.r, scope), e, [e.l, e.r]);
      case 'cmp': {
        let left = this.eval(e.items[0]!, scope);
        let result: Value = { k: 'bool', v: true };
        for (let k = 0; k < e.ops.length; k++) {
          const right = this.eval(e.items[k + 1]!, scope);
          const op = e.ops[k]!;
          const elementwise = (left.k === 'tensor' || right.k === 'tensor') && !/^(is|in|not in|is not)$/.test(op);
          const r = elementwise ? tensorBinary(this, 'cmp', left, right, e) : compare(op, left, right, e);
          if (r.k !== 'bool') return r;
          result = r;
          if (!r.v) return r;
          left = right;
        }
        return result;
      }
      case 'bool': {
        const l = this.eval(e.l, scope);
        const t = truthy(l);
        if (t === undefined) {
          // `unknown and False` is still False; otherwise the unknown wins.
          const r = this.eval(e.r, scope);
          const tr = truthy(r);
          if (e.op === 'and' && tr === false) return r;
          if (e.op === 'or' && tr === true) return r;
          return l.k === 'unknown' ? l : unknown(l10n.t('the truth of `{0}`', this.textOf(e.l)), e.l);
        }
        if (e.op === 'and') return t ? this.eval(e.r, scope) : l;
        return t ? l : this.eval(e.r, scope);
      }
      case 'unary': {
        const v = this.eval(e.e, scope);
        if (e.op === 'not') {
          const t = truthy(v);
          return t === undefined
            ? v.k === 'unknown'
              ? v
              : unknown(l10n.t('the truth of `{0}`', this.textOf(e.e)), e)
            : { k: 'bool', v: !t };
        }
        if (v.k === 'tensor') {
          if (e.op !== '+') this.recorder.unrecordedOp(e.op, e);
          return tensorUnary(v);
        }
        if (v.k === 'num' || v.k === 'bool') {
          const x = v.k === 'num' ? v.v : v.v ? 1 : 0;
          return num(e.op === '-' ? -x : e.op === '~' ? ~x : x, v.k === 'bool' || v.int);
        }
        return v.k === 'unknown' ? v : unknown(`${e.op}${show(v)}`, e);
      }
      case 'tuple':
        return tuple(this.evalItems(e.items, scope));
      case 'list':
        return list(this.evalItems(e.items, scope));
      case 'set':
        return { k: 'set', items: this.evalItems(e.items, scope) };
      case 'dict': {
        const map = new Map<string, readonly [Value, Value]>();
        for (const entry of e.entries) {
          if (!entry.key) {
            const other = this.eval(entry.value, scope);
            if (other.k === 'dict') for (const [k, kv] of other.map) map.set(k, kv);
            continue;
          }
          const key = this.eval(entry.key, scope);
          const k = keyOf(key);
          if (k === undefined) return unknown(l10n.t('a dict key `{0}`', this.textOf(entry.key)), entry.key);
          map.set(k, [key, this.eval(entry.value, scope)]);
        }
        return { k: 'dict', map };
      }
      case 'ifexp':
        return this.condition(e.cond, scope) ? this.eval(e.a, scope) : this.eval(e.b, scope);
      case 'lambda':
        return {
          k: 'func',
          fn: { name: '<lambda>', params: e.params, body: { lambda: e.body }, closure: scope, span: e, kind: 'plain' },
        };
      case 'comp':
        return this.comprehension(e, scope);
      case 'starred':
        return this.eval(e.e, scope);
      case 'other':
        return unknown(`\`${this.textOf(e)}\``, e, 'syntax');
    }
  }

  private evalItems(items: readonly Expr[], scope: Scope): Value[] {
    const out: Value[] = [];
    for (const it of items) {
      if (it.t === 'starred') out.push(...this.iterate(this.eval(it.e, scope), it));
      else out.push(this.eval(it, scope));
    }
    return out;
  }

  private comprehension(e: Expr & { t: 'comp' }, scope: Scope): Value {
    const inner = new Scope(scope, 'function');
    const out: Value[] = [];
    const map = new Map<string, readonly [Value, Value]>();
    const run = (k: number): void => {
      const c = e.clauses[k];
      if (!c) {
        if (e.kind === 'dict') {
          const key = this.eval(e.elt, inner);
          const kk = keyOf(key);
          if (kk !== undefined) map.set(kk, [key, this.eval(e.value!, inner)]);
        } else out.push(this.eval(e.elt, inner));
        return;
      }
      if (c.kind === 'if') {
        if (this.condition(c.cond, inner)) run(k + 1);
        return;
      }
      for (const item of this.iterate(this.eval(c.iter, inner), c.iter)) {
        this.tick(e);
        this.assign(c.target, item, inner);
        run(k + 1);
      }
    };
    run(0);
    if (e.kind === 'dict') return { k: 'dict', map };
    if (e.kind === 'set') return { k: 'set', items: out };
    return e.kind === 'list' ? list(out) : tuple(out);
  }

  /** `a op b`; `operands` are where the two sides are written (a shape error names them). */
  binary(op: string, a: Value, b: Value, span: Span, operands?: readonly [Span, Span]): Value {
    if (a.k === 'tensor' || b.k === 'tensor' || a.k === 'param' || b.k === 'param')
      return tensorBinary(this, op, a, b, span, operands);
    try {
      const r = arith(op, a, b, span);
      if (r) return r;
    } catch (e) {
      if (e instanceof ShapeError) throw new TraceStop('error', e.code, e.message, span);
      throw e;
    }
    return firstUnknown(a, b) ?? unknown(`${show(a)} ${op} ${show(b)}`, span);
  }

  private getItem(obj: Value, indexExpr: Expr, scope: Scope, span: Span): Value {
    if (obj.k === 'tensor') return tensorIndex(this, obj.t, indexExpr, scope, span);
    const key = indexExpr.t === 'slice' ? this.sliceValue(indexExpr, scope) : this.eval(indexExpr, scope);
    return this.subscript(obj, key, span);
  }

  private sliceValue(e: Expr & { t: 'slice' }, scope: Scope): Value {
    const part = (x: Expr | undefined): Value => (x ? this.eval(x, scope) : NONE);
    return { k: 'tuple', items: [part(e.lo), part(e.hi), part(e.step)], fields: ['slice'] };
  }

  /** obj[key] for known containers (slices of lists and tuples too). */
  subscript(obj: Value, key: Value, span: Span): Value {
    if (obj.k === 'unknown') return obj;
    if (key.k === 'unknown') return key;
    const items = itemsOf(obj) ?? (obj.k === 'object' ? obj.obj.items : undefined);
    if (items) {
      if (key.k === 'tuple' && key.fields?.[0] === 'slice') {
        const [lo, hi, step] = key.items.map((v) => (v.k === 'num' ? v.v : undefined));
        const n = items.length;
        const st = step ?? 1;
        const norm = (v: number | undefined, d: number): number =>
          v === undefined ? d : Math.min(Math.max(v < 0 ? v + n : v, st < 0 ? -1 : 0), n);
        const out: Value[] = [];
        if (st > 0) for (let k = norm(lo, 0); k < norm(hi, n); k += st) out.push(items[k]!);
        else for (let k = norm(lo, n - 1); k > norm(hi, -1); k += st) out.push(items[k]!);
        if (obj.k === 'object' && obj.obj.cls.native === 'Sequential') return sliceSequential(this, obj.obj, out, span);
        return obj.k === 'tuple' ? tuple(out) : list(out);
      }
      if (key.k === 'num' || key.k === 'bool') {
        const i = key.k === 'num' ? key.v : key.v ? 1 : 0;
        const v = items[i < 0 ? items.length + i : i];
        if (v === undefined)
          throw new TraceStop(
            'error',
            'indexError',
            l10n.t('index {0} is out of range for {1} items (line {2})', i, items.length, this.lineOf(span.from)),
            span,
          );
        return v;
      }
    }
    if (obj.k === 'dict') {
      const k = keyOf(key);
      const hit = k === undefined ? undefined : obj.map.get(k);
      if (hit) return hit[1];
      return unknown(l10n.t('the key {0}, which the dict does not have', show(key)), span, 'keyError');
    }
    if (obj.k === 'str' && key.k === 'num') return str(obj.v.at(key.v) ?? '');
    if (obj.k === 'object' && obj.obj.module)
      return moduleAttr(this, obj, key.k === 'str' ? key.v : show(key), span, true);
    return unknown(`${show(obj)}[${show(key)}]`, span);
  }

  // ---------------------------------------------------------------- calls

  /** A call expression: the callee, then its arguments in order (most calls pass no keywords: they share one empty map). */
  private evalCall(e: Expr & { t: 'call' }, scope: Scope): Value {
    const fn = this.eval(e.fn, scope);
    const args: Value[] = [];
    let kwargs: Map<string, Value> | undefined;
    for (const a of e.args) {
      const v = this.eval(a.value, scope);
      if (a.kind === 'pos') args.push(v);
      else if (a.kind === 'kw') (kwargs ??= new Map()).set(a.name!, v);
      else if (a.kind === 'star') {
        if (v.k === 'unknown') args.push(v);
        else args.push(...this.iterate(v, a));
      } else if (v.k === 'dict') {
        for (const [key, val] of v.map.values()) if (key.k === 'str') (kwargs ??= new Map()).set(key.v, val);
      } else if (v.k === 'unknown') (kwargs ??= new Map()).set('**', v);
    }
    return this.call(fn, args, kwargs ?? NO_KWARGS, e);
  }

  /** Calls any callable value. */
  call(fn: Value, args: readonly Value[], kwargs: ReadonlyMap<string, Value>, span: Span): Value {
    this.tick(span);
    switch (fn.k) {
      case 'func':
        return this.callFunction(fn.fn, args, kwargs, span);
      case 'bound':
        return this.callFunction(fn.fn, [fn.self, ...args], kwargs, span);
      case 'builtin':
        return fn.call(args, kwargs, span);
      case 'partial':
        return this.call(fn.fn, [...fn.args, ...args], new Map([...fn.kwargs, ...kwargs]), span);
      case 'class':
        return instantiate(this, fn.cls, args, kwargs, span);
      case 'object':
        return callObject(this, fn.obj, args, kwargs, span);
      case 'unknown':
        return fn;
      default:
        return unknown(l10n.t('calling {0}', show(fn)), span);
    }
  }

  callFunction(fn: FunctionValue, args: readonly Value[], kwargs: ReadonlyMap<string, Value>, span: Span): Value {
    if (++this.depth > LIMITS.depth) {
      this.depth = 0;
      throw new TraceStop(
        'unknown',
        'tooDeep',
        l10n.t('calls nest more than {0} deep (line {1})', LIMITS.depth, this.lineOf(span.from)),
        span,
      );
    }
    const outer = this.currentScope;
    const outerSite = this.userSite;
    if (span.from < PRELUDE_BASE && fn.span.from >= PRELUDE_BASE) this.userSite = span;
    try {
      const scope = new Scope(fn.closure, 'function');
      if (fn.owner) {
        scope.vars.set('__class__', classValue(fn.owner));
        if (args[0]) scope.vars.set('__self__', args[0]);
      }
      this.bindParams(fn, args, kwargs, scope, span);
      this.currentScope = scope;
      if ('lambda' in fn.body) return this.eval(fn.body.lambda, scope);
      const f = this.execBlock(fn.body, scope);
      return f.k === 'return' ? f.value : NONE;
    } catch (e) {
      if (e instanceof TraceStop && e.span.from >= PRELUDE_BASE && span.from < PRELUDE_BASE)
        throw new TraceStop(e.kind, e.code, e.message, span, e.fields);
      throw e;
    } finally {
      this.depth--;
      this.currentScope = outer;
      this.userSite = outerSite;
    }
  }

  private bindParams(
    fn: FunctionValue,
    args: readonly Value[],
    kwargs: ReadonlyMap<string, Value>,
    scope: Scope,
    span: Span,
  ): void {
    let k = 0;
    // The keywords not bound yet (copied only when there are any).
    const rest = kwargs.size > 0 ? new Map(kwargs) : undefined;
    const unknownKw = rest?.get('**');
    rest?.delete('**');
    let star = false;
    for (const p of fn.params) {
      if (p.kind === 'star') {
        scope.set(p.name, tuple(args.slice(k)));
        k = args.length;
        star = true;
        continue;
      }
      if (p.kind === 'dstar') {
        const map = new Map<string, readonly [Value, Value]>();
        if (rest) for (const [name, v] of rest) map.set(`s:${name}`, [str(name), v]);
        scope.set(p.name, unknownKw ?? { k: 'dict', map });
        rest?.clear();
        continue;
      }
      if (p.kind === 'pos' && k < args.length) {
        scope.set(p.name, args[k++]!);
        continue;
      }
      const given = rest?.get(p.name);
      if (given !== undefined) {
        scope.set(p.name, given);
        rest!.delete(p.name);
        continue;
      }
      if (unknownKw) {
        scope.set(p.name, unknownKw);
        continue;
      }
      if (p.default) {
        scope.set(p.name, this.paramDefault(fn, p));
        continue;
      }
      throw new TraceStop(
        'error',
        'missingArgument',
        l10n.t('{0}() is missing the argument `{1}` (line {2})', fn.name, p.name, this.lineOf(span.from)),
        span,
        { name: fn.name, argument: p.name },
      );
    }
    if (k < args.length && !star) {
      throw new TraceStop(
        'error',
        'tooManyArguments',
        l10n.t(
          '{0}() takes {1} positional arguments but {2} were given (line {3})',
          fn.name,
          fn.params.filter((p) => p.kind === 'pos').length,
          args.length,
          this.lineOf(span.from),
        ),
        span,
      );
    }
  }

  /** Defaults are evaluated once, where the function is defined (Python semantics); cached per parameter. */
  private readonly defaults = new WeakMap<Param, Value>();

  private paramDefault(fn: FunctionValue, p: Param): Value {
    const cached = this.defaults.get(p);
    if (cached) return cached;
    const v = this.eval(p.default!, fn.closure);
    this.defaults.set(p, v);
    return v;
  }

  // ---------------------------------------------------------------- attributes

  getAttr(v: Value, name: string, span: Span): Value {
    switch (v.k) {
      case 'object':
        return moduleAttr(this, v, name, span, false);
      case 'param':
        // nn.Parameter(torch.zeros(1, 1, 768)) behaves as its tensor in forward (class tokens: .expand(n, -1, -1)).
        if (v.shape.length === 0) return unknown(l10n.t("a layer's weights"), span, 'runtime');
        return tensorAttr(
          this,
          { k: 'tensor', t: { shape: v.shape, rf: INPUT_RF, node: -2, framework: 'torch' } },
          name,
          span,
        );
      case 'class': {
        const hit = lookupClassAttr(v.cls, name);
        if (hit) return hit.k === 'func' && hit.fn.kind === 'class' ? { k: 'bound', self: v, fn: hit.fn } : hit;
        return classAttr(this, v.cls, name, span);
      }
      case 'tensor':
        return tensorAttr(this, v, name, span);
      case 'ns':
        if (v === THIS_MODULE) return this.globals.lookup(name) ?? unknown(l10n.t('`{0}` of this module', name), span);
        return importFrom(this, v.path, 0, name, span);
      case 'unknown':
        return v;
      default:
        return valueOrSuperAttr(this, v, name, span);
    }
  }

  setAttr(obj: Value, name: string, v: Value, span: Span): void {
    if (obj.k === 'object') setModuleAttr(this, obj.obj, name, v, span);
    else if (obj.k === 'class') obj.cls.attrs.set(name, v);
    else if (obj === THIS_MODULE) this.globals.set(name, v);
  }

  /** A fresh module node for a new instance. */
  newModule(typeName: string, span: Span, framework: 'torch' | 'keras'): ModuleNode {
    return {
      id: this.nextModuleId++,
      typeName,
      children: new Map(),
      ownParams: 0,
      nonTrainable: 0,
      requiresGrad: true,
      span: this.mapSpan(span),
      calls: 0,
      framework,
    };
  }

  /** A tensor value. */
  tensor(shape: readonly number[], t: Pick<TensorValue, 'rf' | 'node' | 'framework'>): Value {
    return { k: 'tensor', t: { shape, ...t } };
  }

  /** Converts a thrown ShapeError into a stop at `span`. */
  shapeStop(e: unknown, span: Span): never {
    if (e instanceof ShapeError) throw new TraceStop('error', e.code, e.message, span, e.fields);
    throw e;
  }

  /** Raises FALSE for bool contexts: used by builtins that need a known value. */
  readonly falseValue = FALSE;
}

/** Offsets of line starts. */
function lineStartsOf(text: string): number[] {
  const out = [0];
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) out.push(k + 1);
  return out;
}

/** The value of a class (one per class: methods bind `__class__` to it on every call). */
const classValues = new WeakMap<ClassValue, Value>();
function classValue(cls: ClassValue): Value {
  let v = classValues.get(cls);
  if (!v) {
    v = { k: 'class', cls };
    classValues.set(cls, v);
  }
  return v;
}

/** Attribute lookup through a class and its bases (depth-first, like Python's MRO for single inheritance). */
export function lookupClassAttr(cls: ClassValue, name: string): Value | undefined {
  const own = cls.attrs.get(name);
  if (own !== undefined) return own;
  for (const b of cls.bases) {
    const hit = lookupClassAttr(b, name);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Is `cls` (or one of its bases) the given class? */
export function isSubclass(cls: ClassValue, of: ClassValue): boolean {
  return cls === of || cls.bases.some((b) => isSubclass(b, of));
}

/** The native kind of the nearest native base (Module, KerasModel, …). */
/** Does the class (by its value) behave as a model: nn.Module, a Keras Model or Layer subclass? */
export function isModelClass(v: Value | undefined): boolean {
  if (v?.k !== 'class') return false;
  const kind = nativeKind(v.cls);
  return kind !== undefined && kind !== 'object' && kind !== 'Enum' && kind !== 'layer';
}

export function nativeKind(cls: ClassValue): ClassValue['native'] {
  if (cls.native) return cls.native;
  for (const b of cls.bases) {
    const k = nativeKind(b);
    if (k) return k;
  }
  return undefined;
}

/** Does an expression's text build a model (a container or a Keras model)? Used only to list a failed assignment. */
function looksLikeModel(text: string): boolean {
  return /\b(Sequential|ModuleList|ModuleDict|Model)\s*\(/.test(text);
}

/** Names a statement assigns at its own level (for leaving them unknown when it cannot run). */
function assignedNames(s: Stmt): string[] {
  const out: string[] = [];
  const collect = (t: Expr): void => {
    if (t.t === 'name') out.push(t.id);
    else if (t.t === 'tuple' || t.t === 'list') t.items.forEach(collect);
    else if (t.t === 'starred') collect(t.e);
  };
  if (s.t === 'assign') s.targets.forEach(collect);
  else if (s.t === 'aug') collect(s.target);
  else if (s.t === 'for') collect(s.target);
  else if (s.t === 'def' || s.t === 'class') out.push(s.name);
  else if (s.t === 'import') for (const n of s.names) out.push(n.as ?? n.module.split('.')[0]!);
  else if (s.t === 'from') for (const n of s.names) out.push(n.as ?? n.name);
  else if (s.t === 'if') for (const b of s.branches) for (const x of b.body) out.push(...assignedNames(x));
  else if (s.t === 'with' || s.t === 'try') for (const x of s.body) out.push(...assignedNames(x));
  return out;
}
