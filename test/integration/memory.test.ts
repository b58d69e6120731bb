// Node host only: memory stays flat while panels open and close and a long file is edited (a short run of the bench probe).
import * as vscode from 'vscode';
import { memoryProbe } from '../../bench/memoryProbe';
import { openGeneratedPython } from '../../bench/hostFixtures';
import { assert, test } from './harness';
import { convLensApi } from './probes';

test('memory stays flat over 20 panels and 200 edits of a 5,000-line file', async () => {
  const doc = await openGeneratedPython('memory_probe.py');
  const api = await convLensApi();
  const r = await memoryProbe(api, doc, 20, 200);
  assert(r.growth_mb < 10, `heap grew ${r.growth_mb} MB (${r.heap_after_warmup_mb} → ${r.heap_after_mb})`);
  await doc.save();
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});
