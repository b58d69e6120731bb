// Methods of plain Python values (list.append, dict.items, str.format…) and attributes of named tuples.
import * as l10n from '../../l10n';
import type { Span } from '../python/ast';
import type { Interpreter } from './interpreter';
import { keyOf, list, NONE, num, show, str, tuple, unknown, type Value } from './values';

type Fn = (args: readonly Value[], kwargs: ReadonlyMap<string, Value>, span: Span) => Value;

function method(name: string, call: Fn): Value {
  return { k: 'builtin', name, call };
}

/** `{}`/`{0}`/`{name}` formatting (format specs are ignored except for the value). */
function formatStr(fmt: string, args: readonly Value[], kwargs: ReadonlyMap<string, Value>): Value {
  let auto = 0;
  let unknownPart: Value | undefined;
  const out = fmt.replace(/\{([^{}:!]*)(?:![rsa])?(?::[^{}]*)?\}/g, (_w, field: string) => {
    const v = field === '' ? args[auto++] : /^\d+$/.test(field) ? args[Number(field)] : kwargs.get(field);
    if (!v || v.k === 'unknown') unknownPart ??= v ?? NONE;
    return v ? show(v) : '';
  });
  return unknownPart && unknownPart.k === 'unknown' ? unknownPart : str(out);
}

/** v.name for lists, tuples, dicts, strings and numbers. */
export function valueAttr(interp: Interpreter, v: Value, name: string, span: Span): Value {
  switch (v.k) {
    case 'list':
      switch (name) {
        case 'append':
          return method(name, (a) => (v.items.push(a[0] ?? NONE), NONE));
        case 'extend':
          return method(name, (a, _k, s) => (v.items.push(...interp.iterate(a[0] ?? NONE, s)), NONE));
        case 'insert':
          return method(name, (a) => {
            const at = a[0]?.k === 'num' ? a[0].v : 0;
            v.items.splice(at < 0 ? v.items.length + at : at, 0, a[1] ?? NONE);
            return NONE;
          });
        case 'pop':
          return method(name, (a) => {
            const at = a[0]?.k === 'num' ? a[0].v : -1;
            return v.items.splice(at < 0 ? v.items.length + at : at, 1)[0] ?? NONE;
          });
        case 'copy':
          return method(name, () => list([...v.items]));
        case 'reverse':
          return method(name, () => (v.items.reverse(), NONE));
        case 'clear':
          return method(name, () => (v.items.splice(0), NONE));
        case 'index':
          return method(name, (a) => num(v.items.findIndex((x) => keyOf(x) === keyOf(a[0] ?? NONE))));
        case 'count':
          return method(name, (a) => num(v.items.filter((x) => keyOf(x) === keyOf(a[0] ?? NONE)).length));
        default:
          break;
      }
      break;
    case 'tuple': {
      const field = v.fields?.indexOf(name) ?? -1;
      if (field >= 0) return v.items[field] ?? NONE;
      if (name === 'index') return method(name, (a) => num(v.items.findIndex((x) => keyOf(x) === keyOf(a[0] ?? NONE))));
      if (name === 'count')
        return method(name, (a) => num(v.items.filter((x) => keyOf(x) === keyOf(a[0] ?? NONE)).length));
      break;
    }
    case 'dict':
      switch (name) {
        case 'items':
          return method(name, () => list([...v.map.values()].map(([k, x]) => tuple([k, x]))));
        case 'keys':
          return method(name, () => list([...v.map.values()].map(([k]) => k)));
        case 'values':
          return method(name, () => list([...v.map.values()].map(([, x]) => x)));
        case 'get':
          return method(name, (a) => {
            const k = a[0] ? keyOf(a[0]) : undefined;
            if (k === undefined)
              return a[0]?.k === 'unknown' ? a[0] : unknown(l10n.t('dict.get of an unknown key'), span);
            return v.map.get(k)?.[1] ?? a[1] ?? NONE;
          });
        case 'pop':
          return method(name, (a) => {
            const k = a[0] ? keyOf(a[0]) : undefined;
            if (k === undefined) return unknown(l10n.t('dict.pop of an unknown key'), span);
            const hit = v.map.get(k);
            v.map.delete(k);
            return hit?.[1] ?? a[1] ?? NONE;
          });
        case 'setdefault':
          return method(name, (a) => {
            const k = a[0] ? keyOf(a[0]) : undefined;
            if (k === undefined) return unknown(l10n.t('dict.setdefault of an unknown key'), span);
            if (!v.map.has(k)) v.map.set(k, [a[0]!, a[1] ?? NONE]);
            return v.map.get(k)![1];
          });
        case 'update':
          return method(name, (a, kw) => {
            const other = a[0];
            if (other?.k === 'dict') for (const [k, x] of other.map) v.map.set(k, x);
            for (const [k, x] of kw) v.map.set(`s:${k}`, [str(k), x]);
            return NONE;
          });
        case 'copy':
          return method(name, () => ({ k: 'dict', map: new Map(v.map) }));
        default:
          break;
      }
      break;
    case 'str':
      switch (name) {
        case 'format':
          return method(name, (a, kw) => formatStr(v.v, a, kw));
        case 'join':
          return method(name, (a, _k, s) => {
            const parts = interp.iterate(a[0] ?? NONE, s);
            const u = parts.find((p) => p.k !== 'str');
            return u ? (u.k === 'unknown' ? u : unknown('str.join', s)) : str(parts.map(show).join(v.v));
          });
        case 'lower':
          return method(name, () => str(v.v.toLowerCase()));
        case 'upper':
          return method(name, () => str(v.v.toUpperCase()));
        case 'strip':
          return method(name, () => str(v.v.trim()));
        case 'startswith':
          return method(name, (a) => ({ k: 'bool', v: a[0]?.k === 'str' && v.v.startsWith(a[0].v) }));
        case 'endswith':
          return method(name, (a) => ({ k: 'bool', v: a[0]?.k === 'str' && v.v.endsWith(a[0].v) }));
        case 'replace':
          return method(name, (a) =>
            a[0]?.k === 'str' && a[1]?.k === 'str' ? str(v.v.split(a[0].v).join(a[1].v)) : unknown('str.replace', span),
          );
        case 'split':
          return method(name, (a) => list((a[0]?.k === 'str' ? v.v.split(a[0].v) : v.v.trim().split(/\s+/)).map(str)));
        case 'isdigit':
          return method(name, () => ({ k: 'bool', v: /^\d+$/.test(v.v) }));
        default:
          break;
      }
      break;
    case 'num':
      if (name === 'is_integer') return method(name, () => ({ k: 'bool', v: Number.isInteger(v.v) }));
      if (name === 'real') return v;
      break;
    default:
      break;
  }
  return unknown(`${show(v)}.${name}`, span, 'attribute');
}
