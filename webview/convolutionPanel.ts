// The convolution animation: input planes (with padding), the kernels of the current output channel, and the output
// planes growing cell by cell, all from the host's step trace; values are editable in place.
import { depthOf, type ConvolutionScene, type Matrix, type SceneRequest } from '../src/contract/viewModels';
import { withChannels } from '../src/scenes/channels';
import { withCell } from './ui/cellEditor';
import { button, numberField } from './ui/controls';
import { captionWidth, drawGrid, formatCell, scaleOf, sizeCanvas, themeStyle } from './ui/grid';
import { copyToClipboard, numpyLiteral, runPlayer, type PanelView } from './ui/player';
import * as l10n from '../src/l10n';

const canvas = document.createElement('canvas');
canvas.setAttribute('role', 'img');

type ConvRequest = Extract<SceneRequest, { kind: 'convolution' }>;

function requestOf(scene: ConvolutionScene): ConvRequest {
  return {
    kind: 'convolution',
    title: scene.title,
    input: scene.input,
    kernel: scene.kernel,
    settings: scene.settings,
    ...(scene.bias ? { bias: scene.bias } : {}),
  };
}

function plane(m: Matrix, index: number): (r: number, c: number) => number {
  const base = index * m.rows * m.cols;
  return (r, c) => m.data[base + r * m.cols + c]!;
}

function draw(scene: ConvolutionScene, step: number, update: (request: SceneRequest) => void): void {
  const { input, kernel, output, settings } = scene;
  const s = scene.steps[step]!;
  const pad = settings.padding;
  const cin = depthOf(input);
  const cout = depthOf(output);
  const perGroup = cin / (settings.groups ?? 1);
  const outPerGroup = cout / (settings.groups ?? 1);
  const paddedRows = input.rows + 2 * pad;
  const paddedCols = input.cols + 2 * pad;
  const tallest = Math.max(cin * (paddedRows + 1), perGroup * (kernel.rows + 1), cout * (output.rows + 1));
  const cell = Math.max(
    8,
    Math.min(40, Math.floor(520 / (paddedCols + kernel.cols + output.cols + 4)), Math.floor(900 / tallest)),
  );
  const style = themeStyle();
  const gap = cell * 1.5;
  const planeGap = 26;
  const height =
    Math.max(
      cin * (paddedRows * cell + planeGap),
      perGroup * (kernel.rows * cell + planeGap),
      cout * (output.rows * cell + planeGap),
    ) + 10;
  const inputCaption = (ic: number): string => {
    const group = Math.floor(ic / perGroup);
    const feeds =
      (settings.groups ?? 1) > 1
        ? l10n.t(' → out {0}', `${group * outPerGroup}${outPerGroup > 1 ? `–${(group + 1) * outPerGroup - 1}` : ''}`)
        : '';
    const name = cin > 1 ? l10n.t('input ch {0}', ic) : l10n.t('input');
    return `${name} ${input.rows}×${input.cols}${pad ? l10n.t(' (padding {0})', pad) : ''}${feeds}`;
  };
  const kernelCaption = (j: number): string =>
    depthOf(kernel) > 1
      ? l10n.t('kernel {0}·{1} (in ch {2})', s.outChannel, j, s.parts[j]!.inChannel)
      : l10n.t('kernel {0}×{1}', kernel.rows, kernel.cols);
  const outputCaption = (oc: number): string =>
    `${cout > 1 ? l10n.t('output ch {0}', oc) : l10n.t('output')} ${output.rows}×${output.cols}${scene.bias ? l10n.t(' + bias {0}', formatCell(scene.bias[oc]!)) : ''}`;
  // Columns as wide as their widest grid or caption, so captions never run into the next column.
  const column = (grid: number, captions: string[]): number =>
    Math.max(grid, ...captions.map((c) => captionWidth(c, style)));
  const kx =
    10 +
    column(
      paddedCols * cell,
      Array.from({ length: cin }, (_, i) => inputCaption(i)),
    ) +
    gap;
  const ox =
    kx +
    column(
      kernel.cols * cell,
      s.parts.map((_, j) => kernelCaption(j)),
    ) +
    gap;
  const ctx = sizeCanvas(
    canvas,
    ox +
      column(
        output.cols * cell,
        Array.from({ length: cout }, (_, i) => outputCaption(i)),
      ) +
      20,
    height,
  );
  const request = requestOf(scene);
  const partOf = new Map(s.parts.map((p) => [p.inChannel, p]));
  for (let ic = 0; ic < cin; ic++) {
    const part = partOf.get(ic);
    const inWindow = new Set(part?.window.map((w) => `${w.row + pad},${w.col + pad}`));
    const at = plane(input, ic);
    drawGrid(
      ctx,
      {
        rows: paddedRows,
        cols: paddedCols,
        faded: !part,
        caption: inputCaption(ic),
        value: (r, c) => {
          const ir = r - pad;
          const ic2 = c - pad;
          return ir < 0 || ic2 < 0 || ir >= input.rows || ic2 >= input.cols ? null : at(ir, ic2);
        },
        highlighted: (r, c) => inWindow.has(`${r},${c}`),
        edit: (r, c, v) =>
          update({
            ...request,
            input: { ...input, data: withCell(input.data, input.rows, input.cols, ic, r - pad, c - pad, v) },
          }),
      },
      10,
      4 + ic * (paddedRows * cell + planeGap),
      cell,
      style,
      scaleOf(input.data),
    );
  }
  s.parts.forEach((_, j) => {
    const index = s.outChannel * perGroup + j;
    drawGrid(
      ctx,
      {
        rows: kernel.rows,
        cols: kernel.cols,
        caption: kernelCaption(j),
        value: plane(kernel, index),
        highlighted: () => true,
        edit: (r, c, v) =>
          update({
            ...request,
            kernel: { ...kernel, data: withCell(kernel.data, kernel.rows, kernel.cols, index, r, c, v) },
          }),
      },
      kx,
      4 + j * (kernel.rows * cell + planeGap),
      cell,
      style,
      scaleOf(kernel.data),
    );
  });
  const perPlane = output.rows * output.cols;
  for (let oc = 0; oc < cout; oc++) {
    const at = plane(output, oc);
    drawGrid(
      ctx,
      {
        rows: output.rows,
        cols: output.cols,
        faded: oc !== s.outChannel,
        caption: outputCaption(oc),
        value: (r, c) => (scene.summary || oc * perPlane + r * output.cols + c <= step ? at(r, c) : undefined),
        highlighted: (r, c) => oc === s.outChannel && r === s.outRow && c === s.outCol,
      },
      ox,
      4 + oc * (output.rows * cell + planeGap),
      cell,
      style,
      scaleOf(output.data),
    );
  }
}

/** Valid (no padding), same (output as large as the input, at stride 1) and full (every overlap) padding as buttons. */
function paddingPresets(scene: ConvolutionScene, set: (padding: number) => void): HTMLElement[] {
  const reach = scene.settings.dilation * (Math.max(scene.kernel.rows, scene.kernel.cols) - 1);
  return [
    button(l10n.t('valid'), l10n.t('Padding 0: the output shrinks by K − 1'), () => set(0)),
    button(
      l10n.t('same'),
      reach % 2 === 0
        ? l10n.t('Padding {0}: at stride 1 the output keeps the input size', reach / 2)
        : l10n.t('An even kernel needs uneven padding for same; this uses {0}', Math.floor(reach / 2)),
      () => set(Math.floor(reach / 2)),
    ),
    button(
      l10n.t('full'),
      l10n.t('Padding {0} = d(K − 1): every position where kernel and input overlap; the output grows by K − 1', reach),
      () => set(reach),
    ),
  ];
}

function describe(scene: ConvolutionScene, step: number): string {
  const s = scene.steps[step]!;
  const products = s.parts.reduce((n, p) => n + p.products.length, 0);
  if (depthOf(scene.output) === 1 && s.parts.length === 1 && !scene.bias)
    return l10n.t('output ({0}, {1}) = sum of {2} products = {3}', s.outRow, s.outCol, products, formatCell(s.sum));
  const bias = scene.bias ? l10n.t(' + bias {0}', formatCell(s.bias)) : '';
  const channels =
    s.parts.length === 1
      ? l10n.t('input channel {0}', s.parts[0]!.inChannel)
      : l10n.t('{0} input channels', s.parts.length);
  return l10n.t(
    'output channel {0} ({1}, {2}) = {3}, {4} products{5} = {6}',
    s.outChannel,
    s.outRow,
    s.outCol,
    channels,
    products,
    bias,
    formatCell(s.sum),
  );
}

function detail(scene: ConvolutionScene, step: number): string {
  const s = scene.steps[step]!;
  const terms = (p: (typeof s.parts)[number]): string =>
    p.window.map((w, k) => `${formatCell(w.value)}·${formatCell(p.weights[k]!)}`).join(' + ');
  if (s.parts.length === 1 && !scene.bias) return `${terms(s.parts[0]!)} = ${formatCell(s.sum)}`;
  const planes = s.parts.map((p) => l10n.t('ch {0}: {1} = {2}', p.inChannel, terms(p), formatCell(p.sum))).join('; ');
  return `${planes}${scene.bias ? l10n.t('; bias {0}', formatCell(s.bias)) : ''} → ${formatCell(s.sum)}`;
}

const view: PanelView<ConvolutionScene> = {
  kind: 'convolution',
  draw,
  stepCount: (scene) => scene.steps.length,
  describe,
  detail,
  request: requestOf,
  settings: (scene, update) => {
    const request = requestOf(scene);
    const groups = scene.settings.groups ?? 1;
    const send = (patch: Partial<ConvolutionScene['settings']>): void =>
      update({ ...request, settings: { ...scene.settings, ...patch } });
    const channels = (cin: number, cout: number, g: number): void => {
      try {
        update(withChannels(request, cin, cout, g));
      } catch (e) {
        document.querySelector('.error')!.textContent = (e as Error).message;
      }
    };
    const cin = depthOf(scene.input);
    const cout = depthOf(scene.output);
    return [
      numberField(l10n.t('Stride'), scene.settings.stride, (v) => send({ stride: v })),
      numberField(l10n.t('Padding'), scene.settings.padding, (v) => send({ padding: v })),
      ...paddingPresets(scene, (padding) => send({ padding })),
      numberField(l10n.t('Dilation'), scene.settings.dilation, (v) => send({ dilation: v })),
      numberField(l10n.t('In ch'), cin, (v) => channels(v, cout, groups)),
      numberField(l10n.t('Out ch'), cout, (v) => channels(cin, v, groups)),
      numberField(l10n.t('Groups'), groups, (v) => channels(cin, cout, v)),
      button(l10n.t('Copy as literal'), l10n.t('Copy the input and kernel as Python literals'), () =>
        copyToClipboard(
          `${numpyLiteral('image', scene.input)}\n${numpyLiteral('kernel', scene.kernel, [cout, cin / groups])}\n`,
        ),
      ),
    ];
  },
};

/** Runs this panel on the page. */
export function start(): void {
  runPlayer(view, canvas);
}
