// Engine vs @tensorflow/tfjs-backend-cpu and -wasm on the same inputs, in one process: median ms, GFLOP/s, ratios.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { conv2d, conv2dBackward } from '../src/engine/conv';
import { maxPool2d } from '../src/engine/pool';
import { tensor, type Tensor } from '../src/engine/tensor';
import { medianMs, randomValues, writeResult } from './measure';

interface Case {
  readonly name: string;
  readonly flops: number;
  readonly engine: () => unknown;
  /** The same work in tfjs (NHWC), on whatever backend is active. */
  readonly tfjs: () => tf.Tensor | tf.Tensor[];
}

function nchwToNhwc(t: Tensor): tf.Tensor4D {
  const [n, c, h, w] = t.shape as [number, number, number, number];
  return tf.tidy(() => tf.transpose(tf.tensor4d(Float32Array.from(t.data), [n, c, h, w]), [0, 2, 3, 1]));
}

function weightToHwio(t: Tensor): tf.Tensor4D {
  const [o, i, kh, kw] = t.shape as [number, number, number, number];
  return tf.tidy(() => tf.transpose(tf.tensor4d(Float32Array.from(t.data), [o, i, kh, kw]), [2, 3, 1, 0]));
}

function convCase(name: string, xs: number[], ws: number[], stride: number, pad: number): Case {
  const x = tensor(xs, randomValues(xs.reduce((a, b) => a * b), 1));
  const w = tensor(ws, randomValues(ws.reduce((a, b) => a * b), 2));
  const outH = Math.floor((xs[2]! + 2 * pad - ws[2]!) / stride) + 1;
  const outW = Math.floor((xs[3]! + 2 * pad - ws[3]!) / stride) + 1;
  const macs = ws[0]! * ws[1]! * ws[2]! * ws[3]! * outH * outW * xs[0]!;
  let tx: tf.Tensor4D | undefined;
  let tw: tf.Tensor4D | undefined;
  return {
    name, flops: 2 * macs,
    engine: () => conv2d(x, w, undefined, { stride, padding: pad }),
    tfjs: () => {
      tx ??= nchwToNhwc(x);
      tw ??= weightToHwio(w);
      return tf.conv2d(tx, tw, stride, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
    },
  };
}

function backwardCase(): Case {
  const xs = [1, 64, 56, 56];
  const ws = [64, 64, 3, 3];
  const x = tensor(xs, randomValues(64 * 56 * 56, 3));
  const w = tensor(ws, randomValues(64 * 64 * 9, 4));
  const dy = tensor(xs, randomValues(64 * 56 * 56, 5));
  const macs = 64 * 64 * 9 * 56 * 56;
  let t: { x: tf.Tensor4D; w: tf.Tensor4D; dy: tf.Tensor4D } | undefined;
  return {
    name: 'conv2d backward 1×64×56×56, 64×64×3×3 pad 1 (dX + dW)', flops: 2 * 2 * macs,
    engine: () => conv2dBackward(x, w, dy, { padding: 1 }),
    tfjs: () => {
      t ??= { x: nchwToNhwc(x), w: weightToHwio(w), dy: nchwToNhwc(dy) };
      const pad = [[0, 0], [1, 1], [1, 1], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]];
      const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy: t.dy, filter: t.w }, { strides: 1, pad, dataFormat: 'NHWC', inputShape: [1, 56, 56, 64] }) as tf.Tensor;
      const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: t.x, dy: t.dy }, { strides: 1, pad, dataFormat: 'NHWC', filterShape: [3, 3, 64, 64] }) as tf.Tensor;
      return [dx, dw];
    },
  };
}

function poolCase(): Case {
  const xs = [1, 64, 112, 112];
  const x = tensor(xs, randomValues(64 * 112 * 112, 6));
  let tx: tf.Tensor4D | undefined;
  return {
    name: 'max_pool2d 2×2 on 1×64×112×112', flops: 64 * 56 * 56 * 4,
    engine: () => maxPool2d(x, { kernelSize: 2 }),
    tfjs: () => {
      tx ??= nchwToNhwc(x);
      return tf.maxPool(tx, 2, 2, 'valid');
    },
  };
}

async function timeTfjs(c: Case, runs: number): Promise<number> {
  return medianMs(async () => {
    const out = c.tfjs();
    const list = Array.isArray(out) ? out : [out];
    await Promise.all(list.map((o) => o.data()));
    list.forEach((o) => o.dispose());
  }, runs);
}

async function main(): Promise<void> {
  const cases = [
    convCase('conv2d 1×1×28×28, 8×1×3×3 pad 1', [1, 1, 28, 28], [8, 1, 3, 3], 1, 1),
    convCase('conv2d 1×64×56×56, 64×64×3×3 pad 1', [1, 64, 56, 56], [64, 64, 3, 3], 1, 1),
    convCase('conv2d 1×3×224×224, 64×3×7×7 stride 2 pad 3', [1, 3, 224, 224], [64, 3, 7, 7], 2, 3),
    poolCase(),
    backwardCase(),
  ];
  const runs = Number(process.env['BENCH_RUNS'] ?? 7);
  const rows: Record<string, unknown>[] = [];
  const backends: string[] = [];
  const timings = new Map<string, number[]>();
  for (const backend of ['cpu', 'wasm']) {
    try {
      if (backend === 'wasm') setWasmPaths(join(__dirname, '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
      await tf.setBackend(backend);
      await tf.ready();
      backends.push(backend);
    } catch (e) {
      console.log(`tfjs-backend-${backend} unavailable: ${(e as Error).message}`);
      continue;
    }
    timings.set(backend, []);
    for (const c of cases) {
      try {
        timings.get(backend)!.push(await timeTfjs(c, runs));
      } catch (e) {
        console.log(`tfjs-backend-${backend} cannot run '${c.name}': ${(e as Error).message}`);
        timings.get(backend)!.push(NaN);
      }
    }
  }
  for (let k = 0; k < cases.length; k++) {
    const c = cases[k]!;
    const engineMs = await medianMs(c.engine, runs);
    const row: Record<string, unknown> = { case: c.name, engine_ms: round(engineMs), engine_gflops: round(c.flops / engineMs / 1e6) };
    for (const b of backends) {
      const ms = timings.get(b)![k]!;
      row[`tfjs_${b}_ms`] = Number.isNaN(ms) ? 'n/a' : round(ms);
      row[`speedup_vs_tfjs_${b}`] = Number.isNaN(ms) ? 'n/a' : round(ms / engineMs);
    }
    rows.push(row);
  }
  console.log('ConvLens engine vs tfjs (median ms; speedup > 1 means the engine is faster)');
  console.table(rows);
  console.log(`wrote ${writeResult('engine', { runs, backends, rows })}`);
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
