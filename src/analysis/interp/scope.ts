// Name scopes of the static interpreter: function locals chained to their closure, then module globals, then builtins.
import type { Value } from './values';

/** One level of names; lookups walk up to the module and builtins. */
export class Scope {
  readonly vars = new Map<string, Value>();
  /** Names declared `global` in this function scope (created on first use: most scopes have none). */
  globalNames: Set<string> | undefined;

  constructor(
    readonly parent: Scope | undefined,
    readonly kind: 'builtins' | 'module' | 'function' | 'class',
  ) {}

  lookup(name: string): Value | undefined {
    // A loop, not recursion: names are looked up in every expression (the alias is the loop variable).
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** The module-level scope this scope belongs to. */
  module(): Scope {
    return this.kind === 'module' || !this.parent ? this : this.parent.module();
  }

  set(name: string, value: Value): void {
    if (this.globalNames?.has(name)) this.module().vars.set(name, value);
    else this.vars.set(name, value);
  }
}
