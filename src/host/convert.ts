// Conversions between analysis results (plain positions) and VS Code types, plus lookups providers share.
import * as vscode from 'vscode';
import type { NumericLiteral, SourceRange } from '../analysis/literals';
import type { GraphModel } from '../analysis/graphTrace';
import { layerSites, windowOf, type LayerSite } from '../analysis/graphLayers';
import type { SlidingWindow } from '../engine/layers/layerTypes';
import type { Matrix } from '../protocol';

/** An analysis range as a VS Code range. */
export function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Is the position inside the range (ends included, like vscode.Range.contains)? */
export function containsPosition(r: SourceRange, p: { readonly line: number; readonly character: number }): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  return !(p.line === r.end.line && p.character > r.end.character);
}

/** A 2-D literal as a matrix (higher ranks use their last two dimensions' first plane). */
export function literalMatrix(l: NumericLiteral): Matrix | undefined {
  if (l.shape.length < 2) return undefined;
  const rows = l.shape[l.shape.length - 2]!;
  const cols = l.shape[l.shape.length - 1]!;
  return { rows, cols, data: l.data.slice(0, rows * cols) };
}

/** Every plane of a literal: rank 3 (C, H, W) or rank 4 (N=1, C, H, W / C_out, C_in, K, K) stacks its leading dims as depth. */
export function literalPlanes(l: NumericLiteral): Matrix | undefined {
  const m = literalMatrix(l);
  if (!m || l.shape.length < 3) return m;
  const depth = l.data.length / (m.rows * m.cols);
  return depth > 1 ? { rows: m.rows, cols: m.cols, depth, data: [...l.data] } : m;
}

/** Planes per filter of a kernel literal: C_in of a 4-D (C_out, C_in, K, K) weight, the depth of a 3-D one, else 1. */
export function planesPerFilter(l: NumericLiteral): number {
  if (l.shape.length >= 4) return l.shape[l.shape.length - 3]!;
  return l.shape.length === 3 ? l.shape[0]! : 1;
}

const KERNEL_NAMES =
  /^(?:k|w|kernel|kernels|weight|weights|filter|filters|sobel\w*|gauss\w*|laplac\w*|edge\w*|blur\w*|sharpen\w*|\w*_kernel|\w*_filter)$/i;

/** Does the literal's name suggest a kernel (kernel, k, w, filter, sobel …)? */
export function looksLikeKernel(l: NumericLiteral): boolean {
  return l.name !== undefined && KERNEL_NAMES.test(l.name);
}

/** The traced conv layer whose constructor holds `position`, with its window (what the calculator and the separable panel start from). */
export function convLayerAt(
  models: readonly GraphModel[],
  position: { readonly line: number; readonly character: number },
): (LayerSite & { readonly window: SlidingWindow }) | undefined {
  for (const site of layerSites(models)) {
    const window = windowOf(site.node);
    if (window?.op === 'conv' && containsPosition(site.definedAt, position)) return { ...site, window };
  }
  return undefined;
}
