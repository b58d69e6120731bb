// Runs ConvLens in a VS Code whose display language is German: the runtime l10n bundles at work.
//
// The web workbench only switches language when its server has a language pack for it (listed in
// <user data>/languagepacks.json, written when a pack is installed from the Marketplace — no network here). The test
// registers a stub German pack without core translations: the workbench text stays English, but VS Code reports the
// language "de" and loads the extension's German bundles, which is what is under test.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoggedSuite } from '../../scripts/runInVsCode.mjs';
import { root } from '../../scripts/vscodeHost.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'convlens-de-data-'));
const userData = join(dataDir, 'data');
mkdirSync(userData, { recursive: true });
const translations = join(dataDir, 'main.i18n.json');
writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
writeFileSync(
  join(userData, 'languagepacks.json'),
  JSON.stringify({
    de: {
      hash: 'convlens-test-stub',
      label: 'Deutsch',
      extensions: [{ extensionIdentifier: { id: 'convlens-tests.language-pack-de' }, version: '0.0.1' }],
      translations: { vscode: translations },
    },
  }),
);
await runLoggedSuite('German display language', {
  extension: root,
  testsPath: join(root, 'dist', 'test', 'locale.js'),
  dataDir,
  locale: 'de',
  timeoutMs: 120_000,
});
