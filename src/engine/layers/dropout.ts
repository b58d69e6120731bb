// Dropout and noise layers (shape kept, no parameters; a model is traced in eval mode): PyTorch Dropout*, F.dropout*, Keras Dropout, SpatialDropout*, noise layers.
import { irrelevant } from './args';
import { elementwiseDefinition, type ElementwiseForm } from './elementwise';
import type { ParamSpec } from './layerTypes';

const CLASS = irrelevant(['p', 0.5], ['inplace', false]);
const fn = (training: boolean): ParamSpec[] => irrelevant(['p', 0.5], ['training', training], ['inplace', false]);
const rate: ParamSpec = { name: 'rate', irrelevant: true };

const FORMS: readonly ElementwiseForm[] = [
  {
    framework: 'torch',
    names: ['Dropout', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout'],
    params: CLASS,
  },
  // Dropout1d checks its rank (2-D or 3-D); Dropout2d/3d only warn in PyTorch.
  { framework: 'torch', names: ['Dropout1d'], params: CLASS, ranks: [2, 3] },
  { framework: 'torch', names: ['dropout', 'dropout2d', 'dropout3d'], functional: true, params: fn(true) },
  { framework: 'torch', names: ['dropout1d'], functional: true, params: fn(true), ranks: [2, 3] },
  { framework: 'torch', names: ['alpha_dropout', 'feature_alpha_dropout'], functional: true, params: fn(false) },
  {
    framework: 'keras',
    names: ['Dropout', 'AlphaDropout'],
    params: [rate, ...irrelevant(['noise_shape', null], ['seed', null])],
  },
  { framework: 'keras', names: ['SpatialDropout1D'], params: [rate], ranks: [3] },
  { framework: 'keras', names: ['SpatialDropout2D'], params: [rate, ...irrelevant(['data_format', null])], ranks: [4] },
  { framework: 'keras', names: ['SpatialDropout3D'], params: [rate, ...irrelevant(['data_format', null])], ranks: [5] },
  {
    framework: 'keras',
    names: ['GaussianNoise'],
    params: [{ name: 'stddev', irrelevant: true }, ...irrelevant(['seed', null])],
  },
  { framework: 'keras', names: ['GaussianDropout'], params: [rate, ...irrelevant(['seed', null])] },
  { framework: 'keras', names: ['ActivityRegularization'], params: irrelevant(['l1', 0.0], ['l2', 0.0]) },
];

/** Every dropout and noise layer: identity at inference. */
export const dropoutDefinition = elementwiseDefinition('dropout', FORMS);
