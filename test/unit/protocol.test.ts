// Message and scene-request validation: well-formed data passes unchanged, anything malformed is turned away.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseSceneRequest } from '../../src/contract/parseSceneRequest';
import { isHostMessage, parseWebviewMessage } from '../../src/protocol';

const matrix = { rows: 2, cols: 2, data: [1, 2, 3, 4] };

test('well-formed webview messages pass through; unknown or malformed ones do not', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'stepShown', step: 3, description: 'x' }), {
    type: 'stepShown',
    step: 3,
    description: 'x',
  });
  assert.deepEqual(parseWebviewMessage({ type: 'export', format: 'png', base64: 'AAAA', frames: 1 }), {
    type: 'export',
    format: 'png',
    base64: 'AAAA',
    frames: 1,
  });
  for (const bad of [
    null,
    [],
    'ready',
    { type: 'nope' },
    { type: 'stepShown', step: 1.5, description: '' },
    { type: 'export', format: 'bmp', base64: '', frames: 1 },
    { type: 'export', format: 'gif', base64: '<svg>', frames: 1 },
    { type: 'presentChanged', on: 'yes' },
  ]) {
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
  }
});

test('scene requests: sizes must match the data, settings must be small integers, extra fields are dropped', () => {
  const conv = {
    kind: 'convolution',
    title: 't',
    input: matrix,
    kernel: { rows: 1, cols: 1, data: [2] },
    settings: { stride: 1, padding: 0, dilation: 1, extra: 'x' },
  };
  assert.deepEqual(parseSceneRequest(conv), { ...conv, settings: { stride: 1, padding: 0, dilation: 1 } });
  assert.equal(parseSceneRequest({ ...conv, input: { rows: 2, cols: 3, data: [1, 2, 3, 4] } }), undefined);
  assert.equal(parseSceneRequest({ ...conv, input: { ...matrix, data: [1, 2, 3, Number.NaN] } }), undefined);
  assert.equal(parseSceneRequest({ ...conv, settings: { stride: 0.5, padding: 0, dilation: 1 } }), undefined);
  assert.equal(parseSceneRequest({ ...conv, bias: [1, 'x'] }), undefined);
  assert.deepEqual(
    parseSceneRequest({
      kind: 'pooling',
      input: matrix,
      settings: { mode: 'max', kernel: 2, stride: 2, padding: 0, ceilMode: true },
    }),
    {
      kind: 'pooling',
      title: 'ConvLens',
      input: matrix,
      settings: { mode: 'max', kernel: 2, stride: 2, padding: 0, ceilMode: true },
    },
  );
  assert.equal(
    parseSceneRequest({ kind: 'receptiveField', title: 't', inputSize: 9, unit: { row: 0, col: 0 }, stacks: [] }),
    undefined,
  );
});

test('the webview accepts only the host message types it knows', () => {
  assert.ok(isHostMessage({ type: 'present', on: true }));
  assert.ok(!isHostMessage({ type: 'eval' }));
  assert.ok(!isHostMessage('scene'));
});
