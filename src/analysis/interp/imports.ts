// Import statements and library namespaces: torch, torch.nn, F, torchvision helpers, Keras, functools, collections, math, argparse.
import * as l10n from '../../l10n';
import { findLayerConstructor } from '../../engine/layers/registry';
import type { PyAst, Span } from '../python/ast';
import { parsePython, shiftSpans } from '../python/parse';
import type { Interpreter } from './interpreter';
import { kerasAttr, isKerasPath } from './keras';
import { applyFunctional } from './layerCalls';
import { layerClass, NATIVE } from './nativeClasses';
import { PRELUDE_BASE, PRELUDE_NAMES, PRELUDE_SOURCE } from './prelude';
import { Scope } from './scope';
import { intOf, torchFunction } from './tensors';
import { libraryHelper } from './libraries';
import { NONE, unknown, type Value } from './values';

/** The parsed prelude, with every position moved past PRELUDE_BASE. */
let preludeAst: PyAst | undefined;

const preludes = new WeakMap<Interpreter, Scope>();

/** The prelude's names, interpreted once per interpreter (lazily: most files never import a torchvision helper). */
function preludeScope(interp: Interpreter): Scope {
  const cached = preludes.get(interp);
  if (cached) return cached;
  preludeAst ??= { text: PRELUDE_SOURCE, body: shiftSpans(parsePython(PRELUDE_SOURCE).body, PRELUDE_BASE) };
  const scope = new Scope(interp.builtins, 'module');
  preludes.set(interp, scope);
  for (const s of preludeAst.body) interp.exec(s, scope);
  return scope;
}

function external(name: string, from: string, span: Span): Value {
  return unknown(
    l10n.t('`{0}` imported from {1} (ConvLens reads one file at a time)', name, from || l10n.t('another module')),
    span,
    'external',
  );
}

/** `import a.b.c as x` / `import a`: the namespace value bound. */
export function importModule(_interp: Interpreter, path: string, _span: Span): Value {
  return { k: 'ns', path };
}

/** `from module import name` (also attribute access on a namespace: nn.Conv2d, F.relu, torch.cat). */
export function importFrom(interp: Interpreter, module: string, level: number, name: string, span: Span): Value {
  // Library attributes (nn.Conv2d, F.relu) are looked up in every block of a model: resolved once per interpreter.
  const key = level === 0 ? module : `${level}:${module}`;
  let names = interp.libraryNames.get(key);
  if (!names) {
    names = new Map<string, Value>();
    interp.libraryNames.set(key, names);
  }
  const hit = names.get(name);
  if (hit) return hit;
  const v = importFromUncached(interp, module, level, name, span);
  if (v.k !== 'unknown') names.set(name, v);
  return v;
}

function importFromUncached(interp: Interpreter, module: string, level: number, name: string, span: Span): Value {
  if (level > 0 || module.startsWith('torchvision')) {
    if (PRELUDE_NAMES.has(name)) return preludeScope(interp).lookup(name)!;
    if (level > 0) return external(name, `${'.'.repeat(level)}${module}`, span);
  }
  const found = resolve(interp, module, name, span);
  return found ?? external(name, module, span);
}

const kwNone: Value = NONE;

const TORCH_NN = /^torch\.nn(\.modules(\.\w+)?)?$/;

/** An attribute of a library namespace, or undefined for one ConvLens does not model. */
function resolve(interp: Interpreter, path: string, name: string, span: Span): Value | undefined {
  if (path === 'torch') {
    if (
      [
        'nn',
        'jit',
        'utils',
        'cuda',
        'optim',
        'backends',
        'distributions',
        'fx',
        'autograd',
        'linalg',
        'fft',
        'hub',
        'onnx',
      ].includes(name)
    )
      return { k: 'ns', path: `torch.${name}` };
    if (name === 'Tensor') return { k: 'class', cls: NATIVE.tensorClass };
    if (name === 'no_grad' || name === 'inference_mode' || name === 'enable_grad')
      return { k: 'builtin', name, call: () => NONE };
    if (name === 'manual_seed' || name === 'set_grad_enabled' || name === 'set_default_dtype' || name === 'save')
      return { k: 'builtin', name, call: () => NONE };
    if (name === 'Size') return { k: 'builtin', name, call: (a) => a[0] ?? NONE };
    const fn = torchFunction(interp, name);
    if (fn) return fn;
    const functional = findLayerConstructor('torch', name, true);
    if (functional)
      return { k: 'builtin', name, call: (a, k, s) => applyFunctional(interp, functional, name, a, k, s) };
    return unknown(`torch.${name}`, span, 'unsupported');
  }
  if (TORCH_NN.test(path)) {
    switch (name) {
      case 'Module':
        return { k: 'class', cls: NATIVE.moduleClass };
      case 'Sequential':
        return { k: 'class', cls: NATIVE.sequentialClass };
      case 'ModuleList':
        return { k: 'class', cls: NATIVE.moduleListClass };
      case 'ModuleDict':
        return { k: 'class', cls: NATIVE.moduleDictClass };
      case 'ParameterList':
        return { k: 'class', cls: NATIVE.parameterListClass };
      case 'Parameter':
        // A parameter whose size cannot be known poisons the count (code 'unknownLayer'), rather than being left out.
        return {
          k: 'builtin',
          name,
          call: (a, _k, s) => {
            const t = a[0] ?? kwNone;
            if (t.k === 'tensor') return { k: 'param', shape: t.t.shape };
            return unknown(
              l10n.t('nn.Parameter of {0}, whose size ConvLens cannot know', t.k === 'unknown' ? t.why.message : t.k),
              s,
              'unknownLayer',
            );
          },
        };
      case 'functional':
      case 'init':
      case 'utils':
      case 'modules':
      case 'parameter':
        return { k: 'ns', path: `torch.nn.${name}` };
      default: {
        const cls = layerClass('torch', name);
        return cls
          ? { k: 'class', cls }
          : unknown(l10n.t('nn.{0}, a layer ConvLens does not know yet', name), span, 'unknownLayer');
      }
    }
  }
  if (path === 'torch.nn.functional') {
    const functional = findLayerConstructor('torch', name, true);
    if (functional)
      return { k: 'builtin', name: `F.${name}`, call: (a, k, s) => applyFunctional(interp, functional, name, a, k, s) };
    return (
      torchFunction(interp, name) ??
      unknown(l10n.t('F.{0}, a function ConvLens does not model', name), span, 'unsupported')
    );
  }
  if (path === 'torch.nn.init') return { k: 'builtin', name, call: (a) => a[0] ?? NONE };
  if (path === 'torch.nn.parameter' && name === 'Parameter') return resolve(interp, 'torch.nn', name, span);
  if (path === 'torch.jit' && name === 'ScriptModule') return { k: 'class', cls: NATIVE.moduleClass };
  if (path === 'torch.jit') {
    if (name === 'is_scripting' || name === 'is_tracing') return { k: 'builtin', name, call: () => interp.falseValue };
    if (name === 'annotate') return { k: 'builtin', name, call: (a) => a[1] ?? NONE };
    return { k: 'builtin', name, call: (a) => a[0] ?? NONE }; // unused, ignore, export, script, _overload_method: identity
  }
  if (path === 'torch.utils.checkpoint' && name === 'checkpoint')
    return { k: 'builtin', name, call: (a, k, s) => (a[0] ? interp.call(a[0], a.slice(1), k, s) : NONE) };
  if (path === 'torch.utils' && name === 'checkpoint') return { k: 'ns', path: 'torch.utils.checkpoint' };
  if (path === 'torch.cuda' && name === 'is_available')
    return { k: 'builtin', name, call: (_a, _k, s) => unknown(l10n.t('whether a GPU is available'), s, 'runtime') };
  if (isKerasPath(path) || (path === 'tensorflow' && name === 'keras') || path === 'keras')
    return kerasAttr(interp, path, name, span);
  if (path === 'torchvision' && ['ops', 'models', 'transforms', 'datasets', 'utils'].includes(name))
    return { k: 'ns', path: `torchvision.${name}` };
  return libraryHelper(interp, path, name, intOf);
}
