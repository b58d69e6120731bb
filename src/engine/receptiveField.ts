// Where one output unit of a layer stack looks: its window at every level back to the input, for the receptive-field panel.
import { convOutputSize, effectiveKernel, type RfLayer } from './shapes';
import { ShapeError } from './tensor';
import * as l10n from '../l10n';

/** A rectangle of cells, ends included; may reach past the map into padding. */
export interface CellRegion {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** One level of the stack (0 = the input, L = the last layer's output): its size and the chosen unit's region there. */
export interface RfLevel {
  readonly rows: number;
  readonly cols: number;
  readonly region: CellRegion;
}

/** Map sizes through the stack (square kernels, symmetric padding); throws when a layer's output would be empty. */
export function levelSizes(rows: number, cols: number, layers: readonly RfLayer[]): [number, number][] {
  const sizes: [number, number][] = [[rows, cols]];
  layers.forEach((l, i) => {
    const [h, w] = sizes[sizes.length - 1]!;
    const axis = (size: number): number =>
      convOutputSize({
        size,
        kernel: l.kernel,
        stride: l.stride,
        padBefore: l.padding,
        padAfter: l.padding,
        dilation: l.dilation,
      });
    const next: [number, number] = [axis(h), axis(w)];
    if (next[0] <= 0 || next[1] <= 0)
      throw new ShapeError(
        l10n.t(
          'layer {0} (kernel {1}, stride {2}, padding {3}) does not fit its {4}×{5} input',
          i + 1,
          l.kernel,
          l.stride,
          l.padding,
          h,
          w,
        ),
      );
    sizes.push(next);
  });
  return sizes;
}

/**
 * The region output unit (row, col) of the last layer depends on, at every level from the input (index 0) to the output
 * (index L): going back through a layer, [a, b] becomes [a·S − P, b·S − P + d·(K − 1)].
 */
export function receptiveRegions(
  rows: number,
  cols: number,
  layers: readonly RfLayer[],
  row: number,
  col: number,
): RfLevel[] {
  const sizes = levelSizes(rows, cols, layers);
  const [outRows, outCols] = sizes[sizes.length - 1]!;
  if (!Number.isInteger(row) || !Number.isInteger(col) || row < 0 || col < 0 || row >= outRows || col >= outCols) {
    throw new ShapeError(l10n.t('unit ({0}, {1}) is outside the {2}×{3} output', row, col, outRows, outCols));
  }
  let region: CellRegion = { top: row, left: col, bottom: row, right: col };
  const levels: RfLevel[] = [{ rows: outRows, cols: outCols, region }];
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i]!;
    const reach = effectiveKernel(l.kernel, l.dilation) - 1;
    region = {
      top: region.top * l.stride - l.padding,
      left: region.left * l.stride - l.padding,
      bottom: region.bottom * l.stride - l.padding + reach,
      right: region.right * l.stride - l.padding + reach,
    };
    const [h, w] = sizes[i]!;
    levels.unshift({ rows: h, cols: w, region });
  }
  return levels;
}
