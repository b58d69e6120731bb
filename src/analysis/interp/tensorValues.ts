// Small tensors whose values are known (torch.arange, torch.tensor of numbers): arithmetic in PyTorch's dtypes, so
// configuration code like RegNet's width schedule (round(log(...)), .int().tolist()) gives the numbers PyTorch gives.
import { INPUT_RF } from './layerCalls';
import { list, num, type TensorValue, type Value } from './values';

/** The most values a known tensor may hold (configuration vectors are short). */
const MAX_VALUES = 4096;

type Dtype = 'int' | 'float';

/** A known 1-D tensor. */
export function valueTensor(data: readonly number[], dtype: Dtype): Value {
  const values = dtype === 'float' ? data.map(Math.fround) : data.map(Math.trunc);
  return {
    k: 'tensor',
    t: { shape: [values.length], rf: INPUT_RF, node: -2, framework: 'torch', data: values, dtype },
  };
}

/** torch.arange(end) / (start, end[, step]). */
export function arange(args: readonly number[]): Value | undefined {
  const [a, b, c] = args;
  if (a === undefined) return undefined;
  const [start, end, step] = b === undefined ? [0, a, 1] : [a, b, c ?? 1];
  if (step === 0) return undefined;
  const n = Math.max(0, Math.ceil((end - start) / step));
  if (n > MAX_VALUES) return undefined;
  const dtype: Dtype = args.every(Number.isInteger) ? 'int' : 'float';
  return valueTensor(
    Array.from({ length: n }, (_x, k) => start + k * step),
    dtype,
  );
}

/** torch.tensor([1, 2, 3]) of plain numbers. */
export function fromNumbers(v: Value): Value | undefined {
  if (v.k !== 'list' && v.k !== 'tuple') return undefined;
  const nums = v.items.map((x) => (x.k === 'num' ? x : x.k === 'bool' ? num(x.v ? 1 : 0) : undefined));
  if (nums.some((x) => x === undefined) || nums.length > MAX_VALUES) return undefined;
  return valueTensor(
    nums.map((x) => (x as { v: number }).v),
    nums.every((x) => (x as { int: boolean }).int) ? 'int' : 'float',
  );
}

function scalarOf(v: Value): { value: number; dtype: Dtype } | undefined {
  if (v.k === 'num') return { value: v.v, dtype: v.int ? 'int' : 'float' };
  if (v.k === 'bool') return { value: v.v ? 1 : 0, dtype: 'int' };
  return undefined;
}

const OPS: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '//': (a, b) => Math.floor(a / b),
  '%': (a, b) => a - b * Math.floor(a / b),
  '**': (a, b) => a ** b,
  pow: (a, b) => a ** b,
  maximum: Math.max,
  minimum: Math.min,
};

/** a op b where at least one side is a known tensor and the other a known tensor or number; undefined otherwise. */
export function knownBinary(op: string, a: Value, b: Value): Value | undefined {
  const f = OPS[op];
  if (!f) return undefined;
  const side = (v: Value): { data: readonly number[]; dtype: Dtype } | undefined => {
    if (v.k === 'tensor') return v.t.data ? { data: v.t.data, dtype: v.t.dtype ?? 'float' } : undefined;
    const s = scalarOf(v);
    return s ? { data: [s.value], dtype: s.dtype } : undefined;
  };
  const x = side(a);
  const y = side(b);
  if (!x || !y) return undefined;
  const n = Math.max(x.data.length, y.data.length);
  if ((x.data.length !== n && x.data.length !== 1) || (y.data.length !== n && y.data.length !== 1)) return undefined;
  const dtype: Dtype = op === '/' || x.dtype === 'float' || y.dtype === 'float' ? 'float' : 'int';
  const at = (d: readonly number[], k: number): number => (d.length === 1 ? d[0]! : d[k]!);
  return valueTensor(
    Array.from({ length: n }, (_x, k) => f(at(x.data, k), at(y.data, k))),
    dtype,
  );
}

/** Elementwise functions and conversions of a known tensor; undefined for other names or unknown values. */
export function knownMethod(t: TensorValue, name: string): Value | undefined {
  const d = t.data;
  if (!d) return undefined;
  const map = (f: (x: number) => number, dtype: Dtype = 'float'): Value => valueTensor(d.map(f), dtype);
  switch (name) {
    case 'round':
      return map((x) => {
        const r = Math.round(x);
        return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; // round half to even, as torch.round
      }, t.dtype ?? 'float');
    case 'log':
      return map(Math.log);
    case 'exp':
      return map(Math.exp);
    case 'sqrt':
      return map(Math.sqrt);
    case 'abs':
      return map(Math.abs, t.dtype ?? 'float');
    case 'floor':
      return map(Math.floor, t.dtype ?? 'float');
    case 'ceil':
      return map(Math.ceil, t.dtype ?? 'float');
    case 'int':
    case 'long':
      return map(Math.trunc, 'int');
    case 'float':
    case 'double':
      return map((x) => x, 'float');
    case 'diff':
      return valueTensor(
        d.slice(1).map((x, k) => x - d[k]!),
        t.dtype ?? 'float',
      );
    case 'tolist':
      return list(d.map((x) => num(x, t.dtype === 'int')));
    case 'item':
      return d.length === 1 ? num(d[0]!, t.dtype === 'int') : undefined;
    default:
      return undefined;
  }
}
