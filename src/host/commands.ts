// The ConvLens commands: each a small function registered by id, all thin over analysis + engine.
import * as vscode from 'vscode';
import { spatialOf, windowPadding } from '../engine/layout';
import { nodeInput } from '../analysis/graphLayers';
import { parseShape } from '../analysis/inputShape';
import { convOutputSize, convParams } from '../engine/shapes';
import { convLayerAt } from './convert';
import { modelComment } from './codelens';
import type { AnalysisCache } from './documentAnalysis';
import type { Logger } from './logger';
import { openSample } from './samples';
import {
  convolveWith,
  openBackwardAnimation,
  openConvolutionAnimation,
  openEquivarianceAnimation,
  openPoolingAnimation,
  openTransposedAnimation,
  type LiteralArgs,
} from './literalCommands';
import {
  animateLayer,
  exportPanel,
  openModelGraph,
  openReceptiveField,
  openSeparableComparison,
  togglePresentMode,
  type ModelArgs,
} from './panelCommands';
import type { SeparableSettings } from '../contract/viewModels';
import { visualizeFilters, type VisualizeArgs } from './filterCommands';
import type { AnswerChecker } from './answerCommands';
import { shapeTraceMarkdown } from '../report/shapeTrace';
import * as l10n from '../l10n';

/** What the commands need from the extension. */
export interface CommandContext {
  readonly extensionUri: vscode.Uri;
  /** Where ConvLens keeps what it computed once (the trained filter network). */
  readonly storageUri: vscode.Uri;
  readonly answers: AnswerChecker;
  readonly cache: AnalysisCache;
  readonly log: Logger;
}

/** Arguments a model CodeLens passes: the document and the model's index. */
interface LensArgs {
  readonly uri?: string;
  readonly model?: number;
}

async function documentFor(args: LensArgs | undefined): Promise<vscode.TextDocument | undefined> {
  if (args?.uri) return vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
  return vscode.window.activeTextEditor?.document;
}

/** ConvLens: Show Shape Trace — a Markdown table for the model at the lens (or every model in the file). */
async function showShapeTrace(ctx: CommandContext, args?: LensArgs): Promise<string | undefined> {
  const document = await documentFor(args);
  if (!document) {
    void vscode.window.showInformationMessage(
      l10n.t('ConvLens: open a Python file with a model to see its shape trace.'),
    );
    return undefined;
  }
  const models = ctx.cache.get(document).models;
  const selected = args?.model !== undefined ? models.slice(args.model, args.model + 1) : models;
  if (selected.length === 0) {
    void vscode.window.showInformationMessage(
      l10n.t('ConvLens: no nn.Sequential, nn.Module or Keras Sequential model found in this file.'),
    );
    return undefined;
  }
  const markdown = `# ${l10n.t('Shape trace: {0}', vscode.workspace.asRelativePath(document.uri))}\n\n${selected.map((m) => shapeTraceMarkdown(m)).join('\n\n')}\n`;
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return markdown;
}

/** ConvLens: Set Input Shape… — writes a `# convlens: input …` comment above the model. */
async function setInputShape(ctx: CommandContext, args?: LensArgs, answer?: string): Promise<boolean> {
  const document = await documentFor(args);
  if (!document) return false;
  const models = ctx.cache.get(document).models;
  const model = models[args?.model ?? 0];
  if (!model) {
    void vscode.window.showInformationMessage(l10n.t('ConvLens: no model found in this file.'));
    return false;
  }
  const value =
    answer ??
    (await vscode.window.showInputBox({
      title: l10n.t('Input shape for {0}', model.name),
      prompt: model.framework === 'keras' ? l10n.t('N×H×W×C, e.g. 1x28x28x1') : l10n.t('N×C×H×W, e.g. 1x3x32x32'),
      value: model.input.shape.join('x'),
      validateInput: (v) =>
        parseShape(v) ? undefined : l10n.t('Write positive integers separated by x, e.g. 1x3x32x32'),
    }));
  const shape = value ? parseShape(value) : undefined;
  if (!shape) return false;
  const edit = new vscode.WorkspaceEdit();
  const comment = `# convlens: input ${shape.join('x')}`;
  if (model.input.source === 'comment' && model.input.line !== undefined) {
    edit.replace(
      document.uri,
      document.lineAt(model.input.line).range,
      document.lineAt(model.input.line).text.replace(/#\s*convlens:.*$/, comment),
    );
  } else {
    insertAbove(edit, document, model.range.start.line, comment);
  }
  return vscode.workspace.applyEdit(edit);
}

/** Adds `comment` on its own line above `line`, indented like it. */
function insertAbove(edit: vscode.WorkspaceEdit, document: vscode.TextDocument, line: number, comment: string): void {
  const indent = /^\s*/.exec(document.lineAt(line).text)?.[0] ?? '';
  edit.insert(document.uri, new vscode.Position(line, 0), `${indent}${comment}\n`);
}

/** The lens on a class that needs constructor arguments: writes the `# convlens: model Name(arg=…)` comment above it to fill in. */
async function writeModelComment(ctx: CommandContext, args?: LensArgs): Promise<boolean> {
  const document = await documentFor(args);
  const model = document ? ctx.cache.get(document).models[args?.model ?? 0] : undefined;
  const comment = model && modelComment(model);
  if (!document || !model || !comment) return false;
  const edit = new vscode.WorkspaceEdit();
  insertAbove(edit, document, model.range.start.line, comment);
  return vscode.workspace.applyEdit(edit);
}

/** The calculator's inputs for the conv layer under the cursor, from its traced input shape ("H, C_in, C_out, K, S, P, d"). */
export function calculatorDefaults(cache: AnalysisCache): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const t = convLayerAt(cache.get(editor.document).models, editor.selection.active);
  const input = t && spatialOf(nodeInput(t.node), t.model.framework);
  const output = t && spatialOf(t.node.outputShape, t.model.framework);
  if (!t || !input || !output) return undefined;
  const w = t.window;
  const [p] = windowPadding(w, t.model.framework, input.h, input.w);
  return [input.h, input.channels, output.channels, w.kernel[0], w.stride[0], p, w.dilation[0]].join(', ');
}

/** ConvLens: Conv Layer Calculator — asks for the sizes (pre-filled from a conv layer under the cursor), shows the formula with the numbers. */
async function convLayerCalculator(ctx: CommandContext, answers?: string): Promise<string | undefined> {
  const text =
    answers ??
    (await vscode.window.showInputBox({
      title: l10n.t('Conv layer calculator'),
      prompt: l10n.t('H, C_in, C_out, kernel, stride, padding, dilation (e.g. 32, 3, 64, 3, 1, 1, 1)'),
      value: calculatorDefaults(ctx.cache) ?? '32, 3, 64, 3, 1, 1, 1',
      validateInput: (v) =>
        /^\s*\d+(\s*,\s*\d+){3,6}\s*$/.test(v) ? undefined : l10n.t('Write 4 to 7 integers separated by commas'),
    }));
  if (!text) return undefined;
  const [h, cin, cout, k, s = 1, p = 0, d = 1] = text.split(',').map((x) => Number(x.trim()));
  if (!h || !cin || !cout || !k || !s || !d) return undefined;
  const out = convOutputSize({ size: h, kernel: k, stride: s, padBefore: p, padAfter: p, dilation: d });
  const params = convParams(cin, cout, k, k);
  const result =
    out <= 0
      ? l10n.t(
          'Kernel {0}×{0} (dilation {1}) does not fit input {2}×{2} with padding {3}: output would be {4}.',
          k,
          d,
          h,
          p,
          out,
        )
      : l10n.t(
          'Output ⌊({0} + 2·{1} − {2}·({3} − 1) − 1) / {4}⌋ + 1 = {5} → {6}×{5}×{5}. Params {6}·{7}·{3}·{3} + {6} = {8}.',
          h,
          p,
          d,
          k,
          s,
          out,
          cout,
          cin,
          params.toLocaleString('en-US'),
        );
  void vscode.window.showInformationMessage(l10n.t('ConvLens: {0}', result));
  return result;
}

/** ConvLens: Toggle Inlay Hints — flips `convlens.inlayHints.enabled` (in the workspace when one is open). */
async function toggleInlayHints(): Promise<boolean> {
  const config = vscode.workspace.getConfiguration('convlens');
  const next = !config.get<boolean>('inlayHints.enabled', true);
  const target = vscode.workspace.workspaceFolders
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await config.update('inlayHints.enabled', next, target);
  vscode.window.setStatusBarMessage(
    next ? l10n.t('ConvLens inlay hints on') : l10n.t('ConvLens inlay hints off'),
    2000,
  );
  return next;
}

/** Registers every command; returns their disposables. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('convlens.openConvolutionAnimation', (args?: LiteralArgs) =>
      openConvolutionAnimation(ctx, args),
    ),
    vscode.commands.registerCommand('convlens.convolveSelection', (args?: LiteralArgs, pickLine?: number) =>
      convolveWith(ctx, args, pickLine),
    ),
    vscode.commands.registerCommand('convlens.openPoolingAnimation', (args?: LiteralArgs) =>
      openPoolingAnimation(ctx, args),
    ),
    vscode.commands.registerCommand('convlens.openBackwardAnimation', (args?: LiteralArgs) =>
      openBackwardAnimation(ctx, args),
    ),
    vscode.commands.registerCommand('convlens.openEquivarianceAnimation', (args?: LiteralArgs) =>
      openEquivarianceAnimation(ctx, args),
    ),
    vscode.commands.registerCommand('convlens.openTransposedAnimation', (args?: LiteralArgs) =>
      openTransposedAnimation(ctx, args),
    ),
    vscode.commands.registerCommand('convlens.openSeparableComparison', (settings?: SeparableSettings) =>
      openSeparableComparison(ctx, settings),
    ),
    vscode.commands.registerCommand('convlens.openReceptiveField', (args?: ModelArgs) => openReceptiveField(ctx, args)),
    vscode.commands.registerCommand('convlens.showModelGraph', (args?: ModelArgs) => openModelGraph(ctx, args)),
    // From layer hovers only (not in the palette): the layer's numbers on a demo input.
    vscode.commands.registerCommand('convlens.animateLayer', (demo?: unknown) => animateLayer(ctx, demo)),
    vscode.commands.registerCommand('convlens.exportPanelPng', () => exportPanel('png')),
    vscode.commands.registerCommand('convlens.exportPanelGif', () => exportPanel('gif')),
    vscode.commands.registerCommand('convlens.togglePresentMode', () => togglePresentMode()),
    vscode.commands.registerCommand('convlens.checkMyAnswer', (uri?: string) => ctx.answers.check(uri)),
    vscode.commands.registerCommand('convlens.visualizeFilters', (args?: VisualizeArgs) => visualizeFilters(ctx, args)),
    vscode.commands.registerCommand('convlens.retrainFilters', () => visualizeFilters(ctx, { retrain: true })),
    // Pool Selection… is the same action, named for the editor context menu on a selected literal.
    vscode.commands.registerCommand('convlens.poolSelection', (args?: LiteralArgs) => openPoolingAnimation(ctx, args)),
    vscode.commands.registerCommand('convlens.toggleInlayHints', () => toggleInlayHints()),
    vscode.commands.registerCommand('convlens.openSample', (name?: string) => openSample(ctx.extensionUri, name)),
    vscode.commands.registerCommand('convlens.showShapeTrace', (args?: LensArgs) => showShapeTrace(ctx, args)),
    // From the lens of a class that needs arguments only (not in the palette).
    vscode.commands.registerCommand('convlens.writeModelComment', (args?: LensArgs) => writeModelComment(ctx, args)),
    vscode.commands.registerCommand('convlens.setInputShape', (args?: LensArgs, answer?: string) =>
      setInputShape(ctx, args, answer),
    ),
    vscode.commands.registerCommand('convlens.convLayerCalculator', (answers?: string) =>
      convLayerCalculator(ctx, answers),
    ),
  ];
}
