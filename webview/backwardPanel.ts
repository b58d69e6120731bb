// The backward pass: each dY cell spreads into dX through the kernel and into dW through the input window; both fill up.
import type { BackwardScene, SceneRequest } from '../src/contract/viewModels';
import { withCell } from './ui/cellEditor';
import { button, numberField } from './ui/controls';
import { drawGrid, formatCell, scaleOf, sizeCanvas, themeStyle } from './ui/grid';
import { copyToClipboard, numpyLiteral, runPlayer, type PanelView } from './ui/player';
import * as l10n from '../src/l10n';

const canvas = document.createElement('canvas');

function requestOf(scene: BackwardScene): Extract<SceneRequest, { kind: 'backward' }> {
  return { kind: 'backward', title: scene.title, input: scene.input, kernel: scene.kernel, settings: scene.settings };
}
canvas.setAttribute('role', 'img');

function draw(scene: BackwardScene, step: number, update: (request: SceneRequest) => void): void {
  const { input, kernel, flippedKernel, gradient } = scene;
  const s = scene.steps[step]!;
  const cell = Math.max(10, Math.min(36, Math.floor(600 / (gradient.cols + input.cols + kernel.cols + 6))));
  const style = themeStyle();
  const gap = cell;
  const rowH = Math.max(input.rows, kernel.rows, gradient.rows) * cell + 30;
  const width = (gradient.cols + input.cols + 2 * kernel.cols) * cell + 4 * gap + 20;
  const ctx = sizeCanvas(canvas, width, 2 * rowH + 10);
  const dxCells = new Set(s.dxContributions.map((c) => `${c.row},${c.col}`));
  const windowCells = new Set(s.dwContributions.map((c) => `${c.row},${c.col}`));
  let x = 10;
  // Top row: the forward operands and the upstream gradient.
  drawGrid(
    ctx,
    {
      rows: gradient.rows,
      cols: gradient.cols,
      caption: 'dY',
      value: (r, c) => gradient.data[r * gradient.cols + c]!,
      highlighted: (r, c) => r === s.outRow && c === s.outCol,
    },
    x,
    4,
    cell,
    style,
    1,
  );
  x += gradient.cols * cell + gap;
  drawGrid(
    ctx,
    {
      rows: input.rows,
      cols: input.cols,
      caption: l10n.t('X (window feeds dW)'),
      value: (r, c) => input.data[r * input.cols + c]!,
      highlighted: (r, c) => windowCells.has(`${r},${c}`),
      edit: (r, c, v) =>
        update({
          ...requestOf(scene),
          input: { ...input, data: withCell(input.data, input.rows, input.cols, 0, r, c, v) },
        }),
    },
    x,
    4,
    cell,
    style,
    scaleOf(input.data),
  );
  x += input.cols * cell + gap;
  drawGrid(
    ctx,
    {
      rows: kernel.rows,
      cols: kernel.cols,
      caption: 'W',
      value: (r, c) => kernel.data[r * kernel.cols + c]!,
      highlighted: () => false,
      edit: (r, c, v) =>
        update({
          ...requestOf(scene),
          kernel: { ...kernel, data: withCell(kernel.data, kernel.rows, kernel.cols, 0, r, c, v) },
        }),
    },
    x,
    4,
    cell,
    style,
    scaleOf(kernel.data),
  );
  x += kernel.cols * cell + gap;
  drawGrid(
    ctx,
    {
      rows: kernel.rows,
      cols: kernel.cols,
      caption: 'flip(W)',
      value: (r, c) => flippedKernel.data[r * kernel.cols + c]!,
      highlighted: () => false,
    },
    x,
    4,
    cell,
    style,
    scaleOf(kernel.data),
  );
  // Bottom row: the gradients so far.
  const y2 = rowH + 4;
  const final = scene.steps[scene.steps.length - 1]!;
  drawGrid(
    ctx,
    {
      rows: input.rows,
      cols: input.cols,
      caption: l10n.t('dX = flip(W) full-conv dY'),
      value: (r, c) => s.dx[r * input.cols + c]!,
      highlighted: (r, c) => dxCells.has(`${r},${c}`),
    },
    10,
    y2,
    cell,
    style,
    scaleOf(final.dx),
  );
  // The dX caption is wider than a small grid: leave it room.
  const dwX = 10 + Math.max(input.cols * cell, ctx.measureText('dX = flip(W) full-conv dY').width + 8) + gap;
  drawGrid(
    ctx,
    {
      rows: kernel.rows,
      cols: kernel.cols,
      caption: l10n.t('dW = X ⋆ dY'),
      value: (r, c) => s.dw[r * kernel.cols + c]!,
      highlighted: () => true,
    },
    dwX,
    y2,
    cell,
    style,
    scaleOf(final.dw),
  );
}

const view: PanelView<BackwardScene> = {
  kind: 'backward',
  draw,
  stepCount: (scene) => scene.steps.length,
  describe: (scene, step) => {
    const s = scene.steps[step]!;
    return l10n.t(
      'dY({0}, {1}) = {2} adds dY·W to {3} cells of dX and dY·X to {4} taps of dW',
      s.outRow,
      s.outCol,
      formatCell(s.grad),
      s.dxContributions.length,
      s.dwContributions.length,
    );
  },
  detail: (scene, step) => {
    const s = scene.steps[step]!;
    return l10n.t(
      'dW += {0}   dX += {1}',
      s.dwContributions.map((c) => formatCell(c.amount)).join(', '),
      s.dxContributions.map((c) => formatCell(c.amount)).join(', '),
    );
  },
  request: requestOf,
  settings: (scene, update) => {
    const send = (patch: Partial<BackwardScene['settings']>): void =>
      update({ ...requestOf(scene), settings: { ...scene.settings, ...patch } });
    return [
      numberField(l10n.t('Stride'), scene.settings.stride, (v) => send({ stride: v })),
      numberField(l10n.t('Padding'), scene.settings.padding, (v) => send({ padding: v })),
      numberField(l10n.t('Dilation'), scene.settings.dilation, (v) => send({ dilation: v })),
      button(l10n.t('Copy as literal'), l10n.t('Copy X, W and the final dX and dW as Python literals'), () => {
        const last = scene.steps[scene.steps.length - 1]!;
        const grad = (
          data: readonly number[],
          like: { rows: number; cols: number },
        ): { rows: number; cols: number; data: readonly number[] } => ({ rows: like.rows, cols: like.cols, data });
        copyToClipboard(
          [
            numpyLiteral('x', scene.input),
            numpyLiteral('w', scene.kernel),
            numpyLiteral('dx', grad(last.dx, scene.input)),
            numpyLiteral('dw', grad(last.dw, scene.kernel)),
          ].join('\n') + '\n',
        );
      }),
    ];
  },
};

/** Runs this panel on the page. */
export function start(): void {
  runPlayer(view, canvas);
}
