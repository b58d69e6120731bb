// One entry point from a scene request to the scene a panel draws.
import type { Scene, SceneRequest } from '../contract/viewModels';
import { buildConvolutionScene } from './convolutionScene';
import { buildPoolingScene } from './poolingScene';
import { buildBackwardScene } from './backwardScene';
import { buildEquivarianceScene } from './equivarianceScene';
import { buildFiltersScene } from './filtersScene';
import { buildReceptiveFieldScene } from './receptiveFieldScene';
import { buildSeparableScene } from './separableScene';
import { buildTransposedScene } from './transposedScene';

/** Runs the engine for a request; throws (ShapeError/RangeError) with a message fit for the panel. */
export function buildScene(request: SceneRequest): Scene {
  switch (request.kind) {
    case 'convolution':
      return buildConvolutionScene(request.title, request.input, request.kernel, request.settings, request.bias);
    case 'pooling':
      return buildPoolingScene(request.title, request.input, request.settings);
    case 'backward':
      return buildBackwardScene(request.title, request.input, request.kernel, request.settings);
    case 'equivariance':
      return buildEquivarianceScene(request.title, request.input, request.kernel);
    case 'transposed':
      return buildTransposedScene(request.title, request.input, request.kernel, request.settings);
    case 'separable':
      return buildSeparableScene(request.title, request.settings);
    case 'receptiveField':
      return buildReceptiveFieldScene(request.title, request.inputSize, request.stacks, request.unit);
    case 'filters':
      return buildFiltersScene(request.title, request.network, request.sample);
    default: {
      const unreachable: never = request;
      return unreachable;
    }
  }
}
