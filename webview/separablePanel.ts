// Depthwise-separable vs standard convolution: who reads which planes, side by side, with the engine's live counts.
import type { SeparableScene, SeparableStep } from '../src/contract/viewModels';
import { numberField } from './ui/controls';
import { cellFill, sizeCanvas, themeStyle, type GridStyle } from './ui/grid';
import { runPlayer, type PanelView } from './ui/player';
import * as l10n from '../src/l10n';

const canvas = document.createElement('canvas');
canvas.setAttribute('role', 'img');

/** Planes drawn per stack; the rest are summarised as "+ n more". */
const SHOWN = 8;
const BOX = 22;
const PITCH = 30;

const count = (n: number): string => n.toLocaleString('en-US');
const macs = (n: number): string =>
  n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : count(n);

/** A stack of channel boxes at x; returns the centre y of each shown box. */
function stack(
  ctx: CanvasRenderingContext2D,
  style: GridStyle,
  x: number,
  top: number,
  channels: number,
  label: string,
  lit: (c: number) => boolean,
): number[] {
  ctx.fillStyle = style.foreground;
  ctx.textAlign = 'center';
  ctx.fillText(label, x + BOX / 2, top - 8);
  const centres: number[] = [];
  for (let c = 0; c < Math.min(channels, SHOWN); c++) {
    const y = top + c * PITCH;
    ctx.fillStyle = lit(c) ? cellFill(1) : style.padded;
    ctx.fillRect(x, y, BOX, BOX);
    ctx.strokeStyle = lit(c) ? style.highlight : style.border;
    ctx.lineWidth = lit(c) ? 3 : 1;
    ctx.strokeRect(x + 0.5, y + 0.5, BOX - 1, BOX - 1);
    centres.push(y + BOX / 2);
  }
  if (channels > SHOWN) {
    ctx.fillStyle = style.foreground;
    ctx.fillText(l10n.t('+ {0} more', count(channels - SHOWN)), x + BOX / 2, top + SHOWN * PITCH + 10);
  }
  return centres;
}

function links(
  ctx: CanvasRenderingContext2D,
  style: GridStyle,
  x0: number,
  from: readonly number[],
  x1: number,
  to: number | undefined,
  reads: readonly number[],
): void {
  if (to === undefined) return;
  ctx.strokeStyle = style.highlight;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (const c of reads) {
    if (from[c] === undefined) continue;
    ctx.moveTo(x0 + BOX, from[c]);
    ctx.lineTo(x1, to);
  }
  ctx.stroke();
}

function draw(scene: SeparableScene, step: number): void {
  const s = scene.steps[step]!;
  const { inChannels: cin, outChannels: cout, kernel: k, size } = scene.settings;
  const style = themeStyle();
  const top = 64;
  const height = top + (SHOWN + 1) * PITCH + 150;
  const ctx = sizeCanvas(canvas, 760, height);
  ctx.font = `13px ${style.font}`;
  ctx.textBaseline = 'alphabetic';
  const heading = (text: string, x: number): void => {
    ctx.fillStyle = style.foreground;
    ctx.textAlign = 'left';
    ctx.font = `bold 13px ${style.font}`;
    ctx.fillText(text, x, 20);
    ctx.font = `12px ${style.font}`;
  };
  // Standard: C_in planes → C_out planes, each output reading every input.
  heading(l10n.t('Standard {0}×{0} conv', k), 10);
  const sIn = stack(
    ctx,
    style,
    20,
    top,
    cin,
    l10n.t('in {0}', cin),
    (c) => s.pipeline === 'standard' && s.reads.includes(c),
  );
  const sOut = stack(
    ctx,
    style,
    200,
    top,
    cout,
    l10n.t('out {0}', cout),
    (c) => s.pipeline === 'standard' && c === s.channel,
  );
  if (s.pipeline === 'standard') links(ctx, style, 20, sIn, 200, sOut[s.channel], s.reads);
  // Separable: depthwise K×K per plane, then pointwise 1×1 across planes.
  heading(l10n.t('Depthwise {0}×{0}, then pointwise 1×1', k), 340);
  const dIn = stack(
    ctx,
    style,
    350,
    top,
    cin,
    l10n.t('in {0}', cin),
    (c) => s.pipeline === 'depthwise' && s.reads.includes(c),
  );
  const dMid = stack(
    ctx,
    style,
    500,
    top,
    cin,
    l10n.t('depthwise {0}', cin),
    (c) => (s.pipeline === 'depthwise' && c === s.channel) || (s.pipeline === 'pointwise' && s.reads.includes(c)),
  );
  const dOut = stack(
    ctx,
    style,
    650,
    top,
    cout,
    l10n.t('out {0}', cout),
    (c) => s.pipeline === 'pointwise' && c === s.channel,
  );
  if (s.pipeline === 'depthwise') links(ctx, style, 350, dIn, 500, dMid[s.channel], s.reads);
  if (s.pipeline === 'pointwise') links(ctx, style, 500, dMid, 650, dOut[s.channel], s.reads);
  // The counts, from the engine.
  const y = top + (SHOWN + 1) * PITCH + 24;
  ctx.textAlign = 'left';
  ctx.fillStyle = style.foreground;
  ctx.font = `13px ${style.font}`;
  ctx.fillText(
    l10n.t('C_out·C_in·K² = {0}·{1}·{2} = {3} weights', cout, cin, k * k, count(scene.standard.params)),
    10,
    y,
  );
  ctx.fillText(l10n.t('{0} MACs on {1}×{1}', macs(scene.standard.macs), size), 10, y + 20);
  ctx.fillText(
    l10n.t(
      'C_in·K² + C_in·C_out = {0} + {1} = {2} weights',
      count(scene.depthwise.params),
      count(scene.pointwise.params),
      count(scene.separable.params),
    ),
    340,
    y,
  );
  ctx.fillText(l10n.t('{0} MACs on {1}×{1}', macs(scene.separable.macs), size), 340, y + 20);
  ctx.font = `bold 14px ${style.font}`;
  ctx.fillText(
    l10n.t(
      '{0}× fewer weights and MACs (1/C_out + 1/K² = {1})',
      (scene.standard.params / scene.separable.params).toFixed(1),
      (1 / cout + 1 / (k * k)).toFixed(3),
    ),
    10,
    y + 52,
  );
}

function describe(scene: SeparableScene, step: number): string {
  const s: SeparableStep = scene.steps[step]!;
  const k = scene.settings.kernel;
  if (s.pipeline === 'standard')
    return l10n.t(
      'standard: output channel {0} reads all {1} input channels with {1}·{2}·{2} = {3} weights',
      s.channel,
      s.reads.length,
      k,
      count(s.weights),
    );
  if (s.pipeline === 'depthwise')
    return l10n.t('depthwise: channel {0} is filtered on its own with {1}·{1} = {2} weights', s.channel, k, s.weights);
  return l10n.t(
    'pointwise: output channel {0} mixes the {1} depthwise outputs with {2} weights (1×1)',
    s.channel,
    s.reads.length,
    count(s.weights),
  );
}

const view: PanelView<SeparableScene> = {
  kind: 'separable',
  draw,
  stepCount: (scene) => scene.steps.length,
  describe,
  detail: (scene) =>
    l10n.t(
      'standard {0} weights, {1} MACs · separable {2} weights, {3} MACs',
      count(scene.standard.params),
      macs(scene.standard.macs),
      count(scene.separable.params),
      macs(scene.separable.macs),
    ),
  request: (scene) => ({ kind: 'separable', title: scene.title, settings: scene.settings }),
  settings: (scene, update) => {
    const send = (patch: Partial<SeparableScene['settings']>): void =>
      update({ kind: 'separable', title: scene.title, settings: { ...scene.settings, ...patch } });
    return [
      numberField(l10n.t('C_in'), scene.settings.inChannels, (v) => send({ inChannels: v })),
      numberField(l10n.t('C_out'), scene.settings.outChannels, (v) => send({ outChannels: v })),
      numberField(l10n.t('Kernel'), scene.settings.kernel, (v) => send({ kernel: v })),
      numberField(l10n.t('Size'), scene.settings.size, (v) => send({ size: v })),
    ];
  },
};

/** Runs this panel on the page. */
export function start(): void {
  runPlayer(view, canvas);
}
