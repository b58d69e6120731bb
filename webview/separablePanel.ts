// Depthwise-separable vs standard convolution: who reads which planes, side by side, with the engine's live counts.
import type { SeparableScene, SeparableStep } from '../src/protocol';
import { numberField } from './ui/controls';
import { cellFill, sizeCanvas, themeStyle, type GridStyle } from './ui/grid';
import { runPlayer } from './ui/player';

const canvas = document.createElement('canvas');
canvas.setAttribute('role', 'img');

/** Planes drawn per stack; the rest are summarised as "+ n more". */
const SHOWN = 8;
const BOX = 22;
const PITCH = 30;

const count = (n: number): string => n.toLocaleString('en-US');
const macs = (n: number): string => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : count(n));

/** A stack of channel boxes at x; returns the centre y of each shown box. */
function stack(ctx: CanvasRenderingContext2D, style: GridStyle, x: number, top: number, channels: number, label: string, lit: (c: number) => boolean): number[] {
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
    ctx.fillText(`+ ${count(channels - SHOWN)} more`, x + BOX / 2, top + SHOWN * PITCH + 10);
  }
  return centres;
}

function links(ctx: CanvasRenderingContext2D, style: GridStyle, x0: number, from: readonly number[], x1: number, to: number | undefined, reads: readonly number[]): void {
  if (to === undefined) return;
  ctx.strokeStyle = style.highlight;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (const c of reads) {
    if (from[c] === undefined) continue;
    ctx.moveTo(x0 + BOX, from[c]!);
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
  heading(`Standard ${k}×${k} conv`, 10);
  const sIn = stack(ctx, style, 20, top, cin, `in ${cin}`, (c) => s.pipeline === 'standard' && s.reads.includes(c));
  const sOut = stack(ctx, style, 200, top, cout, `out ${cout}`, (c) => s.pipeline === 'standard' && c === s.channel);
  if (s.pipeline === 'standard') links(ctx, style, 20, sIn, 200, sOut[s.channel], s.reads);
  // Separable: depthwise K×K per plane, then pointwise 1×1 across planes.
  heading(`Depthwise ${k}×${k}, then pointwise 1×1`, 340);
  const dIn = stack(ctx, style, 350, top, cin, `in ${cin}`, (c) => s.pipeline === 'depthwise' && s.reads.includes(c));
  const dMid = stack(ctx, style, 500, top, cin, `depthwise ${cin}`, (c) => (s.pipeline === 'depthwise' && c === s.channel) || (s.pipeline === 'pointwise' && s.reads.includes(c)));
  const dOut = stack(ctx, style, 650, top, cout, `out ${cout}`, (c) => s.pipeline === 'pointwise' && c === s.channel);
  if (s.pipeline === 'depthwise') links(ctx, style, 350, dIn, 500, dMid[s.channel], s.reads);
  if (s.pipeline === 'pointwise') links(ctx, style, 500, dMid, 650, dOut[s.channel], s.reads);
  // The counts, from the engine.
  const y = top + (SHOWN + 1) * PITCH + 24;
  ctx.textAlign = 'left';
  ctx.fillStyle = style.foreground;
  ctx.font = `13px ${style.font}`;
  ctx.fillText(`C_out·C_in·K² = ${cout}·${cin}·${k * k} = ${count(scene.standard.params)} weights`, 10, y);
  ctx.fillText(`${macs(scene.standard.macs)} MACs on ${size}×${size}`, 10, y + 20);
  ctx.fillText(`C_in·K² + C_in·C_out = ${count(scene.depthwise.params)} + ${count(scene.pointwise.params)} = ${count(scene.separable.params)} weights`, 340, y);
  ctx.fillText(`${macs(scene.separable.macs)} MACs on ${size}×${size}`, 340, y + 20);
  ctx.font = `bold 14px ${style.font}`;
  ctx.fillText(`${(scene.standard.params / scene.separable.params).toFixed(1)}× fewer weights and MACs (1/C_out + 1/K² = ${(1 / cout + 1 / (k * k)).toFixed(3)})`, 10, y + 52);
}

function describe(scene: SeparableScene, step: number): string {
  const s: SeparableStep = scene.steps[step]!;
  const k = scene.settings.kernel;
  if (s.pipeline === 'standard') return `standard: output channel ${s.channel} reads all ${s.reads.length} input channels with ${s.reads.length}·${k}·${k} = ${count(s.weights)} weights`;
  if (s.pipeline === 'depthwise') return `depthwise: channel ${s.channel} is filtered on its own with ${k}·${k} = ${s.weights} weights`;
  return `pointwise: output channel ${s.channel} mixes the ${s.reads.length} depthwise outputs with ${count(s.weights)} weights (1×1)`;
}

runPlayer<SeparableScene>({
  kind: 'separable',
  draw,
  stepCount: (scene) => scene.steps.length,
  describe,
  detail: (scene) => `standard ${count(scene.standard.params)} weights, ${macs(scene.standard.macs)} MACs · separable ${count(scene.separable.params)} weights, ${macs(scene.separable.macs)} MACs`,
  request: (scene) => ({ kind: 'separable', title: scene.title, settings: scene.settings }),
  settings: (scene, update) => {
    const send = (patch: Partial<SeparableScene['settings']>): void => update({ kind: 'separable', title: scene.title, settings: { ...scene.settings, ...patch } });
    return [
      numberField('C_in', scene.settings.inChannels, (v) => send({ inChannels: v })),
      numberField('C_out', scene.settings.outChannels, (v) => send({ outChannels: v })),
      numberField('Kernel', scene.settings.kernel, (v) => send({ kernel: v })),
      numberField('Size', scene.settings.size, (v) => send({ size: v })),
    ];
  },
}, canvas);
