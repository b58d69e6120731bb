// Runs the Restricted Mode check: workspace trust enabled, the samples folder never trusted.
import { join } from 'node:path';
import { parseResultLine, reportResults, runInVsCode } from '../../scripts/runInVsCode.mjs';
import { root } from '../../scripts/vscodeHost.mjs';

const label = 'restricted mode';
const results = [];
try {
  const { exitCode } = await runInVsCode({
    extension: root,
    testsPath: join(root, 'dist', 'test', 'restricted.js'),
    workspaceTrust: true,
    timeoutMs: 120_000,
    onLog: (text) => {
      const result = parseResultLine(text);
      if (result) results.push(result);
    },
  });
  process.exitCode = reportResults(label, results, exitCode);
} catch (e) {
  console.error(e);
  console.log(`${label}: 0 passed, 1 failed`);
  process.exitCode = 1;
}
