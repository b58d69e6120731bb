// Finds the number tables of JSON/JSONC text with Microsoft's jsonc-parser (the parser VS Code itself uses).
import { createScanner, parseTree, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';

/** A number or a nested list of them, as a table literal holds. */
export type NestedNumbers = number | NestedNumbers[];

/** One array of the document that holds only numbers and arrays of numbers (maybe ragged: the caller checks rows). */
export interface JsonTable {
  readonly start: number;
  readonly end: number;
  /** The property it is the value of (`"kernel": [...]` → "kernel"). */
  readonly name?: string;
  /** The values, or 'tooLarge' when there are more than the element limit. */
  readonly value: NestedNumbers[] | 'tooLarge';
}

/** Deeper than any tensor: such an array is skipped whole. */
const MAX_RANK = 32;
/** jsonc-parser recurses per nesting level; deeper documents (hostile input) are not read at all. */
const MAX_PARSE_DEPTH = 2000;

/** How an array reads as a table: numbers, data (a string, boolean or null inside: no part of it is a literal), or neither. */
type Reading =
  | { readonly kind: 'numbers'; readonly value: NestedNumbers[] }
  | { readonly kind: 'data' }
  | { readonly kind: 'tooDeep' }
  | { readonly kind: 'tooLarge' }
  | { readonly kind: 'other' };

function readTable(node: Node, rank: number, budget: { left: number }): Reading {
  if (rank > MAX_RANK) return { kind: 'tooDeep' };
  const items: NestedNumbers[] = [];
  let other = false;
  for (const child of node.children ?? []) {
    if (child.type === 'number' && typeof child.value === 'number') {
      if (--budget.left < 0) return { kind: 'tooLarge' };
      items.push(child.value);
    } else if (child.type === 'array') {
      const inner = readTable(child, rank + 1, budget);
      if (inner.kind === 'numbers') items.push(inner.value);
      else if (inner.kind === 'other') other = true;
      else return inner;
    } else if (child.type === 'string' || child.type === 'boolean' || child.type === 'null') {
      return { kind: 'data' };
    } else {
      other = true;
    }
  }
  return other ? { kind: 'other' } : { kind: 'numbers', value: items };
}

function propertyName(node: Node): string | undefined {
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return key?.type === 'string' && typeof key.value === 'string' ? key.value : undefined;
}

/** Collects the tables under `node`, in document order; `base` is the offset of the parsed text in the document. */
function collect(node: Node, base: number, maxElements: number, out: JsonTable[]): void {
  if (node.type === 'array') {
    const reading = readTable(node, 1, { left: maxElements });
    const name = propertyName(node);
    const where = {
      start: base + node.offset,
      end: base + node.offset + node.length,
      ...(name !== undefined ? { name } : {}),
    };
    if (reading.kind === 'numbers') return void out.push({ ...where, value: reading.value });
    if (reading.kind === 'tooLarge') return void out.push({ ...where, value: 'tooLarge' });
    if (reading.kind !== 'other') return;
  }
  for (const child of node.children ?? []) collect(child, base, maxElements, out);
}

/** Deepest bracket nesting of the text, found with jsonc-parser's scanner (iterative, so any depth is safe). */
function nestingDepth(src: string): number {
  const scanner = createScanner(src, true);
  let depth = 0;
  let deepest = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBracketToken || token === SyntaxKind.OpenBraceToken)
      deepest = Math.max(deepest, ++depth);
    else if (token === SyntaxKind.CloseBracketToken || token === SyntaxKind.CloseBraceToken)
      depth = Math.max(0, depth - 1);
  }
  return deepest;
}

function skipWhitespace(src: string, i: number): number {
  let j = i;
  while (j < src.length && /\s/.test(src.charAt(j))) j++;
  return j;
}

/** Every number table of a JSON/JSONC document (comments and trailing commas allowed; JSON Lines: each value). */
export function findJsonTables(src: string, maxElements: number): JsonTable[] {
  const tables: JsonTable[] = [];
  if (nestingDepth(src) > MAX_PARSE_DEPTH) return tables;
  let base = 0;
  while (base < src.length) {
    const rest = src.slice(base);
    const errors: ParseError[] = [];
    const root = parseTree(rest, errors, { allowTrailingComma: true, disallowComments: false });
    if (!root) break;
    collect(root, base, maxElements, tables);
    const consumed = root.offset + root.length;
    if (consumed <= 0) break;
    // A second top-level value (JSON Lines, or text after the document) is read the same way.
    base = skipWhitespace(src, base + consumed);
  }
  return tables;
}
