// The torchinfo-style Markdown table of a traced model, shared by the Show Shape Trace command and the CLI.
import type { TracedModel } from '../analysis/modelTrace';
import { formatCount, formatShape } from './format';

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
    `Input ${formatShape(m.input.shape)} (${m.input.source === 'comment' ? `from the comment on line ${(m.input.line ?? 0) + 1}` : m.input.source === 'tensor' ? `from the tensor on line ${(m.input.line ?? 0) + 1}` : m.input.source === 'keras' ? 'from input_shape' : 'from the convlens.defaultInputShape setting'})`,
    '',
    '| # | Layer | Output shape | Params | MACs | RF |',
    '|---:|---|---|---:|---:|---:|',
    ...rows,
    '',
    `**Total params:** ${formatCount(m.trace.totalParams)} · **Total MACs:** ${formatCount(m.trace.totalMacs)}`,
  ];
  if (m.trace.error) lines.push('', `${m.trace.error.unknown ? 'Trace stopped' : '✗ Shape error'} at layer ${m.trace.error.layerIndex + 1}: ${m.trace.error.message}`);
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
  if (m.trace.error) out.push(`${m.trace.error.unknown ? 'Trace stopped' : 'Shape error'} at layer ${m.trace.error.layerIndex + 1}: ${m.trace.error.message}`);
  return out.join('\n');
}
