// Hovers on literals (shape, values, a heatmap, the convolution with a paired kernel) and on layers (formulas, shapes).
import * as vscode from 'vscode';
import type { LiteralResult, NumericLiteral } from '../analysis/literals';
import { conv2d } from '../engine/conv';
import { tensor } from '../engine/tensor';
import { layerSites } from '../analysis/graphLayers';
import { containsPosition, literalMatrix, looksLikeKernel, toRange } from './convert';
import type { AnalysisCache } from './documentAnalysis';
import { describeShape, formatValue } from '../report/format';
import { heatmapDataUri } from './heatmap';
import { explainLayer, LAYER_HOVER_COMMANDS } from './layerExplain';
import { guarded, type Logger } from './logger';
import type { Matrix } from '../protocol';
import * as l10n from '../l10n';

const MAX_TABLE = 12;

/** A Markdown table of a matrix, or undefined when it is too large to read in a hover. */
export function markdownTable(m: Matrix): string | undefined {
  if (m.rows > MAX_TABLE || m.cols > MAX_TABLE) return undefined;
  const header = `|${' |'.repeat(m.cols)}\n|${'---:|'.repeat(m.cols)}`;
  const rows: string[] = [];
  for (let r = 0; r < m.rows; r++)
    rows.push(
      `|${m.data
        .slice(r * m.cols, (r + 1) * m.cols)
        .map(formatValue)
        .join('|')}|`,
    );
  return `${header}\n${rows.join('\n')}`;
}

/** Provides hovers from the cached analysis. */
export class ConvLensHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly cache: AnalysisCache,
    private readonly log: Logger,
  ) {}

  provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): vscode.Hover | undefined {
    return guarded(this.log, 'hover', undefined, () => {
      const analysis = this.cache.get(document);
      if (token.isCancellationRequested) return undefined;
      // Plain position comparisons: a hover must not allocate a Range per literal and layer of a long file.
      const literal = analysis.literals.find((l) => containsPosition(l.range, position));
      if (literal) {
        const range = toRange(literal.range);
        if (!literal.ok)
          return new vscode.Hover(new vscode.MarkdownString(l10n.t('**ConvLens** ✗ {0}', literal.message)), range);
        return new vscode.Hover(this.literalHover(literal, analysis.literals), range);
      }
      // The innermost layer constructor under the cursor (a Sequential's layers sit inside its own call).
      const site = layerSites(analysis.models)
        .filter((s) => containsPosition(s.definedAt, position))
        .pop();
      if (site) {
        const range = toRange(site.definedAt);
        const label = document.getText(range).replace(/\s+/g, ' ');
        const md = new vscode.MarkdownString(explainLayer(site, label, document.uri.toString()).join('\n'));
        md.isTrusted = { enabledCommands: LAYER_HOVER_COMMANDS };
        return new vscode.Hover(md, range);
      }
      // Where a trace stopped on something it cannot know, the hover says so (errors are diagnostics instead).
      const stopped = analysis.models.find(
        (m) => m.stop?.kind === 'unknown' && containsPosition(m.stop.range, position),
      );
      if (stopped?.stop)
        return new vscode.Hover(
          new vscode.MarkdownString(
            l10n.t('**ConvLens** · the trace of {0} stops here: {1}', stopped.name, stopped.stop.message),
          ),
          toRange(stopped.stop.range),
        );
      return undefined;
    });
  }

  private literalHover(l: NumericLiteral, all: readonly LiteralResult[]): vscode.MarkdownString {
    const md = new vscode.MarkdownString();
    md.supportHtml = false;
    md.appendMarkdown(`**ConvLens** · ${l.name ? `\`${l.name}\` · ` : ''}${describeShape(l.shape)}\n\n`);
    const m = literalMatrix(l);
    if (!m) return md;
    md.appendMarkdown(`![heatmap](${heatmapDataUri(m)})\n\n`);
    const table = markdownTable(m);
    if (table) md.appendMarkdown(`${table}\n\n`);
    // Pair an image with a kernel-named literal (or a kernel with the image) and show their convolution.
    const others = all.filter((o): o is NumericLiteral => o.ok && o !== l && o.shape.length >= 2);
    const kernel = looksLikeKernel(l) ? undefined : others.find(looksLikeKernel);
    if (kernel) {
      const km = literalMatrix(kernel)!;
      try {
        const y = conv2d(tensor([1, 1, m.rows, m.cols], m.data), tensor([1, 1, km.rows, km.cols], km.data));
        const out = { rows: y.shape[2]!, cols: y.shape[3]!, data: Array.from(y.data) };
        const outTable = markdownTable(out);
        md.appendMarkdown(
          l10n.t(
            '**conv2d with `{0}`** (stride 1, no padding) → {1}×{2}\n\n{3}\n',
            kernel.name ?? 'kernel',
            out.rows,
            out.cols,
            outTable ?? '',
          ),
        );
      } catch (e) {
        md.appendMarkdown(l10n.t('conv2d with `{0}`: {1}\n', kernel.name ?? 'kernel', (e as Error).message));
      }
    }
    return md;
  }
}
