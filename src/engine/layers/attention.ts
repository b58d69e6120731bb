// Multi-head attention: PyTorch nn.MultiheadAttention (parameters exactly as PyTorch registers them, outputs (attn_output, attn_weights)) and Keras MultiHeadAttention.
import { formatShape, ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import {
  badArgument,
  inputsOf,
  irrelevant,
  KERAS_WEIGHT_ARGS,
  notDivisible,
  p,
  prod,
  readBool,
  readInt,
  readIntList,
  readOptInt,
  readRaw,
} from './args';
import { lastAxis } from './linear';
import type { LayerDefinition, Shape } from './layerTypes';
import { rankError } from './spatial';

/** MultiheadAttention's attributes (kdim, vdim default to embed_dim). */
export interface AttentionAttrs {
  readonly layer: string;
  readonly embed: number;
  readonly heads: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly bias: boolean;
  readonly biasKv: boolean;
  readonly zeroAttn: boolean;
  readonly batchFirst: boolean;
}

/**
 * in_proj_weight 3E·E (or q, k, v weights E·E, E·kdim, E·vdim when kdim or vdim differ), in_proj_bias 3E,
 * out_proj E·E + E, bias_k and bias_v E each.
 */
function attentionParams(a: AttentionAttrs): number {
  const e = a.embed;
  const proj = e * e + e * a.kdim + e * a.vdim;
  return proj + (a.bias ? 3 * e : 0) + e * e + (a.bias ? e : 0) + (a.biasKv ? 2 * e : 0);
}

/** (sequence, batch) of a query/key/value shape in this layout; batch undefined when unbatched (L, E). */
function seqBatch(a: AttentionAttrs, s: Shape): { seq: number; batch: number | undefined } {
  if (s.length === 2) return { seq: s[0]!, batch: undefined };
  if (s.length !== 3) throw rankError(a.layer, [2, 3], s);
  return a.batchFirst ? { seq: s[1]!, batch: s[0]! } : { seq: s[0]!, batch: s[1]! };
}

/** nn.MultiheadAttention(embed_dim, num_heads, …): (query, key, value) → (attn_output, attn_weights averaged over heads). */
export const attentionDefinition: LayerDefinition<AttentionAttrs> = {
  id: 'multiheadAttention',
  constructors: [
    {
      framework: 'torch',
      names: ['MultiheadAttention'],
      params: [
        p('embed_dim'),
        p('num_heads'),
        ...irrelevant(['dropout', 0.0]),
        p('bias', true),
        p('add_bias_kv', false),
        p('add_zero_attn', false),
        p('kdim', null),
        p('vdim', null),
        p('batch_first', false),
        ...irrelevant(['device', null], ['dtype', null]),
      ],
      build(args, layer) {
        const embed = readInt(args, 'embed_dim', layer, 1);
        const heads = readInt(args, 'num_heads', layer, 1);
        if (embed % heads !== 0) throw notDivisible(layer, 'embed_dim', embed, heads);
        return {
          layer,
          embed,
          heads,
          kdim: readOptInt(args, 'kdim', layer, 1) ?? embed,
          vdim: readOptInt(args, 'vdim', layer, 1) ?? embed,
          bias: readBool(args, 'bias', layer),
          biasKv: readBool(args, 'add_bias_kv', layer),
          zeroAttn: readBool(args, 'add_zero_attn', layer),
          batchFirst: readBool(args, 'batch_first', layer),
        };
      },
    },
  ],
  ownParams: attentionParams,
  apply(a, inputs) {
    const [q, k, v] = inputsOf(inputs, 3, a.layer) as [Shape, Shape, Shape];
    lastAxis(a.layer, q, a.embed);
    lastAxis(a.layer, k, a.kdim);
    lastAxis(a.layer, v, a.vdim);
    const [qs, ks, vs] = [seqBatch(a, q), seqBatch(a, k), seqBatch(a, v)];
    if (
      q.length !== k.length ||
      q.length !== v.length ||
      ks.seq !== vs.seq ||
      qs.batch !== ks.batch ||
      qs.batch !== vs.batch
    ) {
      throw new ShapeError(
        l10n.t(
          '{0}: query {1}, key {2} and value {3} do not fit together',
          a.layer,
          formatShape(q),
          formatShape(k),
          formatShape(v),
        ),
        'shapeMismatch',
        { layer: a.layer, expected: formatShape(q), got: `${formatShape(k)}, ${formatShape(v)}` },
      );
    }
    const n = qs.batch ?? 1;
    const [l, s] = [qs.seq, ks.seq + Number(a.biasKv) + Number(a.zeroAttn)];
    const e = a.embed;
    const projections = n * (l * e * e + ks.seq * a.kdim * e + ks.seq * a.vdim * e + l * e * e);
    const weights = qs.batch === undefined ? [l, s] : [n, l, s];
    return { outputs: [q, weights], tuple: true, params: attentionParams(a), macs: projections + 2 * n * l * s * e };
  },
};

/** Keras MultiHeadAttention's attributes: per-head key and value sizes, and the output size (undefined: the query's). */
export interface KerasAttentionAttrs {
  readonly layer: string;
  readonly heads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly bias: boolean;
  readonly output: readonly number[] | undefined;
}

/**
 * layers.MultiHeadAttention(num_heads, key_dim, value_dim=None, …) called as mha(query, value[, key]): dense projections
 * of query and key to heads × key_dim, of value to heads × value_dim, back to the query's size; attention over every axis
 * between the batch and the features.
 */
export const kerasAttentionDefinition: LayerDefinition<KerasAttentionAttrs> = {
  id: 'kerasMultiHeadAttention',
  constructors: [
    {
      framework: 'keras',
      names: ['MultiHeadAttention'],
      params: [
        p('num_heads'),
        p('key_dim'),
        p('value_dim', null),
        ...irrelevant(['dropout', 0.0]),
        p('use_bias', true),
        p('output_shape', null),
        p('attention_axes', null),
        ...KERAS_WEIGHT_ARGS,
      ],
      build(args, layer) {
        if (readRaw(args, 'attention_axes') !== null)
          throw badArgument(
            layer,
            'attention_axes',
            l10n.t('{0}: ConvLens reads attention over every axis only (attention_axes=None)', layer),
          );
        const keyDim = readInt(args, 'key_dim', layer, 1);
        return {
          layer,
          heads: readInt(args, 'num_heads', layer, 1),
          keyDim,
          valueDim: readOptInt(args, 'value_dim', layer, 1) ?? keyDim,
          bias: readBool(args, 'use_bias', layer),
          output: readRaw(args, 'output_shape') === null ? undefined : readIntList(args, 'output_shape', layer, 1),
        };
      },
    },
  ],
  ownParams: () => undefined,
  apply(a, inputs) {
    if (inputs.length !== 2) inputsOf(inputs, 3, a.layer);
    const [q, v] = inputs as [Shape, Shape];
    const k = inputs[2] ?? v;
    if (q.length < 3 || v.length !== q.length || k.length !== q.length)
      throw rankError(a.layer, [q.length < 3 ? 3 : q.length], q.length < 3 ? q : v);
    const [dq, dk, dv] = [q, k, v].map((s) => s[s.length - 1]!) as [number, number, number];
    const out = a.output ?? [dq];
    const [hk, hv, o] = [a.heads * a.keyDim, a.heads * a.valueDim, prod(out)];
    const bias = (n: number): number => (a.bias ? n : 0);
    const params = dq * hk + bias(hk) + dk * hk + bias(hk) + dv * hv + bias(hv) + hv * o + bias(o);
    const [n, t, s] = [q[0]!, prod(q.slice(1, -1)), prod(v.slice(1, -1))];
    const macs = n * (t * dq * hk + s * dk * hk + s * dv * hv + a.heads * t * s * (a.keyDim + a.valueDim) + t * hv * o);
    return { outputs: [[...q.slice(0, -1), ...out]], params, macs };
  },
};
