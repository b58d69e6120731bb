// Keras preprocessing layers a model may start with: Rescaling, Normalization, Resizing, CenterCrop and the Random* augmentations (identity at inference).
import { irrelevant, normalizeDim, oneInput, p, prod, readInt, readIntList, readRaw } from './args';
import { elementwiseDefinition } from './elementwise';
import type { LayerConstructor, LayerDefinition, ParamSpec } from './layerTypes';
import { layoutOf, readFeatureMap, writeFeatureMap, type Layout } from './spatial';

const SEED = irrelevant(['seed', null]);
const FILL: ParamSpec[] = irrelevant(
  ['fill_mode', 'reflect'],
  ['interpolation', 'bilinear'],
  ['seed', null],
  ['fill_value', 0.0],
);

/** Rescaling and the random augmentations: the shape is kept (augmentations do nothing at inference). */
export const kerasAugmentDefinition = elementwiseDefinition('kerasAugment', [
  {
    framework: 'keras',
    names: ['Rescaling'],
    params: [{ name: 'scale', irrelevant: true }, ...irrelevant(['offset', 0.0])],
  },
  { framework: 'keras', names: ['RandomFlip'], params: [...irrelevant(['mode', 'horizontal_and_vertical']), ...SEED] },
  { framework: 'keras', names: ['RandomRotation'], params: [{ name: 'factor', irrelevant: true }, ...FILL] },
  {
    framework: 'keras',
    names: ['RandomZoom'],
    params: [{ name: 'height_factor', irrelevant: true }, ...irrelevant(['width_factor', null]), ...FILL],
  },
  {
    framework: 'keras',
    names: ['RandomTranslation'],
    params: [{ name: 'height_factor', irrelevant: true }, { name: 'width_factor', irrelevant: true }, ...FILL],
  },
  { framework: 'keras', names: ['RandomContrast'], params: [{ name: 'factor', irrelevant: true }, ...SEED] },
  {
    framework: 'keras',
    names: ['RandomBrightness'],
    params: [{ name: 'factor', irrelevant: true }, ...irrelevant(['value_range', [0, 255]]), ...SEED],
  },
]);

/** Resizing, CenterCrop, RandomCrop: every image to height × width. */
export interface ImageSizeAttrs {
  readonly layer: string;
  readonly height: number;
  readonly width: number;
  readonly layout: Layout;
}

const sized = (names: string[], tail: ParamSpec[]): LayerConstructor<ImageSizeAttrs> => ({
  framework: 'keras',
  names,
  params: [p('height'), p('width'), ...tail],
  build: (args, layer) => ({
    layer,
    height: readInt(args, 'height', layer, 1),
    width: readInt(args, 'width', layer, 1),
    layout: layoutOf('keras', args),
  }),
});

/** (N, H, W, C) or (H, W, C) → height × width. */
export const imageSizeDefinition: LayerDefinition<ImageSizeAttrs> = {
  id: 'imageSize',
  constructors: [
    sized(['Resizing'], irrelevant(['interpolation', 'bilinear'], ['crop_to_aspect_ratio', false])),
    sized(['CenterCrop'], []),
    sized(['RandomCrop'], SEED),
  ],
  ownParams: () => 0,
  apply(a, inputs) {
    const fm = readFeatureMap(oneInput(inputs, a.layer), 2, a.layout, a.layer, true);
    return { outputs: [writeFeatureMap(fm, fm.channels, [a.height, a.width])], params: 0, macs: 0 };
  },
};

/** Keras Normalization: mean and variance per feature along `axes`, and a sample count, all non-trainable (none when given). */
export interface KerasNormalizationAttrs {
  readonly layer: string;
  readonly axes: readonly number[];
  readonly given: boolean;
}

/** layers.Normalization(axis=-1, mean=None, variance=None): 2·C + 1 non-trainable weights once adapted. */
export const kerasNormalizationDefinition: LayerDefinition<KerasNormalizationAttrs> = {
  id: 'kerasNormalization',
  constructors: [
    {
      framework: 'keras',
      names: ['Normalization'],
      params: [p('axis', -1), p('mean', null), p('variance', null), ...irrelevant(['invert', false])],
      build: (args, layer) => ({
        layer,
        axes: readRaw(args, 'axis') === null ? [] : readIntList(args, 'axis', layer),
        given: readRaw(args, 'mean') !== null,
      }),
    },
  ],
  ownParams: () => undefined,
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    const features = prod(a.axes.map((ax) => input[normalizeDim(ax, input.length, a.layer)]!));
    const params = a.given ? 0 : 2 * features + 1;
    return { outputs: [input], params, nonTrainableParams: params, macs: 0 };
  },
};
