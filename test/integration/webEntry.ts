// extensionTestsPath entry for the browser (web worker) extension host: the same suite, results only in the log.
import './extension.test';
import './panels.test';
import './graph.test';
import './walkthrough.test';
import './virtual.test';
import './realModels.test';
import { runAll } from './harness';

/** Called by VS Code. */
export function run(): Promise<void> {
  return runAll();
}
