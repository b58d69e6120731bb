// Commands for the panels that are not about one literal: depthwise-separable cost, receptive field, export, present mode.
import * as vscode from 'vscode';
import { spatialOf } from '../engine/layout';
import { nodeInput } from '../analysis/graphLayers';
import type { SeparableSettings } from '../contract/viewModels';
import type { ExportFormat } from '../protocol';
import { layerDemoRequest, type LayerDemo } from '../scenes/layerDemo';
import { modelRfStack } from '../scenes/receptiveFieldScene';
import { convLayerAt } from './convert';
import type { AnalysisCache } from './documentAnalysis';
import type { Logger } from './logger';
import { AnimationPanel, PANEL_KINDS } from './panels/animationPanel';
import { GraphPanel } from './panels/graphPanel';
import * as l10n from '../l10n';

/** What these commands need from the extension. */
export interface PanelCommandContext {
  readonly extensionUri: vscode.Uri;
  readonly cache: AnalysisCache;
  readonly log: Logger;
}

/** The conv layer under the cursor as separable-panel settings (C_in, C_out, K, H from its traced input). */
function separableSettingsAtCursor(ctx: PanelCommandContext): SeparableSettings | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const t = convLayerAt(ctx.cache.get(editor.document).models, editor.selection.active);
  const input = t && spatialOf(nodeInput(t.node), t.model.framework);
  const output = t && spatialOf(t.node.outputShape, t.model.framework);
  if (!t || !input || !output) return undefined;
  return { inChannels: input.channels, outChannels: output.channels, kernel: t.window.kernel[0], size: output.h };
}

/** ConvLens: Compare Depthwise-Separable vs Standard — for the conv layer under the cursor, or the tutorial's 3×3, 32→64. */
export function openSeparableComparison(ctx: PanelCommandContext, settings?: SeparableSettings): AnimationPanel {
  const fallback = PANEL_KINDS.separable.fallback;
  const chosen = settings ?? separableSettingsAtCursor(ctx);
  if (!chosen || fallback.kind !== 'separable') return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, fallback);
  return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, {
    kind: 'separable',
    title: l10n.t(
      '{0}×{0} conv, {1} → {2}: depthwise-separable vs standard',
      chosen.kernel,
      chosen.inChannels,
      chosen.outChannels,
    ),
    settings: chosen,
  });
}

/** Arguments a model CodeLens passes. */
export interface ModelArgs {
  readonly uri?: string;
  readonly model?: number;
}

/** ConvLens: Show Receptive Field — the model at the lens (or the first in the file), else two 3×3 vs one 5×5. */
export async function openReceptiveField(ctx: PanelCommandContext, args?: ModelArgs): Promise<AnimationPanel> {
  const document = args?.uri
    ? await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri))
    : vscode.window.activeTextEditor?.document;
  const model = document ? ctx.cache.get(document).models[args?.model ?? 0] : undefined;
  const fromModel = model ? modelRfStack(model) : undefined;
  const fallback = PANEL_KINDS.receptiveField.fallback;
  if (!fromModel || fallback.kind !== 'receptiveField') {
    if (model)
      void vscode.window.showInformationMessage(
        l10n.t('ConvLens: {0} has no traced conv or pooling layers; showing two 3×3 vs one 5×5 instead.', model.name),
      );
    return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, fallback);
  }
  // The centre unit of the last spatial layer: its field is the one least cut off by the border.
  const centre = Math.floor((fromModel.outputSize - 1) / 2);
  return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, {
    kind: 'receptiveField',
    title: l10n.t('Receptive field of {0}', fromModel.stack.name),
    inputSize: fromModel.inputSize,
    stacks: [fromModel.stack],
    unit: { row: centre, col: centre },
  });
}

/** ConvLens: Show Model Graph — the model at the lens, else the one around the cursor (or the first) of the active file. */
export async function openModelGraph(ctx: PanelCommandContext, args?: ModelArgs): Promise<GraphPanel | undefined> {
  const editor = vscode.window.activeTextEditor;
  const document = args?.uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri)) : editor?.document;
  const models = document ? ctx.cache.get(document).models : [];
  if (!document || models.length === 0) {
    void vscode.window.showInformationMessage(l10n.t('ConvLens: open a Python file with a model to see its graph.'));
    return undefined;
  }
  let model = args?.model;
  if (model === undefined && editor?.document === document) {
    // The model whose definition line is the last one above the cursor, else the first.
    const line = editor.selection.active.line;
    let best = -1;
    models.forEach((m, i) => {
      if (m.range.start.line <= line && (best < 0 || m.range.start.line >= models[best]!.range.start.line)) best = i;
    });
    model = Math.max(0, best);
  }
  return GraphPanel.show(ctx.extensionUri, ctx.log, ctx.cache, document, Math.min(model ?? 0, models.length - 1));
}

/** ConvLens: Export Panel as PNG / GIF — the panel shown last; resolves with the saved file. */
export async function exportPanel(format: ExportFormat): Promise<vscode.Uri | undefined> {
  const graph = GraphPanel.active();
  // The graph panel exports the whole graph (SVG from its own toolbar); a GIF of it is its PNG.
  if (graph?.panel.active) return graph.requestExport();
  const panel = AnimationPanel.lastFocused();
  if (!panel) {
    void vscode.window.showInformationMessage(l10n.t('ConvLens: open an animation panel first, then export it.'));
    return undefined;
  }
  if (format === 'png') return panel.requestExport(format);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: l10n.t('ConvLens: rendering the animation as a GIF…') },
    () => panel.requestExport(format),
  );
}

/** ConvLens: Toggle Present Mode — large type and no controls in the panel shown last (arrows and Space still step). */
export function togglePresentMode(): boolean {
  const panel = AnimationPanel.lastFocused();
  if (!panel) {
    void vscode.window.showInformationMessage(l10n.t('ConvLens: open an animation panel first, then present it.'));
    return false;
  }
  panel.setPresentMode(!panel.presenting);
  return panel.presenting;
}

/** Reads a layer demo from command arguments (a hover link), or undefined when anything is off. */
function parseLayerDemo(raw: unknown): LayerDemo | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const int = (k: string, min: number, max: number): number | undefined =>
    Number.isInteger(r[k]) && (r[k] as number) >= min && (r[k] as number) <= max ? (r[k] as number) : undefined;
  const label = typeof r['label'] === 'string' ? r['label'].slice(0, 80) : 'layer';
  const [kernel, stride, padding] = [int('kernel', 1, 11), int('stride', 1, 8), int('padding', 0, 8)];
  if (kernel === undefined || stride === undefined || padding === undefined) return undefined;
  if (r['kind'] === 'conv') {
    const dilation = int('dilation', 1, 4);
    return dilation === undefined ? undefined : { kind: 'conv', label, kernel, stride, padding, dilation };
  }
  if (r['kind'] === 'pool' && (r['mode'] === 'max' || r['mode'] === 'avg'))
    return { kind: 'pool', label, mode: r['mode'], kernel, stride, padding, ceilMode: r['ceilMode'] === true };
  if (r['kind'] === 'transposed') {
    const outputPadding = int('outputPadding', 0, 7);
    return outputPadding === undefined
      ? undefined
      : { kind: 'transposed', label, kernel, stride, padding, outputPadding };
  }
  return undefined;
}

/** ConvLens: animate a layer from its hover — its own hyper-parameters on a small demo input. */
export function animateLayer(ctx: PanelCommandContext, raw: unknown): AnimationPanel | undefined {
  const demo = parseLayerDemo(raw);
  if (!demo) {
    ctx.log.info(`ignored a layer animation request with unusable arguments: ${JSON.stringify(raw)?.slice(0, 200)}`);
    return undefined;
  }
  return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, layerDemoRequest(demo));
}
