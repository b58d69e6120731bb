// The torchinfo-style summary of a traced model (Markdown for the editor, fixed-width text for the CLI), shared by both.
import type { GraphModel, TracedNode } from '../analysis/graphTrace';
import { formatCount, formatShape } from './format';
import * as l10n from '../l10n';

/** Where the traced input shape came from, as a phrase. */
export function inputOrigin(m: GraphModel): string {
  const line = (m.input.line ?? 0) + 1;
  switch (m.input.source) {
    case 'option':
      return l10n.t('given on the command line');
    case 'comment':
      return l10n.t('from the comment on line {0}', line);
    case 'tensor':
      return l10n.t('from the tensor on line {0}', line);
    case 'declared':
      return l10n.t("from the model's declared input");
    case 'firstLayer':
      return l10n.t('channels from the first layer, size from the convlens.defaultInputShape setting');
    default:
      return l10n.t('from the convlens.defaultInputShape setting');
  }
}

/** Why the trace stopped, if it did. */
export function stopLine(m: GraphModel, mark: string): string | undefined {
  const s = m.stop;
  if (!s) return undefined;
  return s.kind === 'unknown'
    ? l10n.t('Trace stopped at line {0}: {1}', s.range.start.line + 1, s.message)
    : l10n.t('{0}Shape error at line {1}: {2}', mark, s.range.start.line + 1, s.message);
}

/** The rows a summary shows: the model's nodes up to `depth` levels of module nesting (deeper calls fold into their block). */
export function summaryRows(m: GraphModel, depth = Infinity): { label: string; node: TracedNode; depth: number }[] {
  return m.nodes
    .filter((n) => n.op !== 'reshape' || n.path !== '')
    .map((n) => ({
      label: n.path ? `${n.path} (${n.typeName})` : n.typeName,
      node: n,
      depth: n.path ? n.path.split('.').length : 0,
    }))
    .filter((r) => r.depth <= depth || depth === Infinity);
}

function totals(m: GraphModel): string[] {
  const out = [
    l10n.t(
      '**Total params:** {0} · **Total MACs:** {1}',
      m.params.total === null ? '?' : formatCount(m.params.total),
      formatCount(m.macs),
    ),
  ];
  if (m.params.usedInForward !== null && m.params.total !== null && m.params.usedInForward !== m.params.total) {
    out.push(
      l10n.t(
        'Used in forward: {0} of them; never called: {1}',
        formatCount(m.params.usedInForward),
        m.unusedModules.join(', ') || '—',
      ),
    );
  }
  if (m.params.nonTrainable > 0) out.push(l10n.t('Non-trainable params: {0}', formatCount(m.params.nonTrainable)));
  return out;
}

/** A Markdown table: layer, output shape, params, MACs, receptive field, then totals and any stop reason. */
export function shapeTraceMarkdown(m: GraphModel): string {
  const rows = summaryRows(m).map(({ label, node }, k) => {
    const cells = [
      formatShape(node.outputShape),
      node.op === 'layer' ? formatCount(node.params) : '',
      node.macs ? formatCount(node.macs) : '',
      `${node.receptiveField.rows.size}×${node.receptiveField.cols.size}`,
    ];
    return `| ${k + 1} | \`${label.replace(/\|/g, '\\|')}\` | ${cells.join(' | ')} |`;
  });
  const lines = [
    `## ${m.name}`,
    '',
    l10n.t('Input {0} ({1})', formatShape(m.input.shape), inputOrigin(m)),
    '',
    `| # | ${l10n.t('Layer')} | ${l10n.t('Output shape')} | ${l10n.t('Params')} | MACs | RF |`,
    '|---:|---|---|---:|---:|---:|',
    ...rows,
    '',
    ...totals(m),
  ];
  const stop = stopLine(m, '✗ ');
  if (stop) lines.push('', stop);
  for (const n of m.notes) lines.push('', `> ${n}`);
  return lines.join('\n');
}

/** The same summary as a fixed-width text table for terminals (the CLI). */
export function shapeTraceText(m: GraphModel): string {
  const header = ['#', 'Layer', 'Output shape', 'Params', 'MACs', 'RF'];
  const rows = summaryRows(m).map(({ label, node }, k) => {
    const short = label.length > 52 ? `${label.slice(0, 49)}...` : label;
    return [
      String(k + 1),
      short,
      formatShape(node.outputShape),
      node.op === 'layer' ? formatCount(node.params) : '',
      node.macs ? formatCount(node.macs) : '',
      `${node.receptiveField.rows.size}`,
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]): string =>
    cells.map((x, c) => (c >= 3 ? x.padStart(widths[c]!) : x.padEnd(widths[c]!))).join('  ');
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  const out = [
    `${m.name} (input ${formatShape(m.input.shape)}, ${inputOrigin(m)})`,
    rule,
    line(header),
    rule,
    ...rows.map(line),
    rule,
  ];
  out.push(
    `Total params: ${m.params.total === null ? '?' : formatCount(m.params.total)}`,
    `Total MACs: ${formatCount(m.macs)}`,
  );
  if (m.output) out.push(`Output: ${formatShape(m.output)}`);
  const stop = stopLine(m, '');
  if (stop) out.push(stop);
  for (const n of m.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
