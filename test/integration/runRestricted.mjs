// Runs the Restricted Mode check: workspace trust enabled, the samples folder never trusted.
import { join } from 'node:path';
import { runLoggedSuite } from '../../scripts/runInVsCode.mjs';
import { root } from '../../scripts/vscodeHost.mjs';

await runLoggedSuite('restricted mode', {
  extension: root,
  testsPath: join(root, 'dist', 'test', 'restricted.js'),
  workspaceTrust: true,
  timeoutMs: 120_000,
});
