// The contract of one layer type: how its constructor's arguments are read, what it does to shapes, what it costs.
import type { ReceptiveField } from '../shapes';

/** A tensor shape (batch first). */
export type Shape = readonly number[];

/** A constructor argument as the static interpreter knows it: plain Python values only (tuples and lists as arrays). */
export type ArgValue = number | boolean | string | null | readonly ArgValue[];

/** The frameworks whose layer APIs ConvLens reads. */
export type Framework = 'torch' | 'keras';

/** One parameter of a constructor's signature, in positional order. */
export interface ParamSpec {
  readonly name: string;
  /** Default when not passed; a parameter without one is required. */
  readonly default?: ArgValue;
  /** Cannot change shapes, params or MACs (inplace, device, dtype…): an unknown value is ignored, not a stop. */
  readonly irrelevant?: boolean;
}

/** Arguments bound to a signature by name (defaults filled in; irrelevant unknowns absent). */
export type BoundArgs = Readonly<Record<string, ArgValue>>;

/** Receptive field of one unit along the two image axes (rows, columns), in input pixels. */
export interface ReceptiveField2 {
  readonly rows: ReceptiveField;
  readonly cols: ReceptiveField;
}

/** What applying a layer to its input(s) gives. */
export interface LayerResult {
  /** One shape, or several when the layer returns a tuple (MultiheadAttention, return_indices=True). */
  readonly outputs: readonly Shape[];
  /** True when the call returns a Python tuple (even of one element). */
  readonly tuple?: boolean;
  /** Multiply-accumulates of this call (see README: conv, linear, attention count; others 0). */
  readonly macs: number;
  /** Parameters once the input is known (equals ownParams for layers that do not infer sizes). */
  readonly params: number;
  /** Of `params`, how many are not trained (Keras BatchNormalization's moving mean and variance); 0 when absent. */
  readonly nonTrainableParams?: number;
}

/** The 2-D sliding window of a conv or pooling layer (what its demo animation, the calculator and the RF panel show). */
export interface SlidingWindow {
  readonly op: 'conv' | 'convTranspose' | 'maxPool' | 'avgPool';
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  /** Explicit padding (rows, cols); 'same' / 'valid' as written. */
  readonly padding: readonly [number, number] | 'same' | 'valid';
  readonly dilation: readonly [number, number];
  readonly groups: number;
  readonly ceilMode?: boolean;
}

/** A layer instance: which definition, and its attributes read from the constructor. */
export interface LayerInstance<A = unknown> {
  readonly definition: LayerDefinition<A>;
  readonly attrs: A;
  /** The class or function name as written (Conv2d, Conv2D, max_pool2d). */
  readonly typeName: string;
  readonly framework: Framework;
  /** The bound constructor arguments (defaults filled in; unknown irrelevant ones absent): what running it reads (eps, slopes…). */
  readonly args?: BoundArgs;
}

/** One way of writing the layer: a class (nn.Conv2d, layers.Conv2D) or a function (F.max_pool2d) of one framework. */
export interface LayerConstructor<A> {
  readonly framework: Framework;
  /** Class names (or functional names when `functional`) this constructor answers to. */
  readonly names: readonly string[];
  /** Positional order and defaults; for a functional form the tensor argument(s) are not listed. */
  readonly params: readonly ParamSpec[];
  /** A function applied to a tensor at once (F.relu(x)) rather than a class to instantiate. */
  readonly functional?: boolean;
  /** How many leading positional tensor arguments a functional form takes (default 1). */
  readonly tensorArgs?: number;
  /** Takes and ignores any further positional and keyword arguments, like nn.Identity(*args, **kwargs). */
  readonly variadic?: boolean;
  /** Reads the attributes; throws ShapeError (with a code) on invalid arguments. `name` is the name used. */
  build(args: BoundArgs, name: string): A;
}

/** Everything ConvLens knows about one layer type; the registry holds one per file in src/engine/layers/. */
export interface LayerDefinition<A = unknown> {
  /** Registry key, e.g. "conv", "batchNorm". */
  readonly id: string;
  readonly constructors: readonly LayerConstructor<A>[];
  /** Parameters registered at construction (PyTorch's parameters()), or undefined while they depend on the first input (Lazy*, Keras). */
  ownParams(attrs: A): number | undefined;
  /** Output shape(s), params and MACs for these inputs; throws ShapeError (with a code) when they do not fit. */
  apply(attrs: A, inputs: readonly Shape[], framework: Framework): LayerResult;
  /** Receptive field after the layer, given the one before it and the input shape; identity when absent. */
  receptiveField?(attrs: A, rf: ReceptiveField2, input: Shape, framework: Framework): ReceptiveField2;
  /** Lines explaining the output size and parameter count with the numbers (hovers, calculator); optional. */
  explain?(attrs: A, input: Shape, output: Shape, framework: Framework): readonly string[];
  /** Its 2-D window, for conv and pooling layers of rank 2. */
  slidingWindow?(attrs: A): SlidingWindow | undefined;
}
