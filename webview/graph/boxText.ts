// The text lines of each graph box and its tooltip: one place, so layout sizes and drawing agree.
import type { VisibleItem } from '../../src/scenes/graphFold';
import * as l10n from '../../src/l10n';

/** 9408 → "9.4K", 1.8e9 → "1.8G": short enough for a box. */
export function compact(n: number): string {
  const unit = (v: number, s: string): string => `${v >= 100 ? Math.round(v) : Number(v.toPrecision(2))}${s}`;
  if (n >= 1e9) return unit(n / 1e9, 'G');
  if (n >= 1e6) return unit(n / 1e6, 'M');
  if (n >= 1e3) return unit(n / 1e3, 'K');
  return String(n);
}

/** "9.4K params · 118M MACs · RF 7", leaving out what is zero or unknown. */
export function statsLine(params: number, macs: number, rf: string | null): string {
  const parts: string[] = [];
  if (params > 0) parts.push(l10n.t('{0} params', compact(params)));
  if (macs > 0) parts.push(l10n.t('{0} MACs', compact(macs)));
  if (rf !== null) parts.push(l10n.t('RF {0}', rf));
  return parts.join(' · ');
}

/** A long message cut into lines of about `width` characters (at most `max` lines, the last one ending in …). */
export function wrap(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length > max) {
    lines.length = max;
    lines[max - 1] = `${lines[max - 1]!.slice(0, width - 1)}…`;
  }
  return lines;
}

/** The lines of a box, first line bold. One line means a small pill (relu, add, cat). */
export function boxLines(item: VisibleItem): string[] {
  if (item.kind === 'run') {
    const r = item.run;
    return [`${r.typeName} ×${r.groups.length}`, r.label, statsLine(r.params, r.macs, item.last.rf)].filter(
      (l) => l !== '',
    );
  }
  if (item.kind === 'group') {
    const g = item.group;
    return [g.path, g.typeName, statsLine(g.params, g.macs, item.last.rf)].filter((l) => l !== '');
  }
  const n = item.node;
  switch (n.kind) {
    case 'input':
      return [n.title, n.shape];
    case 'stop':
      return [n.title, n.detail, ...wrap(n.message ?? '', 40, 4)];
    case 'layer': {
      const type = [n.typeName, n.detail].filter((x) => x).join(' ');
      return [n.title, ...(type !== n.title ? [type] : []), statsLine(n.params, n.macs, n.rf)].filter((l) => l !== '');
    }
    default:
      return [n.detail ? `${n.title} ${n.detail}` : n.title];
  }
}

/** The full description a tooltip, the details bar and a screen reader get. */
export function describeItem(item: VisibleItem): string {
  if (item.kind === 'run')
    return l10n.t(
      '{0} ×{1} ({2}), folded: {3} params, {4} MACs, output {5}. Enter unfolds.',
      item.run.typeName,
      item.run.groups.length,
      item.run.label,
      item.run.params.toLocaleString('en-US'),
      item.run.macs.toLocaleString('en-US'),
      item.last.shape,
    );
  if (item.kind === 'group')
    return l10n.t(
      '{0} ({1}), collapsed: {2} params, {3} MACs, output {4}. Enter opens it.',
      item.group.path,
      item.group.typeName,
      item.group.params.toLocaleString('en-US'),
      item.group.macs.toLocaleString('en-US'),
      item.last.shape,
    );
  const n = item.node;
  if (n.kind === 'stop') return `${n.title} (${n.detail}): ${n.message ?? ''}`;
  const parts = [
    `${n.path || n.title}${n.typeName && n.typeName !== n.title ? ` (${n.typeName}${n.detail ? ` ${n.detail}` : ''})` : ''}`,
  ];
  parts.push(l10n.t('output {0}', n.shape));
  if (n.params > 0) parts.push(l10n.t('{0} params', n.params.toLocaleString('en-US')));
  if (n.macs > 0) parts.push(l10n.t('{0} MACs', n.macs.toLocaleString('en-US')));
  if (n.rf !== null) parts.push(l10n.t('receptive field so far {0} px', n.rf));
  if (n.at) parts.push(l10n.t('line {0}', n.at.line + 1));
  return parts.join(' · ');
}
