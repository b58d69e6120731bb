// The walkthrough end to end in a real VS Code: every step's media exists and every command link it offers runs,
// as a student clicking through it would; and the answer checker on the exercise sample.
import * as vscode from 'vscode';
import { assert, assertEqual, eventually, test, withTimeout } from './harness';
import { convLensApi, lensTitles } from './probes';

interface Step {
  readonly id: string;
  readonly description: string;
  readonly media: { readonly markdown: string };
}

/** Commands that would ask a question: the answer a student would type. */
const ANSWERS: Readonly<Record<string, unknown[]>> = {
  'convlens.convLayerCalculator': ['32, 3, 64, 3, 1, 1, 1'],
};

test('every walkthrough step exists and every command link in it runs', async () => {
  const ext = vscode.extensions.all.find((e) => e.id.toLowerCase() === 'convlens.convlens')!;
  const walkthrough = (ext.packageJSON as { contributes: { walkthroughs: { steps: Step[] }[] } }).contributes
    .walkthroughs[0]!;
  // Step descriptions are %keys% in the manifest: read their English text from package.nls.json.
  const nls = JSON.parse(
    new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'package.nls.json')),
    ),
  ) as Record<string, string>;
  const text = (s: string): string => s.replace(/^%([\w.]+)%$/, (_, k: string) => nls[k] ?? s);
  assertEqual(
    walkthrough.steps.map((s) => s.id),
    [
      'outputSize',
      'parameters',
      'receptiveField',
      'backward',
      'equivariance',
      'convCode',
      'depthwise',
      'padding',
      'strided',
      'filters',
      'exercises',
    ],
    'steps',
  );
  const commands = new Set(await vscode.commands.getCommands(true));
  const a = await convLensApi();
  const ran: string[] = [];
  for (const step of walkthrough.steps) {
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext.extensionUri, step.media.markdown));
    for (const [, id, rawArgs] of text(step.description).matchAll(/\(command:([\w.]+)(?:\?([^)]*))?\)/g)) {
      assert(commands.has(id!), `step ${step.id} links to unknown command ${id}`);
      const args = rawArgs ? (JSON.parse(decodeURIComponent(rawArgs)) as unknown[]) : (ANSWERS[id!] ?? []);
      const result = await withTimeout(
        Promise.resolve(vscode.commands.executeCommand<unknown>(id!, ...args)),
        `step ${step.id}: ${id} did not finish`,
        60_000,
      );
      ran.push(id!);
      if (id === 'convlens.openSample') {
        const doc = result as vscode.TextDocument | undefined;
        const name = args[0] as string;
        if (name.endsWith('.ipynb')) continue;
        assert(doc?.fileName.endsWith(name), `openSample did not open ${name}`);
        assert((await lensTitles(doc!)).length > 0, `no ConvLens CodeLens on ${name}`);
      } else {
        assert(result !== undefined, `step ${step.id}: ${id} produced nothing`);
      }
    }
  }
  for (const kind of ['receptiveField', 'backward', 'transposed', 'convolution', 'separable', 'filters'] as const)
    assert(a.panel(kind), `the walkthrough never opened the ${kind} panel`);
  for (const kind of [
    'convolution',
    'pooling',
    'backward',
    'equivariance',
    'transposed',
    'separable',
    'receptiveField',
    'filters',
  ] as const)
    a.panel(kind)?.dispose();
  assert(ran.includes('convlens.checkMyAnswer') && ran.includes('convlens.visualizeFilters'), `ran: ${ran.join(', ')}`);
});

test('Check My Answer marks right and wrong answers in the Problems panel and clears them on the next edit', async () => {
  const a = await convLensApi();
  const doc = await vscode.commands.executeCommand<vscode.TextDocument>('convlens.openSample', '12_exercises.py');
  assert(doc, 'exercise sample did not open');
  const editor = await vscode.window.showTextDocument(doc);
  assert((await lensTitles(doc)).filter((t) => t === '✓ Check my answer').length === 7, 'one lens per exercise');
  const line = (prefix: string): number =>
    doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith(prefix));
  await editor.edit((e) => {
    e.replace(doc.lineAt(line('answer_1 =')).range, 'answer_1 = [[0, 1, 0], [2, 4, 0], [0, 1, 3]]');
    e.replace(doc.lineAt(line('answer_5 =')).range, 'answer_5 = 16');
  });
  const results = await vscode.commands.executeCommand<{ status: string; summary: string; details: string[] }[]>(
    'convlens.checkMyAnswer',
    doc.uri.toString(),
  );
  assertEqual(
    results.map((r) => r.status),
    ['wrong', 'unanswered', 'unanswered', 'unanswered', 'correct', 'unanswered', 'unanswered'],
    'verdicts',
  );
  const diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'ConvLens answers');
  assertEqual(diagnostics.length, 2, 'one diagnostic per checked answer');
  const wrong = diagnostics.find((d) => d.severity === vscode.DiagnosticSeverity.Warning)!;
  assertEqual(wrong.range.start.line, line('answer_1 ='), 'the warning sits on the answer');
  assertEqual(
    wrong.message,
    '✗ 1 of 9 values differ\n(1, 1) should be -4, you wrote 4 = 1·1 + 1·0 + 2·0 + 5·-1',
    'explanation',
  );
  assert(
    a.recentLog().some((l) => l.includes('check output_size(32, kernel=5, stride=2, padding=2) (line')),
    'verdicts logged',
  );
  await editor.edit((e) => e.insert(new vscode.Position(0, 0), ' '));
  await eventually(
    () => (vscode.languages.getDiagnostics(doc.uri).some((d) => d.source === 'ConvLens answers') ? undefined : true),
    'answer diagnostics to clear after an edit',
  );
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});
