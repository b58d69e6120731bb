// A small Python syntax tree: the part of Python the static interpreter reads, with source offsets on every node.

/** Source offsets [from, to) of a node. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** A call or class-header argument: positional, *star, keyword, or **double-star. */
export interface Arg extends Span {
  readonly kind: 'pos' | 'star' | 'kw' | 'dstar';
  readonly name?: string;
  readonly value: Expr;
}

/** A function or lambda parameter. */
export interface Param {
  readonly name: string;
  readonly kind: 'pos' | 'star' | 'dstar' | 'kwonly';
  readonly default?: Expr;
}

/** One `for … in …` or `if …` clause of a comprehension. */
export type CompClause =
  { readonly kind: 'for'; readonly target: Expr; readonly iter: Expr } | { readonly kind: 'if'; readonly cond: Expr };

/** An expression. `other` stands for syntax the interpreter does not evaluate (await, yield, half-typed code). */
export type Expr = Span &
  (
    | { readonly t: 'name'; readonly id: string }
    | { readonly t: 'num'; readonly v: number; readonly int: boolean }
    | { readonly t: 'str'; readonly v: string }
    | { readonly t: 'fstr'; readonly parts: readonly (string | Expr)[] }
    | { readonly t: 'const'; readonly v: boolean | null | 'ellipsis' }
    | { readonly t: 'attr'; readonly obj: Expr; readonly name: string }
    | { readonly t: 'index'; readonly obj: Expr; readonly index: Expr }
    | { readonly t: 'slice'; readonly lo?: Expr; readonly hi?: Expr; readonly step?: Expr }
    | { readonly t: 'call'; readonly fn: Expr; readonly args: readonly Arg[] }
    | { readonly t: 'bin'; readonly op: string; readonly l: Expr; readonly r: Expr }
    | { readonly t: 'cmp'; readonly ops: readonly string[]; readonly items: readonly Expr[] }
    | { readonly t: 'bool'; readonly op: 'and' | 'or'; readonly l: Expr; readonly r: Expr }
    | { readonly t: 'unary'; readonly op: 'not' | '-' | '+' | '~'; readonly e: Expr }
    | { readonly t: 'tuple' | 'list' | 'set'; readonly items: readonly Expr[] }
    | { readonly t: 'dict'; readonly entries: readonly { readonly key: Expr | null; readonly value: Expr }[] }
    | { readonly t: 'ifexp'; readonly cond: Expr; readonly a: Expr; readonly b: Expr }
    | { readonly t: 'lambda'; readonly params: readonly Param[]; readonly body: Expr }
    | {
        readonly t: 'comp';
        readonly kind: 'list' | 'set' | 'dict' | 'gen';
        readonly elt: Expr;
        readonly value?: Expr;
        readonly clauses: readonly CompClause[];
      }
    | { readonly t: 'starred'; readonly e: Expr }
    | { readonly t: 'other'; readonly what: string }
  );

/** A statement. */
export type Stmt = Span &
  (
    | { readonly t: 'expr'; readonly e: Expr }
    | { readonly t: 'assign'; readonly targets: readonly Expr[]; readonly value: Expr | undefined }
    | { readonly t: 'aug'; readonly target: Expr; readonly op: string; readonly value: Expr }
    | {
        readonly t: 'def';
        readonly name: string;
        readonly nameSpan: Span;
        readonly params: readonly Param[];
        readonly body: readonly Stmt[];
        readonly decorators: readonly Expr[];
      }
    | {
        readonly t: 'class';
        readonly name: string;
        readonly nameSpan: Span;
        readonly bases: readonly Arg[];
        readonly body: readonly Stmt[];
        readonly decorators: readonly Expr[];
      }
    | { readonly t: 'return'; readonly value?: Expr }
    | {
        readonly t: 'if';
        readonly branches: readonly { readonly cond: Expr; readonly body: readonly Stmt[] }[];
        readonly orelse: readonly Stmt[];
      }
    | {
        readonly t: 'for';
        readonly target: Expr;
        readonly iter: Expr;
        readonly body: readonly Stmt[];
        readonly orelse: readonly Stmt[];
      }
    | { readonly t: 'while'; readonly cond: Expr; readonly body: readonly Stmt[] }
    | { readonly t: 'import'; readonly names: readonly { readonly module: string; readonly as?: string }[] }
    | {
        readonly t: 'from';
        readonly module: string;
        readonly level: number;
        readonly names: readonly { readonly name: string; readonly as?: string }[];
      }
    | { readonly t: 'pass' | 'break' | 'continue' | 'ignored' }
    | { readonly t: 'raise'; readonly e?: Expr }
    | {
        readonly t: 'try';
        readonly body: readonly Stmt[];
        readonly handlers: readonly (readonly Stmt[])[];
        readonly orelse: readonly Stmt[];
        readonly final: readonly Stmt[];
      }
    | {
        readonly t: 'with';
        readonly items: readonly { readonly e: Expr; readonly as?: Expr }[];
        readonly body: readonly Stmt[];
      }
  );

/** A parsed module: its statements and the text they index into. */
export interface PyAst {
  readonly text: string;
  readonly body: readonly Stmt[];
}
