// Runs one golden case (the format of ../shared/golden/README.md) through the engine or analysis and compares the result.
import { lexFamily } from '../../src/analysis/tokens';
import { findLiterals } from '../../src/analysis/literals';
import { traceGraphs } from '../../src/analysis/graphTrace';
import type { SourceRange } from '../../src/analysis/literals';
import { conv2d, conv2dBackward, convTranspose2d, type ConvTranspose2dOptions } from '../../src/engine/conv';
import type { Conv2dOptions } from '../../src/engine/convGeometry';
import type { Pair } from '../../src/engine/params';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward, type Pool2dOptions } from '../../src/engine/pool';
import { receptiveField } from '../../src/engine/shapes';
import { tensor, type Tensor } from '../../src/engine/tensor';
import { netForwardCase } from './netGolden';

/** A tensor as golden files write it. */
export interface GoldenTensor {
  shape: number[];
  data: number[];
}

/** One golden case; fields beyond `name`/`op` depend on the op. */
export interface GoldenCase {
  name: string;
  op: string;
  attrs?: Record<string, unknown>;
  inputs?: Record<string, GoldenTensor>;
  outputs?: Record<string, unknown>;
  error?: boolean;
  error_layer?: number;
  atol?: number;
  rtol?: number;
  source?: string;
  language?: string;
  layers?: { layer: string; shape: number[]; params: number; macs?: number }[];
  total_params?: number;
  total_macs?: number;
  /** net_forward: the state_dict the model runs with. */
  weights?: Record<string, GoldenTensor>;
}

/** Thrown when a result differs from the reference; the message says where. */
export class Mismatch extends Error {}

function input(c: GoldenCase, key: string): Tensor {
  const t = c.inputs?.[key];
  if (!t) throw new Mismatch(`case has no input ${key}`);
  return tensor(t.shape, t.data);
}

function optionalInput(c: GoldenCase, key: string): Tensor | undefined {
  return c.inputs?.[key] ? input(c, key) : undefined;
}

function attr<T>(c: GoldenCase, key: string): T | undefined {
  return c.attrs?.[key] as T | undefined;
}

/** `{ key: value }` when the case sets the attribute, `{}` when it does not (options whose fields are optional). */
function ifSet<K extends string, T>(key: K, value: T | undefined): Partial<Record<K, T>> {
  const set: Partial<Record<K, T>> = {};
  if (value !== undefined) set[key] = value;
  return set;
}

function convOptions(c: GoldenCase): Conv2dOptions {
  return {
    ...ifSet('stride', attr<Pair>(c, 'stride')),
    ...ifSet('padding', attr<Pair | 'same' | 'valid'>(c, 'padding')),
    ...ifSet('dilation', attr<Pair>(c, 'dilation')),
    ...ifSet('groups', attr<number>(c, 'groups')),
  };
}

function poolOptions(c: GoldenCase): Pool2dOptions {
  const kernelSize = attr<Pair>(c, 'kernel_size');
  if (kernelSize === undefined) throw new Mismatch('case has no kernel_size');
  return {
    kernelSize,
    ...ifSet('stride', attr<Pair>(c, 'stride')),
    ...ifSet('padding', attr<Pair>(c, 'padding')),
    ...ifSet('dilation', attr<Pair>(c, 'dilation')),
    ...ifSet('ceilMode', attr<boolean>(c, 'ceil_mode')),
    ...ifSet('countIncludePad', attr<boolean>(c, 'count_include_pad')),
  };
}

function convTransposeOptions(c: GoldenCase): ConvTranspose2dOptions {
  return {
    ...ifSet('stride', attr<Pair>(c, 'stride')),
    ...ifSet('padding', attr<Pair>(c, 'padding')),
    ...ifSet('outputPadding', attr<Pair>(c, 'output_padding')),
    ...ifSet('dilation', attr<Pair>(c, 'dilation')),
    ...ifSet('groups', attr<number>(c, 'groups')),
  };
}

/** Computes what the case asks for; throws on invalid input (as error cases expect). */
function compute(c: GoldenCase): Record<string, unknown> {
  switch (c.op) {
    case 'conv2d':
      return { y: conv2d(input(c, 'x'), input(c, 'w'), optionalInput(c, 'b'), convOptions(c)) };
    case 'conv2d_backward': {
      const g = conv2dBackward(
        input(c, 'x'),
        input(c, 'w'),
        input(c, 'dy'),
        convOptions(c),
        c.inputs?.['b'] !== undefined,
      );
      return { dx: g.dx, dw: g.dw, ...(g.db ? { db: g.db } : {}) };
    }
    case 'conv_transpose2d':
      return {
        y: convTranspose2d(input(c, 'x'), input(c, 'w'), optionalInput(c, 'b'), convTransposeOptions(c)),
      };
    case 'max_pool2d': {
      const r = maxPool2d(input(c, 'x'), poolOptions(c));
      return { y: r.y, indices: r.indices };
    }
    case 'max_pool2d_backward':
      return { dx: maxPool2dBackward(input(c, 'x'), input(c, 'dy'), poolOptions(c)) };
    case 'avg_pool2d':
      return { y: avgPool2d(input(c, 'x'), poolOptions(c)) };
    case 'avg_pool2d_backward':
      return { dx: avgPool2dBackward(input(c, 'x'), input(c, 'dy'), poolOptions(c)) };
    case 'receptive_field': {
      const layers = attr<{ kind: string; k: number; s?: number; p?: number; d?: number }[]>(c, 'layers') ?? [];
      const rf = receptiveField(
        layers.map((l) => {
          if (!['conv', 'maxpool', 'avgpool'].includes(l.kind))
            throw new Error(`unknown receptive-field layer kind '${l.kind}'`);
          return { kernel: l.k, stride: l.s ?? (l.kind === 'conv' ? 1 : l.k), padding: l.p ?? 0, dilation: l.d ?? 1 };
        }),
      );
      return { size: rf.size, jump: rf.jump, start: rf.start, center: rf.center };
    }
    case 'trace':
      return traceCase(c);
    case 'literals':
      return literalsCase(c);
    case 'net_forward':
      return netForwardCase(c);
    default:
      throw new Mismatch(`unknown op '${c.op}'`);
  }
}

/** The source text a range covers. */
function textAt(source: string, r: SourceRange): string {
  const lines = source.split('\n');
  if (r.start.line === r.end.line) return (lines[r.start.line] ?? '').slice(r.start.character, r.end.character);
  return [
    lines[r.start.line]!.slice(r.start.character),
    ...lines.slice(r.start.line + 1, r.end.line),
    (lines[r.end.line] ?? '').slice(0, r.end.character),
  ].join('\n');
}

function traceCase(c: GoldenCase): Record<string, unknown> {
  const shape = attr<number[]>(c, 'input_shape');
  if (!shape) throw new Mismatch('trace case has no input_shape');
  const source = c.source ?? '';
  const [first] = traceGraphs(source, { defaultInputShape: shape, inputOverride: shape });
  if (!first) throw new Error('no model found in the source');
  const layerNodes = first.nodes.filter((n) => n.op === 'layer');
  if (first.stop) {
    const err = new Error(`layer ${layerNodes.length}: ${first.stop.message}`) as Error & { layerIndex: number };
    err.layerIndex = layerNodes.length;
    throw err;
  }
  return {
    layers: layerNodes.map((n) => ({
      layer: n.definedAt ? textAt(source, n.definedAt) : n.typeName,
      shape: n.outputShape,
      params: n.params,
      macs: n.macs,
    })),
    total_params: first.params.total,
    total_macs: first.macs,
  };
}

function literalsCase(c: GoldenCase): Record<string, unknown> {
  const family = lexFamily(c.language ?? '');
  if (!family) throw new Mismatch(`language '${c.language}' is not supported`);
  const found = findLiterals(c.source ?? '', family);
  return {
    literals: found.map((l) =>
      l.ok ? { line: l.range.start.line, shape: l.shape, data: l.data } : { line: l.range.start.line, error: true },
    ),
  };
}

function close(a: number, e: number, atol: number, rtol: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

function compareTensor(name: string, actual: unknown, expected: GoldenTensor, atol: number, rtol: number): void {
  const t = actual as Tensor | undefined;
  if (!t || !t.shape) throw new Mismatch(`${name}: missing`);
  if (t.shape.join('x') !== expected.shape.join('x'))
    throw new Mismatch(`${name}: shape ${t.shape.join('x')} != expected ${expected.shape.join('x')}`);
  for (let k = 0; k < expected.data.length; k++) {
    if (!close(t.data[k]!, expected.data[k]!, atol, rtol))
      throw new Mismatch(`${name}[${k}]: ${t.data[k]} != expected ${expected.data[k]}`);
  }
}

const normalize = (s: string): string => s.replace(/\s+/g, '');

function compareTrace(actual: Record<string, unknown>, c: GoldenCase): void {
  const layers = actual['layers'] as { layer: string; shape: number[]; params: number; macs: number }[];
  const expected = c.layers ?? [];
  if (layers.length !== expected.length) throw new Mismatch(`${layers.length} layers != expected ${expected.length}`);
  expected.forEach((e, k) => {
    const a = layers[k]!;
    if (normalize(a.layer) !== normalize(e.layer))
      throw new Mismatch(`layer ${k}: '${a.layer}' != expected '${e.layer}'`);
    if (a.shape.join('x') !== e.shape.join('x'))
      throw new Mismatch(`layer ${k} (${e.layer}): shape ${a.shape.join('x')} != expected ${e.shape.join('x')}`);
    if (a.params !== e.params)
      throw new Mismatch(`layer ${k} (${e.layer}): params ${a.params} != expected ${e.params}`);
    if (e.macs !== undefined && a.macs !== e.macs)
      throw new Mismatch(`layer ${k} (${e.layer}): MACs ${String(a.macs)} != expected ${e.macs}`);
  });
  if (c.total_macs !== undefined && actual['total_macs'] !== c.total_macs)
    throw new Mismatch(`total_macs ${String(actual['total_macs'])} != expected ${c.total_macs}`);
  if (c.total_params !== undefined && actual['total_params'] !== c.total_params)
    throw new Mismatch(`total_params ${String(actual['total_params'])} != expected ${c.total_params}`);
}

type LiteralOut = { line: number; shape?: number[]; data?: number[]; error?: boolean };

function compareLiterals(actual: Record<string, unknown>, c: GoldenCase, atol: number, rtol: number): void {
  const got = actual['literals'] as LiteralOut[];
  const outputs = c.outputs as { literals: LiteralOut[]; absent?: number[] };
  const expected = outputs.literals;
  for (const line of outputs.absent ?? []) {
    if (got.some((g) => g.line === line))
      throw new Mismatch(`a literal was reported on line ${line}, where none may be`);
  }
  if (got.length !== expected.length)
    throw new Mismatch(
      `found ${got.length} literals (lines ${got.map((g) => g.line).join(', ')}) != expected ${expected.length} (lines ${expected.map((e) => e.line).join(', ')})`,
    );
  expected.forEach((e, k) => {
    const g = got[k]!;
    if (g.line !== e.line) throw new Mismatch(`literal ${k}: line ${g.line} != expected ${e.line}`);
    if (e.error) {
      if (!g.error) throw new Mismatch(`literal on line ${e.line} should be rejected as ragged`);
      return;
    }
    if (g.error) throw new Mismatch(`literal on line ${e.line} was rejected but should read as ${e.shape?.join('x')}`);
    compareTensor(
      `literal on line ${e.line}`,
      { shape: g.shape, data: g.data },
      { shape: e.shape ?? [], data: e.data ?? [] },
      atol,
      rtol,
    );
  });
}

/** Runs a case; resolves when it passes, throws Mismatch (or the engine's error) when it does not. */
export function runCase(c: GoldenCase): void {
  const atol = c.atol ?? 1e-6;
  const rtol = c.rtol ?? 1e-6;
  if (c.error) {
    try {
      compute(c);
    } catch (e) {
      if (e instanceof Mismatch) throw e;
      const layer = (e as { layerIndex?: number }).layerIndex;
      if (c.error_layer !== undefined && layer !== c.error_layer)
        throw new Mismatch(
          `rejected at layer ${String(layer)}, expected layer ${c.error_layer}: ${(e as Error).message}`,
        );
      if (!(e as Error).message) throw new Mismatch('rejected without a message');
      return;
    }
    throw new Mismatch('expected an error, got a result');
  }
  const actual = compute(c);
  if (c.op === 'trace') return compareTrace(actual, c);
  if (c.op === 'literals') return compareLiterals(actual, c, atol, rtol);
  for (const [key, exp] of Object.entries(c.outputs ?? {})) {
    if (typeof exp === 'number') {
      const a = actual[key];
      if (typeof a !== 'number' || !close(a, exp, atol, rtol))
        throw new Mismatch(`${key}: ${String(a)} != expected ${exp}`);
    } else {
      compareTensor(key, actual[key], exp as GoldenTensor, atol, rtol);
    }
  }
}
