// Lookup tables: PyTorch Embedding and EmbeddingBag, Keras Embedding (integer indices in, one vector per index out).
import { formatShape, ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import { inputsOf, irrelevant, p, readBool, readInt } from './args';
import type { BoundArgs, LayerConstructor, LayerDefinition, Shape } from './layerTypes';
import { rankError } from './spatial';

/** A table of `count` vectors of `dim`; `bag` reduces each bag of indices to one vector. */
export interface EmbeddingAttrs {
  readonly layer: string;
  readonly count: number;
  readonly dim: number;
  readonly bag: boolean;
  readonly includeLastOffset: boolean;
}

function build(countArg: string, dimArg: string, bag: boolean) {
  return (args: BoundArgs, layer: string): EmbeddingAttrs => ({
    layer,
    count: readInt(args, countArg, layer, 1),
    dim: readInt(args, dimArg, layer, 0),
    bag,
    includeLastOffset: bag && readBool(args, 'include_last_offset', layer),
  });
}

/** EmbeddingBag: (B, N) indices → (B, dim); 1-D indices need offsets (B or B + 1 with include_last_offset). */
function bagged(a: EmbeddingAttrs, inputs: readonly Shape[]): Shape {
  const input = inputs[0] ?? [];
  if (input.length === 2) return [input[0]!, a.dim];
  if (input.length !== 1) throw rankError(a.layer, [1, 2], input);
  if (inputs.length < 2) {
    throw new ShapeError(l10n.t('{0}: 1-D indices {1} need offsets', a.layer, formatShape(input)), 'inputCount', {
      layer: a.layer,
      expected: 2,
      got: inputs.length,
    });
  }
  const offsets = inputsOf(inputs, 2, a.layer)[1]!;
  return [offsets[0]! - (a.includeLastOffset ? 1 : 0), a.dim];
}

/** Embedding, EmbeddingBag and Keras Embedding: count·dim parameters, no MACs (a lookup). */
export const embeddingDefinition: LayerDefinition<EmbeddingAttrs> = {
  id: 'embedding',
  constructors: [
    {
      framework: 'torch',
      names: ['Embedding'],
      build: build('num_embeddings', 'embedding_dim', false),
      params: [
        p('num_embeddings'),
        p('embedding_dim'),
        ...irrelevant(
          ['padding_idx', null],
          ['max_norm', null],
          ['norm_type', 2.0],
          ['scale_grad_by_freq', false],
          ['sparse', false],
          ['_weight', null],
          ['_freeze', false],
          ['device', null],
          ['dtype', null],
        ),
      ],
    },
    {
      framework: 'torch',
      names: ['EmbeddingBag'],
      build: build('num_embeddings', 'embedding_dim', true),
      params: [
        p('num_embeddings'),
        p('embedding_dim'),
        ...irrelevant(
          ['max_norm', null],
          ['norm_type', 2.0],
          ['scale_grad_by_freq', false],
          ['mode', 'mean'],
          ['sparse', false],
          ['_weight', null],
        ),
        p('include_last_offset', false),
        ...irrelevant(['padding_idx', null], ['device', null], ['dtype', null]),
      ],
    },
    {
      framework: 'keras',
      names: ['Embedding'],
      build: build('input_dim', 'output_dim', false),
      params: [
        p('input_dim'),
        p('output_dim'),
        ...irrelevant(
          ['embeddings_initializer', 'uniform'],
          ['embeddings_regularizer', null],
          ['activity_regularizer', null],
          ['embeddings_constraint', null],
          ['mask_zero', false],
          ['input_length', null],
        ),
      ],
    },
  ] satisfies LayerConstructor<EmbeddingAttrs>[],
  ownParams: (a) => a.count * a.dim,
  apply(a, inputs) {
    const output = a.bag ? bagged(a, inputs) : [...inputsOf(inputs, 1, a.layer)[0]!, a.dim];
    return { outputs: [output], params: a.count * a.dim, macs: 0 };
  },
};
