// Runs a net plan: the forward pass (eval or train mode) with per-node values and timing, and the backward pass to parameter gradients.
import { linear } from '../linear';
import { formatShape, numel, ShapeError, tensor, type Tensor } from '../tensor';
import * as l10n from '../../l10n';
import {
  broadcastMap,
  catBackward,
  catForward,
  gather,
  linearResize,
  nearestMap,
  padMap,
  permuteMap,
  pixelShuffleMap,
  scatterAdd,
} from './movement';
import { batchNormBackward, batchNormForward, rowNormBackward, rowNormForward, type NormCache } from './normOps';
import { paramName, type NetParams } from './params';
import type { NetPlan, PlanNode, PlanOp } from './plan';
import { activate, activateGrad, softmaxBackward, softmaxForward } from './pointwise';
import {
  adaptivePool,
  adaptivePoolBackward,
  convBackward,
  convForward,
  convTransposeForward,
  poolBackward,
  poolForward,
  unsupported,
} from './windowOps';

/** The forward pass's result: every node's value (by node id), the output, and milliseconds spent per node. */
export interface NetRun {
  readonly input: Tensor;
  readonly values: ReadonlyMap<number, Tensor>;
  readonly output: Tensor;
  readonly millis: ReadonlyMap<number, number>;
  readonly train: boolean;
  /** What the backward pass reuses (normalisation statistics). */
  readonly caches: ReadonlyMap<number, NormCache>;
}

/** Ops whose backward pass the engine has (training refuses a plan holding any other). */
const BACKWARD: ReadonlySet<PlanOp['kind']> = new Set([
  'conv',
  'linear',
  'activation',
  'softmax',
  'prelu',
  'pool',
  'adaptivePool',
  'batchNorm',
  'instanceNorm',
  'groupNorm',
  'layerNorm',
  'identity',
  'reshape',
  'permute',
  'binary',
  'cat',
  'upsample',
  'pixelShuffle',
  'pad',
]);

/** Nodes training cannot pass through (no backward pass in the engine), named for the refusal. */
export function missingBackward(plan: NetPlan): PlanNode[] {
  return plan.nodes.filter(
    (n) => !BACKWARD.has(n.op.kind) || ((n.op.kind === 'conv' || n.op.kind === 'pool') && n.op.rank === 3),
  );
}

// performance exists in Node and browsers; the core tsconfig has neither lib, so it is looked up.
const clock = (globalThis as { performance?: { now(): number } }).performance;
const now = (): number => (clock ? clock.now() : Date.now());

/** The node's shape for a batch of `batch` (the trace ran with the plan's own batch size). */
function shapeAt(shape: readonly number[], batch: number): number[] {
  return shape.length === 0 ? [] : [batch, ...shape.slice(1)];
}

/** Checks a batch of another size can run: every node keeps the batch axis first and untouched. */
export function checkBatch(plan: NetPlan, batch: number): void {
  const traced = plan.inputShape[0]!;
  if (batch === traced) return;
  for (const n of plan.nodes) {
    const axisZero =
      (n.op.kind === 'cat' && n.op.dim === 0) ||
      (n.op.kind === 'softmax' && n.op.dim === 0) ||
      (n.op.kind === 'permute' && n.op.dims[0] !== 0);
    if (n.outputShape[0] !== traced || axisZero)
      throw new ShapeError(
        l10n.t(
          '{0} changes the batch axis (traced batch {1}), so the model cannot run a batch of {2}',
          n.label,
          traced,
          batch,
        ),
        'batchAxis',
        { layer: n.label, traced, batch },
      );
  }
}

class Params {
  constructor(private readonly params: NetParams) {}
  get(node: PlanNode, field: string): Tensor {
    const t = this.params.tensors.get(paramName(node.paramKey ?? '', field));
    if (!t)
      throw new ShapeError(l10n.t('{0} has no parameter {1}', node.label, field), 'missingParam', {
        layer: node.label,
        field,
      });
    return t;
  }
  maybe(node: PlanNode, field: string): Tensor | undefined {
    return this.params.tensors.get(paramName(node.paramKey ?? '', field));
  }
}

/** Forward pass of the plan on x (batch first). Train mode uses batch statistics in BatchNorm and updates its running ones. */
export function forwardNet(
  plan: NetPlan,
  params: NetParams,
  x: Tensor,
  options: { readonly train?: boolean } = {},
): NetRun {
  const train = options.train ?? false;
  const batch = x.shape[0]!;
  const expected = shapeAt(plan.inputShape, batch);
  if (formatShape(x.shape) !== formatShape(expected))
    throw new ShapeError(
      l10n.t('the model takes {0}, got {1}', formatShape(expected), formatShape(x.shape)),
      'inputShape',
      { expected: formatShape(expected), got: formatShape(x.shape) },
    );
  checkBatch(plan, batch);
  const p = new Params(params);
  const values = new Map<number, Tensor>();
  const millis = new Map<number, number>();
  const caches = new Map<number, NormCache>();
  const valueOf = (id: number): Tensor => (id === -1 ? x : values.get(id)!);
  for (const node of plan.nodes) {
    const t0 = now();
    const ins = node.inputs.map(valueOf);
    const out = shapeAt(node.outputShape, batch);
    const y = forwardNode(node, ins, out, p, train, caches);
    if (y.data.length !== numel(out))
      throw new ShapeError(
        l10n.t(
          '{0} computed {1} values, its traced output {2} holds {3}',
          node.label,
          y.data.length,
          formatShape(out),
          numel(out),
        ),
        'engineMismatch',
        { layer: node.label },
      );
    values.set(node.id, { shape: out, data: y.data });
    millis.set(node.id, now() - t0);
  }
  return { input: x, values, output: values.get(plan.output)!, millis, train, caches };
}

function forwardNode(
  node: PlanNode,
  ins: readonly Tensor[],
  out: readonly number[],
  p: Params,
  train: boolean,
  caches: Map<number, NormCache>,
): Tensor {
  const op = node.op;
  const x = ins[0]!;
  const wrap = (data: Float64Array): Tensor => ({ shape: [...out], data });
  switch (op.kind) {
    case 'conv':
      return convForward(op, x, p.get(node, 'weight'), p.maybe(node, 'bias'), out);
    case 'convTranspose':
      return convTransposeForward(op, x, p.get(node, 'weight'), p.maybe(node, 'bias'), out);
    case 'linear':
      return linear(x, p.get(node, 'weight'), p.maybe(node, 'bias'));
    case 'activation': {
      const y = new Float64Array(x.data.length);
      for (let i = 0; i < y.length; i++) y[i] = activate(op.fn, x.data[i]!, op.a, op.b);
      return wrap(y);
    }
    case 'softmax':
      return wrap(softmaxForward(x.data, x.shape, op.dim, op.log, op.negate));
    case 'prelu': {
      const w = p.get(node, 'weight').data;
      const [, c, inner] = [x.shape[0]!, x.shape.length > 1 ? x.shape[1]! : 1, numel(x.shape.slice(2))];
      const y = new Float64Array(x.data.length);
      for (let i = 0; i < y.length; i++) {
        const v = x.data[i]!;
        y[i] = v > 0 ? v : v * w[op.count === 1 ? 0 : Math.floor(i / inner) % c]!;
      }
      return wrap(y);
    }
    case 'pool':
      return poolForward(op, x, out);
    case 'adaptivePool':
      return adaptivePool(op, x, out).y;
    case 'batchNorm': {
      const runningMean = p.maybe(node, 'running_mean')?.data;
      const runningVar = p.maybe(node, 'running_var')?.data;
      const weight = p.maybe(node, 'weight')?.data;
      const bias = p.maybe(node, 'bias')?.data;
      const r = batchNormForward(
        x,
        {
          eps: op.eps,
          momentum: op.momentum,
          ...(weight ? { weight } : {}),
          ...(bias ? { bias } : {}),
          ...(runningMean ? { runningMean } : {}),
          ...(runningVar ? { runningVar } : {}),
        },
        train,
      );
      caches.set(node.id, r.cache);
      return wrap(r.y);
    }
    case 'instanceNorm':
    case 'groupNorm':
    case 'layerNorm': {
      const { rowSize, index } = rowLayout(op, x.shape);
      const r = rowNormForward(
        x.data,
        rowSize,
        op.eps,
        p.maybe(node, 'weight')?.data,
        p.maybe(node, 'bias')?.data,
        index,
      );
      caches.set(node.id, r.cache);
      return wrap(r.y);
    }
    case 'identity':
    case 'reshape':
      return wrap(x.data);
    case 'permute':
      return wrap(gather(x.data, permuteMap(x.shape, op.dims)));
    case 'binary': {
      const a = ins[0]!;
      const b = ins[1]!;
      const ma = broadcastMap(a.shape, out);
      const mb = broadcastMap(b.shape, out);
      const y = new Float64Array(numel(out));
      for (let i = 0; i < y.length; i++) {
        const u = a.data[ma[i]!]!;
        const v = b.data[mb[i]!]!;
        y[i] = op.fn === 'add' ? u + v : op.fn === 'sub' ? u - v : op.fn === 'mul' ? u * v : u / v;
      }
      return wrap(y);
    }
    case 'cat':
      return wrap(
        catForward(
          ins.map((t) => t.data),
          ins.map((t) => t.shape),
          op.dim,
        ),
      );
    case 'upsample':
      return wrap(
        op.mode === 'nearest'
          ? gather(x.data, nearestMap(x.shape, out, op.scale))
          : linearResize(x.data, x.shape, out, op.alignCorners, op.scale),
      );
    case 'pixelShuffle':
      return wrap(gather(x.data, pixelShuffleMap(x.shape, op.factor, op.inverse)));
    case 'pad':
      return wrap(gather(x.data, padMap(x.shape, op.pads), op.value));
  }
}

/** How a row normalisation lays out its rows, and which affine entry each element uses. */
function rowLayout(
  op: Extract<PlanOp, { kind: 'instanceNorm' | 'groupNorm' | 'layerNorm' }>,
  shape: readonly number[],
): { rowSize: number; index: (i: number) => number; affineSize: number } {
  const inner = numel(shape.slice(2));
  const channels = shape[1] ?? 1;
  if (op.kind === 'layerNorm') {
    const size = numel(op.shape);
    return { rowSize: size, index: (i) => i % size, affineSize: size };
  }
  const perRow = op.kind === 'groupNorm' ? (channels / op.groups) * inner : inner;
  return { rowSize: perRow, index: (i) => Math.floor(i / inner) % channels, affineSize: channels };
}

/** Gradients of every trainable parameter for `dOutput` (the loss gradient at the plan's output). */
export function backwardNet(
  plan: NetPlan,
  params: NetParams,
  run: NetRun,
  dOutput: Float64Array,
): Map<string, Float64Array> {
  const p = new Params(params);
  const grads = new Map<number, Float64Array>([[plan.output, dOutput]]);
  const paramGrads = new Map<string, Float64Array>();
  const addParam = (node: PlanNode, field: string, g: Float64Array): void => {
    const name = paramName(node.paramKey ?? '', field);
    if (!params.trainable.has(name)) return;
    const prev = paramGrads.get(name);
    if (!prev) paramGrads.set(name, g);
    else for (let i = 0; i < g.length; i++) prev[i]! += g[i]!;
  };
  const valueOf = (id: number): Tensor => (id === -1 ? run.input : run.values.get(id)!);
  const give = (id: number, g: Float64Array): void => {
    if (id < 0) return;
    const prev = grads.get(id);
    if (!prev) grads.set(id, g);
    else for (let i = 0; i < g.length; i++) prev[i]! += g[i]!;
  };
  for (let k = plan.nodes.length - 1; k >= 0; k--) {
    const node = plan.nodes[k]!;
    const dy = grads.get(node.id);
    if (!dy) continue;
    grads.delete(node.id);
    const ins = node.inputs.map(valueOf);
    const y = run.values.get(node.id)!;
    const dxs = backwardNode(node, ins, y, { shape: y.shape, data: dy }, p, run, addParam);
    node.inputs.forEach((id, i) => give(id, dxs[i]!));
  }
  return paramGrads;
}

function backwardNode(
  node: PlanNode,
  ins: readonly Tensor[],
  y: Tensor,
  dy: Tensor,
  p: Params,
  run: NetRun,
  addParam: (node: PlanNode, field: string, g: Float64Array) => void,
): Float64Array[] {
  const op = node.op;
  const x = ins[0]!;
  switch (op.kind) {
    case 'conv': {
      const g = convBackward(op, x, p.get(node, 'weight'), dy);
      addParam(node, 'weight', g.dw);
      if (g.db) addParam(node, 'bias', g.db);
      return [g.dx];
    }
    case 'linear': {
      const w = p.get(node, 'weight').data;
      const inF = op.inFeatures;
      const outF = op.outFeatures;
      const rows = x.data.length / inF;
      const dx = new Float64Array(x.data.length);
      const dw = new Float64Array(w.length);
      const db = new Float64Array(outF);
      for (let r = 0; r < rows; r++)
        for (let o = 0; o < outF; o++) {
          const g = dy.data[r * outF + o]!;
          if (g === 0) continue;
          db[o]! += g;
          const xo = r * inF;
          const wo = o * inF;
          for (let i = 0; i < inF; i++) {
            dw[wo + i]! += g * x.data[xo + i]!;
            dx[xo + i]! += g * w[wo + i]!;
          }
        }
      addParam(node, 'weight', dw);
      if (op.bias) addParam(node, 'bias', db);
      return [dx];
    }
    case 'activation': {
      const dx = new Float64Array(x.data.length);
      for (let i = 0; i < dx.length; i++) dx[i] = dy.data[i]! * activateGrad(op.fn, x.data[i]!, op.a, op.b);
      return [dx];
    }
    case 'softmax':
      return [softmaxBackward(y.data, dy.data, y.shape, op.dim, op.log, op.negate)];
    case 'prelu': {
      const w = p.get(node, 'weight').data;
      const c = x.shape.length > 1 ? x.shape[1]! : 1;
      const inner = numel(x.shape.slice(2));
      const dx = new Float64Array(x.data.length);
      const dw = new Float64Array(w.length);
      for (let i = 0; i < dx.length; i++) {
        const k = op.count === 1 ? 0 : Math.floor(i / inner) % c;
        const v = x.data[i]!;
        dx[i] = v > 0 ? dy.data[i]! : dy.data[i]! * w[k]!;
        if (v <= 0) dw[k]! += dy.data[i]! * v;
      }
      addParam(node, 'weight', dw);
      return [dx];
    }
    case 'pool':
      return [poolBackward(op, x, dy)];
    case 'adaptivePool':
      return [adaptivePoolBackward(op, x, dy)];
    case 'batchNorm': {
      const weight = p.maybe(node, 'weight')?.data;
      const useBatch = run.train || !op.trackRunningStats;
      const g = batchNormBackward(x.shape, dy.data, run.caches.get(node.id)!, weight, useBatch);
      if (op.affine) {
        addParam(node, 'weight', g.dw);
        addParam(node, 'bias', g.db);
      }
      return [g.dx];
    }
    case 'instanceNorm':
    case 'groupNorm':
    case 'layerNorm': {
      const { rowSize, index, affineSize } = rowLayout(op, x.shape);
      const g = rowNormBackward(
        dy.data,
        rowSize,
        run.caches.get(node.id)!,
        p.maybe(node, 'weight')?.data,
        index,
        affineSize,
      );
      const hasWeight = op.kind === 'layerNorm' ? op.weight : op.affine;
      const hasBias = op.kind === 'layerNorm' ? op.bias : op.affine;
      if (hasWeight) addParam(node, 'weight', g.dw);
      if (hasBias) addParam(node, 'bias', g.db);
      return [g.dx];
    }
    case 'identity':
    case 'reshape':
      return [dy.data];
    case 'permute':
      return [scatterAdd(dy.data, permuteMap(x.shape, op.dims), x.data.length)];
    case 'binary': {
      const a = ins[0]!;
      const b = ins[1]!;
      const ma = broadcastMap(a.shape, y.shape);
      const mb = broadcastMap(b.shape, y.shape);
      const da = new Float64Array(a.data.length);
      const db = new Float64Array(b.data.length);
      for (let i = 0; i < dy.data.length; i++) {
        const g = dy.data[i]!;
        const ia = ma[i]!;
        const ib = mb[i]!;
        if (op.fn === 'add') {
          da[ia]! += g;
          db[ib]! += g;
        } else if (op.fn === 'sub') {
          da[ia]! += g;
          db[ib]! -= g;
        } else if (op.fn === 'mul') {
          da[ia]! += g * b.data[ib]!;
          db[ib]! += g * a.data[ia]!;
        } else {
          const v = b.data[ib]!;
          da[ia]! += g / v;
          db[ib]! -= (g * a.data[ia]!) / (v * v);
        }
      }
      return [da, db];
    }
    case 'cat':
      return catBackward(
        dy.data,
        ins.map((t) => t.shape),
        op.dim,
      );
    case 'upsample':
      return [
        op.mode === 'nearest'
          ? scatterAdd(dy.data, nearestMap(x.shape, y.shape, op.scale), x.data.length)
          : linearResize(dy.data, x.shape, y.shape, op.alignCorners, op.scale, true),
      ];
    case 'pixelShuffle':
      return [scatterAdd(dy.data, pixelShuffleMap(x.shape, op.factor, op.inverse), x.data.length)];
    case 'pad':
      return [scatterAdd(dy.data, padMap(x.shape, op.pads), x.data.length)];
    case 'convTranspose':
      throw unsupported(node.typeName, l10n.t('the backward pass'));
  }
}

/** A zero tensor shaped like the plan's input for a batch. */
export function inputBatch(plan: NetPlan, batch: number): Tensor {
  return tensor(shapeAt(plan.inputShape, batch));
}
