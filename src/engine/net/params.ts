// A net's parameters and buffers, named as PyTorch's state_dict names them, and PyTorch's default initialisation per layer type.
import { random } from '../random';
import { tensor, type Tensor } from '../tensor';
import type { NetPlan, PlanNode } from './plan';

/** Parameters (trained) and buffers (running statistics), by state_dict name ("features.0.weight"). */
export interface NetParams {
  readonly tensors: Map<string, Tensor>;
  /** Names of the trained ones (buffers such as running_mean are not). */
  readonly trainable: ReadonlySet<string>;
}

/** "features.0" + "weight" → "features.0.weight"; a model that is itself one layer has names without a prefix. */
export function paramName(key: string, field: string): string {
  return key === '' ? field : `${key}.${field}`;
}

/** The tensors one node owns: name suffix, shape, whether trained, and how PyTorch initialises it. */
interface ParamSpec {
  readonly field: string;
  readonly shape: readonly number[];
  readonly trainable: boolean;
  /** U(-bound, bound), or a constant. */
  readonly init: { readonly uniform: number } | { readonly constant: number };
}

const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/**
 * PyTorch's reset_parameters(): conv and linear weights kaiming_uniform_(a=√5), i.e. U(±1/√fan_in), biases U(±1/√fan_in);
 * norms weight 1, bias 0, running mean 0, variance 1; PReLU 0.25.
 */
export function paramSpecs(node: PlanNode): ParamSpec[] {
  const op = node.op;
  switch (op.kind) {
    case 'conv': {
      const fanIn = (op.inChannels / op.groups) * prod(op.kernel);
      const bound = 1 / Math.sqrt(fanIn);
      const specs: ParamSpec[] = [
        {
          field: 'weight',
          shape: [op.outChannels, op.inChannels / op.groups, ...op.kernel],
          trainable: true,
          init: { uniform: bound },
        },
      ];
      if (op.bias) specs.push({ field: 'bias', shape: [op.outChannels], trainable: true, init: { uniform: bound } });
      return specs;
    }
    case 'convTranspose': {
      // PyTorch computes fan_in from weight.size(1) = out_channels / groups for transposed convs.
      const fanIn = (op.outChannels / op.groups) * prod(op.kernel);
      const bound = 1 / Math.sqrt(fanIn);
      const specs: ParamSpec[] = [
        {
          field: 'weight',
          shape: [op.inChannels, op.outChannels / op.groups, ...op.kernel],
          trainable: true,
          init: { uniform: bound },
        },
      ];
      if (op.bias) specs.push({ field: 'bias', shape: [op.outChannels], trainable: true, init: { uniform: bound } });
      return specs;
    }
    case 'linear': {
      const bound = 1 / Math.sqrt(op.inFeatures);
      const specs: ParamSpec[] = [
        { field: 'weight', shape: [op.outFeatures, op.inFeatures], trainable: true, init: { uniform: bound } },
      ];
      if (op.bias) specs.push({ field: 'bias', shape: [op.outFeatures], trainable: true, init: { uniform: bound } });
      return specs;
    }
    case 'batchNorm': {
      const c = [op.channels];
      return [
        ...(op.affine ? affine(c) : []),
        ...(op.trackRunningStats
          ? [
              { field: 'running_mean', shape: c, trainable: false, init: { constant: 0 } },
              { field: 'running_var', shape: c, trainable: false, init: { constant: 1 } },
            ]
          : []),
      ];
    }
    case 'instanceNorm':
    case 'groupNorm':
      return op.affine ? affine([op.channels]) : [];
    case 'layerNorm':
      return [
        ...(op.weight ? [{ field: 'weight', shape: op.shape, trainable: true, init: { constant: 1 } }] : []),
        ...(op.bias ? [{ field: 'bias', shape: op.shape, trainable: true, init: { constant: 0 } }] : []),
      ];
    case 'prelu':
      return [{ field: 'weight', shape: [op.count], trainable: true, init: { constant: op.init } }];
    default:
      return [];
  }
}

function affine(shape: readonly number[]): ParamSpec[] {
  return [
    { field: 'weight', shape, trainable: true, init: { constant: 1 } },
    { field: 'bias', shape, trainable: true, init: { constant: 0 } },
  ];
}

/** Fresh parameters for every node, seeded; a module called twice (same key) shares one set, as in PyTorch. */
export function initParams(plan: NetPlan, seed = 1): NetParams {
  const rand = random(seed);
  const tensors = new Map<string, Tensor>();
  const trainable = new Set<string>();
  for (const node of plan.nodes) {
    if (node.paramKey === undefined) continue;
    for (const spec of paramSpecs(node)) {
      const name = paramName(node.paramKey, spec.field);
      if (tensors.has(name)) continue;
      const t = tensor(spec.shape);
      const init = spec.init;
      if ('uniform' in init) for (let i = 0; i < t.data.length; i++) t.data[i] = (rand() * 2 - 1) * init.uniform;
      else t.data.fill(init.constant);
      tensors.set(name, t);
      if (spec.trainable) trainable.add(name);
    }
  }
  return { tensors, trainable };
}

/** Number of values every parameter and buffer of the plan holds. */
export function paramCount(plan: NetPlan): number {
  const seen = new Set<string>();
  let n = 0;
  for (const node of plan.nodes) {
    if (node.paramKey === undefined) continue;
    for (const spec of paramSpecs(node)) {
      const name = paramName(node.paramKey, spec.field);
      if (seen.has(name)) continue;
      seen.add(name);
      n += prod(spec.shape);
    }
  }
  return n;
}
