// The net plan: a plain, framework-free description of a feed-forward graph the engine can run (built from a traced model).

/** An elementwise activation the executor knows, with its numeric settings. */
export type ActivationFn =
  | 'relu'
  | 'relu6'
  | 'leakyRelu'
  | 'elu'
  | 'selu'
  | 'celu'
  | 'gelu'
  | 'geluTanh'
  | 'silu'
  | 'mish'
  | 'sigmoid'
  | 'tanh'
  | 'hardswish'
  | 'hardsigmoid'
  | 'hardtanh'
  | 'softplus'
  | 'softsign'
  | 'tanhshrink'
  | 'softshrink'
  | 'hardshrink'
  | 'logSigmoid'
  | 'threshold';

/** What one node computes. Spatial lists (kernel, stride…) have one entry per spatial axis, first axis first. */
export type PlanOp =
  | {
      readonly kind: 'conv';
      readonly rank: number;
      readonly inChannels: number;
      readonly outChannels: number;
      readonly kernel: readonly number[];
      readonly stride: readonly number[];
      readonly dilation: readonly number[];
      /** (before, after) zeros on each spatial axis. */
      readonly padding: readonly (readonly [number, number])[];
      readonly groups: number;
      readonly bias: boolean;
    }
  | {
      readonly kind: 'convTranspose';
      readonly rank: number;
      readonly inChannels: number;
      readonly outChannels: number;
      readonly kernel: readonly number[];
      readonly stride: readonly number[];
      readonly dilation: readonly number[];
      readonly padding: readonly number[];
      readonly outputPadding: readonly number[];
      readonly groups: number;
      readonly bias: boolean;
    }
  | { readonly kind: 'linear'; readonly inFeatures: number; readonly outFeatures: number; readonly bias: boolean }
  | { readonly kind: 'activation'; readonly fn: ActivationFn; readonly a: number; readonly b: number }
  | { readonly kind: 'softmax'; readonly dim: number; readonly log: boolean; readonly negate: boolean }
  | { readonly kind: 'prelu'; readonly count: number; readonly init: number }
  | {
      readonly kind: 'pool';
      readonly mode: 'max' | 'avg';
      readonly rank: number;
      readonly kernel: readonly number[];
      readonly stride: readonly number[];
      readonly padding: readonly number[];
      readonly dilation: readonly number[];
      readonly ceilMode: boolean;
      readonly countIncludePad: boolean;
    }
  | { readonly kind: 'adaptivePool'; readonly mode: 'max' | 'avg'; readonly output: readonly number[] }
  | {
      readonly kind: 'batchNorm';
      readonly channels: number;
      readonly eps: number;
      readonly momentum: number;
      readonly affine: boolean;
      readonly trackRunningStats: boolean;
    }
  | { readonly kind: 'instanceNorm'; readonly channels: number; readonly eps: number; readonly affine: boolean }
  | {
      readonly kind: 'groupNorm';
      readonly groups: number;
      readonly channels: number;
      readonly eps: number;
      readonly affine: boolean;
    }
  | {
      readonly kind: 'layerNorm';
      readonly shape: readonly number[];
      readonly eps: number;
      readonly weight: boolean;
      readonly bias: boolean;
    }
  /** Dropout (identity in eval mode, and here also while training: see README), Identity, contiguous(), clone(). */
  | { readonly kind: 'identity' }
  /** view / reshape / flatten / squeeze / unsqueeze: the same elements in the same order, the node's output shape. */
  | { readonly kind: 'reshape' }
  | { readonly kind: 'permute'; readonly dims: readonly number[] }
  | { readonly kind: 'binary'; readonly fn: 'add' | 'sub' | 'mul' | 'div' }
  | { readonly kind: 'cat'; readonly dim: number }
  | {
      readonly kind: 'upsample';
      readonly mode: 'nearest' | 'linear';
      readonly alignCorners: boolean;
      /** Explicit scale factors (PyTorch then maps coordinates with 1/scale, not in/out), one per spatial axis. */
      readonly scale?: readonly number[];
    }
  | { readonly kind: 'pixelShuffle'; readonly factor: number; readonly inverse: boolean }
  | { readonly kind: 'pad'; readonly value: number; readonly pads: readonly (readonly [number, number])[] };

/** The kinds of op a plan can hold. */
export type PlanOpKind = PlanOp['kind'];

/** One step of the plan: its op, where its inputs come from (-1: the model input), and the traced shapes. */
export interface PlanNode {
  readonly id: number;
  /** What the user calls it: the module path (features.0) or the function name (relu). */
  readonly label: string;
  /** The class or function as written (Conv2d, relu, add). */
  readonly typeName: string;
  /** Prefix of its parameter names (the module path, as in PyTorch's state_dict); undefined without parameters. */
  readonly paramKey?: string;
  readonly op: PlanOp;
  readonly inputs: readonly number[];
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
}

/** A runnable graph: nodes in execution order; `output` is the node whose value the model returns. */
export interface NetPlan {
  readonly inputShape: readonly number[];
  readonly nodes: readonly PlanNode[];
  readonly output: number;
}
