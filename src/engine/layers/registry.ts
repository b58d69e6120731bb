// The layer registry: every layer definition, looked up by framework and class or function name, and call arguments bound to its signature.
//
// Conventions every definition follows (README material):
// - MACs (multiply-accumulates) of one call, for the whole batch:
//     conv             = output elements × (C_in / groups) × prod(kernel)            (bias adds excluded)
//     transposed conv  = input elements × (C_out / groups) × prod(kernel)
//     linear / Dense   = output elements × in_features
//     bilinear         = output elements × in1_features × in2_features
//     depthwise, separable = each stage counted as the conv it is (depthwise: groups = C_in; pointwise: 1×1)
//     attention        = q, k, v and output projections (as linear) + QKᵀ + AV
//     everything else  = 0 (activations, norms, pools, resizes, padding, reshapes)
// - Receptive field: rows and cols are the last two spatial axes (a 1-D layer moves cols only).
//     conv, pool       = grown by kernel, stride, dilation and the padding actually applied ('same' included)
//     transposed conv  = conservative: each output sees ⌈d(K − 1) + 1)/S⌉ input units; jump divided by S
//     adaptive pool    = exact when the output size divides the input (out = 1: the whole map), else the widest window
//     global pool      = the whole map (kernel = stride = the map size)
//     upsample, pixel shuffle = jump divided by the scale (size unchanged: each output copies one input unit)
//     pixel unshuffle  = a window of the factor with that stride
//     everything else  = unchanged
// - Errors are ShapeErrors with a stable `code` and numeric `fields` quick fixes read:
//     badArguments {layer, argument}, channelMismatch {layer, expected, got}, featureMismatch {layer, expected, got},
//     mapTooSmall {layer, kernel, input}, rankMismatch {layer, expected, got}, notDivisible {layer, argument, value, divisor},
//     dimOutOfRange {layer, dim, rank}, inputCount {layer, expected, got}, sizeMismatch {layer, expected, got},
//     shapeMismatch / normalizedShapeMismatch {layer, expected, got} (shapes as text), unknownLayer {layer}.
import { ShapeError } from '../tensor';
import * as l10n from '../../l10n';
import { activationDefinition, gluDefinition, preluDefinition } from './activation';
import { badArgument } from './args';
import { attentionDefinition, kerasAttentionDefinition } from './attention';
import { convDefinition } from './conv';
import { convTransposeDefinition } from './convTranspose';
import { depthwiseDefinition } from './depthwise';
import { dropoutDefinition } from './dropout';
import { embeddingDefinition } from './embedding';
import type { ArgValue, BoundArgs, Framework, LayerConstructor, LayerDefinition, LayerInstance } from './layerTypes';
import { bilinearDefinition, linearDefinition } from './linear';
import {
  channelNormDefinition,
  functionalNormDefinition,
  groupNormDefinition,
  kerasBatchNormDefinition,
  layerNormDefinition,
  lrnDefinition,
} from './norm';
import { paddingDefinition } from './padding';
import { adaptivePoolDefinition, globalPoolDefinition, poolDefinition } from './pool';
import { imageSizeDefinition, kerasAugmentDefinition, kerasNormalizationDefinition } from './preprocessing';
import { shuffleDefinition, upsampleDefinition } from './resize';
import {
  flattenDefinition,
  identityDefinition,
  permuteDefinition,
  reshapeDefinition,
  unflattenDefinition,
} from './shape';

/** Every layer definition ConvLens knows, one per layer type. */
export const layerRegistry: readonly LayerDefinition[] = [
  convDefinition,
  convTransposeDefinition,
  depthwiseDefinition,
  linearDefinition,
  bilinearDefinition,
  activationDefinition,
  preluDefinition,
  gluDefinition,
  dropoutDefinition,
  poolDefinition,
  adaptivePoolDefinition,
  globalPoolDefinition,
  channelNormDefinition,
  kerasBatchNormDefinition,
  groupNormDefinition,
  layerNormDefinition,
  lrnDefinition,
  functionalNormDefinition,
  upsampleDefinition,
  shuffleDefinition,
  paddingDefinition,
  flattenDefinition,
  unflattenDefinition,
  reshapeDefinition,
  permuteDefinition,
  identityDefinition,
  embeddingDefinition,
  attentionDefinition,
  kerasAttentionDefinition,
  kerasAugmentDefinition,
  imageSizeDefinition,
  kerasNormalizationDefinition,
];

/** A definition and the one of its constructors a name picked. */
export interface FoundConstructor {
  readonly definition: LayerDefinition;
  readonly constructor: LayerConstructor<unknown>;
}

/** One name table per framework and form (class or function), so a lookup builds no key string. */
const indexKey = (framework: Framework, functional: boolean): number =>
  (framework === 'torch' ? 0 : 2) + (functional ? 1 : 0);

/** Names → constructors, built once; a duplicate name is a programming error caught by the unit test. */
const index: readonly ReadonlyMap<string, FoundConstructor>[] = (() => {
  const tables = [0, 1, 2, 3].map(() => new Map<string, FoundConstructor>());
  for (const definition of layerRegistry) {
    for (const constructor of definition.constructors) {
      const functional = constructor.functional === true;
      const table = tables[indexKey(constructor.framework, functional)]!;
      for (const name of constructor.names) {
        if (table.has(name))
          throw new Error(
            `layer registry: ${constructor.framework}:${functional ? 'fn' : 'class'}:${name} is defined twice`,
          );
        table.set(name, { definition, constructor });
      }
    }
  }
  return tables;
})();

/** The constructor a class name (torch 'Conv2d', keras 'Conv2D') or functional name (torch 'max_pool2d') answers to. */
export function findLayerConstructor(
  framework: Framework,
  name: string,
  functional: boolean,
): FoundConstructor | undefined {
  return index[indexKey(framework, functional)]!.get(name);
}

/** Every (framework, name, functional) the registry answers to, for tests and documentation. */
export function registeredNames(): { framework: Framework; name: string; functional: boolean; id: string }[] {
  return layerRegistry.flatMap((definition) =>
    definition.constructors.flatMap((c) =>
      c.names.map((name) => ({ framework: c.framework, name, functional: c.functional === true, id: definition.id })),
    ),
  );
}

/**
 * Binds a call's arguments to the constructor's signature, filling defaults. Too many positionals, a keyword given twice,
 * or a missing required argument is 'badArguments'; so is an unknown keyword for PyTorch, while Keras's common keywords
 * (name=, kernel_initializer=, input_shape=…) are ignored. A missing required argument marked irrelevant stays absent.
 */
export function bindArgs(
  ctor: LayerConstructor<unknown>,
  positional: readonly ArgValue[],
  keywords: ReadonlyMap<string, ArgValue> | Readonly<Record<string, ArgValue>>,
  layer = ctor.names[0] ?? '?',
): BoundArgs {
  // (instanceof Map would widen the entries to any.)
  const entries: Iterable<readonly [string, ArgValue]> =
    keywords instanceof Map
      ? (keywords as ReadonlyMap<string, ArgValue>).entries()
      : Object.entries(keywords as Readonly<Record<string, ArgValue>>);
  const bound: Record<string, ArgValue> = {};
  const params = ctor.params;
  // The argument field of too many positionals is the index of the first extra one.
  if (positional.length > params.length && !ctor.variadic) {
    throw badArgument(
      layer,
      String(params.length),
      l10n.t('{0} takes at most {1} positional argument(s), got {2}', layer, params.length, positional.length),
    );
  }
  const count = Math.min(positional.length, params.length);
  for (let i = 0; i < count; i++) bound[params[i]!.name] = positional[i]!;
  for (const [name, v] of entries) {
    const known = params.some((s) => s.name === name);
    if (!known) {
      if (ctor.framework === 'torch' && !ctor.variadic)
        throw badArgument(layer, name, l10n.t("{0} got an unexpected keyword argument '{1}'", layer, name));
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(bound, name))
      throw badArgument(layer, name, l10n.t("{0} got multiple values for argument '{1}'", layer, name));
    bound[name] = v;
  }
  for (const s of ctor.params) {
    if (Object.prototype.hasOwnProperty.call(bound, s.name)) continue;
    if (s.default !== undefined) bound[s.name] = s.default;
    else if (!s.irrelevant)
      throw badArgument(layer, s.name, l10n.t("{0} is missing the required argument '{1}'", layer, s.name));
  }
  return bound;
}

/** Looks the layer up, binds the arguments and builds it; 'unknownLayer' when no definition answers to the name. */
export function instantiate(
  framework: Framework,
  name: string,
  positional: readonly ArgValue[],
  keywords: ReadonlyMap<string, ArgValue> | Readonly<Record<string, ArgValue>>,
  functional = false,
): LayerInstance {
  const found = findLayerConstructor(framework, name, functional);
  if (!found)
    throw new ShapeError(l10n.t('ConvLens does not know the layer {0}', name), 'unknownLayer', { layer: name });
  const args = bindArgs(found.constructor, positional, keywords, name);
  const attrs = found.constructor.build(args, name);
  return { definition: found.definition, attrs, typeName: name, framework, args };
}
