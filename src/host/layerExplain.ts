// Words and formulas for one traced layer: its registry definition's formulas with the numbers filled in, and panel links.
import { nodeInput, windowOf, type LayerSite } from '../analysis/graphLayers';
import type { SlidingWindow } from '../engine/layers/layerTypes';
import { spatialOf, windowPadding } from '../engine/layout';
import { formatCount, formatMacs, formatShape } from '../report/format';
import * as l10n from '../l10n';
import type { LayerDemo } from '../scenes/layerDemo';

/** The receptive field of a node, "11×11" (rows×columns). */
function fieldText(site: LayerSite): string {
  const rf = site.node.receptiveField;
  return `${rf.rows.size}×${rf.cols.size}`;
}

/** Markdown lines explaining a layer: shapes, the definition's formulas, parameters, MACs, receptive field, panel links. */
export function explainLayer(site: LayerSite, label: string, documentUri?: string): string[] {
  const { node, model } = site;
  const title = node.path ? `**${node.path}** · \`${label}\`` : `**${label}**`;
  const lines: string[] = [title, ''];
  const input = nodeInput(node);
  lines.push(l10n.t('Output: `{0}` → `{1}`', formatShape(input), formatShape(node.outputShape)), '');
  if (site.calls > 1)
    lines.push(l10n.t('Called {0} times in {1}; the first call is shown.', site.calls, model.name), '');
  const layer = node.layer;
  const formulas = layer?.definition.explain?.(layer.attrs, input, node.outputShape, layer.framework) ?? [];
  for (const f of formulas) lines.push(f, '');
  if (formulas.length === 0 && node.params > 0) lines.push(l10n.t('Parameters: **{0}**', formatCount(node.params)), '');
  if (node.macs > 0) lines.push(l10n.t('MACs: {0} ({1})', formatCount(node.macs), formatMacs(node.macs)), '');
  const rf = node.receptiveField;
  lines.push(l10n.t('Receptive field so far: {0} input pixels (jump {1})', fieldText(site), rf.rows.jump));
  const links = documentUri ? panelLinks(site, label, documentUri) : undefined;
  if (links) lines.push('', links);
  return lines;
}

/** The layer as a demo a panel can animate: a square 2-D conv, pooling or transposed conv with its padding. */
function layerDemo(site: LayerSite, label: string, window: SlidingWindow): LayerDemo | undefined {
  const { node, model } = site;
  const short = label.length > 60 ? `${label.slice(0, 57)}...` : label;
  if (window.kernel[0] !== window.kernel[1] || window.stride[0] !== window.stride[1]) return undefined;
  const input = spatialOf(nodeInput(node), model.framework);
  const output = spatialOf(node.outputShape, model.framework);
  if (!input || !output) return undefined;
  if (window.op === 'convTranspose' && typeof window.padding === 'string') return undefined;
  const [padRows, padCols] = windowPadding(window, model.framework, input.h, input.w);
  if (padRows !== padCols) return undefined;
  const common = { label: short, kernel: window.kernel[0], stride: window.stride[0], padding: padRows };
  if (window.op === 'conv') return { kind: 'conv', ...common, dilation: window.dilation[0] };
  if (window.op === 'convTranspose') {
    // output = (in − 1)·S − 2P + d(K − 1) + output_padding + 1, so the extra rows are what the trace adds beyond that.
    const outputPadding =
      output.h - ((input.h - 1) * window.stride[0] - 2 * padRows + window.dilation[0] * (window.kernel[0] - 1) + 1);
    return outputPadding >= 0 ? { kind: 'transposed', ...common, outputPadding } : undefined;
  }
  return { kind: 'pool', ...common, mode: window.op === 'maxPool' ? 'max' : 'avg', ceilMode: window.ceilMode === true };
}

/** Commands a layer hover may run (MarkdownString.isTrusted). */
export const LAYER_HOVER_COMMANDS = [
  'convlens.animateLayer',
  'convlens.openSeparableComparison',
  'convlens.openReceptiveField',
];

/** Links a layer's hover offers: animate it on a demo input; for a conv, its depthwise-separable comparison and the model's receptive field. */
function panelLinks(site: LayerSite, label: string, documentUri: string): string | undefined {
  const window = windowOf(site.node);
  if (!window) return undefined;
  // encodeURIComponent leaves ( and ) alone, and a ) would end the Markdown link early (labels hold calls).
  const encode = (args: unknown): string =>
    encodeURIComponent(JSON.stringify([args]))
      .replace(/\(/g, '%28')
      .replace(/\)/g, '%29');
  const link = (title: string, command: string, args: unknown): string =>
    `[${title}](command:${command}?${encode(args)})`;
  const demo = layerDemo(site, label, window);
  const links = demo ? [link(l10n.t('Animate this layer'), 'convlens.animateLayer', demo)] : [];
  const input = spatialOf(nodeInput(site.node), site.model.framework);
  const output = spatialOf(site.node.outputShape, site.model.framework);
  if (window.op === 'conv' && input && output) {
    if (window.groups === 1 && window.kernel[0] > 1) {
      links.push(
        link(l10n.t('Compare with depthwise-separable'), 'convlens.openSeparableComparison', {
          inChannels: input.channels,
          outChannels: output.channels,
          kernel: window.kernel[0],
          size: output.h,
        }),
      );
    }
    links.push(
      link(l10n.t('Receptive field'), 'convlens.openReceptiveField', { uri: documentUri, model: site.modelIndex }),
    );
  }
  return links.length ? links.join(' · ') : undefined;
}

/** The inlay label after a layer's definition: "→ 1×6×28×28 · 456 params", and "×N" when it is called N times. */
export function layerHint(site: LayerSite): string {
  const params = site.node.params > 0 ? ` · ${l10n.t('{0} params', formatCount(site.node.params))}` : '';
  const times = site.calls > 1 ? ` ×${site.calls}` : '';
  return `→ ${formatShape(site.node.outputShape)}${params}${times}`;
}
