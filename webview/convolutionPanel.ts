// The convolution animation: input (with padding), kernel and output drawn from the host's step trace; play, step, scrub, edit.
import type { ConvolutionScene, HostToWebview } from '../src/protocol';
import { button, numberField } from './ui/controls';
import { drawGrid, formatCell, themeStyle } from './ui/grid';
import { onHostMessage, vscodeApi } from './ui/vscodeApi';

interface ViewState {
  request?: { title: string; input: ConvolutionScene['input']; kernel: ConvolutionScene['kernel']; settings: ConvolutionScene['settings'] };
  step?: number;
}

const vscode = vscodeApi<ViewState>();
const app = document.getElementById('app')!;
let scene: ConvolutionScene | undefined;
let step = 0;
let playing = false;
let timer: number | undefined;
let speedMs = 600;

const title = document.createElement('h2');
const error = document.createElement('p');
error.className = 'error';
error.setAttribute('role', 'alert');
const canvas = document.createElement('canvas');
canvas.setAttribute('role', 'img');
const status = document.createElement('p');
status.className = 'status';
status.setAttribute('aria-live', 'polite');
const products = document.createElement('p');
products.className = 'products';
const slider = document.createElement('input');
slider.type = 'range';
slider.min = '0';
slider.setAttribute('aria-label', 'Step');
slider.addEventListener('input', () => goTo(Number(slider.value)));

const bar = document.createElement('div');
bar.className = 'controls';
const playButton = button('▶ Play', 'Play / pause (Space)', () => togglePlay(), false);
bar.append(
  button('Reset', 'Reset to the first step (Home)', () => goTo(0)),
  button('◀', 'Step back (←)', () => goTo(step - 1)),
  playButton,
  button('▶', 'Step forward (→)', () => goTo(step + 1)),
  button('Slower', 'Slower (-)', () => setSpeed(speedMs * 1.5)),
  button('Faster', 'Faster (+)', () => setSpeed(speedMs / 1.5)),
  slider,
);
const settingsBar = document.createElement('div');
settingsBar.className = 'controls';
const copyButton = button('Copy as literal', 'Copy the input and kernel as Python literals', () => copyLiteral());
app.append(title, error, bar, settingsBar, canvas, status, products);

function renderSettings(): void {
  if (!scene) return;
  const s = scene.settings;
  const send = (patch: Partial<typeof s>): void => {
    if (!scene) return;
    vscode.postMessage({ type: 'update', input: scene.input, kernel: scene.kernel, settings: { ...scene.settings, ...patch } });
  };
  settingsBar.replaceChildren(
    numberField('Stride', s.stride, (v) => send({ stride: v })),
    numberField('Padding', s.padding, (v) => send({ padding: v })),
    numberField('Dilation', s.dilation, (v) => send({ dilation: v })),
    copyButton,
  );
}

function setSpeed(ms: number): void {
  speedMs = Math.max(60, Math.min(4000, ms));
  if (playing) {
    stop();
    togglePlay();
  }
}

function stop(): void {
  playing = false;
  if (timer !== undefined) window.clearInterval(timer);
  timer = undefined;
  playButton.textContent = '▶ Play';
}

function togglePlay(): void {
  if (playing || !scene) return stop();
  playing = true;
  playButton.textContent = '⏸ Pause';
  if (step >= scene.steps.length - 1) goTo(0);
  timer = window.setInterval(() => {
    if (!scene || step >= scene.steps.length - 1) return stop();
    goTo(step + 1);
  }, speedMs);
}

function describe(): string {
  const s = scene?.steps[step];
  if (!s) return '';
  return `output (${s.outRow}, ${s.outCol}) = sum of ${s.products.length} products = ${formatCell(s.sum)}`;
}

function goTo(target: number): void {
  if (!scene) return;
  step = Math.max(0, Math.min(scene.steps.length - 1, target));
  slider.value = String(step);
  draw();
  const description = describe();
  status.textContent = `Step ${step + 1} of ${scene.steps.length}: ${description}`;
  const s = scene.steps[step]!;
  products.textContent = s.window.map((w, k) => `${formatCell(w.value)}·${formatCell(s.weights[k]!)}`).join(' + ') + ` = ${formatCell(s.sum)}`;
  canvas.setAttribute('aria-label', description);
  vscode.setState({ request: { title: scene.title, input: scene.input, kernel: scene.kernel, settings: scene.settings }, step });
  vscode.postMessage({ type: 'stepShown', step, description });
}

function draw(): void {
  if (!scene) return;
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
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const scaleOf = (d: readonly number[]): number => Math.max(1e-9, ...d.map(Math.abs));
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
  const ox = kx + kernel.cols * cell + gap;
  const doneUpTo = step;
  drawGrid(ctx, {
    rows: output.rows, cols: output.cols, caption: `output ${output.rows}×${output.cols}`,
    value: (r, c) => (r * output.cols + c <= doneUpTo ? output.data[r * output.cols + c]! : undefined),
    highlighted: (r, c) => r === s.outRow && c === s.outCol,
  }, ox, 4, cell, style, scaleOf(output.data));
}

function copyLiteral(): void {
  if (!scene) return;
  const literal = (name: string, m: ConvolutionScene['input']): string => {
    const rows: string[] = [];
    for (let r = 0; r < m.rows; r++) rows.push(`[${m.data.slice(r * m.cols, (r + 1) * m.cols).join(', ')}]`);
    return `${name} = np.array([${rows.join(',\n' + ' '.repeat(name.length + 13))}])`;
  };
  vscode.postMessage({ type: 'copyLiteral', text: `${literal('image', scene.input)}\n${literal('kernel', scene.kernel)}\n` });
}

document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement || (e.target as HTMLElement | null)?.tagName === 'VSCODE-TEXT-FIELD') return;
  if (e.key === ' ') togglePlay();
  else if (e.key === 'ArrowRight') goTo(step + 1);
  else if (e.key === 'ArrowLeft') goTo(step - 1);
  else if (e.key === 'Home') goTo(0);
  else if (e.key === 'End' && scene) goTo(scene.steps.length - 1);
  else if (e.key === '+') setSpeed(speedMs / 1.5);
  else if (e.key === '-') setSpeed(speedMs * 1.5);
  else return;
  e.preventDefault();
});

onHostMessage((message: HostToWebview) => {
  switch (message.type) {
    case 'scene':
      stop();
      scene = message.scene;
      error.textContent = '';
      title.textContent = scene.title;
      slider.max = String(scene.steps.length - 1);
      renderSettings();
      goTo(message.step);
      return;
    case 'error':
      error.textContent = message.message;
      return;
    default: {
      const unreachable: never = message;
      return unreachable;
    }
  }
});

vscode.postMessage({ type: 'ready' });
