// Standard-library helpers model code leans on: functools.partial, collections.namedtuple/OrderedDict, math, dataclasses, argparse.
import * as l10n from '../../l10n';
import type { Span } from '../python/ast';
import { TraceStop } from './graph';
import type { Interpreter } from './interpreter';
import { NATIVE } from './nativeClasses';
import { copyValue } from './modules';
import { itemsOf, list, NONE, num, THIS_MODULE, tuple, unknown, type ClassValue, type Value } from './values';

type IntOf = (v: Value | undefined) => number | undefined;

function fn(
  name: string,
  call: (args: readonly Value[], kwargs: ReadonlyMap<string, Value>, span: Span) => Value,
): Value {
  return { k: 'builtin', name, call };
}

function numberOf(v: Value | undefined): number | undefined {
  return v?.k === 'num' ? v.v : v?.k === 'bool' ? (v.v ? 1 : 0) : undefined;
}

/** collections.namedtuple('Name', ['a', 'b']) or ('Name', 'a b'): a callable that builds tuples with named fields. */
function namedtuple(args: readonly Value[], span: Span): Value {
  const spec = args[1];
  const fields =
    spec?.k === 'str'
      ? spec.v.replace(/,/g, ' ').split(/\s+/).filter(Boolean)
      : (itemsOf(spec ?? NONE) ?? []).flatMap((f) => (f.k === 'str' ? [f.v] : []));
  const name = args[0]?.k === 'str' ? args[0].v : 'namedtuple';
  return fn(name, (a, kw) => {
    const items = fields.map((f, k) => a[k] ?? kw.get(f) ?? NONE);
    return { k: 'tuple', items, fields };
  });
  void span;
}

/** @dataclass: an __init__ that takes the annotated fields in order, with their class-level defaults. */
function dataclass(interp: Interpreter, target: Value): Value {
  if (target.k !== 'class') return fn('dataclass', (a) => (a[0] ? dataclass(interp, a[0]) : NONE)); // @dataclass(frozen=True)
  const cls: ClassValue = target.cls;
  const fieldsValue = cls.attrs.get('__fields__');
  const fields = (itemsOf(fieldsValue ?? NONE) ?? []).flatMap((f) => (f.k === 'str' ? [f.v] : []));
  const defaults = new Map(fields.filter((f) => cls.attrs.has(f)).map((f) => [f, cls.attrs.get(f)!]));
  cls.attrs.set(
    '__init__',
    fn('__init__', (a, kw, span) => {
      const self = a[0];
      if (self?.k !== 'object') return NONE;
      fields.forEach((f, k) => {
        const v = a[k + 1] ?? kw.get(f) ?? defaults.get(f);
        if (v === undefined)
          throw new TraceStop('error', 'missingArgument', l10n.t('{0}() is missing {1}', cls.name, f), span);
        self.obj.attrs.set(f, v);
      });
      const post = cls.attrs.get('__post_init__');
      if (post?.k === 'func') interp.callFunction(post.fn, [self], new Map(), span);
      return NONE;
    }),
  );
  return target;
}

/** argparse: add_argument(..., default=…) is remembered; parse_args() gives those defaults, with a note. */
function argumentParser(interp: Interpreter): Value {
  const options = new Map<string, { value: Value; span: Span; flag: string }>();
  const parser: Value = { k: 'object', obj: { cls: NATIVE.objectClass, attrs: new Map() } };
  if (parser.k !== 'object') return parser;
  const attrs = parser.obj.attrs;
  attrs.set(
    'add_argument',
    fn('add_argument', (a, kw, span) => {
      const flags = a.flatMap((x) => (x.k === 'str' ? [x.v] : []));
      const long = flags.find((f) => f.startsWith('--')) ?? flags[0] ?? '';
      const destValue = kw.get('dest');
      const dest = destValue?.k === 'str' ? destValue.v : long.replace(/^-+/, '').replace(/-/g, '_');
      const action = kw.get('action');
      const dflt =
        kw.get('default') ??
        (action?.k === 'str' && action.v === 'store_true'
          ? { k: 'bool', v: false }
          : action?.k === 'str' && action.v === 'store_false'
            ? { k: 'bool', v: true }
            : undefined);
      const value =
        dflt && dflt.k !== 'none' ? dflt : unknown(l10n.t('the command-line option {0}', long), span, 'argparse');
      options.set(dest, { value, span, flag: long });
      return NONE;
    }),
  );
  for (const name of ['add_argument_group', 'add_mutually_exclusive_group'])
    attrs.set(
      name,
      fn(name, () => parser),
    );
  attrs.set(
    'set_defaults',
    fn('set_defaults', (_a, kw, span) => {
      for (const [k, v] of kw) options.set(k, { value: v, span, flag: `--${k}` });
      return NONE;
    }),
  );
  const parse = fn('parse_args', () => {
    const ns: Value = { k: 'object', obj: { cls: NATIVE.objectClass, attrs: new Map() } };
    if (ns.k === 'object')
      for (const [dest, o] of options) {
        ns.obj.attrs.set(dest, o.value);
        if (o.value.k !== 'unknown')
          interp.recorder.note(
            l10n.t(
              '{0} taken from its default ({1}) on line {2}',
              o.flag,
              o.value.k === 'str' ? `'${o.value.v}'` : o.value.k === 'num' ? o.value.v : o.value.k,
              interp.lineOf(o.span.from),
            ),
          );
      }
    return ns;
  });
  attrs.set('parse_args', parse);
  attrs.set(
    'parse_known_args',
    fn('parse_known_args', (a, k, s) => tuple([parse.k === 'builtin' ? parse.call(a, k, s) : NONE, list([])])),
  );
  return parser;
}

/** An attribute of functools, collections, math, dataclasses, argparse, typing, numpy — or undefined. */
export function libraryHelper(interp: Interpreter, path: string, name: string, intOf: IntOf): Value | undefined {
  switch (`${path}.${name}`) {
    case 'sys.modules': {
      // sys.modules[__name__] is the file itself (THIS_MODULE): setattr on it defines module-level names.
      const name = interp.globals.vars.get('__name__');
      const key = name?.k === 'str' ? name.v : '__main__';
      return { k: 'dict', map: new Map([[`s:${key}`, [{ k: 'str', v: key }, THIS_MODULE] as const]]) };
    }
    case 'functools.partial':
      return fn('partial', (a, kw) => (a[0] ? { k: 'partial', fn: a[0], args: a.slice(1), kwargs: kw } : NONE));
    case 'functools.reduce':
      return fn('reduce', (a, _kw, s) => {
        const [f, seq, init] = a;
        if (!f || !seq) return unknown('reduce()', s);
        let acc = init;
        for (const item of interp.iterate(seq, s))
          acc = acc === undefined ? item : interp.call(f, [acc, item], new Map(), s);
        return acc ?? NONE;
      });
    case 'functools.lru_cache':
    case 'functools.wraps':
    case 'functools.cache':
      return fn(name, (a) => (a[0]?.k === 'func' ? a[0] : fn('identity', (b) => b[0] ?? NONE)));
    case 'collections.OrderedDict':
    case 'typing.OrderedDict':
      return interp.builtins.lookup('OrderedDict');
    case 'collections.namedtuple':
    case 'typing.NamedTuple':
      return fn('namedtuple', (a, _k, s) => namedtuple(a, s));
    case 'dataclasses.dataclass':
      return fn('dataclass', (a) => dataclass(interp, a[0] ?? NONE));
    case 'dataclasses.field':
      return fn(
        'field',
        (_a, kw, s) =>
          kw.get('default') ??
          (kw.get('default_factory') ? interp.call(kw.get('default_factory')!, [], new Map(), s) : NONE),
      );
    case 'argparse.ArgumentParser':
      return fn('ArgumentParser', () => argumentParser(interp));
    case 'typing.cast':
      return fn('cast', (a) => a[1] ?? NONE);
    case 'math.pi':
      return num(Math.PI, false);
    case 'math.inf':
      return num(Infinity, false);
    case 'copy.copy':
    case 'copy.deepcopy':
      return fn(name, (a, _k, s) => (a[0] ? copyValue(interp, a[0], name === 'deepcopy', s) : NONE));
    case 'torchvision.transforms.functional.resize':
      return fn(name, (a, kw, s) => {
        const x = a[0];
        const size = kw.get('size') ?? a[1];
        const dims = size ? itemsOf(size)?.map(intOf) : undefined;
        if (x?.k !== 'tensor' || !dims || dims.some((d) => d === undefined) || dims.length !== 2)
          return unknown(l10n.t('resize() to a size ConvLens cannot know'), s);
        return { k: 'tensor', t: { ...x.t, shape: [...x.t.shape.slice(0, -2), ...(dims as number[])] } };
      });
    default:
      break;
  }
  if (path === 'math') {
    const f = (
      {
        ceil: Math.ceil,
        floor: Math.floor,
        sqrt: Math.sqrt,
        log: Math.log,
        log2: Math.log2,
        log10: Math.log10,
        exp: Math.exp,
        trunc: Math.trunc,
      } as Record<string, (x: number) => number>
    )[name];
    if (f)
      return fn(name, (a, _k, s) => {
        const x = numberOf(a[0]);
        if (x === undefined) return a[0]?.k === 'unknown' ? a[0] : unknown(`math.${name}()`, s);
        const r = f(x);
        return num(r, ['ceil', 'floor', 'trunc'].includes(name));
      });
    if (name === 'gcd')
      return fn(name, (a) => {
        let [x, y] = a.map((v) => Math.abs(intOf(v) ?? 0));
        while (y) [x, y] = [y, x! % y];
        return num(x ?? 0);
      });
    if (name === 'prod')
      return fn(name, (a, _k, s) =>
        interp.iterate(a[0] ?? NONE, s).reduce<Value>((acc, v) => interp.binary('*', acc, v, s), num(1)),
      );
  }
  if (path === 'numpy' && name === 'linspace') {
    return fn(name, (a, kw, s) => {
      const [start, stop, count] = [a[0], a[1], a[2] ?? kw.get('num')].map(numberOf);
      if (start === undefined || stop === undefined || count === undefined || count > 4096)
        return unknown(l10n.t('numpy.linspace of unknown bounds'), s);
      const values = Array.from({ length: count }, (_x, k) =>
        count === 1 ? start : start + ((stop - start) * k) / (count - 1),
      );
      const arr: Value = {
        k: 'object',
        obj: {
          cls: NATIVE.objectClass,
          attrs: new Map<string, Value>([['tolist', fn('tolist', () => list(values.map((v) => num(v, false))))]]),
          items: values.map((v) => num(v, false)),
        },
      };
      return arr;
    });
  }
  if ((path === 'numpy' || path === 'np') && name === 'prod')
    return fn(name, (a, _k, s) =>
      interp.iterate(a[0] ?? NONE, s).reduce<Value>((acc, v) => interp.binary('*', acc, v, s), num(1)),
    );
  if (path === 'typing' || path === 'typing_extensions' || path === 'collections.abc')
    return { k: 'ns', path: `${path}.${name}` };
  if (path === 'enum' && name === 'Enum') return { k: 'class', cls: NATIVE.enumClass };
  return undefined;
}
