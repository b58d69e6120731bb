// Analysis meets engine: every model in a Python source, traced layer by layer from its input shape.
import { traceStack, type StackTrace } from '../engine/trace';
import { resolveInputShape, type InputShape } from './inputShape';
import { ModelReader, type ModelDefinition } from './models';
import { PyModule } from './pySource';

/** A model with the input it was traced from and the per-layer trace. */
export interface TracedModel {
  readonly model: ModelDefinition;
  readonly input: InputShape;
  readonly trace: StackTrace;
}

/** Options for tracing models in a file. */
export interface TraceOptions {
  /** Used when the file states no input shape (the `convlens.defaultInputShape` setting). */
  readonly defaultInputShape: readonly number[];
  /** Forces this input for every model (the CLI's --input). */
  readonly inputOverride?: readonly number[];
}

/** Reads every model in Python source and traces it. Static only: nothing is executed. */
export function traceModels(text: string | PyModule, options: TraceOptions): TracedModel[] {
  const mod = typeof text === 'string' ? new PyModule(text) : text;
  return new ModelReader(mod).models().map((model) => {
    const input: InputShape = options.inputOverride
      ? { shape: options.inputOverride, source: 'setting' }
      : resolveInputShape(mod, model.range.start.line, model.declaredInput, model.framework === 'keras' ? kerasDefault(options.defaultInputShape) : options.defaultInputShape);
    return { model, input, trace: traceStack(model.layers.map((l) => l.spec), input.shape, model.framework) };
  });
}

/** The default NCHW shape as Keras's NHWC. */
function kerasDefault(nchw: readonly number[]): readonly number[] {
  return nchw.length === 4 ? [nchw[0]!, nchw[2]!, nchw[3]!, nchw[1]!] : nchw;
}
