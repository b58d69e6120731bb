// Engine (WebAssembly SIMD path and TypeScript path) vs @tensorflow/tfjs-backend-cpu and -wasm on the same inputs, in
// one process: median ms, GFLOP/s, % of this machine's WebAssembly SIMD limit, ratios; digit-net training time.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readDigits } from '../src/classroom/digits';
import { train } from '../src/classroom/digitNet';
import { conv2d, conv2dBackward } from '../src/engine/conv';
import { maxPool2dValues } from '../src/engine/pool';
import { tensor, type Tensor } from '../src/engine/tensor';
import { freshArena } from '../src/engine/wasm/wasmMemory';
import { engineBackend, setEngineBackend, wasmKernels, type EngineBackend } from '../src/engine/wasm/wasmRuntime';
import { buildConvolutionScene } from '../src/scenes/convolutionScene';
import { medianMs, randomValues, writeResult } from './measure';

interface Case {
  readonly name: string;
  readonly flops: number;
  readonly engine: () => unknown;
  /** The same work in tfjs (NHWC), on whatever backend is active; absent when tfjs has no such kernel. */
  readonly tfjs?: () => tf.Tensor | tf.Tensor[];
}

type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

function nchwToNhwc(t: Tensor): tf.Tensor4D {
  const [n, c, h, w] = t.shape as [number, number, number, number];
  return tf.tidy(() => tf.transpose(tf.tensor4d(Float32Array.from(t.data), [n, c, h, w]), [0, 2, 3, 1]));
}

/** OIHW → HWIO (conv2d) or, for a depthwise weight C×1×Kh×Kw, → Kh×Kw×C×1. */
function weightToHwio(t: Tensor, depthwise = false): tf.Tensor4D {
  const [o, i, kh, kw] = t.shape as [number, number, number, number];
  return tf.tidy(() =>
    tf.transpose(tf.tensor4d(Float32Array.from(t.data), [o, i, kh, kw]), depthwise ? [2, 3, 0, 1] : [2, 3, 1, 0]),
  );
}

/** tfjs inputs made once per backend (a tensor used on another backend would be moved there on every switch). */
function perBackend<T>(make: () => T): () => T {
  const made = new Map<string, T>();
  return () => {
    const backend = tf.getBackend();
    if (!made.has(backend)) made.set(backend, make());
    return made.get(backend)!;
  };
}

function random(shape: number[], seed: number): Tensor {
  return tensor(
    shape,
    randomValues(
      shape.reduce((a, b) => a * b),
      seed,
    ),
  );
}

function convCase(name: string, xs: number[], ws: number[], stride: number, pad: number, groups = 1): Case {
  const x = random(xs, 1);
  const w = random(ws, 2);
  const outH = Math.floor((xs[2]! + 2 * pad - ws[2]!) / stride) + 1;
  const outW = Math.floor((xs[3]! + 2 * pad - ws[3]!) / stride) + 1;
  const macs = ws[0]! * ws[1]! * ws[2]! * ws[3]! * outH * outW * xs[0]!;
  const inputs = perBackend(() => ({ x: nchwToNhwc(x), w: weightToHwio(w, groups > 1) }));
  const padding: Pad4 = [
    [0, 0],
    [pad, pad],
    [pad, pad],
    [0, 0],
  ];
  return {
    name,
    flops: 2 * macs,
    engine: () => conv2d(x, w, undefined, { stride, padding: pad, groups }),
    tfjs: () => {
      const t = inputs();
      return groups > 1 ? tf.depthwiseConv2d(t.x, t.w, stride, padding) : tf.conv2d(t.x, t.w, stride, padding);
    },
  };
}

const BACKWARD_NAME = 'conv2d backward 1×64×56×56, 64×64×3×3 pad 1 (dX + dW)';
const BACKWARD_FORWARD = 'conv2d 1×64×56×56, 64×64×3×3 pad 1';

function backwardCase(): Case {
  const x = random([1, 64, 56, 56], 3);
  const w = random([64, 64, 3, 3], 4);
  const dy = random([1, 64, 56, 56], 5);
  const macs = 64 * 64 * 9 * 56 * 56;
  const inputs = perBackend(() => ({ x: nchwToNhwc(x), w: weightToHwio(w), dy: nchwToNhwc(dy) }));
  return {
    name: BACKWARD_NAME,
    flops: 2 * 2 * macs,
    engine: () => conv2dBackward(x, w, dy, { padding: 1 }),
    tfjs: () => {
      const t = inputs();
      const pad: Pad4 = [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ];
      const dx = tf
        .engine()
        .runKernel<tf.Tensor>(
          'Conv2DBackpropInput',
          { dy: t.dy, filter: t.w },
          { strides: 1, pad, dataFormat: 'NHWC', inputShape: [1, 56, 56, 64] },
        );
      const dw = tf
        .engine()
        .runKernel<tf.Tensor>(
          'Conv2DBackpropFilter',
          { x: t.x, dy: t.dy },
          { strides: 1, pad, dataFormat: 'NHWC', filterShape: [3, 3, 64, 64] },
        );
      return [dx, dw];
    },
  };
}

function poolCase(): Case {
  const x = random([1, 64, 112, 112], 6);
  const input = perBackend(() => nchwToNhwc(x));
  return {
    name: 'max_pool2d 2×2 on 1×64×112×112',
    flops: 64 * 56 * 56 * 4,
    // Values only on both sides: tf.maxPool returns no argmax indices (maxPool2d would compute them too).
    engine: () => maxPool2dValues(x, { kernelSize: 2 }),
    tfjs: () => tf.maxPool(input(), 2, 2, 'valid'),
  };
}

/** The convolution panel's scene at 64×64 with 8 input and 8 output channels (what one redraw of new settings costs). */
function panelCase(): Case {
  const planes = 8;
  const input = { rows: 64, cols: 64, depth: planes, data: Array.from(randomValues(planes * 64 * 64, 7)) };
  const kernel = { rows: 3, cols: 3, depth: planes * planes, data: Array.from(randomValues(planes * planes * 9, 8)) };
  return {
    name: 'convolution panel scene, 64×64, 8 → 8 channels, 3×3',
    flops: 2 * planes * planes * 9 * 62 * 62,
    engine: () => buildConvolutionScene('bench', input, kernel, { stride: 1, padding: 0, dilation: 1 }),
  };
}

async function timeTfjs(c: Case, runs: number): Promise<number> {
  const run = c.tfjs!;
  const once = async (): Promise<void> => {
    const out = run();
    const list = Array.isArray(out) ? out : [out];
    await Promise.all(list.map((o) => o.data()));
    list.forEach((o) => o.dispose());
  };
  // tfjs-backend-cpu needs tens of seconds for the backward pass: three runs after one warm-up say enough there.
  const t = Date.now();
  await once();
  return Date.now() - t > 2000 ? medianMs(once, 3, 1) : medianMs(once, runs);
}

/** GFLOP/s of a tiny float32x4 multiply-then-add loop (no FMA) on L1 data: what a WebAssembly SIMD kernel can reach. */
function simdLimit(): number {
  const k = wasmKernels();
  if (!k) return NaN;
  const buf = freshArena(k).alloc(1024);
  const iters = 4_000_000;
  let best = 0;
  for (let r = 0; r < 9; r++) {
    const t = process.hrtime.bigint();
    k.simdPeak(iters, buf);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    best = Math.max(best, (iters * 80) / ms / 1e6);
  }
  return best;
}

async function onBackend<T>(backend: EngineBackend, fn: () => Promise<T>): Promise<T> {
  setEngineBackend(backend);
  try {
    return await fn();
  } finally {
    setEngineBackend('wasm');
  }
}

/** Seconds the filter network takes to train with the default settings, on one path. */
async function trainingSeconds(backend: EngineBackend): Promise<number> {
  const digits = readDigits(new Uint8Array(readFileSync(join(__dirname, '..', 'data', 'digits.bin'))));
  return onBackend(backend, async () => {
    const t = process.hrtime.bigint();
    await train(digits.train);
    return Number(process.hrtime.bigint() - t) / 1e9;
  });
}

/** tfjs's backends in the order they are compared, each with the engine path it is compared with. */
const PAIRS = [
  { tfjs: 'wasm', engine: 'wasm' },
  { tfjs: 'cpu', engine: 'ts' },
] as const;

/**
 * Median ms of tfjs on `backend` and, right after it, of the engine on `path`: timed back to back so that a change in
 * the machine's load (other processes on its two cores) hits both sides of a ratio alike.
 */
async function pairTimings(
  c: Case,
  backend: string,
  path: EngineBackend,
  runs: number,
): Promise<{ tfjs: number; engine: number }> {
  let tfjsMs = NaN;
  if (c.tfjs) {
    try {
      await tf.setBackend(backend);
      tfjsMs = await timeTfjs(c, runs);
    } catch (e) {
      console.log(`tfjs-backend-${backend} cannot run '${c.name}': ${(e as Error).message}`);
    }
  }
  return { tfjs: tfjsMs, engine: await onBackend(path, () => medianMs(c.engine, runs)) };
}

/** Registers both tfjs backends; returns the ones that work here. */
async function tfjsBackends(): Promise<Set<string>> {
  const ok = new Set<string>();
  for (const backend of ['cpu', 'wasm']) {
    try {
      if (backend === 'wasm')
        setWasmPaths(join(__dirname, '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
      await tf.setBackend(backend);
      await tf.ready();
      ok.add(backend);
    } catch (e) {
      console.log(`tfjs-backend-${backend} unavailable: ${(e as Error).message}`);
    }
  }
  return ok;
}

/** Backward over forward on the WebAssembly path, the two timed alternately. */
async function backwardOverForward(forward: Case, backward: Case, runs: number): Promise<number> {
  const ratios: number[] = [];
  for (let r = 0; r < 3; r++)
    ratios.push((await medianMs(backward.engine, runs)) / (await medianMs(forward.engine, runs)));
  return ratios.sort((a, b) => a - b)[1]!;
}

async function main(): Promise<void> {
  if (engineBackend() !== 'wasm') throw new Error('the WebAssembly kernels did not load: nothing to compare');
  const forward = convCase(BACKWARD_FORWARD, [1, 64, 56, 56], [64, 64, 3, 3], 1, 1);
  const backward = backwardCase();
  const cases = [
    convCase('conv2d 1×1×28×28, 8×1×3×3 pad 1', [1, 1, 28, 28], [8, 1, 3, 3], 1, 1),
    forward,
    convCase('conv2d 1×3×224×224, 64×3×7×7 stride 2 pad 3', [1, 3, 224, 224], [64, 3, 7, 7], 2, 3),
    convCase('depthwise conv2d 1×128×56×56, 128×1×3×3 pad 1', [1, 128, 56, 56], [128, 1, 3, 3], 1, 1, 128),
    convCase('conv2d 1×1 1×256×28×28 → 512', [1, 256, 28, 28], [512, 256, 1, 1], 1, 0),
    poolCase(),
    backward,
    panelCase(),
  ];
  // BENCH_ONLY=text times only the cases whose name contains it (a quick look at one row; results are not written).
  const only = process.env['BENCH_ONLY'];
  const runs = Number(process.env['BENCH_RUNS'] ?? 7);
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
  const loadBefore = loadAverage();
  const limit = simdLimit();
  console.log(
    `WebAssembly SIMD limit on this machine (f32x4 multiply-then-add loop on L1 data, no FMA, one thread): ${limit.toFixed(1)} GFLOP/s`,
  );
  const backends = await tfjsBackends();
  const withoutTfjs = ({ tfjs: _tfjs, ...rest }: Case): Case => rest;
  const rows: Record<string, unknown>[] = [];
  for (const c of cases.filter((k) => only === undefined || k.name.includes(only))) {
    const ms: Record<string, { tfjs: number; engine: number; ratio: number }> = {};
    for (const pair of PAIRS) {
      const paired = backends.has(pair.tfjs) ? c : withoutTfjs(c);
      // Several back-to-back pairs, each ratio taken within its pair: a burst of load from other processes on this
      // shared machine then shifts one pair, not the medians.
      const samples: { tfjs: number; engine: number }[] = [];
      for (let r = 0; r < rounds; r++) {
        const s = await pairTimings(paired, pair.tfjs, pair.engine, runs);
        samples.push(s);
        // tfjs-backend-cpu's conv backward takes tens of seconds a run: one pair says enough there.
        if (s.tfjs > 2000) break;
      }
      ms[pair.engine] = {
        tfjs: median(samples.map((s) => s.tfjs)),
        engine: median(samples.map((s) => s.engine)),
        ratio: median(samples.map((s) => s.tfjs / s.engine)),
      };
    }
    const wasmMs = ms['wasm']!.engine,
      tsMs = ms['ts']!.engine;
    rows.push({
      case: c.name,
      wasm_ms: round(wasmMs),
      wasm_gflops: round(c.flops / wasmMs / 1e6),
      wasm_pct_of_limit: round((100 * c.flops) / wasmMs / 1e6 / limit),
      ts_ms: round(tsMs),
      ts_gflops: round(c.flops / tsMs / 1e6),
      tfjs_wasm_ms: orNa(ms['wasm']!.tfjs),
      tfjs_cpu_ms: orNa(ms['ts']!.tfjs),
      wasm_vs_tfjs_wasm: orNa(ms['wasm']!.ratio),
      ts_vs_tfjs_cpu: orNa(ms['ts']!.ratio),
    });
  }
  if (only !== undefined) {
    console.table(rows);
    return;
  }
  const bwd = round(await backwardOverForward(forward, backward, runs));
  const training = {
    ts_seconds: round(await trainingSeconds('ts')),
    wasm_seconds: round(await trainingSeconds('wasm')),
  };
  console.log(
    `ConvLens engine vs tfjs (median ms of ${rounds} back-to-back pairs; a ratio > 1 means the engine is faster; ratios are medians of each pair's ratio)`,
  );
  console.table(rows);
  console.log(`conv backward / its forward (WebAssembly path): ${bwd}×`);
  console.log(
    `filter network training (default settings): TypeScript path ${training.ts_seconds} s, WebAssembly path ${training.wasm_seconds} s`,
  );
  console.log(
    `wrote ${writeResult('engine', { runs, rounds, load_average: { before: loadBefore, after: loadAverage() }, simd_limit_gflops: round(limit), backends: [...backends], rows, backward_over_forward: bwd, digit_net_training: training })}`,
  );
}

/** The machine's 1-minute load average (other processes on its cores), as `uptime` prints it. */
function loadAverage(): number {
  return round(loadavg()[0]!);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function orNa(v: number): number | 'n/a' {
  return Number.isNaN(v) ? 'n/a' : round(v);
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
