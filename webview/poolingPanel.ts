// The pooling animation: the window over the input, the max (argmax marked) or the average, and where gradients flow back.
import type { PoolingScene, SceneRequest } from '../src/contract/viewModels';
import { withCell } from './ui/cellEditor';
import { button, numberField } from './ui/controls';
import { drawGrid, formatCell, scaleOf, sizeCanvas, themeStyle } from './ui/grid';
import { copyToClipboard, numpyLiteral, runPlayer, type PanelView } from './ui/player';
import * as l10n from '../src/l10n';

const canvas = document.createElement('canvas');
canvas.setAttribute('role', 'img');

function draw(scene: PoolingScene, step: number, update: (request: SceneRequest) => void): void {
  const { input, output, gradient, settings } = scene;
  const s = scene.steps[step]!;
  const pad = settings.padding;
  const cell = Math.max(8, Math.min(40, Math.floor(560 / (2 * (input.cols + 2 * pad) + output.cols + 4))));
  const style = themeStyle();
  const paddedRows = input.rows + 2 * pad;
  const paddedCols = input.cols + 2 * pad;
  const gap = cell * 1.5;
  const width = (2 * paddedCols + output.cols) * cell + 2 * gap + 20;
  const height = Math.max(paddedRows, output.rows) * cell + 40;
  const ctx = sizeCanvas(canvas, width, height);
  const inWindow = new Set(s.window.filter((w) => !w.padded).map((w) => `${w.row},${w.col}`));
  const winner = s.argmax >= 0 ? s.window[s.argmax]! : undefined;
  const inputValue = (r: number, c: number): number | null => {
    const ir = r - pad;
    const ic = c - pad;
    return ir < 0 || ic < 0 || ir >= input.rows || ic >= input.cols ? null : input.data[ir * input.cols + ic]!;
  };
  drawGrid(
    ctx,
    {
      rows: paddedRows,
      cols: paddedCols,
      caption: `${l10n.t('input {0}×{1}', input.rows, input.cols)}${pad ? l10n.t(' (padding {0})', pad) : ''}`,
      value: inputValue,
      highlighted: (r, c) => inWindow.has(`${r - pad},${c - pad}`),
      edit: (r, c, v) =>
        update({
          kind: 'pooling',
          title: scene.title,
          settings,
          input: { ...input, data: withCell(input.data, input.rows, input.cols, 0, r - pad, c - pad, v) },
        }),
    },
    10,
    4,
    cell,
    style,
    scaleOf(input.data),
  );
  if (winner) {
    // The argmax gets a filled corner marker on top of the window outline.
    ctx.fillStyle = style.highlight;
    const x = 10 + (winner.col + pad) * cell;
    const y = 4 + 18 + (winner.row + pad) * cell;
    ctx.beginPath();
    ctx.moveTo(x + 3, y + 3);
    ctx.lineTo(x + cell * 0.45, y + 3);
    ctx.lineTo(x + 3, y + cell * 0.45);
    ctx.fill();
  }
  const ox = 10 + paddedCols * cell + gap;
  drawGrid(
    ctx,
    {
      rows: output.rows,
      cols: output.cols,
      caption: l10n.t('{0} pool → {1}×{2}', settings.mode, output.rows, output.cols),
      value: (r, c) => (scene.summary || r * output.cols + c <= step ? output.data[r * output.cols + c]! : undefined),
      highlighted: (r, c) => r === s.outRow && c === s.outCol,
    },
    ox,
    4,
    cell,
    style,
    scaleOf(output.data),
  );
  drawGrid(
    ctx,
    {
      rows: input.rows,
      cols: input.cols,
      caption:
        settings.mode === 'max'
          ? l10n.t('backward: dX for dY = 1 (argmax only)')
          : l10n.t('backward: dX for dY = 1 (shared)'),
      value: (r, c) => gradient.data[r * input.cols + c]!,
      highlighted: (r, c) => winner !== undefined && winner.row === r && winner.col === c,
    },
    ox + output.cols * cell + gap,
    4,
    cell,
    style,
    scaleOf(gradient.data),
  );
}

const view: PanelView<PoolingScene> = {
  kind: 'pooling',
  draw,
  stepCount: (scene) => scene.steps.length,
  describe: (scene, step) => {
    const s = scene.steps[step]!;
    const cells = s.window.filter((w) => !w.padded).length;
    if (scene.settings.mode === 'max') {
      const w = s.window[s.argmax]!;
      return l10n.t(
        'output ({0}, {1}) = max of {2} values = {3} at input ({4}, {5})',
        s.outRow,
        s.outCol,
        cells,
        formatCell(s.value),
        w.row,
        w.col,
      );
    }
    return l10n.t('output ({0}, {1}) = average of the window = {2}', s.outRow, s.outCol, formatCell(s.value));
  },
  detail: (scene, step) =>
    l10n.t(
      'window: {0}',
      scene.steps[step]!.window.map((w) => (w.padded ? l10n.t('pad') : formatCell(w.value))).join(', '),
    ),
  request: (scene) => ({ kind: 'pooling', title: scene.title, input: scene.input, settings: scene.settings }),
  settings: (scene, update) => {
    const send = (patch: Partial<PoolingScene['settings']>): void =>
      update({ kind: 'pooling', title: scene.title, input: scene.input, settings: { ...scene.settings, ...patch } });
    const other = scene.settings.mode === 'max' ? 'avg' : 'max';
    return [
      button(l10n.t('Switch to {0} pooling', other), l10n.t('Show {0} pooling of the same input', other), () =>
        send({ mode: other }),
      ),
      numberField(l10n.t('Kernel'), scene.settings.kernel, (v) => send({ kernel: v })),
      numberField(l10n.t('Stride'), scene.settings.stride, (v) => send({ stride: v })),
      numberField(l10n.t('Padding'), scene.settings.padding, (v) => send({ padding: v })),
      button(
        scene.settings.ceilMode ? l10n.t('Ceil mode: on') : l10n.t('Ceil mode: off'),
        l10n.t('Round the output size up (ceil_mode): keep a last, partial window'),
        () => send({ ceilMode: !scene.settings.ceilMode }),
      ),
      button(l10n.t('Copy as literal'), l10n.t('Copy the input and output as Python literals'), () =>
        copyToClipboard(`${numpyLiteral('x', scene.input)}\n${numpyLiteral('pooled', scene.output)}\n`),
      ),
    ];
  },
};

/** Runs this panel on the page. */
export function start(): void {
  runPlayer(view, canvas);
}
