// ConvLens in German: VS Code started with --locale de loads l10n/bundle.l10n.de.json for CodeLens, hovers, diagnostics,
// engine messages and the panels (the webview gets the bundle from the host).
import * as vscode from 'vscode';
import type { ConvLensApi } from '../../src/extension';
import { assert, assertEqual, eventually, runAll, test } from './harness';
import { lensTitles, openPanelFrom, openWorkspaceFile } from './probes';

const open = openWorkspaceFile;

test('in a German VS Code, CodeLens, diagnostics and a panel speak German', async () => {
  assertEqual(vscode.env.language, 'de', 'display language');
  const ext = vscode.extensions.getExtension<ConvLensApi>('convlens.convlens');
  assert(
    ext,
    `ConvLens missing among ${vscode.extensions.all
      .map((e) => e.id)
      .filter((id) => !id.startsWith('vscode.'))
      .join(', ')}`,
  );
  await (ext.isActive ? Promise.resolve(ext.exports) : ext.activate());
  const lenet = await open('02_lenet_module.py');
  const titles = await lensTitles(lenet);
  assert(
    titles.includes('Verlauf zeigen') && titles.includes('Eingabeform festlegen…'),
    `lenses: ${JSON.stringify(titles)}`,
  );
  assert(
    titles.includes('Net · 62,006 Parameter · 0.65 M MACs · RF 16 · Eingabe 1×3×32×32 (aus Kommentar)'),
    `summary: ${JSON.stringify(titles)}`,
  );
  const broken = await open('08_broken_model.py');
  const diag = await eventually(
    () => vscode.languages.getDiagnostics(broken.uri).find((d) => d.source === 'ConvLens'),
    'diagnostic',
  );
  assert(diag.message.includes('Linear erwartet 576 Eingabemerkmale'), diag.message);
  const { panel, report } = await openPanelFrom('convolution', 'convlens.openConvolutionAnimation');
  assertEqual(panel.currentRequest().title, 'Faltung (Beispiel)', 'example title');
  assert(
    /^Ausgabe \(0, 0\) = Summe von 9 Produkten = -?\d+$/.test(report.description),
    `step text: ${report.description}`,
  );
  panel.dispose();
});

/** Called by VS Code. */
export function run(): Promise<void> {
  return runAll();
}
