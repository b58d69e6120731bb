// Layers that only rearrange axes: Flatten, Unflatten, Identity (PyTorch), Flatten, Reshape, Permute, Identity (Keras).
import { formatShape, numel, ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import { normalizeDim, notDivisible, oneInput, p, readInt, readIntList } from './args';
import type { BoundArgs, LayerDefinition, Shape } from './layerTypes';

/** Sizes with at most one -1, resolved so they hold `total` elements; 'notDivisible' or 'sizeMismatch' when they cannot. */
export function resolveSizes(layer: string, dims: readonly number[], total: number, input: Shape): number[] {
  const free = dims.filter((d) => d === -1).length;
  if (free > 1 || dims.some((d) => d < -1))
    throw new ShapeError(
      l10n.t('{0}: sizes ({1}) may hold one -1 and no other negative size', layer, dims.join(', ')),
      'badArguments',
      { layer, argument: 'shape' },
    );
  const known = numel(dims.filter((d) => d !== -1));
  if (free === 1) {
    if (known === 0 || total % known !== 0) throw notDivisible(layer, formatShape(input), total, known);
    return dims.map((d) => (d === -1 ? total / known : d));
  }
  if (known !== total) {
    throw new ShapeError(
      l10n.t(
        '{0}: sizes ({1}) hold {2} elements, the input {3} has {4}',
        layer,
        dims.join(', '),
        known,
        formatShape(input),
        total,
      ),
      'sizeMismatch',
      { layer, expected: total, got: known },
    );
  }
  return [...dims];
}

/** Merges axes start…end into one. */
export interface FlattenAttrs {
  readonly layer: string;
  readonly start: number;
  readonly end: number;
}

const buildFlatten =
  (start: number | undefined) =>
  (args: BoundArgs, layer: string): FlattenAttrs => ({
    layer,
    start: start ?? readInt(args, 'start_dim', layer, Number.MIN_SAFE_INTEGER),
    end: start === undefined ? readInt(args, 'end_dim', layer, Number.MIN_SAFE_INTEGER) : -1,
  });

/** nn.Flatten(start_dim=1, end_dim=-1), torch.flatten(x, start_dim=0, end_dim=-1), layers.Flatten(). */
export const flattenDefinition: LayerDefinition<FlattenAttrs> = {
  id: 'flatten',
  constructors: [
    {
      framework: 'torch',
      names: ['Flatten'],
      params: [p('start_dim', 1), p('end_dim', -1)],
      build: buildFlatten(undefined),
    },
    {
      framework: 'torch',
      names: ['flatten'],
      functional: true,
      params: [p('start_dim', 0), p('end_dim', -1)],
      build: buildFlatten(undefined),
    },
    { framework: 'keras', names: ['Flatten'], params: [p('data_format', null, 'irrelevant')], build: buildFlatten(1) },
  ],
  ownParams: () => 0,
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    if (input.length === 0) return { outputs: [[1]], params: 0, macs: 0 };
    const s = normalizeDim(a.start, input.length, a.layer);
    const e = normalizeDim(a.end, input.length, a.layer);
    if (s > e)
      throw new ShapeError(
        l10n.t('{0}: start_dim {1} comes after end_dim {2}', a.layer, a.start, a.end),
        'badArguments',
        { layer: a.layer, argument: 'start_dim' },
      );
    return {
      outputs: [[...input.slice(0, s), numel(input.slice(s, e + 1)), ...input.slice(e + 1)]],
      params: 0,
      macs: 0,
    };
  },
};

/** Splits axis `dim` into `sizes`. */
export interface UnflattenAttrs {
  readonly layer: string;
  readonly dim: number;
  readonly sizes: readonly number[];
}

/** nn.Unflatten(dim, unflattened_size). */
export const unflattenDefinition: LayerDefinition<UnflattenAttrs> = {
  id: 'unflatten',
  constructors: [
    {
      framework: 'torch',
      names: ['Unflatten'],
      params: [p('dim'), p('unflattened_size')],
      build: (args, layer) => ({
        layer,
        dim: readInt(args, 'dim', layer, Number.MIN_SAFE_INTEGER),
        sizes: readIntList(args, 'unflattened_size', layer, -1),
      }),
    },
  ],
  ownParams: () => 0,
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    const d = normalizeDim(a.dim, input.length, a.layer);
    return {
      outputs: [[...input.slice(0, d), ...resolveSizes(a.layer, a.sizes, input[d]!, input), ...input.slice(d + 1)]],
      params: 0,
      macs: 0,
    };
  },
};

/** Keras Reshape: the target shape without the batch axis, one -1 inferred. */
export interface ReshapeAttrs {
  readonly layer: string;
  readonly target: readonly number[];
}

/** layers.Reshape(target_shape). */
export const reshapeDefinition: LayerDefinition<ReshapeAttrs> = {
  id: 'reshape',
  constructors: [
    {
      framework: 'keras',
      names: ['Reshape'],
      params: [p('target_shape')],
      build: (args, layer) => ({ layer, target: readIntList(args, 'target_shape', layer, -1) }),
    },
  ],
  ownParams: () => 0,
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    if (input.length === 0)
      throw new ShapeError(
        l10n.t('{0} expects a {1}-D input, gets {2}', a.layer, 1, formatShape(input)),
        'rankMismatch',
        { layer: a.layer, expected: 1, got: 0 },
      );
    return {
      outputs: [[input[0]!, ...resolveSizes(a.layer, a.target, numel(input.slice(1)), input)]],
      params: 0,
      macs: 0,
    };
  },
};

/** Keras Permute: a 1-based permutation of the axes after the batch. */
export interface PermuteAttrs {
  readonly layer: string;
  readonly dims: readonly number[];
}

/** layers.Permute(dims). */
export const permuteDefinition: LayerDefinition<PermuteAttrs> = {
  id: 'permute',
  constructors: [
    {
      framework: 'keras',
      names: ['Permute'],
      params: [p('dims')],
      build: (args, layer) => ({ layer, dims: readIntList(args, 'dims', layer, 1) }),
    },
  ],
  ownParams: () => 0,
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    const sorted = [...a.dims].sort((x, y) => x - y);
    if (a.dims.length !== input.length - 1 || sorted.some((d, i) => d !== i + 1)) {
      throw new ShapeError(
        l10n.t(
          '{0}: dims ({1}) is not a permutation of the {2} axes after the batch',
          a.layer,
          a.dims.join(', '),
          input.length - 1,
        ),
        'rankMismatch',
        { layer: a.layer, expected: a.dims.length + 1, got: input.length },
      );
    }
    return { outputs: [[input[0]!, ...a.dims.map((d) => input[d]!)]], params: 0, macs: 0 };
  },
};

/** Identity: returns its input. */
export interface IdentityAttrs {
  readonly layer: string;
}

/** nn.Identity(*args, **kwargs) and layers.Identity(). */
export const identityDefinition: LayerDefinition<IdentityAttrs> = {
  id: 'identity',
  constructors: [
    { framework: 'torch', names: ['Identity'], params: [], variadic: true, build: (_args, layer) => ({ layer }) },
    { framework: 'keras', names: ['Identity'], params: [], build: (_args, layer) => ({ layer }) },
  ],
  ownParams: () => 0,
  apply: (a, inputs) => ({ outputs: [oneInput(inputs, a.layer)], params: 0, macs: 0 }),
};
