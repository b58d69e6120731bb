// Classic image kernels as TypeScript arrays: hover one to see it as a heatmap.
export const sobelX: number[][] = [
  [-1, 0, 1],
  [-2, 0, 2],
  [-1, 0, 1],
];

export const gaussianBlur = [
  [1 / 16, 2 / 16, 1 / 16],
  [2 / 16, 4 / 16, 2 / 16],
  [1 / 16, 2 / 16, 1 / 16],
];

export const image = new Float32Array([0, 1, 2, 3]);
