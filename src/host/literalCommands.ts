// Commands on array literals: animate a convolution or pooling, convolve with another literal, chosen by lens, cursor or selection.
import * as vscode from 'vscode';
import type { NumericLiteral } from '../analysis/literals';
import { depthOf, type SceneRequest } from '../contract/viewModels';
import { describeShape } from '../report/format';
import { literalMatrix, literalPlanes, looksLikeKernel, planesPerFilter, toRange } from './convert';
import type { AnalysisCache } from './documentAnalysis';
import type { Logger } from './logger';
import { AnimationPanel, PANEL_KINDS } from './panels/animationPanel';
import * as l10n from '../l10n';

/** What these commands need from the extension. */
export interface LiteralCommandContext {
  readonly extensionUri: vscode.Uri;
  readonly cache: AnalysisCache;
  readonly log: Logger;
}

/** Arguments a CodeLens passes: the document and the literal's first line (optionally the partner's line). */
export interface LiteralArgs {
  readonly uri?: string;
  readonly line?: number;
  readonly partnerLine?: number;
}

interface Target {
  readonly document: vscode.TextDocument;
  readonly literals: readonly NumericLiteral[];
  /** Literals the lens, selection or cursor points at, in document order. */
  readonly chosen: readonly NumericLiteral[];
}

/** 2-D-or-more literals of the document and the ones the user points at. */
async function target(ctx: LiteralCommandContext, args?: LiteralArgs): Promise<Target | undefined> {
  const editor = vscode.window.activeTextEditor;
  const document = args?.uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri)) : editor?.document;
  if (!document) return undefined;
  const literals = ctx.cache.get(document).literals.filter((l): l is NumericLiteral => l.ok && l.shape.length >= 2);
  const atLine = (line: number | undefined): NumericLiteral | undefined =>
    literals.find((l) => line !== undefined && l.range.start.line <= line && line <= l.range.end.line);
  let chosen: NumericLiteral[];
  if (args?.line !== undefined) {
    chosen = [atLine(args.line), atLine(args.partnerLine)].filter((l): l is NumericLiteral => l !== undefined);
  } else if (editor && editor.document === document && !editor.selection.isEmpty) {
    chosen = literals.filter((l) => editor.selection.intersection(toRange(l.range)) !== undefined);
  } else {
    chosen = [atLine(editor?.selection.active.line)].filter((l): l is NumericLiteral => l !== undefined);
  }
  return { document, literals, chosen };
}

/** Splits two literals into (image, kernel): a kernel-named one, else the smaller one, is the kernel. */
function asImageAndKernel(a: NumericLiteral, b: NumericLiteral): [NumericLiteral, NumericLiteral] {
  if (looksLikeKernel(a) !== looksLikeKernel(b)) return looksLikeKernel(a) ? [b, a] : [a, b];
  return a.data.length >= b.data.length ? [a, b] : [b, a];
}

/** The best partner for `chosen` without asking: a kernel-named literal for an image, an image for a kernel. */
function obviousPartner(chosen: NumericLiteral, others: readonly NumericLiteral[]): NumericLiteral | undefined {
  if (looksLikeKernel(chosen)) return others.find((o) => !looksLikeKernel(o) && o.data.length >= chosen.data.length);
  return others.find(looksLikeKernel) ?? others.find((o) => o.data.length < chosen.data.length);
}

function label(l: NumericLiteral): string {
  return `${l.name ?? 'literal'} · ${describeShape(l.shape)} · line ${l.range.start.line + 1}`;
}

/** The convolution request for an image and a kernel literal: all channels when their shapes agree (groups = C_in / kernel planes). */
function convolutionRequest(image: NumericLiteral | undefined, kernel: NumericLiteral | undefined): SceneRequest {
  const fallback = PANEL_KINDS.convolution.fallback;
  if (fallback.kind !== 'convolution') throw new Error('unreachable');
  const title = image || kernel ? `${image?.name ?? 'input'} ⋆ ${kernel?.name ?? 'kernel'}` : fallback.title;
  const planes = image ? literalPlanes(image)! : fallback.input;
  const weights = kernel ? literalPlanes(kernel)! : fallback.kernel;
  const perFilter = kernel ? planesPerFilter(kernel) : 1;
  const cin = depthOf(planes);
  if (perFilter > 1 && cin % perFilter === 0 && depthOf(weights) % perFilter === 0) {
    return {
      kind: 'convolution',
      title,
      input: planes,
      kernel: weights,
      settings: { ...fallback.settings, groups: cin / perFilter },
    };
  }
  // Shapes that do not line up as channels: convolve the first planes, as a 2-D animation.
  return {
    kind: 'convolution',
    title,
    input: image ? literalMatrix(image)! : fallback.input,
    kernel: kernel ? literalMatrix(kernel)! : fallback.kernel,
    settings: fallback.settings,
  };
}

function openConvolution(
  ctx: LiteralCommandContext,
  image: NumericLiteral | undefined,
  kernel: NumericLiteral | undefined,
): AnimationPanel {
  return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, convolutionRequest(image, kernel));
}

/** ConvLens: Open Convolution Animation — the literal(s) at the lens, selection or cursor, with the obvious partner. */
export async function openConvolutionAnimation(
  ctx: LiteralCommandContext,
  args?: LiteralArgs,
): Promise<AnimationPanel> {
  const t = await target(ctx, args);
  const [first, second] = t?.chosen ?? [];
  if (!t || !first) return openConvolution(ctx, undefined, undefined);
  const partner =
    second ??
    obviousPartner(
      first,
      t.literals.filter((l) => l !== first),
    );
  if (!partner)
    return looksLikeKernel(first) ? openConvolution(ctx, undefined, first) : openConvolution(ctx, first, undefined);
  const [image, kernel] = asImageAndKernel(first, partner);
  return openConvolution(ctx, image, kernel);
}

/** ConvLens: Convolve Selection… / the "Convolve with…" lens: asks which literal to pair with (kernels first). */
export async function convolveWith(
  ctx: LiteralCommandContext,
  args?: LiteralArgs,
  pickLine?: number,
): Promise<AnimationPanel | undefined> {
  const t = await target(ctx, args);
  if (!t || t.chosen.length === 0) {
    void vscode.window.showInformationMessage(
      l10n.t('ConvLens: put the cursor on (or select) a 2-D array literal to convolve.'),
    );
    return undefined;
  }
  if (t.chosen.length >= 2) return openConvolution(ctx, ...asImageAndKernel(t.chosen[0]!, t.chosen[1]!));
  const first = t.chosen[0]!;
  const others = t.literals
    .filter((l) => l !== first)
    .sort((a, b) => Number(looksLikeKernel(b)) - Number(looksLikeKernel(a)) || a.data.length - b.data.length);
  if (others.length === 0) {
    void vscode.window.showInformationMessage(
      l10n.t('ConvLens: no other 2-D literal in this file; showing it with the default 3×3 kernel.'),
    );
    return openConvolution(ctx, first, undefined);
  }
  const partner =
    pickLine !== undefined
      ? others.find((o) => o.range.start.line === pickLine)
      : (
          await vscode.window.showQuickPick(
            others.map((o) => ({
              label: label(o),
              description: looksLikeKernel(o) ? l10n.t('kernel') : '',
              literal: o,
            })),
            {
              title: l10n.t('Convolve {0} with…', first.name ?? l10n.t('this literal')),
              placeHolder: l10n.t('Pick the other operand (kernels are listed first)'),
            },
          )
        )?.literal;
  if (!partner) return undefined;
  return openConvolution(ctx, ...asImageAndKernel(first, partner));
}

/** ConvLens: Open Pooling Animation / Pool Selection… — max pooling 2×2 (changeable in the panel) of the literal. */
export async function openPoolingAnimation(ctx: LiteralCommandContext, args?: LiteralArgs): Promise<AnimationPanel> {
  const t = await target(ctx, args);
  const fallback = PANEL_KINDS.pooling.fallback;
  const chosen = t?.chosen[0];
  if (!chosen || fallback.kind !== 'pooling') return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, fallback);
  return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, {
    kind: 'pooling',
    title: l10n.t('max pool 2×2 of {0}', chosen.name ?? l10n.t('literal')),
    input: literalMatrix(chosen)!,
    settings: { mode: 'max', kernel: 2, stride: 2, padding: 0 },
  });
}

/** The image and kernel literals at hand for a two-operand panel (either may be missing). */
async function operands(
  ctx: LiteralCommandContext,
  args?: LiteralArgs,
): Promise<[NumericLiteral | undefined, NumericLiteral | undefined]> {
  const t = await target(ctx, args);
  const [first, second] = t?.chosen ?? [];
  if (!t || !first) return [undefined, undefined];
  const partner =
    second ??
    obviousPartner(
      first,
      t.literals.filter((l) => l !== first),
    );
  return partner ? asImageAndKernel(first, partner) : looksLikeKernel(first) ? [undefined, first] : [first, undefined];
}

/** Opens a two-operand panel (backward, transposed) on the literals at hand, or its example when there are none. */
async function openWithOperands(
  ctx: LiteralCommandContext,
  args: LiteralArgs | undefined,
  kind: 'backward' | 'transposed',
  title: (image: string, kernel: string) => string,
): Promise<AnimationPanel> {
  const fallback = PANEL_KINDS[kind].fallback;
  const [image, kernel] = await operands(ctx, args);
  if ((!image && !kernel) || (fallback.kind !== 'backward' && fallback.kind !== 'transposed'))
    return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, fallback);
  return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, {
    ...fallback,
    title: title(image?.name ?? 'input', kernel?.name ?? 'kernel'),
    input: image ? literalMatrix(image)! : fallback.input,
    kernel: kernel ? literalMatrix(kernel)! : fallback.kernel,
  });
}

/** ConvLens: Open Backward Pass Animation — dY = 1 flowing back through the convolution of the literal(s) at hand. */
export function openBackwardAnimation(ctx: LiteralCommandContext, args?: LiteralArgs): Promise<AnimationPanel> {
  return openWithOperands(ctx, args, 'backward', (image, kernel) =>
    l10n.t('backward pass of {0} ⋆ {1}', image, kernel),
  );
}

/** ConvLens: Open Transposed Convolution Animation — each cell of the literal at hand stamping the kernel, stride 2. */
export function openTransposedAnimation(ctx: LiteralCommandContext, args?: LiteralArgs): Promise<AnimationPanel> {
  return openWithOperands(ctx, args, 'transposed', (image, kernel) =>
    l10n.t('transposed convolution of {0} with {1}', image, kernel),
  );
}

/** ConvLens: Open Equivariance Animation — the tutorial's signal (or a 1-row literal at hand) shifted step by step. */
export async function openEquivarianceAnimation(
  ctx: LiteralCommandContext,
  args?: LiteralArgs,
): Promise<AnimationPanel> {
  const t = await target(ctx, args);
  const fallback = PANEL_KINDS.equivariance.fallback;
  const row = t?.document
    ? ctx.cache
        .get(t.document)
        .literals.find(
          (l): l is NumericLiteral =>
            l.ok &&
            l.shape.length === 1 &&
            l.data.length >= 4 &&
            (args?.line === undefined || l.range.start.line === args.line),
        )
    : undefined;
  if (!row || fallback.kind !== 'equivariance') return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, fallback);
  return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, {
    ...fallback,
    title: l10n.t('translation equivariance of {0}', row.name ?? l10n.t('the signal')),
    input: { rows: 1, cols: row.data.length, data: [...row.data] },
  });
}
