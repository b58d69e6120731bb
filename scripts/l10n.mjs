// Writes l10n/bundle.l10n.json, the English bundle of every message passed to l10n.t('…') in src/ and webview/.
// `--check` only compares and exits 1 when the file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishBundle } from './l10nExtract.mjs';

const root = join(import.meta.dirname, '..');
const file = join(root, 'l10n', 'bundle.l10n.json');
const text = `${JSON.stringify(englishBundle(root), null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = readFileSync(file, 'utf8');
  if (current !== text) {
    console.error('l10n/bundle.l10n.json is out of date: run npm run l10n');
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
  console.log(`wrote ${Object.keys(JSON.parse(text)).length} messages to l10n/bundle.l10n.json`);
}
