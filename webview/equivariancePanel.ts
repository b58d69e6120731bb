// Translation equivariance: shift the signal and the convolution shifts with it; max pooling's output does not (unless
// the shift is a whole pooling step).
import type { EquivarianceScene, SceneRequest } from '../src/contract/viewModels';
import { withCell } from './ui/cellEditor';
import { drawGrid, scaleOf, sizeCanvas, themeStyle } from './ui/grid';
import { copyToClipboard, numpyLiteral, runPlayer, type PanelView } from './ui/player';
import { button } from './ui/controls';
import * as l10n from '../src/l10n';

const canvas = document.createElement('canvas');
canvas.setAttribute('role', 'img');

function draw(scene: EquivarianceScene, step: number, update: (request: SceneRequest) => void): void {
  const s = scene.steps[step]!;
  const n = scene.input.cols;
  const cell = Math.max(16, Math.min(36, Math.floor(520 / n)));
  const style = themeStyle();
  const rowGap = cell + 26;
  const ctx = sizeCanvas(canvas, Math.max(n * cell + 40, 460), 8 * rowGap + 20);
  const scale = scaleOf([...scene.input.data, ...s.conv, ...s.convOfShifted]);
  const rows: {
    caption: string;
    values: readonly (number | null)[];
    mark?: readonly boolean[];
    edit?: (r: number, c: number, v: number) => void;
  }[] = [
    {
      caption: 'x',
      values: scene.input.data,
      edit: (_, c, v) =>
        update({
          kind: 'equivariance',
          title: scene.title,
          kernel: scene.kernel,
          input: { ...scene.input, data: withCell(scene.input.data, 1, n, 0, 0, c, v) },
        }),
    },
    { caption: l10n.t('shift(x) by {0}', s.shift), values: s.shifted },
    { caption: l10n.t('conv(x) with kernel [{0}]', scene.kernel.data.join(', ')), values: s.conv },
    {
      caption: l10n.t('conv(shift(x))'),
      values: s.convOfShifted,
      mark: s.convOfShifted.map((v, i) => i >= s.shift && v !== s.shiftedConv[i]),
    },
    { caption: l10n.t('shift(conv(x)) — what equivariance predicts'), values: s.shiftedConv },
    { caption: l10n.t('maxpool₂(x)'), values: s.pool },
    {
      caption: l10n.t('maxpool₂(shift(x))'),
      values: s.poolOfShifted,
      mark: s.poolOfShifted.map((v, i) => s.shiftedPool[i] !== null && v !== s.shiftedPool[i]),
    },
    {
      caption:
        s.shift % 2 === 0
          ? l10n.t('shift(maxpool₂(x)) by {0}', s.shift / 2)
          : l10n.t('shift(maxpool₂(x)) — undefined for a half-cell shift'),
      values: s.shiftedPool,
    },
  ];
  rows.forEach((row, k) => {
    drawGrid(
      ctx,
      {
        rows: 1,
        cols: row.values.length,
        caption: row.caption,
        value: (_, c) => (row.values[c] === null ? undefined : row.values[c]!),
        highlighted: (_, c) => row.mark?.[c] ?? false,
        ...(row.edit ? { edit: row.edit } : {}),
      },
      10,
      4 + k * rowGap,
      cell,
      style,
      scale,
    );
  });
}

const view: PanelView<EquivarianceScene> = {
  kind: 'equivariance',
  draw,
  stepCount: (scene) => scene.steps.length,
  describe: (scene, step) => {
    const s = scene.steps[step]!;
    const conv = s.convEquivariant ? 'conv(shift(x)) = shift(conv(x)) ✓' : 'conv(shift(x)) ≠ shift(conv(x)) ✗';
    const pool = s.poolEquivariant
      ? l10n.t('max pooling follows the shift ✓')
      : s.shift % 2 === 0
        ? l10n.t('max pooling does not follow the shift ✗')
        : l10n.t('max pooling changes: a 1-cell shift is half a pooling step ✗');
    return l10n.t('shift {0}: {1}; {2}', s.shift, conv, pool);
  },
  detail: (scene, step) =>
    l10n.t(
      'maxpool₂(x) = [{0}], maxpool₂(shift(x)) = [{1}]',
      scene.steps[step]!.pool.join(', '),
      scene.steps[step]!.poolOfShifted.join(', '),
    ),
  request: (scene) => ({ kind: 'equivariance', title: scene.title, input: scene.input, kernel: scene.kernel }),
  settings: (scene) => [
    button(l10n.t('Copy as literal'), l10n.t('Copy the signal and the kernel as Python literals'), () =>
      copyToClipboard(`${numpyLiteral('x', scene.input)}\n${numpyLiteral('kernel', scene.kernel)}\n`),
    ),
  ],
};

/** Runs this panel on the page. */
export function start(): void {
  runPlayer(view, canvas);
}
