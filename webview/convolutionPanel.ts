// The convolution animation: input (with padding), kernel and output drawn from the host's step trace.
import type { ConvolutionScene } from '../src/protocol';
import { button, numberField } from './ui/controls';
import { drawGrid, formatCell, scaleOf, sizeCanvas, themeStyle } from './ui/grid';
import { copyToClipboard, numpyLiteral, runPlayer } from './ui/player';

const canvas = document.createElement('canvas');
canvas.setAttribute('role', 'img');

function draw(scene: ConvolutionScene, step: number): void {
  const { input, kernel, output, settings } = scene;
  const s = scene.steps[step]!;
  const pad = settings.padding;
  const cell = Math.max(8, Math.min(40, Math.floor(520 / (input.cols + 2 * pad + kernel.cols + output.cols + 4))));
  const style = themeStyle();
  const paddedRows = input.rows + 2 * pad;
  const paddedCols = input.cols + 2 * pad;
  const gap = cell * 1.5;
  const width = (paddedCols + kernel.cols + output.cols) * cell + 2 * gap + 20;
  const height = Math.max(paddedRows, kernel.rows, output.rows) * cell + 40;
  const ctx = sizeCanvas(canvas, width, height);
  const inWindow = new Set(s.window.map((w) => `${w.row + pad},${w.col + pad}`));
  drawGrid(ctx, {
    rows: paddedRows, cols: paddedCols, caption: `input ${input.rows}×${input.cols}${pad ? ` (padding ${pad})` : ''}`,
    value: (r, c) => {
      const ir = r - pad;
      const ic = c - pad;
      return ir < 0 || ic < 0 || ir >= input.rows || ic >= input.cols ? null : input.data[ir * input.cols + ic]!;
    },
    highlighted: (r, c) => inWindow.has(`${r},${c}`),
  }, 10, 4, cell, style, scaleOf(input.data));
  const kx = 10 + paddedCols * cell + gap;
  drawGrid(ctx, { rows: kernel.rows, cols: kernel.cols, caption: `kernel ${kernel.rows}×${kernel.cols}`, value: (r, c) => kernel.data[r * kernel.cols + c]!, highlighted: () => true }, kx, 4, cell, style, scaleOf(kernel.data));
  drawGrid(ctx, {
    rows: output.rows, cols: output.cols, caption: `output ${output.rows}×${output.cols}`,
    value: (r, c) => (scene.summary || r * output.cols + c <= step ? output.data[r * output.cols + c]! : undefined),
    highlighted: (r, c) => r === s.outRow && c === s.outCol,
  }, kx + kernel.cols * cell + gap, 4, cell, style, scaleOf(output.data));
}

runPlayer<ConvolutionScene>({
  kind: 'convolution',
  draw,
  stepCount: (scene) => scene.steps.length,
  describe: (scene, step) => {
    const s = scene.steps[step]!;
    return `output (${s.outRow}, ${s.outCol}) = sum of ${s.products.length} products = ${formatCell(s.sum)}`;
  },
  detail: (scene, step) => {
    const s = scene.steps[step]!;
    return `${s.window.map((w, k) => `${formatCell(w.value)}·${formatCell(s.weights[k]!)}`).join(' + ')} = ${formatCell(s.sum)}`;
  },
  request: (scene) => ({ kind: 'convolution', title: scene.title, input: scene.input, kernel: scene.kernel, settings: scene.settings }),
  settings: (scene, update) => {
    const send = (patch: Partial<ConvolutionScene['settings']>): void =>
      update({ kind: 'convolution', title: scene.title, input: scene.input, kernel: scene.kernel, settings: { ...scene.settings, ...patch } });
    return [
      numberField('Stride', scene.settings.stride, (v) => send({ stride: v })),
      numberField('Padding', scene.settings.padding, (v) => send({ padding: v })),
      numberField('Dilation', scene.settings.dilation, (v) => send({ dilation: v })),
      button('Copy as literal', 'Copy the input and kernel as Python literals', () => copyToClipboard(`${numpyLiteral('image', scene.input)}\n${numpyLiteral('kernel', scene.kernel)}\n`)),
    ];
  },
}, canvas);
