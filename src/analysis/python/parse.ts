// Python source -> the interpreter's syntax tree, through @lezer/python (error-tolerant, pure JS, runs in every host).
import { parser } from '@lezer/python';
import { TreeFragment, type SyntaxNode, type Tree } from '@lezer/common';
import type { Arg, CompClause, Expr, Param, PyAst, Span, Stmt } from './ast';

const PUNCTUATION = new Set([
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  ';',
  'AssignOp',
  '⚠',
  'Comment',
  'TypeDef',
  'At',
]);

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/** Python string literal text -> its value (prefixes, triple quotes and the common escapes). */
export function stringValue(raw: string): string {
  const m = /^([rRbBuU]{0,2})('''|"""|'|")([\s\S]*?)\2$/.exec(raw);
  if (!m) return raw;
  const body = m[3]!;
  if (/r/i.test(m[1]!)) return body;
  return body.replace(
    /\\(n|t|r|\\|'|"|\n)/g,
    (_w, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' })[c] ?? c,
  );
}

/** Bracket nesting past which a file is not parsed at all (real code stays far below it). */
const MAX_BRACKET_DEPTH = 500;

/** The deepest bracket nesting in the text (strings and comments included: an overestimate is harmless here). */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

/** How deep expressions and blocks may nest before the rest is left unread. */
const MAX_DEPTH = 200;

/** Converts one lezer tree into the interpreter's AST. */
class Converter {
  constructor(private readonly text: string) {}

  private src(n: Span): string {
    return this.text.slice(n.from, n.to);
  }

  private other(n: SyntaxNode): Expr {
    return { t: 'other', what: n.name, from: n.from, to: n.to };
  }

  /** Expression-like children (punctuation and keywords dropped). */
  private exprKids(n: SyntaxNode): SyntaxNode[] {
    return children(n).filter((c) => !PUNCTUATION.has(c.name) && !/^[a-z]+$/.test(c.name));
  }

  body(n: SyntaxNode | null): Stmt[] {
    if (!n || this.depth > MAX_DEPTH) return [];
    const out: Stmt[] = [];
    this.depth++;
    for (const c of children(n)) this.stmt(c, out);
    this.depth--;
    return out;
  }

  stmt(n: SyntaxNode, out: Stmt[]): void {
    const at = { from: n.from, to: n.to };
    switch (n.name) {
      case 'ExpressionStatement': {
        const e = this.exprKids(n)[0];
        if (e) out.push({ t: 'expr', e: this.expr(e), ...at });
        return;
      }
      case 'AssignStatement':
        out.push(this.assign(n));
        return;
      case 'UpdateStatement': {
        const kids = children(n);
        const opNode = kids.find((c) => c.name === 'UpdateOp');
        const parts = kids.filter((c) => c !== opNode && !PUNCTUATION.has(c.name));
        if (!opNode || parts.length < 2) return;
        out.push({
          t: 'aug',
          target: this.expr(parts[0]!),
          op: this.src(opNode).slice(0, -1),
          value: this.expr(parts[1]!),
          ...at,
        });
        return;
      }
      case 'FunctionDefinition':
      case 'ClassDefinition':
        out.push(this.definition(n, []));
        return;
      case 'DecoratedStatement': {
        const decorators = children(n)
          .filter((c) => c.name === 'Decorator')
          .map((d) => this.decorator(d));
        const def = children(n).find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition');
        if (def) out.push(this.definition(def, decorators, n.from));
        return;
      }
      case 'ReturnStatement': {
        const value = this.exprList(n, 1);
        out.push(value ? { t: 'return', value, ...at } : { t: 'return', ...at });
        return;
      }
      case 'IfStatement':
        out.push(this.ifStmt(n));
        return;
      case 'ForStatement': {
        const kids = children(n);
        const inAt = kids.findIndex((c) => c.name === 'in');
        const bodies = kids.filter((c) => c.name === 'Body');
        const target = this.tupleOf(kids.slice(1, inAt), n);
        const iter = this.tupleOf(
          kids.slice(inAt + 1).filter((c) => c.name !== 'Body' && c.name !== 'else'),
          n,
        );
        out.push({
          t: 'for',
          target,
          iter,
          body: this.body(bodies[0] ?? null),
          orelse: this.body(bodies[1] ?? null),
          ...at,
        });
        return;
      }
      case 'WhileStatement': {
        const kids = this.exprKids(n);
        const cond = kids.find((c) => c.name !== 'Body');
        out.push({
          t: 'while',
          cond: cond ? this.expr(cond) : this.other(n),
          body: this.body(children(n).find((c) => c.name === 'Body') ?? null),
          ...at,
        });
        return;
      }
      case 'ImportStatement':
        out.push(this.importStmt(n));
        return;
      case 'PassStatement':
        out.push({ t: 'pass', ...at });
        return;
      case 'BreakStatement':
        out.push({ t: 'break', ...at });
        return;
      case 'ContinueStatement':
        out.push({ t: 'continue', ...at });
        return;
      case 'RaiseStatement': {
        const e = this.exprKids(n)[0];
        out.push(e ? { t: 'raise', e: this.expr(e), ...at } : { t: 'raise', ...at });
        return;
      }
      case 'TryStatement': {
        const kids = children(n);
        let body: Stmt[] = [];
        const handlers: Stmt[][] = [];
        let orelse: Stmt[] = [];
        let final: Stmt[] = [];
        let mode = 'try';
        for (const c of kids) {
          if (c.name === 'except' || c.name === 'else' || c.name === 'finally') mode = c.name;
          else if (c.name === 'Body') {
            const b = this.body(c);
            if (mode === 'try') body = b;
            else if (mode === 'except') handlers.push(b);
            else if (mode === 'else') orelse = b;
            else final = b;
          }
        }
        out.push({ t: 'try', body, handlers, orelse, final, ...at });
        return;
      }
      case 'WithStatement': {
        const items: { e: Expr; as?: Expr }[] = [];
        const kids = children(n).filter(
          (c) => c.name !== 'with' && c.name !== ',' && c.name !== 'Body' && c.name !== ':',
        );
        for (let k = 0; k < kids.length; k++) {
          const e = this.expr(kids[k]!);
          if (kids[k + 1]?.name === 'as' && kids[k + 2]) {
            items.push({ e, as: this.expr(kids[k + 2]!) });
            k += 2;
          } else items.push({ e });
        }
        out.push({ t: 'with', items, body: this.body(children(n).find((c) => c.name === 'Body') ?? null), ...at });
        return;
      }
      case 'StatementGroup':
        for (const c of children(n)) this.stmt(c, out);
        return;
      default:
        if (n.name.endsWith('Statement')) out.push({ t: 'ignored', ...at });
    }
  }

  private decorator(d: SyntaxNode): Expr {
    // `@a.b.c(args)`: the name parts are flat children, then an optional ArgList.
    const kids = children(d).filter((c) => c.name !== 'At' && c.name !== '.');
    let e: Expr | undefined;
    for (const c of kids) {
      if (c.name === 'VariableName' || c.name === 'PropertyName') {
        e = e
          ? { t: 'attr', obj: e, name: this.src(c), from: d.from + 1, to: c.to }
          : { t: 'name', id: this.src(c), from: c.from, to: c.to };
      } else if (c.name === 'ArgList' && e) {
        e = { t: 'call', fn: e, args: this.args(c), from: d.from + 1, to: c.to };
      } else if (!e) e = this.expr(c);
    }
    return e ?? this.other(d);
  }

  /** A class or function definition; `from` is where its decorators start. */
  private definition(n: SyntaxNode, decorators: Expr[], from = n.from): Stmt {
    const kids = children(n);
    const nameNode = kids.find((c) => c.name === 'VariableName');
    const name = nameNode ? this.src(nameNode) : '?';
    const nameSpan = nameNode ? { from: nameNode.from, to: nameNode.to } : { from: n.from, to: n.from };
    const bodyNode = kids.find((c) => c.name === 'Body') ?? null;
    if (n.name === 'ClassDefinition') {
      const argList = kids.find((c) => c.name === 'ArgList');
      const body = this.body(bodyNode);
      return { t: 'class', name, nameSpan, bases: argList ? this.args(argList) : [], body, decorators, from, to: n.to };
    }
    const paramList = kids.find((c) => c.name === 'ParamList');
    const params = paramList ? this.params(paramList) : [];
    // A function's body is converted when first read (when it is called): most of a long script's functions never are.
    const depth = this.depth;
    let body: Stmt[] | undefined;
    const readBody = (): Stmt[] => {
      if (body) return body;
      const outer = this.depth;
      this.depth = depth;
      body = this.body(bodyNode);
      this.depth = outer;
      return body;
    };
    return {
      t: 'def',
      name,
      nameSpan,
      params,
      get body() {
        return readBody();
      },
      decorators,
      from,
      to: n.to,
    };
  }

  private params(list: SyntaxNode): Param[] {
    const out: Param[] = [];
    let kind: Param['kind'] = 'pos';
    let pendingStar: 'star' | 'dstar' | undefined;
    const kids = children(list);
    for (let k = 0; k < kids.length; k++) {
      const c = kids[k]!;
      if (c.name === '*') pendingStar = 'star';
      else if (c.name === '**') pendingStar = 'dstar';
      else if (c.name === ',') {
        if (pendingStar === 'star') kind = 'kwonly'; // a bare `*`
        pendingStar = undefined;
      } else if (c.name === 'VariableName') {
        const name = this.src(c);
        if (pendingStar) {
          out.push({ name, kind: pendingStar });
          if (pendingStar === 'star') kind = 'kwonly';
          pendingStar = undefined;
          continue;
        }
        let def: Expr | undefined;
        let j = k + 1;
        if (kids[j]?.name === 'TypeDef') j++;
        if (kids[j]?.name === 'AssignOp' && kids[j + 1]) {
          def = this.expr(kids[j + 1]!);
          k = j + 1;
        } else k = j - 1;
        out.push(def ? { name, kind, default: def } : { name, kind });
      }
    }
    return out;
  }

  args(list: SyntaxNode): Arg[] {
    const out: Arg[] = [];
    const kids = children(list).filter((c) => c.name !== '(' && c.name !== ')' && c.name !== ',');
    for (let k = 0; k < kids.length; k++) {
      const c = kids[k]!;
      if ((c.name === '*' || c.name === '**') && kids[k + 1]) {
        const v = kids[++k]!;
        out.push({ kind: c.name === '*' ? 'star' : 'dstar', value: this.expr(v), from: c.from, to: v.to });
      } else if (c.name === 'VariableName' && kids[k + 1]?.name === 'AssignOp' && kids[k + 2]) {
        const v = kids[k + 2]!;
        out.push({ kind: 'kw', name: this.src(c), value: this.expr(v), from: c.from, to: v.to });
        k += 2;
      } else if (c.name === 'for') {
        // A generator argument `f(x for x in y)`: rebuild it from the first positional.
        const prev = out.pop();
        const rest = kids.slice(k);
        if (prev)
          out.push({
            ...prev,
            value: {
              t: 'comp',
              kind: 'gen',
              elt: prev.value,
              clauses: this.clauses(rest),
              from: prev.from,
              to: list.to,
            },
          });
        break;
      } else out.push({ kind: 'pos', value: this.expr(c), from: c.from, to: c.to });
    }
    return out;
  }

  private assign(n: SyntaxNode): Stmt {
    const kids = children(n).filter((c) => c.name !== 'TypeDef');
    const groups: SyntaxNode[][] = [[]];
    for (const c of kids) {
      if (c.name === 'AssignOp') groups.push([]);
      else groups[groups.length - 1]!.push(c);
    }
    const exprs = groups.map((g) => this.tupleOf(g, n));
    const at = { from: n.from, to: n.to };
    if (exprs.length === 1) return { t: 'assign', targets: exprs, value: undefined, ...at }; // `x: int`
    return { t: 'assign', targets: exprs.slice(0, -1), value: exprs[exprs.length - 1]!, ...at };
  }

  /** A comma-separated run of nodes (with `*x` entries) as one expression: itself, or a tuple. */
  private tupleOf(nodes: SyntaxNode[], parent: SyntaxNode): Expr {
    const items: Expr[] = [];
    let hadComma = false;
    for (let k = 0; k < nodes.length; k++) {
      const c = nodes[k]!;
      if (c.name === ',') hadComma = true;
      else if (c.name === '*' && nodes[k + 1]) {
        const v = nodes[++k]!;
        items.push({ t: 'starred', e: this.expr(v), from: c.from, to: v.to });
      } else if (!PUNCTUATION.has(c.name)) items.push(this.expr(c));
    }
    if (items.length === 1 && !hadComma) return items[0]!;
    if (items.length === 0) return this.other(parent);
    return { t: 'tuple', items, from: items[0]!.from, to: items[items.length - 1]!.to };
  }

  /** The expression(s) after the first `skip` children, as for `return a, b`. */
  private exprList(n: SyntaxNode, skip: number): Expr | undefined {
    const kids = children(n).slice(skip);
    return kids.length ? this.tupleOf(kids, n) : undefined;
  }

  private ifStmt(n: SyntaxNode): Stmt {
    const branches: { cond: Expr; body: Stmt[] }[] = [];
    let orelse: Stmt[] = [];
    let cond: Expr | undefined;
    let sawElse = false;
    for (const c of children(n)) {
      if (c.name === 'if' || c.name === 'elif') continue;
      if (c.name === 'else') sawElse = true;
      else if (c.name === 'Body') {
        if (sawElse) orelse = this.body(c);
        else branches.push({ cond: cond ?? this.other(c), body: this.body(c) });
        cond = undefined;
      } else if (!PUNCTUATION.has(c.name)) cond = this.expr(c);
    }
    return { t: 'if', branches, orelse, from: n.from, to: n.to };
  }

  private importStmt(n: SyntaxNode): Stmt {
    const kids = children(n);
    const at = { from: n.from, to: n.to };
    if (kids[0]?.name === 'from') {
      let level = 0;
      const mod: string[] = [];
      let k = 1;
      for (; k < kids.length && kids[k]!.name !== 'import'; k++) {
        const c = kids[k]!;
        if (c.name === '.') {
          if (!mod.length) level++;
        } else if (c.name === 'Ellipsis') level += 3;
        else mod.push(this.src(c));
      }
      const names: { name: string; as?: string }[] = [];
      for (k++; k < kids.length; k++) {
        const c = kids[k]!;
        if (c.name === 'VariableName' || c.name === '*') {
          if (kids[k + 1]?.name === 'as' && kids[k + 2]) {
            names.push({ name: this.src(c), as: this.src(kids[k + 2]!) });
            k += 2;
          } else names.push({ name: this.src(c) });
        }
      }
      return { t: 'from', module: mod.join('.'), level, names, ...at };
    }
    const names: { module: string; as?: string }[] = [];
    let parts: string[] = [];
    for (let k = 1; k <= kids.length; k++) {
      const c = kids[k];
      if (!c || c.name === ',') {
        if (parts.length) names.push({ module: parts.join('.') });
        parts = [];
      } else if (c.name === 'as' && kids[k + 1]) {
        names.push({ module: parts.join('.'), as: this.src(kids[k + 1]!) });
        parts = [];
        k++;
      } else if (c.name === 'VariableName') parts.push(this.src(c));
    }
    return { t: 'import', names, ...at };
  }

  private clauses(nodes: SyntaxNode[]): CompClause[] {
    const out: CompClause[] = [];
    for (let k = 0; k < nodes.length; k++) {
      const c = nodes[k]!;
      if (c.name === 'for') {
        const inAt = nodes.findIndex((x, j) => j > k && x.name === 'in');
        let end = inAt + 1;
        while (
          end < nodes.length &&
          nodes[end]!.name !== 'for' &&
          nodes[end]!.name !== 'if' &&
          !PUNCTUATION.has(nodes[end]!.name)
        )
          end++;
        const target = this.tupleOf(nodes.slice(k + 1, inAt), c);
        const iterNode = nodes[inAt + 1];
        out.push({ kind: 'for', target, iter: iterNode ? this.expr(iterNode) : this.other(c) });
        k = inAt + 1;
      } else if (c.name === 'if' && nodes[k + 1]) {
        out.push({ kind: 'if', cond: this.expr(nodes[k + 1]!) });
        k++;
      }
    }
    return out;
  }

  private comprehension(n: SyntaxNode, kind: 'list' | 'set' | 'dict' | 'gen'): Expr {
    const kids = children(n).filter((c) => !['[', ']', '{', '}', '(', ')'].includes(c.name));
    const forAt = kids.findIndex((c) => c.name === 'for');
    const head = kids.slice(0, forAt).filter((c) => c.name !== ':');
    const clauses = this.clauses(kids.slice(forAt));
    const at = { from: n.from, to: n.to };
    if (kind === 'dict')
      return {
        t: 'comp',
        kind,
        elt: this.expr(head[0]!),
        ...(head[1] ? { value: this.expr(head[1]) } : {}),
        clauses,
        ...at,
      };
    return { t: 'comp', kind, elt: head[0] ? this.expr(head[0]) : this.other(n), clauses, ...at };
  }

  private sequence(n: SyntaxNode): Expr[] {
    const kids = children(n).filter((c) => !['[', ']', '{', '}', '(', ')', ','].includes(c.name));
    const out: Expr[] = [];
    for (let k = 0; k < kids.length; k++) {
      const c = kids[k]!;
      if (c.name === '*' && kids[k + 1]) {
        const v = kids[++k]!;
        out.push({ t: 'starred', e: this.expr(v), from: c.from, to: v.to });
      } else out.push(this.expr(c));
    }
    return out;
  }

  private subscript(n: SyntaxNode, obj: Expr, inner: SyntaxNode[]): Expr {
    // Split the bracket's children at commas; each part is an expression or a slice a:b:c.
    const parts: SyntaxNode[][] = [[]];
    for (const c of inner) {
      if (c.name === ',') parts.push([]);
      else parts[parts.length - 1]!.push(c);
    }
    const items = parts
      .filter((p, k) => p.length > 0 || k < parts.length - 1)
      .map((p): Expr => {
        if (!p.some((c) => c.name === ':')) return p[0] ? this.expr(p[0]) : this.other(n);
        const fields: (Expr | undefined)[] = [undefined];
        for (const c of p) {
          if (c.name === ':') fields.push(undefined);
          else fields[fields.length - 1] = this.expr(c);
        }
        const [lo, hi, step] = fields;
        const from = p[0]!.from;
        const to = p[p.length - 1]!.to;
        return { t: 'slice', ...(lo ? { lo } : {}), ...(hi ? { hi } : {}), ...(step ? { step } : {}), from, to };
      });
    const index: Expr =
      items.length === 1 && parts.length === 1
        ? items[0]!
        : { t: 'tuple', items, from: inner[0]?.from ?? n.from, to: inner[inner.length - 1]?.to ?? n.to };
    return { t: 'index', obj, index, from: n.from, to: n.to };
  }

  /** Nesting depth of the expression being converted: past MAX_DEPTH the rest is 'other' (no stack overflow on pathological input). */
  private depth = 0;

  expr(n: SyntaxNode): Expr {
    if (this.depth > MAX_DEPTH) return this.other(n);
    this.depth++;
    try {
      return this.exprAt(n);
    } finally {
      this.depth--;
    }
  }

  /** A number literal's value; ints are decimal, hex, octal or binary without a point or exponent. */
  private number(text: string, at: Span): Expr {
    const raw = text.replace(/_/g, '').replace(/[jJ]$/, '');
    const isInt = /^(0[xob][0-9a-f]+|\d+)$/i.test(raw);
    const v = /^0[ob]/i.test(raw) ? parseInt(raw.slice(2), /^0b/i.test(raw) ? 2 : 8) : Number(raw);
    return { t: 'num', v, int: isInt, ...at };
  }

  private exprAt(n: SyntaxNode): Expr {
    const at = { from: n.from, to: n.to };
    switch (n.name) {
      case 'VariableName':
        return { t: 'name', id: this.src(n), ...at };
      case 'Number':
        return this.number(this.src(n), at);
      case 'String':
        return { t: 'str', v: stringValue(this.src(n)), ...at };
      case 'ContinuedString':
        return {
          t: 'str',
          v: children(n)
            .map((c) => stringValue(this.src(c)))
            .join(''),
          ...at,
        };
      case 'FormatString':
        return this.formatString(n);
      case 'Boolean':
        return { t: 'const', v: this.src(n) === 'True', ...at };
      case 'None':
        return { t: 'const', v: null, ...at };
      case 'Ellipsis':
        return { t: 'const', v: 'ellipsis', ...at };
      case 'ParenthesizedExpression': {
        const inner = this.exprKids(n)[0];
        return inner ? this.expr(inner) : this.other(n);
      }
      case 'TupleExpression':
        return { t: 'tuple', items: this.sequence(n), ...at };
      case 'ArrayExpression':
        return { t: 'list', items: this.sequence(n), ...at };
      case 'SetExpression':
        return { t: 'set', items: this.sequence(n), ...at };
      case 'DictionaryExpression': {
        const kids = children(n).filter((c) => !['{', '}', ','].includes(c.name));
        const entries: { key: Expr | null; value: Expr }[] = [];
        for (let k = 0; k < kids.length; k++) {
          const c = kids[k]!;
          if (c.name === '**' && kids[k + 1]) entries.push({ key: null, value: this.expr(kids[++k]!) });
          else if (kids[k + 1]?.name === ':' && kids[k + 2]) {
            entries.push({ key: this.expr(c), value: this.expr(kids[k + 2]!) });
            k += 2;
          }
        }
        return { t: 'dict', entries, ...at };
      }
      case 'ArrayComprehensionExpression':
        return this.comprehension(n, 'list');
      case 'SetComprehensionExpression':
        return this.comprehension(n, 'set');
      case 'DictionaryComprehensionExpression':
        return this.comprehension(n, 'dict');
      case 'ComprehensionExpression':
        return this.comprehension(n, 'gen');
      case 'MemberExpression': {
        const kids = children(n);
        // @lezer/python reads a float with a trailing dot (`width_mult=1.`, `2. * x`) as `1` . <missing name>.
        if (kids[0]?.name === 'Number' && kids[1]?.name === '.' && (!kids[2] || kids[2].type.isError))
          return this.number(this.src(kids[0]) + '.', at);
        const obj = this.expr(kids[0]!);
        if (kids[1]?.name === '.') return { t: 'attr', obj, name: kids[2] ? this.src(kids[2]) : '', ...at };
        return this.subscript(n, obj, kids.slice(2, -1));
      }
      case 'CallExpression': {
        const kids = children(n);
        const argList = kids.find((c) => c.name === 'ArgList');
        return { t: 'call', fn: this.expr(kids[0]!), args: argList ? this.args(argList) : [], ...at };
      }
      case 'UnaryExpression': {
        const kids = children(n);
        const opText = this.src(kids[0]!);
        const op = opText === 'not' ? 'not' : opText === '-' ? '-' : opText === '~' ? '~' : '+';
        return kids[1] ? { t: 'unary', op, e: this.expr(kids[1]), ...at } : this.other(n);
      }
      case 'BinaryExpression':
        return this.binary(n);
      case 'ConditionalExpression': {
        const kids = this.exprKids(n);
        if (kids.length < 3) return this.other(n);
        return { t: 'ifexp', a: this.expr(kids[0]!), cond: this.expr(kids[1]!), b: this.expr(kids[2]!), ...at };
      }
      case 'LambdaExpression': {
        const kids = children(n);
        const list = kids.find((c) => c.name === 'ParamList');
        const body = kids[kids.length - 1]!;
        return { t: 'lambda', params: list ? this.params(list) : [], body: this.expr(body), ...at };
      }
      default:
        return this.other(n);
    }
  }

  private binary(n: SyntaxNode): Expr {
    const kids = children(n);
    const at = { from: n.from, to: n.to };
    const l = kids[0]!;
    const rest = kids.slice(1);
    const r = rest[rest.length - 1];
    if (!r) return this.other(n);
    const opText = rest
      .slice(0, -1)
      .map((c) => this.src(c))
      .join(' ');
    const left = this.expr(l);
    const right = this.expr(r);
    if (opText === 'and' || opText === 'or') return { t: 'bool', op: opText, l: left, r: right, ...at };
    const isCompare = rest.some(
      (c) => c.name === 'CompareOp' || c.name === 'in' || c.name === 'is' || c.name === 'not',
    );
    if (isCompare) {
      const op = opText.replace(/\s+/g, ' ');
      // Lezer nests `a < b < c` as ((a < b) < c): Python chains it.
      if (
        left.t === 'cmp' &&
        l.name === 'BinaryExpression' &&
        this.src(l) === this.text.slice(l.from, l.to) &&
        !this.src(l).startsWith('(')
      ) {
        return { t: 'cmp', ops: [...left.ops, op], items: [...left.items, right], ...at };
      }
      return { t: 'cmp', ops: [op], items: [left, right], ...at };
    }
    return { t: 'bin', op: opText, l: left, r: right, ...at };
  }

  private formatString(n: SyntaxNode): Expr {
    const raw = this.src(n);
    const q = /^[a-zA-Z]*('''|"""|'|")/.exec(raw);
    const open = q ? q[0].length : 0;
    const close = q ? q[1]!.length : 0;
    const parts: (string | Expr)[] = [];
    let pos = n.from + open;
    for (const c of children(n)) {
      if (c.name !== 'FormatReplacement') continue;
      if (c.from > pos) parts.push(this.text.slice(pos, c.from).replace(/\{\{/g, '{').replace(/\}\}/g, '}'));
      const inner = children(c).find((x) => !['{', '}', 'FormatSpec', 'FormatConversion', '='].includes(x.name));
      parts.push(inner ? this.expr(inner) : this.other(c));
      pos = c.to;
    }
    if (n.to - close > pos)
      parts.push(
        this.text
          .slice(pos, n.to - close)
          .replace(/\{\{/g, '{')
          .replace(/\}\}/g, '}'),
      );
    return { t: 'fstr', parts, from: n.from, to: n.to };
  }
}

/** Parses Python source (never throws; half-typed code gives partial trees). */
export function parsePython(text: string): PyAst {
  return parseIncremental(text).ast;
}

/** What an incremental parse keeps between document versions. */
export interface ParseState {
  readonly tree: Tree;
  readonly fragments: readonly TreeFragment[];
}

/** A text change between two versions, in offsets of the old (A) and new (B) text. */
export interface TextChange {
  readonly fromA: number;
  readonly toA: number;
  readonly fromB: number;
  readonly toB: number;
}

/** Parses a new version reusing the unchanged parts of the previous tree (the editor re-parses only around an edit). */
export function parseIncremental(
  text: string,
  previous?: ParseState,
  changes?: readonly TextChange[],
): { ast: PyAst; state: ParseState } {
  // Pathologically deep brackets make the parser itself slow (10,000 levels take it hundreds of ms): such text is not read.
  if (bracketDepth(text) > MAX_BRACKET_DEPTH) {
    const tree = parser.parse('');
    return { ast: { text, body: [] }, state: { tree, fragments: TreeFragment.addTree(tree) } };
  }
  const reuse = previous && changes ? TreeFragment.applyChanges(previous.fragments, changes) : undefined;
  const tree = reuse ? parser.parse(text, reuse) : parser.parse(text);
  const conv = new Converter(text);
  return { ast: { text, body: conv.body(tree.topNode) }, state: { tree, fragments: TreeFragment.addTree(tree) } };
}

/** A copy of a syntax tree with every position moved by `by` (an expression read from a comment, or the prelude). */
export function shiftSpans<T>(node: T, by: number): T {
  if (Array.isArray(node)) return node.map((n: unknown) => shiftSpans(n, by)) as T;
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node))
      out[k] = (k === 'from' || k === 'to') && typeof v === 'number' ? v + by : shiftSpans(v, by);
    return out as T;
  }
  return node;
}
