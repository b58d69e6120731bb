// Activations: every torch.nn activation class and its torch.nn.functional form, Keras's activation layers; PReLU and GLU have their own rules.
import { formatShape } from '../tensor';
import { irrelevant, notDivisible, normalizeDim, oneInput, p, prod, readInt, readIntList, readRaw } from './args';
import { elementwiseDefinition, type ElementwiseForm } from './elementwise';
import type { ArgValue, LayerDefinition, ParamSpec } from './layerTypes';
import { channelMismatch } from './spatial';

const INPLACE = irrelevant(['inplace', false]);
const SOFTMAX_F = [p('dim', null), ...irrelevant(['_stacklevel', 3], ['dtype', null])];

/** Shape-keeping activations: [class names, functional names, signature after the tensor, axis argument]. */
const TORCH: readonly (readonly [readonly string[], readonly string[], readonly ParamSpec[], string?])[] = [
  [['ReLU'], ['relu'], INPLACE],
  [['ReLU6'], ['relu6'], INPLACE],
  [['LeakyReLU'], ['leaky_relu'], irrelevant(['negative_slope', 0.01], ['inplace', false])],
  [['ELU'], ['elu'], irrelevant(['alpha', 1.0], ['inplace', false])],
  [['SELU'], ['selu'], INPLACE],
  [['CELU'], ['celu'], irrelevant(['alpha', 1.0], ['inplace', false])],
  [['GELU'], ['gelu'], irrelevant(['approximate', 'none'])],
  [['SiLU'], ['silu'], INPLACE],
  [['Mish'], ['mish'], INPLACE],
  [['Sigmoid'], ['sigmoid'], []],
  [['Tanh'], ['tanh'], []],
  [['Hardswish'], ['hardswish'], INPLACE],
  [['Hardsigmoid'], ['hardsigmoid'], INPLACE],
  [['Softplus'], ['softplus'], irrelevant(['beta', 1], ['threshold', 20])],
  [['Softsign'], ['softsign'], []],
  [['Tanhshrink'], ['tanhshrink'], []],
  [['Softshrink'], ['softshrink'], irrelevant(['lambd', 0.5])],
  [['Hardshrink'], ['hardshrink'], irrelevant(['lambd', 0.5])],
  [['LogSigmoid'], ['logsigmoid'], []],
];

/** Class and functional signatures that differ. */
const TORCH_SPLIT: readonly ElementwiseForm[] = [
  {
    framework: 'torch',
    names: ['Hardtanh'],
    params: irrelevant(
      ['min_val', -1.0],
      ['max_val', 1.0],
      ['inplace', false],
      ['min_value', null],
      ['max_value', null],
    ),
  },
  {
    framework: 'torch',
    names: ['hardtanh'],
    functional: true,
    params: irrelevant(['min_val', -1.0], ['max_val', 1.0], ['inplace', false]),
  },
  { framework: 'torch', names: ['RReLU'], params: irrelevant(['lower', 0.125], ['upper', 1 / 3], ['inplace', false]) },
  {
    framework: 'torch',
    names: ['rrelu'],
    functional: true,
    params: irrelevant(['lower', 0.125], ['upper', 1 / 3], ['training', false], ['inplace', false]),
  },
  {
    framework: 'torch',
    names: ['Threshold'],
    params: [{ name: 'threshold', irrelevant: true }, { name: 'value', irrelevant: true }, ...INPLACE],
  },
  {
    framework: 'torch',
    names: ['threshold'],
    functional: true,
    params: [{ name: 'threshold', irrelevant: true }, { name: 'value', irrelevant: true }, ...INPLACE],
  },
  // In-place functional forms have their own (shorter) signatures.
  { framework: 'torch', names: ['relu_', 'selu_'], functional: true, params: [] },
  { framework: 'torch', names: ['leaky_relu_'], functional: true, params: irrelevant(['negative_slope', 0.01]) },
  { framework: 'torch', names: ['Softmax', 'LogSoftmax', 'Softmin'], params: [p('dim', null)], dimArg: 'dim' },
  {
    framework: 'torch',
    names: ['softmax', 'log_softmax', 'softmin'],
    functional: true,
    params: SOFTMAX_F,
    dimArg: 'dim',
  },
  { framework: 'torch', names: ['Softmax2d'], params: [], ranks: [3, 4] },
  {
    framework: 'torch',
    names: ['normalize'],
    functional: true,
    params: [...irrelevant(['p', 2.0]), p('dim', 1), ...irrelevant(['eps', 1e-12], ['out', null])],
    dimArg: 'dim',
  },
];

const KERAS: readonly ElementwiseForm[] = [
  { framework: 'keras', names: ['Activation'], params: [{ name: 'activation', irrelevant: true }] },
  {
    framework: 'keras',
    names: ['ReLU'],
    params: irrelevant(['max_value', null], ['negative_slope', 0.0], ['threshold', 0.0]),
  },
  { framework: 'keras', names: ['LeakyReLU'], params: irrelevant(['negative_slope', 0.3]) },
  { framework: 'keras', names: ['ELU'], params: irrelevant(['alpha', 1.0]) },
  { framework: 'keras', names: ['ThresholdedReLU'], params: irrelevant(['theta', 1.0]) },
  { framework: 'keras', names: ['Softmax'], params: [p('axis', -1)], dimArg: 'axis' },
];

/** Every activation that keeps the shape and has no parameters. */
export const activationDefinition = elementwiseDefinition('activation', [
  ...TORCH.flatMap(([classes, functions, params]): ElementwiseForm[] => [
    { framework: 'torch', names: classes, params },
    { framework: 'torch', names: functions, params, functional: true },
  ]),
  ...TORCH_SPLIT,
  ...KERAS,
]);

/** PReLU: one learned slope per channel (torch num_parameters) or per input unit (Keras, except along shared_axes). */
export interface PreluAttrs {
  readonly layer: string;
  /** torch: num_parameters; undefined for Keras (from the input). */
  readonly count: number | undefined;
  /** Keras shared_axes (1-based, batch = 0). */
  readonly sharedAxes: readonly number[];
}

function kerasPreluParams(a: PreluAttrs, input: readonly number[]): number {
  const shared = a.sharedAxes.map((ax) => normalizeDim(ax, input.length, a.layer));
  return prod(input.slice(1).map((d, i) => (shared.includes(i + 1) ? 1 : d)));
}

/** nn.PReLU(num_parameters=1) and layers.PReLU(shared_axes=None). */
export const preluDefinition: LayerDefinition<PreluAttrs> = {
  id: 'prelu',
  constructors: [
    {
      framework: 'torch',
      names: ['PReLU'],
      params: [p('num_parameters', 1), ...irrelevant(['init', 0.25], ['device', null], ['dtype', null])],
      build: (args, layer) => ({ layer, count: readInt(args, 'num_parameters', layer, 1), sharedAxes: [] }),
    },
    {
      framework: 'keras',
      names: ['PReLU'],
      params: [
        ...irrelevant(['alpha_initializer', 'zeros'], ['alpha_regularizer', null], ['alpha_constraint', null]),
        p('shared_axes', null),
      ],
      build: (args, layer) => ({
        layer,
        count: undefined,
        sharedAxes: readRaw(args, 'shared_axes') === null ? [] : readIntList(args, 'shared_axes', layer, 1),
      }),
    },
  ],
  ownParams: (a) => a.count,
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    if (a.count === undefined) return { outputs: [input], params: kerasPreluParams(a, input), macs: 0 };
    const channels = input.length >= 2 ? input[1]! : (input[0] ?? 1);
    if (a.count > 1 && channels !== a.count) throw channelMismatch(a.layer, a.count, channels, input);
    return { outputs: [input], params: a.count, macs: 0 };
  },
};

/** GLU: splits `dim` in halves a, b and returns a ⊗ σ(b). */
export interface GluAttrs {
  readonly layer: string;
  readonly dim: number;
}

const gluParams: ParamSpec[] = [p('dim', -1)];
const buildGlu = (args: Readonly<Record<string, ArgValue>>, layer: string): GluAttrs => ({
  layer,
  dim: readInt(args, 'dim', layer, Number.MIN_SAFE_INTEGER),
});

/** nn.GLU(dim=-1) and F.glu(x, dim=-1). */
export const gluDefinition: LayerDefinition<GluAttrs> = {
  id: 'glu',
  constructors: [
    { framework: 'torch', names: ['GLU'], params: gluParams, build: buildGlu },
    { framework: 'torch', names: ['glu'], functional: true, params: gluParams, build: buildGlu },
  ],
  ownParams: () => 0,
  apply(a, inputs) {
    const input = oneInput(inputs, a.layer);
    const d = normalizeDim(a.dim, input.length, a.layer);
    if (input[d]! % 2 !== 0) throw notDivisible(a.layer, `${formatShape(input)}[${a.dim}]`, input[d]!, 2);
    return { outputs: [input.map((s, i) => (i === d ? s / 2 : s))], params: 0, macs: 0 };
  },
};
