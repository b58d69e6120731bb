// Words and formulas for one traced layer: the output-size and parameter formulas with the numbers filled in.
import type { TracedLayer } from './convert';
import { spatialOf } from '../engine/trace';
import { formatCount, formatMacs, formatShape } from '../report/format';
import * as l10n from '../l10n';
import type { LayerDemo } from '../scenes/layerDemo';

/** Input shape of a traced layer: the previous layer's output or the model input. */
export function layerInput(t: TracedLayer): readonly number[] {
  return t.index === 0 ? t.model.input.shape : t.model.trace.layers[t.index - 1]?.outputShape ?? [];
}

/** Markdown lines explaining a layer: shapes, formulas, parameters, MACs, receptive field. */
export function explainLayer(t: TracedLayer, documentUri?: string): string[] {
  const lines: string[] = [`**${t.occurrence.label}**`, ''];
  const err = t.model.trace.error;
  if (!t.trace) {
    if (err && err.layerIndex === t.index) lines.push(err.unknown ? `ConvLens cannot trace this layer: ${err.message}` : `✗ **Shape error:** ${err.message}`);
    else lines.push(l10n.t('Not traced: an earlier layer stopped the trace.'));
    return lines;
  }
  const input = layerInput(t);
  const out = t.trace.outputShape;
  lines.push(l10n.t('Output: `{0}` → `{1}`', formatShape(input), formatShape(out)), '');
  const spec = t.occurrence.spec;
  const spatialIn = spatialOf(input, t.model.model.framework);
  const hIn = spatialIn?.h;
  const hOut = spatialOf(out, t.model.model.framework)?.h;
  if ((spec.kind === 'conv2d' || spec.kind === 'maxPool2d' || spec.kind === 'avgPool2d') && typeof spec.padding !== 'string' && hIn !== undefined && hOut !== undefined) {
    const p = typeof spec.padding === 'number' ? spec.padding : spec.padding[0];
    const k = spec.kernel[0];
    const s = spec.stride[0];
    const d = spec.dilation[0];
    const dil = d > 1 ? `${d}·(${k} − 1)` : `(${k} − 1)`;
    lines.push(l10n.t('Output size: ⌊(H + 2P − d(K − 1) − 1) / S⌋ + 1 = ⌊({0} + 2·{1} − {2} − 1) / {3}⌋ + 1 = **{4}**', hIn, p, dil, s, hOut), '');
  }
  if (spec.kind === 'conv2d') {
    const cin = spatialIn!.channels;
    const g = spec.groups > 1 ? `(${cin}/${spec.groups})` : `${cin}`;
    const bias = spec.bias ? ` + ${spec.outChannels}` : '';
    lines.push(l10n.t('Parameters: C_out·C_in·K_h·K_w{0} = {1}·{2}·{3}·{4}{5} = **{6}**', spec.bias ? ' + C_out' : '', spec.outChannels, g, spec.kernel[0], spec.kernel[1], bias, formatCount(t.trace.params)), '');
  } else if (spec.kind === 'linear') {
    const fin = input[input.length - 1]!;
    lines.push(spec.bias
      ? l10n.t('Parameters: in·out + out = {0}·{1} + {1} = **{2}**', fin, spec.outFeatures, formatCount(t.trace.params))
      : l10n.t('Parameters: in·out = {0}·{1} = **{2}**', fin, spec.outFeatures, formatCount(t.trace.params)), '');
  } else if (t.trace.params > 0) {
    lines.push(l10n.t('Parameters: **{0}**', formatCount(t.trace.params)), '');
  }
  if (t.trace.macs > 0) lines.push(l10n.t('MACs: {0} ({1})', formatCount(t.trace.macs), formatMacs(t.trace.macs)), '');
  lines.push(l10n.t('Receptive field so far: {0}×{0} input pixels (jump {1})', t.trace.receptiveField.size, t.trace.receptiveField.jump));
  const links = documentUri ? panelLinks(t, documentUri, spatialIn?.channels, hOut) : undefined;
  if (links) lines.push('', links);
  return lines;
}

/** The layer as a demo a panel can animate, when it is a square conv, pooling or transposed conv with numeric padding. */
function layerDemo(t: TracedLayer): LayerDemo | undefined {
  const spec = t.occurrence.spec;
  const label = t.occurrence.label.length > 60 ? `${t.occurrence.label.slice(0, 57)}...` : t.occurrence.label;
  if (spec.kind !== 'conv2d' && spec.kind !== 'maxPool2d' && spec.kind !== 'avgPool2d' && spec.kind !== 'convTranspose2d') return undefined;
  if (typeof spec.padding === 'string' || spec.kernel[0] !== spec.kernel[1] || spec.stride[0] !== spec.stride[1]) return undefined;
  const padding = typeof spec.padding === 'number' ? spec.padding : spec.padding[0] === spec.padding[1] ? spec.padding[0] : undefined;
  if (padding === undefined) return undefined;
  const common = { label, kernel: spec.kernel[0], stride: spec.stride[0], padding };
  if (spec.kind === 'conv2d') return { kind: 'conv', ...common, dilation: spec.dilation[0] };
  if (spec.kind === 'convTranspose2d') return { kind: 'transposed', ...common, outputPadding: spec.outputPadding[0] };
  return { kind: 'pool', ...common, mode: spec.kind === 'maxPool2d' ? 'max' : 'avg', ceilMode: spec.ceilMode };
}

/** Commands a layer hover may run (MarkdownString.isTrusted). */
export const LAYER_HOVER_COMMANDS = ['convlens.animateLayer', 'convlens.openSeparableComparison', 'convlens.openReceptiveField'];

/** Links a layer's hover offers: animate it on a demo input; for a conv, its depthwise-separable comparison and the model's receptive field. */
function panelLinks(t: TracedLayer, documentUri: string, inChannels: number | undefined, size: number | undefined): string | undefined {
  const spec = t.occurrence.spec;
  // encodeURIComponent leaves ( and ) alone, and a ) would end the Markdown link early (labels hold calls).
  const encode = (args: unknown): string => encodeURIComponent(JSON.stringify([args])).replace(/\(/g, '%28').replace(/\)/g, '%29');
  const link = (title: string, command: string, args: unknown): string => `[${title}](command:${command}?${encode(args)})`;
  const demo = layerDemo(t);
  const links = demo ? [link(l10n.t('Animate this layer'), 'convlens.animateLayer', demo)] : [];
  if (spec.kind === 'conv2d' && inChannels !== undefined && size !== undefined) {
    if (spec.groups === 1 && spec.kernel[0] > 1) links.push(link(l10n.t('Compare with depthwise-separable'), 'convlens.openSeparableComparison', { inChannels, outChannels: spec.outChannels, kernel: spec.kernel[0], size }));
    links.push(link(l10n.t('Receptive field'), 'convlens.openReceptiveField', { uri: documentUri, model: t.modelIndex }));
  }
  return links.length ? links.join(' · ') : undefined;
}

/** The inlay label after a layer: "→ 1×6×28×28 · 456 params". */
export function layerHint(t: TracedLayer): string | undefined {
  if (!t.trace) return undefined;
  const params = t.trace.params > 0 ? ` · ${formatCount(t.trace.params)} params` : '';
  return `→ ${formatShape(t.trace.outputShape)}${params}`;
}
