// A worked example of one layer for its panel: the layer's own kernel size, stride, padding and dilation, applied to a
// small demo input sized so that a few output cells come out.
import type { Matrix, SceneRequest } from '../contract/viewModels';
import * as l10n from '../l10n';

/** The hyper-parameters of a layer a hover can animate. */
export type LayerDemo =
  | {
      readonly kind: 'conv';
      readonly label: string;
      readonly kernel: number;
      readonly stride: number;
      readonly padding: number;
      readonly dilation: number;
    }
  | {
      readonly kind: 'pool';
      readonly label: string;
      readonly mode: 'max' | 'avg';
      readonly kernel: number;
      readonly stride: number;
      readonly padding: number;
      readonly ceilMode: boolean;
    }
  | {
      readonly kind: 'transposed';
      readonly label: string;
      readonly kernel: number;
      readonly stride: number;
      readonly padding: number;
      readonly outputPadding: number;
    };

/** Largest demo input side: beyond it cells get too small to read. */
const MAX_SIDE = 12;

/** A side × side matrix of small varied integers (the same for every run, so a class sees the same numbers). */
function demoMatrix(side: number, seed: number, low: number, high: number): Matrix {
  const span = high - low + 1;
  return {
    rows: side,
    cols: side,
    data: Array.from(
      { length: side * side },
      (_, i) => low + ((i * (seed + 2) + Math.floor(i / side) * 3 + seed) % span),
    ),
  };
}

function clampSide(n: number, min: number): number {
  return Math.max(min, Math.min(MAX_SIDE, n));
}

/** The panel request that animates `demo` (three output cells per axis where the layer allows). */
export function layerDemoRequest(demo: LayerDemo): SceneRequest {
  const title = l10n.t('{0} on a demo input', demo.label);
  switch (demo.kind) {
    case 'conv': {
      const span = demo.dilation * (demo.kernel - 1) + 1;
      const side = clampSide(2 * demo.stride + span - 2 * demo.padding, Math.max(2, span - 2 * demo.padding));
      return {
        kind: 'convolution',
        title,
        input: demoMatrix(side, 1, 0, 6),
        kernel: demoMatrix(demo.kernel, 2, -1, 1),
        settings: { stride: demo.stride, padding: demo.padding, dilation: demo.dilation },
      };
    }
    case 'pool': {
      const side = clampSide(
        2 * demo.stride + demo.kernel - 2 * demo.padding,
        Math.max(2, demo.kernel - 2 * demo.padding),
      );
      return {
        kind: 'pooling',
        title,
        input: demoMatrix(side, 3, 0, 9),
        settings: {
          mode: demo.mode,
          kernel: demo.kernel,
          stride: demo.stride,
          padding: demo.padding,
          ...(demo.ceilMode ? { ceilMode: true } : {}),
        },
      };
    }
    case 'transposed':
      return {
        kind: 'transposed',
        title,
        input: demoMatrix(demo.stride > 1 ? 2 : 3, 1, 1, 4),
        kernel: demoMatrix(demo.kernel, 2, -1, 1),
        settings: { stride: demo.stride, padding: demo.padding, outputPadding: demo.outputPadding },
      };
    default: {
      const unreachable: never = demo;
      return unreachable;
    }
  }
}
