// Multi-head attention: PyTorch nn.MultiheadAttention, its parameters exactly as PyTorch registers them, outputs (attn_output, attn_weights).
import { formatShape, ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import { inputsOf, irrelevant, notDivisible, p, readBool, readInt, readOptInt } from './args';
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
  constructors: [{
    framework: 'torch', names: ['MultiheadAttention'],
    params: [p('embed_dim'), p('num_heads'), ...irrelevant(['dropout', 0.0]), p('bias', true), p('add_bias_kv', false), p('add_zero_attn', false), p('kdim', null), p('vdim', null), p('batch_first', false), ...irrelevant(['device', null], ['dtype', null])],
    build(args, layer) {
      const embed = readInt(args, 'embed_dim', layer, 1);
      const heads = readInt(args, 'num_heads', layer, 1);
      if (embed % heads !== 0) throw notDivisible(layer, 'embed_dim', embed, heads);
      return {
        layer, embed, heads, kdim: readOptInt(args, 'kdim', layer, 1) ?? embed, vdim: readOptInt(args, 'vdim', layer, 1) ?? embed,
        bias: readBool(args, 'bias', layer), biasKv: readBool(args, 'add_bias_kv', layer), zeroAttn: readBool(args, 'add_zero_attn', layer), batchFirst: readBool(args, 'batch_first', layer),
      };
    },
  }],
  ownParams: attentionParams,
  apply(a, inputs) {
    const [q, k, v] = inputsOf(inputs, 3, a.layer) as [Shape, Shape, Shape];
    lastAxis(a.layer, q, a.embed);
    lastAxis(a.layer, k, a.kdim);
    lastAxis(a.layer, v, a.vdim);
    const [qs, ks, vs] = [seqBatch(a, q), seqBatch(a, k), seqBatch(a, v)];
    if (q.length !== k.length || q.length !== v.length || ks.seq !== vs.seq || qs.batch !== ks.batch || qs.batch !== vs.batch) {
      throw new ShapeError(l10n.t('{0}: query {1}, key {2} and value {3} do not fit together', a.layer, formatShape(q), formatShape(k), formatShape(v)), 'shapeMismatch', { layer: a.layer, expected: formatShape(q), got: `${formatShape(k)}, ${formatShape(v)}` });
    }
    const n = qs.batch ?? 1;
    const [l, s] = [qs.seq, ks.seq + Number(a.biasKv) + Number(a.zeroAttn)];
    const e = a.embed;
    const projections = n * (l * e * e + ks.seq * a.kdim * e + ks.seq * a.vdim * e + l * e * e);
    const weights = qs.batch === undefined ? [l, s] : [n, l, s];
    return { outputs: [q, weights], tuple: true, params: attentionParams(a), macs: projections + 2 * n * l * s * e };
  },
};
