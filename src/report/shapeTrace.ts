// The torchinfo-style Markdown table of a traced model, shared by the Show Shape Trace command and the CLI.
import type { TracedModel } from '../analysis/modelTrace';
import { formatCount, formatShape } from './format';
import * as l10n from '../l10n';

/** Where the traced input shape came from, as a phrase. */
function inputOrigin(m: TracedModel): string {
  const line = (m.input.line ?? 0) + 1;
  switch (m.input.source) {
    case 'comment':
      return l10n.t('from the comment on line {0}', line);
    case 'tensor':
      return l10n.t('from the tensor on line {0}', line);
    case 'keras':
      return l10n.t('from input_shape');
    default:
      return l10n.t('from the convlens.defaultInputShape setting');
  }
}

/** Why the trace stopped, if it did. */
function stopLine(m: TracedModel, mark: string): string {
  const e = m.trace.error!;
  return e.unknown ? l10n.t('Trace stopped at layer {0}: {1}', e.layerIndex + 1, e.message) : l10n.t('{0}Shape error at layer {1}: {2}', mark, e.layerIndex + 1, e.message);
}

/** A Markdown table: layer, output shape, params, MACs, receptive field, then totals and any stop reason. */
export function shapeTraceMarkdown(m: TracedModel): string {
  const rows = m.model.layers.map((l, k) => {
    const t = m.trace.layers[k];
    const cells = t ? [formatShape(t.outputShape), formatCount(t.params), formatCount(t.macs), String(t.receptiveField.size)] : ['—', '—', '—', '—'];
    return `| ${k + 1} | \`${l.label.replace(/\|/g, '\\|')}\` | ${cells.join(' | ')} |`;
  });
  const lines = [
    `## ${m.model.name}`,
    '',
    l10n.t('Input {0} ({1})', formatShape(m.input.shape), inputOrigin(m)),
    '',
    `| # | ${l10n.t('Layer')} | ${l10n.t('Output shape')} | ${l10n.t('Params')} | MACs | RF |`,
    '|---:|---|---|---:|---:|---:|',
    ...rows,
    '',
    l10n.t('**Total params:** {0} · **Total MACs:** {1}', formatCount(m.trace.totalParams), formatCount(m.trace.totalMacs)),
  ];
  if (m.trace.error) lines.push('', stopLine(m, '✗ '));
  return lines.join('\n');
}

/** The same trace as a fixed-width text table for terminals (the CLI). */
export function shapeTraceText(m: TracedModel): string {
  const header = ['#', 'Layer', 'Output shape', 'Params', 'MACs', 'RF'];
  const rows = m.model.layers.map((l, k) => {
    const t = m.trace.layers[k];
    const label = l.label.length > 48 ? `${l.label.slice(0, 45)}...` : l.label;
    return [String(k + 1), label, ...(t ? [formatShape(t.outputShape), formatCount(t.params), formatCount(t.macs), String(t.receptiveField.size)] : ['-', '-', '-', '-'])];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]): string => cells.map((x, c) => (c >= 3 ? x.padStart(widths[c]!) : x.padEnd(widths[c]!))).join('  ');
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  const out = [`${m.model.name} (input ${formatShape(m.input.shape)}, from ${m.input.source})`, rule, line(header), rule, ...rows.map(line), rule];
  out.push(`Total params: ${formatCount(m.trace.totalParams)}`, `Total MACs: ${formatCount(m.trace.totalMacs)}`);
  if (m.trace.error) out.push(stopLine(m, ''));
  return out.join('\n');
}
