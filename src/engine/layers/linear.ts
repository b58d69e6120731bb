// Fully connected layers on the last axis: PyTorch Linear, LazyLinear and Bilinear, Keras Dense.
import { linearParams } from '../shapes';
import { formatShape, numel, ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import { inputsOf, irrelevant, KERAS_WEIGHT_ARGS, oneInput, p, readBool, readInt } from './args';
import type { BoundArgs, Framework, LayerDefinition, Shape } from './layerTypes';
import { explainParams, rankError } from './spatial';

/** A linear map of the last axis; `inFeatures` undefined until the first input (LazyLinear, Dense). */
export interface LinearAttrs {
  readonly layer: string;
  readonly inFeatures: number | undefined;
  readonly outFeatures: number;
  readonly bias: boolean;
}

/** A 'featureMismatch' error: the last axis is not the size the layer was built for. */
export function featureMismatch(layer: string, expected: number, got: number, input: Shape): ShapeError {
  return new ShapeError(
    l10n.t('{0} expects {1} input features, gets {2} (input {3})', layer, expected, got, formatShape(input)),
    'featureMismatch',
    { layer, expected, got },
  );
}

/** The size of the last axis, checked against `expected`. */
export function lastAxis(layer: string, input: Shape, expected: number | undefined): number {
  if (input.length === 0) throw rankError(layer, [1], input);
  const got = input[input.length - 1]!;
  if (expected !== undefined && got !== expected) throw featureMismatch(layer, expected, got, input);
  return got;
}

function buildLinear(framework: Framework, lazy: boolean) {
  return (args: BoundArgs, layer: string): LinearAttrs =>
    framework === 'torch'
      ? {
          layer,
          inFeatures: lazy ? undefined : readInt(args, 'in_features', layer, 0),
          outFeatures: readInt(args, 'out_features', layer, 0),
          bias: readBool(args, 'bias', layer),
        }
      : {
          layer,
          inFeatures: undefined,
          outFeatures: readInt(args, 'units', layer, 1),
          bias: readBool(args, 'use_bias', layer),
        };
}

const DEVICE = irrelevant(['device', null], ['dtype', null]);

/** Linear, LazyLinear, Dense: out = x·Wᵀ + b on the last axis of any-rank input. */
export const linearDefinition: LayerDefinition<LinearAttrs> = {
  id: 'linear',
  constructors: [
    {
      framework: 'torch',
      names: ['Linear'],
      params: [p('in_features'), p('out_features'), p('bias', true), ...DEVICE],
      build: buildLinear('torch', false),
    },
    {
      framework: 'torch',
      names: ['LazyLinear'],
      params: [p('out_features'), p('bias', true), ...DEVICE],
      build: buildLinear('torch', true),
    },
    {
      framework: 'keras',
      names: ['Dense'],
      params: [p('units'), p('activation', null, 'irrelevant'), p('use_bias', true), ...KERAS_WEIGHT_ARGS],
      build: buildLinear('keras', false),
    },
  ],
  ownParams: (a) => (a.inFeatures === undefined ? undefined : linearParams(a.inFeatures, a.outFeatures, a.bias)),
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    const inFeatures = lastAxis(a.layer, input, a.inFeatures);
    const output = [...input.slice(0, -1), a.outFeatures];
    return {
      outputs: [output],
      params: linearParams(inFeatures, a.outFeatures, a.bias),
      macs: numel(output) * inFeatures,
    };
  },
  explain(a, input) {
    const fin = lastAxis(a.layer, input, a.inFeatures);
    return [
      a.bias
        ? explainParams(
            'in·out + out',
            `${fin}·${a.outFeatures} + ${a.outFeatures}`,
            linearParams(fin, a.outFeatures, true),
          )
        : explainParams('in·out', `${fin}·${a.outFeatures}`, linearParams(fin, a.outFeatures, false)),
    ];
  },
};

/** Bilinear's attributes: y = x₁ᵀ A x₂ + b. */
export interface BilinearAttrs {
  readonly layer: string;
  readonly in1: number;
  readonly in2: number;
  readonly outFeatures: number;
  readonly bias: boolean;
}

const bilinearParams = (a: BilinearAttrs): number => a.outFeatures * a.in1 * a.in2 + (a.bias ? a.outFeatures : 0);

/** nn.Bilinear(in1_features, in2_features, out_features): two inputs with the same leading axes. */
export const bilinearDefinition: LayerDefinition<BilinearAttrs> = {
  id: 'bilinear',
  constructors: [
    {
      framework: 'torch',
      names: ['Bilinear'],
      params: [p('in1_features'), p('in2_features'), p('out_features'), p('bias', true), ...DEVICE],
      build: (args, layer) => ({
        layer,
        in1: readInt(args, 'in1_features', layer),
        in2: readInt(args, 'in2_features', layer),
        outFeatures: readInt(args, 'out_features', layer),
        bias: readBool(args, 'bias', layer),
      }),
    },
  ],
  ownParams: bilinearParams,
  apply(a, inputs) {
    const [x1, x2] = inputsOf(inputs, 2, a.layer) as [Shape, Shape];
    lastAxis(a.layer, x1, a.in1);
    lastAxis(a.layer, x2, a.in2);
    if (formatShape(x1.slice(0, -1)) !== formatShape(x2.slice(0, -1))) {
      throw new ShapeError(
        l10n.t('{0}: the inputs {1} and {2} differ before the last axis', a.layer, formatShape(x1), formatShape(x2)),
        'shapeMismatch',
        { layer: a.layer, expected: formatShape(x1), got: formatShape(x2) },
      );
    }
    const output = [...x1.slice(0, -1), a.outFeatures];
    return { outputs: [output], params: bilinearParams(a), macs: numel(output) * a.in1 * a.in2 };
  },
};
