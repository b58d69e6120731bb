// Reshapes a convolution request to other channel counts and groups, keeping its planes: pure data, shared with the webview.
import { ShapeError } from '../engine/tensor';
import { depthOf, type Matrix, type SceneRequest } from '../contract/viewModels';
import * as l10n from '../l10n';

/** Deterministic small integers for a new plane, so a panel that gains channels shows distinct, readable values. */
function patternPlane(rows: number, cols: number, seed: number): number[] {
  return Array.from({ length: rows * cols }, (_, i) => ((i * (seed + 3) + seed * 5) % 7) - 3);
}

/** Planes 0..depth−1 of `m`, reusing its planes in order and filling new ones with a pattern. */
function resizeDepth(m: Matrix, depth: number): Matrix {
  const plane = m.rows * m.cols;
  const data: number[] = [];
  for (let d = 0; d < depth; d++)
    data.push(...(d < depthOf(m) ? m.data.slice(d * plane, (d + 1) * plane) : patternPlane(m.rows, m.cols, d)));
  return { rows: m.rows, cols: m.cols, ...(depth > 1 ? { depth } : {}), data };
}

/** A convolution request reshaped to C_in input channels, C_out output channels and `groups`, keeping the planes it had. */
export function withChannels(
  request: Extract<SceneRequest, { kind: 'convolution' }>,
  inChannels: number,
  outChannels: number,
  groups: number,
): Extract<SceneRequest, { kind: 'convolution' }> {
  for (const [name, v] of [
    ['in channels', inChannels],
    ['out channels', outChannels],
    ['groups', groups],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 16)
      throw new ShapeError(l10n.t('{0} must be an integer from 1 to 16, got {1}', name, v));
  }
  if (inChannels % groups !== 0 || outChannels % groups !== 0)
    throw new ShapeError(
      l10n.t('groups={0} must divide both in channels ({1}) and out channels ({2})', groups, inChannels, outChannels),
    );
  const bias = request.bias ? Array.from({ length: outChannels }, (_, i) => request.bias![i] ?? 0) : undefined;
  return {
    ...request,
    input: resizeDepth(request.input, inChannels),
    kernel: resizeDepth(request.kernel, outChannels * (inChannels / groups)),
    settings: { ...request.settings, groups },
    ...(bias ? { bias } : {}),
  };
}
