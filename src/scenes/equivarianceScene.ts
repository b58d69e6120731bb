// Builds the equivariance panel's scene: a 1-D signal shifted step by step, its convolution and its 2-wide max pooling.
import { conv2d } from '../engine/conv';
import { maxPool2dValues } from '../engine/pool';
import { ShapeError, tensor } from '../engine/tensor';
import type { EquivarianceScene, EquivarianceStep, Matrix } from '../contract/viewModels';
import * as l10n from '../l10n';

const POOL = 2;

function shiftRight(values: readonly number[], by: number): number[] {
  return values.map((_, i) => (i - by >= 0 ? values[i - by]! : 0));
}

function conv1d(signal: readonly number[], kernel: readonly number[]): number[] {
  return Array.from(conv2d(tensor([1, 1, 1, signal.length], signal), tensor([1, 1, 1, kernel.length], kernel)).data);
}

function pool1d(signal: readonly number[]): number[] {
  return Array.from(
    maxPool2dValues(tensor([1, 1, 1, signal.length], signal), {
      kernelSize: [1, POOL],
      stride: [1, POOL],
      ceilMode: true,
    }).data,
  );
}

/** Shifts the signal by 0 … maxShift places and compares conv and pool of the shifted signal with the shifted results. */
export function buildEquivarianceScene(title: string, input: Matrix, kernel: Matrix, maxShift = 4): EquivarianceScene {
  if (input.rows !== 1 || kernel.rows !== 1)
    throw new ShapeError(
      l10n.t(
        'the equivariance demo takes 1-row signals and kernels, got {0}×{1} and {2}×{3}',
        input.rows,
        input.cols,
        kernel.rows,
        kernel.cols,
      ),
    );
  const x = input.data;
  const conv = conv1d(x, kernel.data);
  const pool = pool1d(x);
  const steps: EquivarianceStep[] = [];
  for (let s = 0; s <= Math.min(maxShift, x.length - 1); s++) {
    const shifted = shiftRight(x, s);
    const convOfShifted = conv1d(shifted, kernel.data);
    const shiftedConv = shiftRight(conv, s);
    const poolOfShifted = pool1d(shifted);
    const shiftedPool = s % POOL === 0 ? shiftRight(pool, s / POOL) : pool.map(() => null);
    // Compare where both sides see real data: past the shift, before the right border drops values.
    const convEquivariant = convOfShifted.every((v, i) => i < s || i >= conv.length || v === shiftedConv[i]);
    const poolEquivariant =
      s % POOL === 0 &&
      poolOfShifted.every((v, i) => i < s / POOL || i >= pool.length - s / POOL || v === shiftedPool[i]);
    steps.push({
      shift: s,
      shifted,
      conv,
      convOfShifted,
      shiftedConv,
      convEquivariant,
      pool,
      poolOfShifted,
      shiftedPool,
      poolEquivariant,
    });
  }
  return { kind: 'equivariance', title, input, kernel, steps };
}
