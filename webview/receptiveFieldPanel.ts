// The receptive field: one output unit lit, then the region it depends on at every earlier level, back to the input;
// several stacks (two 3×3 vs one 5×5) side by side. Click an output cell to pick another unit.
import type { ReceptiveFieldScene, RfStackScene, SceneRequest } from '../src/contract/viewModels';
import { numberField } from './ui/controls';
import { canvasPoint, drawGrid, sizeCanvas, themeStyle } from './ui/grid';
import { runPlayer, type PanelView } from './ui/player';
import * as l10n from '../src/l10n';

const canvas = document.createElement('canvas');
canvas.setAttribute('role', 'img');

/** Side of the box each level's map is fitted into. */
const BOX = 150;
const WIDTH = 760;

/** Where the first stack's output grid was drawn, for picking a unit by clicking. */
let outputHit: { x: number; top: number; cell: number; rows: number; cols: number } | undefined;
let pick: ((row: number, col: number) => void) | undefined;

canvas.addEventListener('click', (e) => {
  if (!outputHit || !pick) return;
  const { x, y } = canvasPoint(canvas, e);
  const c = Math.floor((x - outputHit.x) / outputHit.cell);
  const r = Math.floor((y - outputHit.top) / outputHit.cell);
  if (r >= 0 && c >= 0 && r < outputHit.rows && c < outputHit.cols) pick(r, c);
});

/** The level a stack shows lit at `step`: the output at step 0, one level further back each step. */
function litFrom(stack: RfStackScene, step: number): number {
  return Math.max(0, stack.levels.length - 1 - step);
}

function levelName(stack: RfStackScene, level: number): string {
  const l = stack.levels[level]!;
  return level === 0
    ? l10n.t('input {0}×{1}', l.rows, l.cols)
    : `${stack.layers[level - 1]!.name} → ${l.rows}×${l.cols}`;
}

function draw(scene: ReceptiveFieldScene, step: number, update: (request: SceneRequest) => void): void {
  const style = themeStyle();
  const perRow = Math.max(1, Math.floor((WIDTH - 20) / (BOX + 20)));
  const heights = scene.stacks.map((s) => Math.ceil(s.levels.length / perRow) * (BOX + 40) + 30);
  const ctx = sizeCanvas(canvas, WIDTH, heights.reduce((a, b) => a + b, 0) + 10);
  let y = 4;
  scene.stacks.forEach((stack, si) => {
    ctx.font = `bold 13px ${style.font}`;
    ctx.fillStyle = style.foreground;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(
      l10n.t('{0}: field {1}×{1}, {2} weights per channel pair (ΣK²)', stack.name, stack.fieldSize, stack.weights),
      10,
      y + 14,
    );
    const from = litFrom(stack, step);
    stack.levels.forEach((level, li) => {
      const cell = Math.max(1, Math.floor(BOX / Math.max(level.rows, level.cols)));
      const x = 10 + (li % perRow) * (BOX + 20);
      const top = y + 24 + Math.floor(li / perRow) * (BOX + 40);
      const lit = li >= from;
      const { top: r0, left: c0, bottom: r1, right: c1 } = level.region;
      const inRegion = (r: number, c: number): boolean => lit && r >= r0 && r <= r1 && c >= c0 && c <= c1;
      drawGrid(
        ctx,
        {
          rows: level.rows,
          cols: level.cols,
          caption: levelName(stack, li),
          hideValues: true,
          value: (r, c) => (inRegion(r, c) ? 1 : 0),
          highlighted: () => false,
        },
        x,
        top,
        cell,
        style,
        1,
      );
      if (li === from) {
        // The region just reached, outlined as one rectangle (clipped to the map; the rest lies in padding).
        const [t, l, b, rt] = [
          Math.max(0, r0),
          Math.max(0, c0),
          Math.min(level.rows - 1, r1),
          Math.min(level.cols - 1, c1),
        ];
        ctx.strokeStyle = style.highlight;
        ctx.lineWidth = 3;
        ctx.strokeRect(x + l * cell + 1.5, top + 18 + t * cell + 1.5, (rt - l + 1) * cell - 3, (b - t + 1) * cell - 3);
      }
      if (si === 0 && li === stack.levels.length - 1)
        outputHit = { x, top: top + 18, cell, rows: level.rows, cols: level.cols };
    });
    y += heights[si]!;
  });
  pick = (row, col) =>
    update({
      kind: 'receptiveField',
      title: scene.title,
      inputSize: scene.inputSize,
      stacks: scene.stacks.map((s) => ({ name: s.name, layers: s.layers })),
      unit: { row, col },
    });
}

function describe(scene: ReceptiveFieldScene, step: number): string {
  return scene.stacks
    .map((stack) => {
      const level = litFrom(stack, step);
      const { top, left, bottom, right } = stack.levels[level]!.region;
      const where =
        level === stack.levels.length - 1
          ? l10n.t('output unit ({0}, {1})', top, left)
          : l10n.t(
              '{0}: rows {1}–{2}, cols {3}–{4} ({5}×{6})',
              levelName(stack, level),
              top,
              bottom,
              left,
              right,
              bottom - top + 1,
              right - left + 1,
            );
      return `${stack.name}: ${where}`;
    })
    .join('; ');
}

const view: PanelView<ReceptiveFieldScene> = {
  kind: 'receptiveField',
  draw,
  stepCount: (scene) => Math.max(...scene.stacks.map((s) => s.levels.length)),
  describe,
  detail: (scene) => {
    const first = scene.stacks[0]!;
    const input = first.levels[0]!.region;
    const outside =
      input.top < 0 || input.left < 0 || input.bottom >= scene.inputSize || input.right >= scene.inputSize;
    return l10n.t(
      '{0}: the unit sees {1}×{1} input pixels{2}. Click a cell of the last map to pick another unit.',
      first.name,
      first.fieldSize,
      outside ? l10n.t(', part of them padding') : '',
    );
  },
  request: (scene) => ({
    kind: 'receptiveField',
    title: scene.title,
    inputSize: scene.inputSize,
    stacks: scene.stacks.map((s) => ({ name: s.name, layers: s.layers })),
    unit: scene.unit,
  }),
  settings: (scene, update) => {
    const send = (patch: Partial<{ inputSize: number; row: number; col: number }>): void =>
      update({
        kind: 'receptiveField',
        title: scene.title,
        inputSize: patch.inputSize ?? scene.inputSize,
        stacks: scene.stacks.map((s) => ({ name: s.name, layers: s.layers })),
        unit: { row: patch.row ?? scene.unit.row, col: patch.col ?? scene.unit.col },
      });
    return [
      numberField(l10n.t('Input size'), scene.inputSize, (v) => send({ inputSize: v })),
      numberField(l10n.t('Unit row'), scene.unit.row, (v) => send({ row: v })),
      numberField(l10n.t('Unit col'), scene.unit.col, (v) => send({ col: v })),
    ];
  },
};

/** Runs this panel on the page. */
export function start(): void {
  runPlayer(view, canvas);
}
