// extensionTestsPath entry for the Node extension host: runs the suite and writes results where the runner reads them.
import { writeFileSync } from 'node:fs';
import './extension.test';
import './panels.test';
import './graph.test';
import './walkthrough.test';
import './memory.test';
import './virtual.test';
import './realModels.test';
// Last: it shuts ConvLens down.
import './lifecycle.test';
import { runAll } from './harness';

/** Called by VS Code. */
export function run(): Promise<void> {
  const file = process.env['CONVLENS_TEST_REPORT'];
  return runAll(file ? (json) => writeFileSync(file, json) : undefined);
}
