// What a panel is asked to show (scene requests) and what it draws (scenes): the view models host and webview share.
import type { DigitNetWeights } from './digitNetShape';
import type { CellRegion } from '../engine/receptiveField';
import type { LayerCost } from '../engine/shapes';
import type { ConvBackwardStep, MultiConvStep, PoolStep, TransposeStep } from '../engine/steps';

/** A 2-D matrix sent to a panel: row-major values plus its size; `depth` stacks that many planes (default 1). */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly depth?: number;
  readonly data: readonly number[];
}

/** Number of planes of a matrix. */
export function depthOf(m: Matrix): number {
  return m.depth ?? 1;
}

/** Hyper-parameters the convolution panel shows and edits. */
export interface ConvSettings {
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  /** Channel groups (1 = every output channel reads every input channel; C_in = depthwise). */
  readonly groups?: number;
}

/** Hyper-parameters of the transposed-convolution panel. */
export interface TransposedSettings {
  readonly stride: number;
  readonly padding: number;
  readonly outputPadding: number;
}

/** The layer the depthwise-separable panel compares: C_in → C_out with a K×K kernel on a size × size map. */
export interface SeparableSettings {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly size: number;
}

/** One layer of a receptive-field stack (square kernel, symmetric padding). */
export interface RfLayerSpec {
  readonly name: string;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
}

/** A stack whose receptive field the panel lights up, on an input of size × size. */
export interface RfStack {
  readonly name: string;
  readonly layers: readonly RfLayerSpec[];
}

/** Hyper-parameters the pooling panel shows and edits. */
export interface PoolSettings {
  readonly mode: 'max' | 'avg';
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  /** Round the output size up (PyTorch ceil_mode): a last, partial window is kept. */
  readonly ceilMode?: boolean;
}

/** A trained digit network with a few sample digits (one per class) to look at it with. */
export interface FilterNetwork {
  readonly side: number;
  readonly weights: DigitNetWeights;
  /** Share of the held-out digits it classifies correctly. */
  readonly accuracy: number;
  /** Sample digits, one plane each (side × side). */
  readonly samples: Matrix;
  readonly labels: readonly number[];
}

/** What a panel is asked to show: the tensors and settings, before the engine runs. */
export type SceneRequest =
  /** input: C_in planes; kernel: C_out·(C_in/groups) planes, output channel by output channel; bias: one per output channel. */
  | {
      readonly kind: 'convolution';
      readonly title: string;
      readonly input: Matrix;
      readonly kernel: Matrix;
      readonly settings: ConvSettings;
      readonly bias?: readonly number[];
    }
  | { readonly kind: 'pooling'; readonly title: string; readonly input: Matrix; readonly settings: PoolSettings }
  | {
      readonly kind: 'backward';
      readonly title: string;
      readonly input: Matrix;
      readonly kernel: Matrix;
      readonly settings: ConvSettings;
    }
  | { readonly kind: 'equivariance'; readonly title: string; readonly input: Matrix; readonly kernel: Matrix }
  | {
      readonly kind: 'transposed';
      readonly title: string;
      readonly input: Matrix;
      readonly kernel: Matrix;
      readonly settings: TransposedSettings;
    }
  | { readonly kind: 'separable'; readonly title: string; readonly settings: SeparableSettings }
  /** `stacks` share the input; the first is the one whose unit (row, col) is picked, the others are compared at the same input position. */
  | {
      readonly kind: 'receptiveField';
      readonly title: string;
      readonly inputSize: number;
      readonly stacks: readonly RfStack[];
      readonly unit: { readonly row: number; readonly col: number };
    }
  /** The trained digit network's filters, visualised; `sample` picks the digit whose feature maps are shown. */
  | { readonly kind: 'filters'; readonly title: string; readonly network: FilterNetwork; readonly sample: number };

/** The panel kinds, one webview script and view type each. */
export type PanelKind = SceneRequest['kind'];

/** Everything the convolution panel draws, computed by the engine on the host. */
export interface ConvolutionScene {
  readonly kind: 'convolution';
  readonly title: string;
  /** C_in planes. */
  readonly input: Matrix;
  /** C_out·(C_in/groups) planes. */
  readonly kernel: Matrix;
  /** C_out planes. */
  readonly output: Matrix;
  readonly settings: ConvSettings;
  readonly bias?: readonly number[];
  readonly steps: readonly MultiConvStep[];
  /** Set when the output has more cells than an animation shows: the panel draws the whole result, one step only. */
  readonly summary?: string;
}

/** Everything the pooling panel draws: forward steps and, for max pooling, where each dY goes in the backward pass. */
export interface PoolingScene {
  readonly kind: 'pooling';
  readonly title: string;
  readonly input: Matrix;
  readonly output: Matrix;
  readonly settings: PoolSettings;
  readonly steps: readonly PoolStep[];
  /** Set when the output has more cells than an animation shows: the panel draws the whole result, one step only. */
  readonly summary?: string;
  /** dY = 1 everywhere routed back: dX counts how many outputs each input cell feeds (max) or its share (avg). */
  readonly gradient: Matrix;
}

/** The backward pass of a convolution, step by step: each dY cell spreading into dX (through W) and dW (through X). */
export interface BackwardScene {
  readonly kind: 'backward';
  readonly title: string;
  readonly input: Matrix;
  readonly kernel: Matrix;
  /** The kernel rotated 180°: dX = flip(W) full-convolved with dY. */
  readonly flippedKernel: Matrix;
  /** The upstream gradient dY (ones: the gradient of the sum of the outputs). */
  readonly gradient: Matrix;
  readonly settings: ConvSettings;
  readonly steps: readonly ConvBackwardStep[];
}

/** One shift of the equivariance demo: conv and max pool of the signal and of its shifted copy. */
export interface EquivarianceStep {
  readonly shift: number;
  readonly shifted: readonly number[];
  readonly conv: readonly number[];
  readonly convOfShifted: readonly number[];
  /** conv(x) moved by `shift`: what equivariance predicts for conv(shift(x)). */
  readonly shiftedConv: readonly number[];
  /** Away from the border, conv(shift(x)) = shift(conv(x)). */
  readonly convEquivariant: boolean;
  readonly pool: readonly number[];
  readonly poolOfShifted: readonly number[];
  /** pool(x) moved by shift / stride cells (only defined for whole cells). */
  readonly shiftedPool: readonly (number | null)[];
  readonly poolEquivariant: boolean;
}

/** Translation equivariance of convolution, and how max pooling breaks it, on a 1-D signal shifted 0, 1, 2, … places. */
export interface EquivarianceScene {
  readonly kind: 'equivariance';
  readonly title: string;
  readonly input: Matrix;
  readonly kernel: Matrix;
  readonly steps: readonly EquivarianceStep[];
}

/** A transposed convolution: every input cell stamps value·kernel into an uncropped canvas; padding crops the border. */
export interface TransposedScene {
  readonly kind: 'transposed';
  readonly title: string;
  readonly input: Matrix;
  readonly kernel: Matrix;
  readonly settings: TransposedSettings;
  /** The uncropped canvas (its size before `padding` is cropped from each side). */
  readonly canvas: { readonly rows: number; readonly cols: number };
  /** conv_transpose2d's output: the canvas without `padding` cells on each side. */
  readonly output: Matrix;
  /** The output-size formula with this scene's numbers. */
  readonly formula: string;
  readonly steps: readonly TransposeStep[];
  readonly summary?: string;
}

/** One stage of the depthwise-separable comparison: which planes feed which, for one channel. */
export interface SeparableStep {
  readonly pipeline: 'standard' | 'depthwise' | 'pointwise';
  /** The output channel (standard, pointwise) or channel (depthwise) being computed. */
  readonly channel: number;
  /** Input channels read for it. */
  readonly reads: readonly number[];
  /** Weights this channel uses: C_in·K·K (standard), K·K (depthwise), C_in (pointwise). */
  readonly weights: number;
}

/** Standard K×K conv vs depthwise K×K + pointwise 1×1, with live counts. */
export interface SeparableScene {
  readonly kind: 'separable';
  readonly title: string;
  readonly settings: SeparableSettings;
  readonly standard: LayerCost;
  readonly separable: LayerCost;
  readonly depthwise: LayerCost;
  readonly pointwise: LayerCost;
  readonly steps: readonly SeparableStep[];
}

/** One stack of the receptive-field panel: its levels from the input (0) to the output, each with the lit region. */
export interface RfStackScene {
  readonly name: string;
  readonly layers: readonly RfLayerSpec[];
  readonly levels: readonly { readonly rows: number; readonly cols: number; readonly region: CellRegion }[];
  /** Side of the field on the input, and the weights per input–output channel pair (ΣK²). */
  readonly fieldSize: number;
  readonly weights: number;
}

/** Receptive field of one output unit, lit layer by layer back to the input; step k shows level L − k. */
export interface ReceptiveFieldScene {
  readonly kind: 'receptiveField';
  readonly title: string;
  readonly inputSize: number;
  readonly unit: { readonly row: number; readonly col: number };
  readonly stacks: readonly RfStackScene[];
}

/** One step of the filter panel: one filter of one layer in focus. */
export interface FilterStep {
  readonly layer: 1 | 2;
  readonly filter: number;
  /** Mean activation of the filter on the starting noise and on the ascended image. */
  readonly before: number;
  readonly after: number;
  /** Largest value of its feature map on the chosen digit. */
  readonly peak: number;
}

/** Learned kernels, the images each filter responds to most (gradient ascent), and one digit's feature maps. */
export interface FiltersScene {
  readonly kind: 'filters';
  readonly title: string;
  readonly network: FilterNetwork;
  readonly sample: number;
  /** conv1's kernels (depth = filters). */
  readonly kernels1: Matrix;
  /** Gradient-ascent images, one plane per filter, for conv1 and conv2. */
  readonly ascent1: Matrix;
  readonly ascent2: Matrix;
  /** ReLU feature maps of the chosen digit. */
  readonly maps1: Matrix;
  readonly maps2: Matrix;
  readonly probabilities: readonly number[];
  readonly steps: readonly FilterStep[];
}

/** A scene of any panel. */
export type Scene =
  | ConvolutionScene
  | PoolingScene
  | BackwardScene
  | EquivarianceScene
  | TransposedScene
  | SeparableScene
  | ReceptiveFieldScene
  | FiltersScene;
