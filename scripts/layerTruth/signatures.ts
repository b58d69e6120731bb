// Prints the registry's PyTorch signatures as JSON, for layerTruth.py to compare with inspect.signature.
import { layerRegistry } from '../../src/engine/layers/registry';

const out = layerRegistry.flatMap((d) =>
  d.constructors
    .filter((c) => c.framework === 'torch')
    .flatMap((c) =>
      c.names.map((name) => ({
        name,
        functional: c.functional === true,
        variadic: c.variadic === true,
        params: c.params.map((p) => ({ name: p.name, required: p.default === undefined, default: p.default ?? null })),
      })),
    ),
);
process.stdout.write(JSON.stringify(out));
