// Keeps a document's last Python parse in step with its edits, so the next version re-parses only around them.
import { TreeFragment } from '@lezer/common';
import type { PyAst } from './python/ast';
import { parseIncremental, type ParseState } from './python/parse';

/** One edit as an editor reports it: `length` characters at `offset` replaced by `inserted` characters. */
export interface Edit {
  readonly offset: number;
  readonly length: number;
  readonly inserted: number;
}

/** The parse of one document, carried through its edits. */
export class EditedParse {
  private state: ParseState | undefined;
  /** The text version `state` (mapped through every edit since) belongs to. */
  private version: number | undefined;

  /** Maps the kept parse through edits that turned the document into `version` (applied in the order given). */
  edited(edits: readonly Edit[], version: number): void {
    // Each change event moves a document one version on; a gap means an edit went unseen, so the parse cannot be reused.
    if (!this.state || this.version !== version - 1) {
      this.state = undefined;
      this.version = undefined;
      return;
    }
    let fragments = this.state.fragments;
    for (const e of edits)
      fragments = TreeFragment.applyChanges(fragments, [
        { fromA: e.offset, toA: e.offset + e.length, fromB: e.offset, toB: e.offset + e.inserted },
      ]);
    this.state = { tree: this.state.tree, fragments };
    this.version = version;
  }

  /** The syntax tree of `text` at `version`: reusing the kept parse when it was carried to this version, else parsed anew. */
  parse(text: string, version: number): PyAst {
    const previous = this.version === version ? this.state : undefined;
    const { ast, state } = parseIncremental(text, previous, previous ? [] : undefined);
    this.state = state;
    this.version = version;
    return ast;
  }
}
