// Layers that keep their input's shape (activations, dropouts, noise): one generic definition built from a table of signatures.
import { normalizeDim, oneInput, readRaw } from './args';
import type { LayerConstructor, LayerDefinition, ParamSpec, Framework } from './layerTypes';
import { rankError } from './spatial';

/** An elementwise layer: its name, the axis it works along (softmax), and the ranks it accepts. */
export interface ElementwiseAttrs {
  readonly layer: string;
  readonly dim?: number;
  readonly ranks?: readonly number[];
}

/** One row of the table: names of one framework, their signature, and which argument is an axis. */
export interface ElementwiseForm {
  readonly framework: Framework;
  readonly names: readonly string[];
  readonly params: readonly ParamSpec[];
  readonly functional?: boolean;
  /** The argument naming the axis it works along (dim, axis); checked against the input's rank. */
  readonly dimArg?: string;
  /** Input ranks it accepts (Softmax2d: 3 or 4); any when absent. */
  readonly ranks?: readonly number[];
}

function constructorOf(form: ElementwiseForm): LayerConstructor<ElementwiseAttrs> {
  return {
    framework: form.framework,
    names: form.names,
    params: form.params,
    ...(form.functional !== undefined ? { functional: form.functional } : {}),
    build(args, layer) {
      const dim = form.dimArg === undefined ? undefined : readRaw(args, form.dimArg);
      return { layer, ...(typeof dim === 'number' ? { dim } : {}), ...(form.ranks ? { ranks: form.ranks } : {}) };
    },
  };
}

/** A definition whose every constructor keeps the shape: no parameters, no MACs, the receptive field unchanged. */
export function elementwiseDefinition(
  id: string,
  forms: readonly ElementwiseForm[],
): LayerDefinition<ElementwiseAttrs> {
  return {
    id,
    constructors: forms.map(constructorOf),
    ownParams: () => 0,
    apply(a, inputs) {
      const input = oneInput(inputs, a.layer);
      if (a.ranks && !a.ranks.includes(input.length)) throw rankError(a.layer, a.ranks, input);
      if (a.dim !== undefined) normalizeDim(a.dim, input.length, a.layer);
      return { outputs: [input], params: 0, macs: 0 };
    },
  };
}
