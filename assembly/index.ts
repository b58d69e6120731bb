// The engine's WebAssembly module: every kernel it exports (compiled from this folder by AssemblyScript at build time).
export { gemm, fillRows } from './gemm';
export { setConvGeometry, col2im, im2col } from './im2col';
export { depthwiseConv, depthwiseWork } from './depthwise';
export { convDirect, convWeightGradDirect } from './direct';
export { maxPool, maxPool2x2, maxPool2x2Values, maxPoolBackward } from './pool';
export { simdPeak } from './peak';
export { demote } from './convert';
