// Fully connected layer, y = x·Wᵀ + b as PyTorch's nn.Linear (x: …×in_features, W: out_features×in_features).
import { formatShape, ShapeError, tensor, type Tensor } from './tensor';
import { wasmLinear } from './wasm/wasmLinear';
import { ranInWasm, wasmFor } from './wasm/wasmRuntime';
import * as l10n from '../l10n';

/** y = x·Wᵀ + b over the last dimension of x; every leading dimension is a batch dimension. */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  if (weight.shape.length !== 2)
    throw new ShapeError(
      l10n.t('weight must be 2-D (out_features, in_features), got shape {0}', formatShape(weight.shape)),
    );
  const [outFeatures, inFeatures] = weight.shape as [number, number];
  const features = x.shape[x.shape.length - 1] ?? 1;
  if (x.shape.length === 0 || features !== inFeatures) {
    throw new ShapeError(
      l10n.t('Linear expects {0} input features, gets {1} (input {2})', inFeatures, features, formatShape(x.shape)),
    );
  }
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== outFeatures)) {
    throw new ShapeError(
      l10n.t('bias must have shape {0} (one per output channel), got {1}', outFeatures, formatShape(bias.shape)),
    );
  }
  const rows = x.data.length / inFeatures;
  const y = tensor([...x.shape.slice(0, -1), outFeatures]);
  const wasm = wasmFor(rows * inFeatures * outFeatures);
  if (
    !wasm ||
    !ranInWasm(() => wasmLinear(wasm, rows, inFeatures, outFeatures, x.data, weight.data, bias?.data, y.data))
  )
    linearInto(rows, inFeatures, outFeatures, x.data, weight.data, bias?.data, y.data);
  return y;
}

/** The reference loops (float64): one dot product per output. */
function linearInto(
  rows: number,
  inF: number,
  outF: number,
  x: Float64Array,
  w: Float64Array,
  b: Float64Array | undefined,
  y: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outF; o++) {
      let s = b ? b[o]! : 0;
      for (let i = 0; i < inF; i++) s += x[r * inF + i]! * w[o * inF + i]!;
      y[r * outF + o] = s;
    }
  }
}
