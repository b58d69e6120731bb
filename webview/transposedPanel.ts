// The transposed convolution: each input cell stamps value·kernel into an uncropped canvas; padding crops its border.
import type { SceneRequest, TransposedScene } from '../src/contract/viewModels';
import { withCell } from './ui/cellEditor';
import { button, numberField } from './ui/controls';
import { drawGrid, formatCell, scaleOf, sizeCanvas, themeStyle } from './ui/grid';
import { copyToClipboard, numpyLiteral, runPlayer, type PanelView } from './ui/player';
import * as l10n from '../src/l10n';

const canvas = document.createElement('canvas');
canvas.setAttribute('role', 'img');

function requestOf(scene: TransposedScene): Extract<SceneRequest, { kind: 'transposed' }> {
  return { kind: 'transposed', title: scene.title, input: scene.input, kernel: scene.kernel, settings: scene.settings };
}

/** Canvas totals after `step` stamps: the running total each stamp reports, latest wins (the engine did the adding). */
function totalsAt(scene: TransposedScene, step: number): Map<number, number> {
  const totals = new Map<number, number>();
  const last = scene.summary ? scene.steps.length - 1 : step;
  for (let i = 0; i <= last; i++)
    for (const c of scene.steps[i]!.cells) totals.set(c.row * scene.canvas.cols + c.col, c.total);
  return totals;
}

function draw(scene: TransposedScene, step: number, update: (request: SceneRequest) => void): void {
  const { input, kernel, canvas: area, settings } = scene;
  const s = scene.steps[step]!;
  const cell = Math.max(8, Math.min(40, Math.floor(600 / (input.cols + kernel.cols + area.cols + 4))));
  const style = themeStyle();
  const gap = cell * 1.5;
  const height = Math.max(input.rows, kernel.rows, area.rows) * cell + 70;
  const kx = 10 + input.cols * cell + gap;
  const cx = kx + kernel.cols * cell + gap;
  const ctx = sizeCanvas(canvas, Math.max(cx + area.cols * cell + 20, 520), height);
  const request = requestOf(scene);
  drawGrid(
    ctx,
    {
      rows: input.rows,
      cols: input.cols,
      caption: l10n.t('input {0}×{1}', input.rows, input.cols),
      value: (r, c) => input.data[r * input.cols + c]!,
      highlighted: (r, c) => r === s.inRow && c === s.inCol,
      edit: (r, c, v) =>
        update({ ...request, input: { ...input, data: withCell(input.data, input.rows, input.cols, 0, r, c, v) } }),
    },
    10,
    4,
    cell,
    style,
    scaleOf(input.data),
  );
  drawGrid(
    ctx,
    {
      rows: kernel.rows,
      cols: kernel.cols,
      caption: l10n.t('kernel {0}×{1}', kernel.rows, kernel.cols),
      value: (r, c) => kernel.data[r * kernel.cols + c]!,
      highlighted: () => true,
      edit: (r, c, v) =>
        update({
          ...request,
          kernel: { ...kernel, data: withCell(kernel.data, kernel.rows, kernel.cols, 0, r, c, v) },
        }),
    },
    kx,
    4,
    cell,
    style,
    scaleOf(kernel.data),
  );
  const totals = totalsAt(scene, step);
  const stamped = new Set(s.cells.map((c) => c.row * area.cols + c.col));
  drawGrid(
    ctx,
    {
      rows: area.rows,
      cols: area.cols,
      caption: l10n.t('canvas {0}×{1} (stride {2})', area.rows, area.cols, settings.stride),
      value: (r, c) => totals.get(r * area.cols + c),
      highlighted: (r, c) => stamped.has(r * area.cols + c),
    },
    cx,
    4,
    cell,
    style,
    scaleOf(scene.output.data.length ? scene.output.data : [1]),
  );
  // The output is the canvas without `padding` cells on each side: a dashed frame marks what is kept.
  const p = settings.padding;
  ctx.save();
  ctx.setLineDash([5, 4]);
  ctx.strokeStyle = style.foreground;
  ctx.lineWidth = 2;
  ctx.strokeRect(cx + p * cell, 4 + 18 + p * cell, scene.output.cols * cell, scene.output.rows * cell);
  ctx.restore();
  ctx.fillStyle = style.foreground;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.font = `12px ${style.font}`;
  const bottom = 4 + 18 + Math.max(input.rows, kernel.rows, area.rows) * cell;
  ctx.fillText(
    p
      ? l10n.t(
          'dashed: the {0}×{1} output, padding {2} cropped from each side',
          scene.output.rows,
          scene.output.cols,
          p,
        )
      : l10n.t('the whole canvas is the {0}×{1} output (padding 0)', scene.output.rows, scene.output.cols),
    10,
    bottom + 20,
  );
  ctx.fillText(scene.formula, 10, bottom + 40);
}

const view: PanelView<TransposedScene> = {
  kind: 'transposed',
  draw,
  stepCount: (scene) => scene.steps.length,
  describe: (scene, step) => {
    const s = scene.steps[step]!;
    const rows = s.cells.map((c) => c.row);
    const cols = s.cells.map((c) => c.col);
    return l10n.t(
      'input ({0}, {1}) = {2} stamps {2}·kernel onto canvas rows {3}–{4}, cols {5}–{6}',
      s.inRow,
      s.inCol,
      formatCell(s.value),
      Math.min(...rows),
      Math.max(...rows),
      Math.min(...cols),
      Math.max(...cols),
    );
  },
  detail: (scene, step) => l10n.t('adds {0}', scene.steps[step]!.cells.map((c) => formatCell(c.add)).join(', ')),
  request: requestOf,
  settings: (scene, update) => {
    const send = (patch: Partial<TransposedScene['settings']>): void =>
      update({ ...requestOf(scene), settings: { ...scene.settings, ...patch } });
    return [
      numberField(l10n.t('Stride'), scene.settings.stride, (v) => send({ stride: v })),
      numberField(l10n.t('Padding'), scene.settings.padding, (v) => send({ padding: v })),
      numberField(l10n.t('Output padding'), scene.settings.outputPadding, (v) => send({ outputPadding: v })),
      button(l10n.t('Copy as literal'), l10n.t('Copy the input, kernel and output as Python literals'), () =>
        copyToClipboard(
          `${numpyLiteral('x', scene.input)}\n${numpyLiteral('kernel', scene.kernel)}\n${numpyLiteral('y', scene.output)}\n`,
        ),
      ),
    ];
  },
};

/** Runs this panel on the page. */
export function start(): void {
  runPlayer(view, canvas);
}
