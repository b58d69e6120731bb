// What running or training a plan costs before it starts: parameter and activation memory, multiply-adds, seconds.
// (A sibling of the shape trace's memory estimate; this one counts what the engine itself allocates: float64 values.)
import { numel } from '../tensor';
import { paramCount } from './params';
import type { NetPlan, PlanNode } from './plan';

/** Bytes of one engine value (Float64Array). */
const BYTES = 8;
/** Multiply-adds a second the engine sustains on this kind of machine (measured: LeNet training ≈ 1.3 G/s on two cores). */
export const MACS_PER_SECOND = 1e9;
/** Elementwise steps (activations, norms, copies) a second. */
const ELEMENTS_PER_SECOND = 2e8;

/** The estimate for one run (a forward pass of `batch` inputs) or a whole training. */
export interface RunEstimate {
  readonly paramBytes: number;
  /** Values alive at once: every node's output of one batch (kept for feature maps and the backward pass). */
  readonly activationBytes: number;
  readonly macs: number;
  readonly seconds: number;
}

/** Limits a run must stay under (the convlens.run.maxMemoryMB setting and the 30 s budget). */
export interface RunLimits {
  readonly maxBytes: number;
  readonly maxSeconds: number;
}

export const DEFAULT_LIMITS: RunLimits = { maxBytes: 256 * 1024 * 1024, maxSeconds: 30 };

/** Multiply-adds of one node for a batch of `batch`. */
function nodeMacs(node: PlanNode, batch: number): number {
  const op = node.op;
  const out = numel(node.outputShape.slice(1)) * batch;
  const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);
  switch (op.kind) {
    case 'conv':
      return out * (op.inChannels / op.groups) * prod(op.kernel);
    case 'convTranspose':
      return numel(node.inputShapes[0]!.slice(1)) * batch * (op.outChannels / op.groups) * prod(op.kernel);
    case 'linear':
      return (out / op.outFeatures) * op.inFeatures * op.outFeatures;
    default:
      return 0;
  }
}

/**
 * Estimates `passes` forward passes of batches of `batch` (training: each also a backward pass, about twice the
 * forward's work, and gradients plus two optimizer moments per parameter).
 */
export function estimateRun(plan: NetPlan, batch: number, passes = 1, training = false): RunEstimate {
  const params = paramCount(plan);
  let macs = 0;
  let elements = 0;
  for (const node of plan.nodes) {
    macs += nodeMacs(node, batch);
    elements += numel(node.outputShape.slice(1)) * batch;
  }
  const factor = training ? 3 : 1;
  return {
    paramBytes: params * BYTES * (training ? 4 : 1),
    activationBytes: elements * BYTES * (training ? 2 : 1),
    macs: macs * passes * factor,
    seconds: (macs / MACS_PER_SECOND + elements / ELEMENTS_PER_SECOND) * passes * factor,
  };
}

/** Which limit an estimate breaks, if any. */
export function brokenLimit(e: RunEstimate, limits: RunLimits): 'memory' | 'time' | undefined {
  if (e.paramBytes + e.activationBytes > limits.maxBytes) return 'memory';
  if (e.seconds > limits.maxSeconds) return 'time';
  return undefined;
}
