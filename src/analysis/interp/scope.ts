// Name scopes of the static interpreter: function locals chained to their closure, then module globals, then builtins.
import type { Value } from './values';

/** One level of names; lookups walk up to the module and builtins. */
export class Scope {
  readonly vars = new Map<string, Value>();
  /** Names declared `global` in this function scope. */
  readonly globalNames = new Set<string>();

  constructor(
    readonly parent: Scope | undefined,
    readonly kind: 'builtins' | 'module' | 'function' | 'class',
  ) {}

  lookup(name: string): Value | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }

  /** The module-level scope this scope belongs to. */
  module(): Scope {
    return this.kind === 'module' || !this.parent ? this : this.parent.module();
  }

  set(name: string, value: Value): void {
    if (this.globalNames.has(name)) this.module().vars.set(name, value);
    else this.vars.set(name, value);
  }
}
