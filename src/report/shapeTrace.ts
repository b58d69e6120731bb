// The torchinfo-like nested summary of a traced model as Markdown (the editor), fixed-width text (the CLI) and CSV.
import type { GraphModel } from '../analysis/graphTrace';
import { formatCount, formatShape } from './format';
import { estimateMemory, formatBytes } from './memory';
import { summarize, type SummaryRow } from './summary';
import * as l10n from '../l10n';

/** Options of every summary format. */
export interface TraceFormatOptions {
  /** Nesting depth (Infinity: every layer). */
  readonly depth?: number;
  /** Batch of the training memory estimate (the traced batch when absent). */
  readonly trainingBatch?: number;
}

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

/** A row's label: the module path and class ("layer1.0 (BasicBlock)"), or the op ("add"). */
function rowLabel(r: SummaryRow): string {
  return r.path ? `${r.path} (${r.typeName})` : r.typeName;
}

/** Params as torchinfo writes them: "(n)" when none of them train, "(recursive)" for a module already counted. */
function paramsCell(r: SummaryRow): string {
  if (r.recursive) return l10n.t('(recursive)');
  if (r.kind === 'op') return '';
  if (r.params === null) return '?';
  if (r.params === 0) return r.kind === 'block' ? '' : '0';
  const n = formatCount(r.params);
  return r.nonTrainable !== null && r.nonTrainable === r.params ? `(${n})` : n;
}

function rfCell(r: SummaryRow): string {
  const f = r.receptiveField;
  return f.rows.size === f.cols.size ? String(f.rows.size) : `${f.rows.size}×${f.cols.size}`;
}

/** The cells of one row, in column order (# and label apart). */
function cells(r: SummaryRow): string[] {
  return [
    r.inputShape ? formatShape(r.inputShape) : '',
    formatShape(r.outputShape) + (r.folded ? ' …' : ''),
    paramsCell(r),
    r.macs ? formatCount(r.macs) : '',
    rfCell(r),
    r.activationBytes ? formatBytes(r.activationBytes) : '',
  ];
}

function headers(): string[] {
  return [
    l10n.t('Layer'),
    l10n.t('Input shape'),
    l10n.t('Output shape'),
    l10n.t('Params'),
    'MACs',
    'RF',
    l10n.t('Activations'),
  ];
}

/** "Total MACs" only when the trace covered the whole model; what was counted before a stop is called so. */
function macsLine(m: GraphModel): string {
  if (m.complete) return l10n.t('Total MACs: {0}', formatCount(m.macs));
  if (m.nodes.length === 0) return l10n.t('Total MACs: not known (the trace stopped before the first layer)');
  return l10n.t('MACs up to the stop: {0} (the total is not known)', formatCount(m.macs));
}

/** The totals under the table: parameters (trainable or not), MACs, torchinfo's sizes and the memory estimate. */
export function totalLines(m: GraphModel, options: TraceFormatOptions = {}): string[] {
  const p = m.params;
  const count = (n: number | null): string => (n === null ? '?' : formatCount(n));
  const out = [
    l10n.t('Total params: {0}', count(p.total)),
    l10n.t('Trainable params: {0}', count(p.trainable)),
    l10n.t('Non-trainable params: {0}', p.trainable === null ? '?' : formatCount(p.nonTrainable)),
  ];
  if (p.usedInForward !== null && p.total !== null && p.usedInForward !== p.total)
    out.push(
      l10n.t(
        'Used in forward: {0} of them; never called: {1}',
        formatCount(p.usedInForward),
        m.unusedModules.join(', ') || '—',
      ),
    );
  out.push(macsLine(m));
  if (m.nodes.length === 0) return out;
  const fp32 = estimateMemory(m, { precision: 'float32' });
  const partial = m.complete ? '' : l10n.t(' (up to the stop)');
  const ti = fp32.torchinfo;
  if (ti)
    out.push(
      l10n.t(
        "torchinfo's sizes (float32, batch {0}): input {1}, forward/backward pass {2}{3}, params {4}, estimated total {5}",
        fp32.batch,
        formatBytes(ti.inputBytes),
        formatBytes(ti.forwardBackwardBytes),
        partial,
        formatBytes(ti.paramsBytes),
        formatBytes(ti.totalBytes),
      ),
    );
  for (const [label, batch] of [
    ['inference', fp32.tracedBatch],
    ['training', options.trainingBatch ?? fp32.tracedBatch],
  ] as const) {
    const parts = (['float32', 'float16'] as const).map((precision) => {
      const e = estimateMemory(m, { precision, batch });
      const total = label === 'inference' ? e.inferenceBytes : e.trainingBytes;
      return l10n.t('{0} {1}', precision, total === null ? '?' : formatBytes(total));
    });
    const e = estimateMemory(m, { precision: 'float32', batch });
    out.push(
      label === 'inference'
        ? l10n.t(
            'Memory, inference at batch {0}: {1} (float32: params {2} + activations at their peak {3}){4}',
            batch,
            parts.join(' · '),
            e.paramBytes === null ? '?' : formatBytes(e.paramBytes),
            formatBytes(e.inferenceActivationBytes),
            partial,
          )
        : l10n.t(
            'Memory, training at batch {0}: {1} (float32: params {2} + gradients {3} + activations kept for backward {4}; optimizer state not included){5}',
            batch,
            parts.join(' · '),
            e.paramBytes === null ? '?' : formatBytes(e.paramBytes),
            e.gradientBytes === null ? '?' : formatBytes(e.gradientBytes),
            formatBytes(e.trainingActivationBytes),
            partial,
          ),
    );
  }
  return out;
}

function indent(r: SummaryRow, unit: string): string {
  return r.depth > 1 ? `${unit.repeat(r.depth - 2)}└─` : '';
}

/** A Markdown table down to `depth`: layer, input and output shape, params, MACs, receptive field, activations; totals. */
export function shapeTraceMarkdown(m: GraphModel, options: TraceFormatOptions = {}): string {
  const depth = options.depth ?? Infinity;
  const { rows } = summarize(m, { depth });
  const body = rows.map((r, k) => {
    const label = `${indent(r, '\u00a0\u00a0')}\`${rowLabel(r).replace(/\|/g, '\\|')}\``;
    return `| ${k + 1} | ${label} | ${cells(r).join(' | ')} |`;
  });
  const lines = [
    `## ${m.name}`,
    '',
    l10n.t('Input {0} ({1})', formatShape(m.input.shape), inputOrigin(m)),
    '',
    `| # | ${headers().join(' | ')} |`,
    '|---:|---|---|---|---:|---:|---:|---:|',
    ...body,
    '',
    ...totalLines(m, options).map((l) => `- ${l}`),
  ];
  const stop = stopLine(m, '✗ ');
  if (stop) lines.push('', stop);
  for (const n of m.notes) lines.push('', `> ${n}`);
  return lines.join('\n');
}

/** The same summary as a fixed-width text table for terminals (the CLI). */
export function shapeTraceText(m: GraphModel, options: TraceFormatOptions = {}): string {
  const depth = options.depth ?? Infinity;
  const { rows } = summarize(m, { depth });
  const header = ['#', ...headers()];
  const table = rows.map((r, k) => {
    const label = `${indent(r, '  ')}${rowLabel(r)}`;
    return [String(k + 1), label.length > 60 ? `${label.slice(0, 57)}...` : label, ...cells(r)];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((r) => r[c]!.length)));
  const line = (row: string[]): string =>
    row
      .map((x, c) => (c >= 4 ? x.padStart(widths[c]!) : x.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  const out = [
    l10n.t('{0} (input {1}, {2})', m.name, formatShape(m.input.shape), inputOrigin(m)),
    rule,
    line(header),
    rule,
    ...table.map(line),
    rule,
    ...totalLines(m, options),
  ];
  if (m.output) out.push(l10n.t('Output: {0}', formatShape(m.output)));
  const stop = stopLine(m, '');
  if (stop) out.push(stop);
  for (const n of m.notes) out.push(l10n.t('note: {0}', n));
  return out.join('\n');
}

/** A CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180). */
function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV (one header line, one line per row, numbers without separators; several models one after another). */
export function shapeTraceCsv(models: readonly GraphModel[], options: TraceFormatOptions = {}): string {
  const depth = options.depth ?? Infinity;
  const lines = [
    [
      'model',
      'row',
      'depth',
      'kind',
      'path',
      'type',
      'line',
      'input_shape',
      'output_shape',
      'params',
      'non_trainable_params',
      'macs',
      'rf_rows',
      'rf_cols',
      'activation_bytes_float32',
    ].join(','),
  ];
  for (const m of models) {
    summarize(m, { depth }).rows.forEach((r, k) => {
      lines.push(
        [
          m.name,
          k + 1,
          r.depth,
          r.kind,
          r.path,
          r.typeName,
          r.line + 1,
          r.inputShape ? r.inputShape.join('x') : '',
          r.outputShape.join('x'),
          r.recursive ? 0 : (r.params ?? ''),
          r.recursive ? 0 : (r.nonTrainable ?? ''),
          r.macs,
          r.receptiveField.rows.size,
          r.receptiveField.cols.size,
          r.activationBytes,
        ]
          .map(csvField)
          .join(','),
      );
    });
  }
  return `${lines.join('\n')}\n`;
}
