// The filter visualization: conv1's learned kernels, the image each filter of both layers responds to most (gradient
// ascent), and the feature maps of one digit; stepping moves the focus from filter to filter.
import type { FiltersScene, Matrix } from '../src/contract/viewModels';
import { button, numberField } from './ui/controls';
import { drawGrid, formatCell, scaleOf, sizeCanvas, themeStyle, type GridStyle } from './ui/grid';
import { runPlayer, type PanelView } from './ui/player';
import * as l10n from '../src/l10n';

const canvas = document.createElement('canvas');
canvas.setAttribute('role', 'img');

const WIDTH = 800;

/** Draws the planes of `m` in a row from x = 10; returns the row's height. `focus` gets an outline. */
function row(
  ctx: CanvasRenderingContext2D,
  style: GridStyle,
  m: Matrix,
  y: number,
  cell: number,
  caption: (i: number) => string,
  focus: number | undefined,
  scale = scaleOf(m.data),
): number {
  const depth = m.depth ?? 1;
  const pitch = Math.max(m.cols * cell + 14, 70);
  for (let i = 0; i < depth; i++) {
    const base = i * m.rows * m.cols;
    const x = 10 + i * pitch;
    drawGrid(
      ctx,
      {
        rows: m.rows,
        cols: m.cols,
        caption: caption(i),
        hideValues: cell < 22,
        value: (r, c) => m.data[base + r * m.cols + c]!,
        highlighted: () => false,
      },
      x,
      y,
      cell,
      style,
      scale,
    );
    if (i === focus) {
      ctx.strokeStyle = style.highlight;
      ctx.lineWidth = 3;
      ctx.strokeRect(x - 3, y + 15, m.cols * cell + 6, m.rows * cell + 6);
    }
  }
  return 18 + m.rows * cell + 16;
}

function heading(ctx: CanvasRenderingContext2D, style: GridStyle, text: string, y: number): number {
  ctx.font = `bold 13px ${style.font}`;
  ctx.fillStyle = style.foreground;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(text, 10, y + 14);
  return 22;
}

function draw(scene: FiltersScene, step: number): void {
  const s = scene.steps[step]!;
  const style = themeStyle();
  const side = scene.network.side;
  const ctx = sizeCanvas(canvas, WIDTH, 5 * (side * 3 + 34) + 5 * 22 + 110);
  const f1 = s.layer === 1 ? s.filter : undefined;
  const f2 = s.layer === 2 ? s.filter : undefined;
  let y = 4;
  y += heading(ctx, style, l10n.t('conv1 kernels (5×5, learned)'), y);
  y += row(ctx, style, scene.kernels1, y, 12, (i) => `f${i}`, f1);
  y += heading(
    ctx,
    style,
    l10n.t('what each conv1 filter responds to most (gradient ascent on the input, centre units, L2-regularised)'),
    y,
  );
  y += row(ctx, style, scene.ascent1, y, 3, (i) => `conv1 f${i}`, f1, 1);
  y += heading(ctx, style, l10n.t('what each conv2 filter responds to most'), y);
  y += row(ctx, style, scene.ascent2, y, 3, (i) => `conv2 f${i}`, f2, 1);
  const label = scene.network.labels[scene.sample]!;
  const probabilities = scene.probabilities;
  const predicted = probabilities.indexOf(Math.max(...probabilities));
  const digit: Matrix = {
    rows: side,
    cols: side,
    data: scene.network.samples.data.slice(scene.sample * side * side, (scene.sample + 1) * side * side),
  };
  y += heading(
    ctx,
    style,
    l10n.t(
      'a {0}: predicted {1} ({2}%), and its conv1 feature maps',
      label,
      predicted,
      (probabilities[predicted]! * 100).toFixed(0),
    ),
    y,
  );
  drawGrid(
    ctx,
    {
      rows: side,
      cols: side,
      caption: l10n.t('digit {0}', label),
      hideValues: true,
      value: (r, c) => digit.data[r * side + c]!,
      highlighted: () => false,
    },
    10,
    y,
    3,
    style,
    1,
  );
  ctx.save();
  ctx.translate(side * 3 + 30, 0);
  row(ctx, style, scene.maps1, y, 3, (i) => `map f${i}`, f1);
  ctx.restore();
  y += 18 + side * 3 + 16;
  y += heading(ctx, style, l10n.t('its conv2 feature maps'), y);
  row(ctx, style, scene.maps2, y, 7, (i) => `map f${i}`, f2);
}

function describe(scene: FiltersScene, step: number): string {
  const s = scene.steps[step]!;
  const label = scene.network.labels[scene.sample]!;
  return l10n.t(
    "conv{0} filter {1}: gradient ascent raised its centre units' mean activation from {2} to {3}; on this {4} its feature map peaks at {5}",
    s.layer,
    s.filter,
    formatCell(s.before),
    formatCell(s.after),
    label,
    formatCell(s.peak),
  );
}

const view: PanelView<FiltersScene> = {
  kind: 'filters',
  draw,
  stepCount: (scene) => scene.steps.length,
  describe,
  detail: (scene) =>
    l10n.t(
      '{0}% of the held-out digits classified correctly · probabilities {1}',
      (scene.network.accuracy * 100).toFixed(1),
      scene.probabilities.map((p, d) => `${d}: ${(p * 100).toFixed(0)}%`).join(', '),
    ),
  request: (scene) => ({ kind: 'filters', title: scene.title, network: scene.network, sample: scene.sample }),
  settings: (scene, update) => {
    const count = scene.network.labels.length;
    const show = (sample: number): void =>
      update({
        kind: 'filters',
        title: scene.title,
        network: scene.network,
        sample: ((sample % count) + count) % count,
      });
    return [
      button(l10n.t('Previous digit'), l10n.t('Show the feature maps of the previous sample digit'), () =>
        show(scene.sample - 1),
      ),
      numberField(l10n.t('Digit'), scene.sample, (v) => show(v)),
      button(l10n.t('Next digit'), l10n.t('Show the feature maps of the next sample digit'), () =>
        show(scene.sample + 1),
      ),
    ];
  },
};

/** Runs this panel on the page. */
export function start(): void {
  runPlayer(view, canvas);
}
