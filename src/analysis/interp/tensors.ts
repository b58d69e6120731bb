// Tensors in the interpreter: attributes and methods (x.view, x.size(1)), operators with broadcasting, indexing, torch.* functions.
import * as l10n from '../../l10n';
import { findLayerConstructor } from '../../engine/layers/registry';
import { formatShape, ShapeError } from '../../engine/tensor';
import type { Expr, Span } from '../python/ast';
import { TraceStop, type NodeOp } from './graph';
import type { Interpreter } from './interpreter';
import type { Scope } from './scope';
import { applyFunctional, INPUT_RF, mergeRf } from './layerCalls';
import * as shapes from './tensorShapes';
import { arange, fromNumbers, knownBinary, knownMethod } from './tensorValues';
import { itemsOf, NONE, num, show, tuple, unknown, type TensorValue, type Value } from './values';

type Builtin = Value & { k: 'builtin' };

/** A known int (or a list of them) from a value; undefined when unknown. */
export function intOf(v: Value | undefined): number | undefined {
  if (v?.k === 'num' && Number.isInteger(v.v)) return v.v;
  if (v?.k === 'bool') return v.v ? 1 : 0;
  return undefined;
}

function intsOf(vs: readonly Value[]): number[] | undefined {
  const out: number[] = [];
  for (const v of vs) {
    const items = itemsOf(v);
    if (items) {
      const inner = intsOf(items);
      if (!inner) return undefined;
      out.push(...inner);
      continue;
    }
    const n = intOf(v);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

/** Records a shape-only step (view, permute, add…) and returns the tensor it makes. */
export function shapeNode(
  interp: Interpreter,
  op: NodeOp,
  typeName: string,
  inputs: readonly TensorValue[],
  shape: readonly number[],
  span: Span,
  record = true,
): Value {
  const rf = mergeRf(inputs);
  const framework = inputs[0]?.framework ?? 'torch';
  if (!record) return { k: 'tensor', t: { shape, rf, node: inputs[0]?.node ?? -2, framework } };
  const node = interp.recorder.add({
    op,
    typeName,
    inputs: inputs.map((t) => t.node),
    inputShapes: inputs.map((t) => t.shape),
    outputShapes: [shape],
    params: 0,
    macs: 0,
    rf,
    span,
  });
  return { k: 'tensor', t: { shape, rf, node: node.id, framework } };
}

/** Runs a shape rule, turning its ShapeError into a stop at the call. */
function rule<T>(interp: Interpreter, span: Span, f: () => T): T {
  try {
    return f();
  } catch (e) {
    interp.shapeStop(e, span);
  }
}

function need(interp: Interpreter, v: Value | undefined, what: string, span: Span): number {
  const n = intOf(v);
  if (n !== undefined) return n;
  if (v?.k === 'unknown') interp.stopUnknown(v, what, span);
  throw new TraceStop(
    'unknown',
    'badArgumentValue',
    l10n.t('{0} is {1} (line {2})', what, v ? show(v) : l10n.t('missing'), interp.lineOf(span.from)),
    span,
  );
}

function kw(
  kwargs: ReadonlyMap<string, Value>,
  args: readonly Value[],
  index: number,
  name: string,
): Value | undefined {
  return kwargs.get(name) ?? args[index];
}

/** Sizes given as f(2, 3) or f((2, 3)) or f([2, 3]); x.size(0) style ints included. */
function sizesFrom(interp: Interpreter, args: readonly Value[], what: string, span: Span): number[] {
  const ints = intsOf(args);
  if (ints) return ints;
  const bad = args.find((a) => intsOf([a]) === undefined)!;
  if (bad.k === 'unknown') interp.stopUnknown(bad, what, span);
  throw new TraceStop(
    'unknown',
    'badArgumentValue',
    l10n.t('{0}: {1} is not a size ConvLens can know (line {2})', what, show(bad), interp.lineOf(span.from)),
    span,
  );
}

/** Methods of a tensor that change (or read) its shape. */
function tensorMethod(interp: Interpreter, self: TensorValue, name: string, span: Span): Builtin | undefined {
  const t = self;
  const m = (call: (args: readonly Value[], kwargs: ReadonlyMap<string, Value>, s: Span) => Value): Builtin => ({
    k: 'builtin',
    name,
    call,
  });
  const same = m(() => ({ k: 'tensor', t }));
  if (t.data && knownMethod(t, name)) return m(() => knownMethod(t, name)!);
  switch (name) {
    case 'size':
      return m((a) => {
        if (a.length === 0) return tuple(t.shape.map((d) => num(d)));
        const d = rule(interp, span, () =>
          shapes.normDim(need(interp, a[0], 'size(dim)', span), t.shape.length, 'size'),
        );
        return num(t.shape[d]!);
      });
    case 'dim':
    case 'ndimension':
      return m(() => num(t.shape.length));
    case 'numel':
      return m(() => num(t.shape.reduce((x, y) => x * y, 1)));
    case 'pow':
      return m((a, _k, s) => tensorBinary(interp, '**', { k: 'tensor', t }, a[0] ?? NONE, s));
    case 'diff':
      return m((_a, _k, s) =>
        shapeNode(
          interp,
          'reshape',
          'diff',
          [t],
          [...t.shape.slice(0, -1), Math.max(0, t.shape[t.shape.length - 1]! - 1)],
          s,
        ),
      );
    case 'view':
    case 'reshape':
      return m((a, _k, s) =>
        shapeNode(
          interp,
          'reshape',
          name,
          [t],
          rule(interp, s, () => shapes.reshape(t.shape, sizesFrom(interp, a, name, s))),
          s,
        ),
      );
    case 'view_as':
    case 'reshape_as':
    case 'expand_as':
    case 'type_as':
      return m((a, _k, s) =>
        a[0]?.k === 'tensor'
          ? shapeNode(interp, 'reshape', name, [t], name === 'type_as' ? t.shape : a[0].t.shape, s, name !== 'type_as')
          : unknown(l10n.t('{0} of {1}', name, show(a[0] ?? NONE)), s),
      );
    case 'flatten':
      return m((a, k, s) =>
        shapeNode(
          interp,
          'reshape',
          'flatten',
          [t],
          rule(interp, s, () =>
            shapes.flatten(t.shape, intOf(kw(k, a, 0, 'start_dim')) ?? 0, intOf(kw(k, a, 1, 'end_dim')) ?? -1),
          ),
          s,
        ),
      );
    case 'permute':
      return m((a, _k, s) =>
        shapeNode(
          interp,
          'reshape',
          'permute',
          [t],
          rule(interp, s, () => shapes.permute(t.shape, sizesFrom(interp, a, 'permute', s))),
          s,
        ),
      );
    case 'transpose':
    case 'swapaxes':
      return m((a, _k, s) =>
        shapeNode(
          interp,
          'reshape',
          'transpose',
          [t],
          rule(interp, s, () =>
            shapes.transpose(t.shape, need(interp, a[0], 'transpose dim', s), need(interp, a[1], 'transpose dim', s)),
          ),
          s,
        ),
      );
    case 't':
      return m((_a, _k, s) =>
        shapeNode(
          interp,
          'reshape',
          't',
          [t],
          t.shape.length < 2 ? t.shape : rule(interp, s, () => shapes.transpose(t.shape, 0, 1)),
          s,
        ),
      );
    case 'squeeze':
      return m((a, k, s) =>
        shapeNode(
          interp,
          'reshape',
          'squeeze',
          [t],
          rule(interp, s, () => shapes.squeeze(t.shape, intOf(kw(k, a, 0, 'dim')))),
          s,
        ),
      );
    case 'unsqueeze':
      return m((a, k, s) =>
        shapeNode(
          interp,
          'reshape',
          'unsqueeze',
          [t],
          rule(interp, s, () => shapes.unsqueeze(t.shape, need(interp, kw(k, a, 0, 'dim'), 'unsqueeze dim', s))),
          s,
        ),
      );
    case 'mean':
    case 'sum':
    case 'amax':
    case 'amin':
    case 'prod':
    case 'std':
    case 'var':
    case 'norm':
    case 'logsumexp':
    case 'max':
    case 'min':
    case 'argmax':
    case 'argmin':
      return m((a, k, s) => reduction(interp, name, t, a, k, s));
    case 'chunk':
      return m((a, k, s) =>
        tuple(
          rule(interp, s, () =>
            shapes.chunk(
              t.shape,
              need(interp, kw(k, a, 0, 'chunks'), 'chunk count', s),
              intOf(kw(k, a, 1, 'dim')) ?? 0,
            ),
          ).map((sh) => shapeNode(interp, 'reshape', 'chunk', [t], sh, s)),
        ),
      );
    case 'split':
      return m((a, k, s) => {
        const size = kw(k, a, 0, 'split_size');
        const sizes = intOf(size) ?? sizesFrom(interp, size ? [size] : [], 'split sizes', s);
        return tuple(
          rule(interp, s, () => shapes.split(t.shape, sizes, intOf(kw(k, a, 1, 'dim')) ?? 0)).map((sh) =>
            shapeNode(interp, 'reshape', 'split', [t], sh, s),
          ),
        );
      });
    case 'unbind':
      return m((a, k, s) => {
        const d = rule(interp, s, () => shapes.normDim(intOf(kw(k, a, 0, 'dim')) ?? 0, t.shape.length, 'unbind'));
        return tuple(
          Array.from({ length: t.shape[d]! }, () =>
            shapeNode(
              interp,
              'reshape',
              'unbind',
              [t],
              t.shape.filter((_x, j) => j !== d),
              s,
            ),
          ),
        );
      });
    case 'expand':
      return m((a, _k, s) => {
        const target = sizesFrom(interp, a, 'expand', s);
        const off = target.length - t.shape.length;
        return shapeNode(
          interp,
          'reshape',
          'expand',
          [t],
          target.map((d, j) => (d === -1 ? t.shape[j - off]! : d)),
          s,
        );
      });
    case 'repeat':
      return m((a, _k, s) => {
        const reps = sizesFrom(interp, a, 'repeat', s);
        const padded: number[] = [...Array<number>(Math.max(0, reps.length - t.shape.length)).fill(1), ...t.shape];
        return shapeNode(
          interp,
          'reshape',
          'repeat',
          [t],
          padded.map((d, j) => d * reps[j]!),
          s,
        );
      });
    case 'narrow':
      return m((a, _k, s) => {
        const d = rule(interp, s, () => shapes.normDim(need(interp, a[0], 'narrow dim', s), t.shape.length, 'narrow'));
        return shapeNode(
          interp,
          'reshape',
          'narrow',
          [t],
          t.shape.map((x, j) => (j === d ? need(interp, a[2], 'narrow length', s) : x)),
          s,
        );
      });
    case 'contiguous':
    case 'clone':
    case 'detach':
    case 'float':
    case 'double':
    case 'half':
    case 'long':
    case 'int':
    case 'bool':
    case 'to':
    case 'cuda':
    case 'cpu':
    case 'requires_grad_':
    case 'requires_grad':
      return same;
    case 'abs':
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'rsqrt':
    case 'neg':
    case 'clamp':
    case 'clamp_':
    case 'clip':
    case 'masked_fill':
    case 'masked_fill_':
    case 'fill_':
    case 'zero_':
    case 'mul_':
    case 'add_':
    case 'div_':
    case 'sub_':
    case 'round':
    case 'floor':
    case 'ceil':
    case 'sign':
    case 'reciprocal':
    case 'sin':
    case 'cos':
    case 'log2':
    case 'log10':
    case 'log1p':
    case 'expm1':
    case 'sigmoid_':
    case 'normal_':
    case 'uniform_':
    case 'copy_':
    case 'trunc_normal_':
    case 'flip':
    case 'roll':
    case 'tril':
    case 'triu':
    case 'new_tensor':
      return m((_a, _k, s) => {
        interp.recorder.unrecordedOp(name, s);
        return { k: 'tensor', t };
      });
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'matmul':
    case 'bmm':
    case 'mm':
      return m((a, _k, s) =>
        tensorBinary(
          interp,
          { add: '+', sub: '-', mul: '*', div: '/', matmul: '@', bmm: '@', mm: '@' }[name],
          { k: 'tensor', t },
          a[0] ?? NONE,
          s,
        ),
      );
    case 'new_zeros':
    case 'new_ones':
    case 'new_empty':
    case 'new_full':
      return m((a, _k, s) => ({
        k: 'tensor',
        t: {
          shape: sizesFrom(interp, name === 'new_full' ? a.slice(0, 1) : a, name, s),
          rf: INPUT_RF,
          node: -2,
          framework: t.framework,
        },
      }));
    case 'item':
    case 'tolist':
    case 'numpy':
      return m((_a, _k, s) => unknown(l10n.t('the values of a tensor (.{0}())', name), s, 'runtime'));
    default: {
      // Activations as methods: x.relu(), x.sigmoid(), x.softmax(dim).
      const found = findLayerConstructor('torch', name, true);
      if (found) return m((a, k, s) => applyFunctional(interp, found, name, [{ k: 'tensor', t }, ...a], k, s));
      return undefined;
    }
  }
}

function reduction(
  interp: Interpreter,
  name: string,
  t: TensorValue,
  args: readonly Value[],
  kwargs: ReadonlyMap<string, Value>,
  span: Span,
): Value {
  const dimArg = kwargs.get('dim') ?? kwargs.get('axis') ?? (name === 'norm' ? args[1] : args[0]);
  if (dimArg?.k === 'tensor') return tensorBinary(interp, name, { k: 'tensor', t }, dimArg, span); // torch.max(a, b)
  const keep = kwargs.get('keepdim') ?? (name === 'norm' ? args[2] : args[1]);
  const keepdim = keep?.k === 'bool' ? keep.v : false;
  const dims =
    dimArg === undefined || dimArg.k === 'none' ? undefined : sizesFrom(interp, [dimArg], `${name} dim`, span);
  const shape = rule(interp, span, () => shapes.reduce(t.shape, dims, keepdim));
  const out = shapeNode(interp, 'reshape', name, [t], shape, span);
  // max/min over a dim return (values, indices).
  if ((name === 'max' || name === 'min') && dims !== undefined)
    return { k: 'tuple', items: [out, out], fields: ['values', 'indices'] };
  return out;
}

/** x.attr on a tensor. */
export function tensorAttr(interp: Interpreter, v: Value & { k: 'tensor' }, name: string, span: Span): Value {
  const t = v.t;
  switch (name) {
    case 'shape':
      return tuple(t.shape.map((d) => num(d)));
    case 'ndim':
      return num(t.shape.length);
    case 'T':
      return shapeNode(interp, 'reshape', 'T', [t], [...t.shape].reverse(), span);
    case 'data':
    case 'grad':
      return v;
    case 'device':
    case 'dtype':
    case 'is_cuda':
    case 'requires_grad':
      return unknown(l10n.t("the tensor's {0}", name), span, 'runtime');
    default:
      return (
        tensorMethod(interp, t, name, span) ??
        unknown(l10n.t('Tensor.{0}, which ConvLens does not model', name), span, 'unsupported')
      );
  }
}

/** -x, ~x on a tensor keep its shape. */
export function tensorUnary(v: Value & { k: 'tensor' }): Value {
  return v;
}

/** An arithmetic or comparison operator where at least one side is a tensor: broadcasting, a merge node for two tensors. */
export function tensorBinary(
  interp: Interpreter,
  op: string,
  a: Value,
  b: Value,
  span: Span,
  operands?: readonly [Span, Span],
): Value {
  const asTensor = (v: Value): TensorValue | undefined =>
    v.k === 'tensor'
      ? v.t
      : v.k === 'param'
        ? { shape: v.shape, rf: INPUT_RF, node: -2, framework: 'torch' }
        : undefined;
  const ta = asTensor(a);
  const tb = asTensor(b);
  for (const side of [a, b]) {
    if (side.k === 'unknown') return side;
  }
  const known = knownBinary(op, a, b);
  if (known) return known;
  if (ta && tb) {
    const what = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '@': 'matmul' }[op] ?? op;
    const shape =
      op === '@'
        ? rule(interp, span, () => shapes.matmul(ta.shape, tb.shape))
        : broadcastAt(interp, what, ta, tb, span, operands);
    const bothGraph = ta.node !== -2 && tb.node !== -2;
    if (!bothGraph) return shapeNode(interp, 'merge', what, [ta.node === -2 ? tb : ta], shape, span, false);
    const macs = op === '@' ? shape.reduce((x, y) => x * y, 1) * ta.shape[ta.shape.length - 1]! : 0;
    const rf = mergeRf([ta, tb]);
    const node = interp.recorder.add({
      op: 'merge',
      typeName: what,
      inputs: [ta.node, tb.node],
      inputShapes: [ta.shape, tb.shape],
      outputShapes: [shape],
      params: 0,
      macs,
      rf,
      span,
    });
    return { k: 'tensor', t: { shape, rf, node: node.id, framework: ta.framework } };
  }
  const t = ta ?? tb!;
  const other = ta ? b : a;
  if (other.k === 'num' || other.k === 'bool' || other.k === 'none') {
    interp.recorder.unrecordedOp(`${op} ${show(other)}`, span);
    return { k: 'tensor', t };
  }
  return unknown(`${show(a)} ${op} ${show(b)}`, span);
}

function broadcastAt(
  interp: Interpreter,
  what: string,
  a: TensorValue,
  b: TensorValue,
  span: Span,
  operands?: readonly [Span, Span],
): number[] {
  try {
    return shapes.broadcast(a.shape, b.shape, what);
  } catch (e) {
    if (e instanceof ShapeError) {
      const line = interp.lineOf(span.from);
      const sign = { add: '+', sub: '−', mul: '·', div: '/' }[what];
      // "out (1×128×16×16) + x (1×64×32×32)": both sides by the text they are written with.
      const message =
        operands && sign
          ? l10n.t(
              '{0} ({1}) {2} {3} ({4}) do not match: {5} (line {6})',
              interp.textOf(operands[0]),
              formatShape(a.shape),
              sign,
              interp.textOf(operands[1]),
              formatShape(b.shape),
              shapeDifference(a.shape, b.shape),
              line,
            )
          : l10n.t('{0}: {1} and {2} do not match (line {3})', what, formatShape(a.shape), formatShape(b.shape), line);
      throw new TraceStop(
        'error',
        'mergeMismatch',
        message,
        span,
        {
          ...e.fields,
          op: what,
          leftNode: a.node,
          rightNode: b.node,
          ...(operands ? { leftText: interp.textOf(operands[0]), rightText: interp.textOf(operands[1]) } : {}),
        },
        undefined,
        operands,
      );
    }
    throw e;
  }
}

/** A cat whose tensors differ outside the concatenated dimension: a stop naming the two sides as they are written. */
function catStop(interp: Interpreter, ts: readonly TensorValue[], dim: number, span: Span): never {
  const first = ts[0]!;
  const k = ts.findIndex(
    (t) =>
      t.shape.length !== first.shape.length || t.shape.some((x, j) => j !== dimAt(dim, first) && x !== first.shape[j]),
  );
  const other = ts[k]!;
  // The tensors as written in a list or tuple literal (torch.cat([left, right], 1)), else "tensor 1".
  const call = span as Partial<Expr>;
  const list = call.t === 'call' ? call.args?.find((x) => x.kind === 'pos')?.value : undefined;
  const items =
    list && (list.t === 'list' || list.t === 'tuple') && list.items.length === ts.length ? list.items : undefined;
  const name = (j: number): string => (items ? interp.textOf(items[j]!) : l10n.t('tensor {0}', j));
  const d = dimAt(dim, first);
  const same = (x: readonly number[]): number[] => x.map((v, j) => (j === d ? 0 : v));
  throw new TraceStop(
    'error',
    'catMismatch',
    l10n.t(
      'cat along dimension {0}: {1} ({2}) and {3} ({4}) differ in {5}; all dimensions but {0} must match (line {6})',
      dim,
      name(k),
      formatShape(other.shape),
      name(0),
      formatShape(first.shape),
      other.shape.length === first.shape.length
        ? shapeDifference(same(other.shape), same(first.shape))
        : l10n.t('rank {0} vs {1}', other.shape.length, first.shape.length),
      interp.lineOf(span.from),
    ),
    span,
    {
      dim,
      index: k,
      shape: formatShape(other.shape),
      first: formatShape(first.shape),
      leftNode: first.node,
      rightNode: other.node,
      leftText: name(0),
      rightText: name(k),
    },
    undefined,
    items ? [items[0]!, items[k]!] : undefined,
  );
}

/** A cat dimension counted from the front. */
function dimAt(dim: number, t: TensorValue): number {
  return dim < 0 ? dim + t.shape.length : dim;
}

/** How two NCHW-like shapes differ, in words: "channels 128 vs 64, size 16×16 vs 32×32", or by dimension. */
export function shapeDifference(a: readonly number[], b: readonly number[]): string {
  if (a.length === 4 && b.length === 4) {
    const parts: string[] = [];
    if (a[0] !== b[0]) parts.push(l10n.t('batch {0} vs {1}', a[0]!, b[0]!));
    if (a[1] !== b[1]) parts.push(l10n.t('channels {0} vs {1}', a[1]!, b[1]!));
    if (a[2] !== b[2] || a[3] !== b[3]) parts.push(l10n.t('size {0} vs {1}', `${a[2]}×${a[3]}`, `${b[2]}×${b[3]}`));
    return parts.join(', ');
  }
  const n = Math.max(a.length, b.length);
  const parts: string[] = [];
  for (let k = 0; k < n; k++) {
    const x = a[a.length - n + k] ?? 1;
    const y = b[b.length - n + k] ?? 1;
    if (x !== y && x !== 1 && y !== 1) parts.push(l10n.t('dimension {0}: {1} vs {2}', k, x, y));
  }
  return parts.join(', ');
}

/** x[…] on a tensor. */
export function tensorIndex(interp: Interpreter, t: TensorValue, indexExpr: Expr, scope: Scope, span: Span): Value {
  const parts = indexExpr.t === 'tuple' ? indexExpr.items : [indexExpr];
  const items: shapes.IndexItem[] = [];
  for (const p of parts) {
    if (p.t === 'slice') {
      const get = (x: Expr | undefined): number | undefined => {
        if (!x) return undefined;
        const v = interp.eval(x, scope);
        if (v.k === 'none') return undefined;
        return need(interp, v, l10n.t('a slice bound'), x);
      };
      const lo = get(p.lo);
      const hi = get(p.hi);
      const step = get(p.step);
      items.push({
        kind: 'slice',
        ...(lo !== undefined ? { lo } : {}),
        ...(hi !== undefined ? { hi } : {}),
        ...(step !== undefined ? { step } : {}),
      });
      continue;
    }
    if (p.t === 'const' && p.v === null) items.push({ kind: 'none' });
    else if (p.t === 'const' && p.v === 'ellipsis') items.push({ kind: 'ellipsis' });
    else {
      const v = interp.eval(p, scope);
      if (v.k === 'num') items.push({ kind: 'int' });
      else if (v.k === 'tensor') return unknown(l10n.t('indexing with a tensor'), span, 'unsupported');
      else if (v.k === 'unknown') return v;
      else return unknown(l10n.t('indexing with {0}', show(v)), span, 'unsupported');
    }
  }
  return shapeNode(
    interp,
    'reshape',
    'index',
    [t],
    rule(interp, span, () => shapes.index(t.shape, items)),
    span,
  );
}

/** torch.* and F.* functions that are not layers. Undefined for names ConvLens does not model. */
export function torchFunction(interp: Interpreter, name: string): Builtin | undefined {
  const m = (call: (args: readonly Value[], kwargs: ReadonlyMap<string, Value>, s: Span) => Value): Builtin => ({
    k: 'builtin',
    name: `torch.${name}`,
    call,
  });
  const tensorsIn = (v: Value | undefined, s: Span): TensorValue[] => {
    const items = v ? itemsOf(v) : undefined;
    if (!items) {
      if (v?.k === 'unknown') interp.stopUnknown(v, l10n.t("torch.{0}'s tensors", name), s);
      throw new TraceStop(
        'unknown',
        'badArgumentValue',
        l10n.t('torch.{0} needs a list of tensors (line {1})', name, interp.lineOf(s.from)),
        s,
      );
    }
    return items.map((x) => {
      if (x.k === 'tensor') return x.t;
      if (x.k === 'unknown') interp.stopUnknown(x, l10n.t('a tensor given to torch.{0}', name), s);
      throw new TraceStop(
        'unknown',
        'badArgumentValue',
        l10n.t('torch.{0} got {1} (line {2})', name, show(x), interp.lineOf(s.from)),
        s,
      );
    });
  };
  switch (name) {
    case 'cat':
    case 'concat':
    case 'concatenate':
      return m((a, k, s) => {
        const ts = tensorsIn(a[0] ?? k.get('tensors'), s);
        const dim = intOf(k.get('dim') ?? k.get('axis') ?? a[1]) ?? 0;
        let shape: number[];
        try {
          shape = shapes.cat(
            ts.map((t) => t.shape),
            dim,
          );
        } catch (e) {
          if (e instanceof ShapeError && e.code === 'catMismatch') catStop(interp, ts, dim, s);
          interp.shapeStop(e, s);
        }
        return recordMerge(interp, 'cat', ts, shape, s);
      });
    case 'stack':
      return m((a, k, s) => {
        const ts = tensorsIn(a[0] ?? k.get('tensors'), s);
        return recordMerge(
          interp,
          'stack',
          ts,
          rule(interp, s, () =>
            shapes.stack(
              ts.map((t) => t.shape),
              intOf(k.get('dim') ?? a[1]) ?? 0,
            ),
          ),
          s,
        );
      });
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'subtract':
    case 'multiply':
    case 'divide':
    case 'true_divide':
    case 'matmul':
    case 'bmm':
    case 'mm':
    case 'maximum':
    case 'minimum':
      return m((a, k, s) =>
        tensorBinary(
          interp,
          (
            {
              add: '+',
              sub: '-',
              mul: '*',
              div: '/',
              subtract: '-',
              multiply: '*',
              divide: '/',
              true_divide: '/',
              matmul: '@',
              bmm: '@',
              mm: '@',
            } as Record<string, string>
          )[name] ?? name,
          a[0] ?? NONE,
          a[1] ?? k.get('other') ?? NONE,
          s,
        ),
      );
    case 'zeros':
    case 'ones':
    case 'empty':
    case 'randn':
    case 'rand':
    case 'full':
    case 'randint':
      return m((a, k, s) => {
        const sizeArgs = name === 'full' ? a.slice(0, 1) : name === 'randint' ? a.slice(-1) : a;
        const size = k.get('size');
        const shape = sizesFrom(interp, size ? [size] : sizeArgs, `torch.${name}`, s);
        interp.noteInput(shape, s, 'torch');
        return { k: 'tensor', t: { shape, rf: INPUT_RF, node: -2, framework: 'torch' } };
      });
    case 'zeros_like':
    case 'ones_like':
    case 'randn_like':
    case 'rand_like':
    case 'empty_like':
      return m((a, _k, s) =>
        a[0]?.k === 'tensor' ? { k: 'tensor', t: { ...a[0].t, node: -2 } } : unknown(`torch.${name}`, s),
      );
    case 'where':
      return m((a, _k, s) => tensorBinary(interp, 'where', a[1] ?? NONE, a[2] ?? NONE, s));
    case 'arange':
      return m((a, _k, s) => {
        const ns = a.map((v) => (v.k === 'num' ? v.v : undefined));
        return (
          (ns.every((n) => n !== undefined) && arange(ns)) || unknown(`torch.arange(${a.map(show).join(', ')})`, s)
        );
      });
    case 'tensor':
    case 'as_tensor':
      return m(
        (a, _k, s) => (a[0] && fromNumbers(a[0])) || unknown(l10n.t('torch.tensor of values ConvLens cannot read'), s),
      );
    case 'pow':
      return m((a, _k, s) => tensorBinary(interp, '**', a[0] ?? NONE, a[1] ?? NONE, s));
    case 'meshgrid':
      return m((a, _k, s) => {
        const ts = a.length === 1 && itemsOf(a[0]!) ? tensorsIn(a[0], s) : tensorsIn(tuple(a), s);
        const shape = ts.map((t) => t.shape[0] ?? 1);
        return tuple(ts.map(() => ({ k: 'tensor', t: { shape, rf: INPUT_RF, node: -2, framework: 'torch' } })));
      });
    case 'is_tensor':
      return m((a) => ({ k: 'bool', v: a[0]?.k === 'tensor' }));
    default: {
      // Tensor methods also exist as torch functions: torch.flatten(x, 1), torch.transpose(x, 1, 2), torch.mean(x, dim).
      const probe: TensorValue = { shape: [], rf: INPUT_RF, node: -2, framework: 'torch' };
      if (!tensorMethod(interp, probe, name, { from: 0, to: 0 })) return undefined;
      return m((a, k, s) => {
        const x = a[0] ?? k.get('input');
        if (x?.k !== 'tensor')
          return x?.k === 'unknown' ? x : unknown(l10n.t('torch.{0} of {1}', name, x ? show(x) : l10n.t('nothing')), s);
        return tensorMethod(interp, x.t, name, s)!.call(a.slice(1), k, s);
      });
    }
  }
}

/** A node where several tensors meet (cat, stack). */
export function recordMerge(
  interp: Interpreter,
  typeName: string,
  ts: readonly TensorValue[],
  shape: readonly number[],
  span: Span,
): Value {
  const rf = mergeRf(ts);
  const node = interp.recorder.add({
    op: 'merge',
    typeName,
    inputs: ts.map((t) => t.node),
    inputShapes: ts.map((t) => t.shape),
    outputShapes: [shape],
    params: 0,
    macs: 0,
    rf,
    span,
  });
  return { k: 'tensor', t: { shape, rf, node: node.id, framework: ts[0]?.framework ?? 'torch' } };
}
