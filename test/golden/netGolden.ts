// The golden runner's `net_forward` op: trace a model's source, build the engine's net plan, load the case's weights, run it.
import { traceGraphs } from '../../src/analysis/graphTrace';
import { netPlanOf } from '../../src/analysis/netPlan';
import { forwardNet } from '../../src/engine/net/execute';
import { initParams } from '../../src/engine/net/params';
import { formatShape, tensor, type Tensor } from '../../src/engine/tensor';

/** The fields a net_forward case carries beyond the common ones. */
export interface NetCase {
  readonly name: string;
  readonly source?: string;
  readonly attrs?: Record<string, unknown>;
  readonly weights?: Record<string, { shape: number[]; data: number[] }>;
  readonly inputs?: Record<string, { shape: number[]; data: number[] }>;
}

/** Runs the case's model on its input with its weights; every weight the plan needs must be in the case and vice versa. */
export function netForwardCase(c: NetCase): { y: Tensor } {
  const inputShape = c.attrs?.['input_shape'] as number[] | undefined;
  if (!c.source || !inputShape || !c.inputs?.['x']) throw new Error('net_forward case needs source, input_shape and x');
  const models = traceGraphs(c.source, { defaultInputShape: inputShape, inputOverride: inputShape });
  const model = models[models.length - 1];
  if (!model) throw new Error('no model traced');
  const planned = netPlanOf(model);
  if ('refusal' in planned) throw new Error(`refused: ${planned.refusal.message}`);
  const params = initParams(planned.plan);
  const given = new Map(Object.entries(c.weights ?? {}));
  for (const [name, t] of params.tensors) {
    const w = given.get(name);
    if (!w) throw new Error(`the case has no weight ${name}`);
    if (formatShape(w.shape) !== formatShape(t.shape))
      throw new Error(`weight ${name}: case ${formatShape(w.shape)}, plan ${formatShape(t.shape)}`);
    t.data.set(w.data);
    given.delete(name);
  }
  if (given.size > 0) throw new Error(`the plan has no parameter for ${[...given.keys()].join(', ')}`);
  const x = c.inputs['x'];
  return { y: forwardNet(planned.plan, params, tensor(x.shape, x.data)).output };
}
