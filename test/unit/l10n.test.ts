// The manifest is localized: every %key% in package.json has an English and a German string, and links survive translation.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const read = (file: string): Record<string, string> =>
  JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, string>;
const keys = [...readFileSync(join(root, 'package.json'), 'utf8').matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]!);

test('every manifest string is a %key% with an English entry', () => {
  const en = read('package.nls.json');
  assert.ok(keys.length >= 40, `only ${keys.length} localized manifest strings`);
  for (const k of keys) assert.ok(en[k], `package.nls.json lacks ${k}`);
  assert.deepEqual(
    Object.keys(en).sort(),
    [...new Set(keys)].sort(),
    'package.nls.json has keys the manifest does not use',
  );
});

test('the German bundle is complete and keeps every command link of the English one', () => {
  const en = read('package.nls.json');
  const de = read('package.nls.de.json');
  for (const k of Object.keys(en)) {
    assert.ok(de[k], `package.nls.de.json lacks ${k}`);
    const links = (s: string): string[] => [...s.matchAll(/\]\((command:[^)]*)\)/g)].map((m) => m[1]!);
    assert.deepEqual(links(de[k]), links(en[k]!), `${k}: command links differ`);
  }
});

// Runtime strings: l10n.t('…') in src/ and webview/, English bundle generated, German bundle checked against it.
import { englishBundle, messagesIn } from '../../scripts/l10nExtract.mjs';
import { bundleTranslator, format, setTranslator, t } from '../../src/l10n';
import { readdirSync } from 'node:fs';

const placeholders = (s: string): string[] => [...new Set([...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]!))].sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('the English runtime bundle holds exactly the messages the code passes to l10n.t (run npm run l10n after changing one)', () => {
  assert.deepEqual(read('l10n/bundle.l10n.json'), englishBundle(root));
  assert.ok(Object.keys(read('l10n/bundle.l10n.json')).length > 250);
});

test('every l10n.t call passes a string literal, so the extractor sees every message', () => {
  for (const file of [...sourceFiles('src'), ...sourceFiles('webview')]) {
    // Comments aside; vscode.l10n.t is the translator itself, fed by these calls.
    const text = readFileSync(join(root, file), 'utf8')
      .split('\n')
      .filter((l) => !l.trim().startsWith('//'))
      .join('\n');
    const calls = [...text.matchAll(/(?<![.\w])l10n\.t\(/g)].length;
    assert.equal(messagesIn(text).length, calls, `${file}: an l10n.t call whose message is not a string literal`);
  }
});

test('the German runtime bundle translates every English message, with the same placeholders', () => {
  const en = read('l10n/bundle.l10n.json');
  const de = read('l10n/bundle.l10n.de.json');
  assert.deepEqual(
    Object.keys(en).filter((k) => !(k in de)),
    [],
    'messages without a German translation',
  );
  for (const [k, v] of Object.entries(de)) {
    assert.ok(k in en, `German bundle has a message the code does not use: ${k}`);
    assert.deepEqual(placeholders(v), placeholders(k), `placeholders differ in ${k}`);
  }
});

test('l10n.t fills placeholders in English without a translator, and looks messages up in a bundle', () => {
  assert.equal(format('{0}×{1} and {0} again, {2} stays', [3, 4]), '3×4 and 3 again, {2} stays');
  assert.equal(
    t('output ({0}, {1}) = sum of {2} products = {3}', 1, 2, 9, 14),
    'output (1, 2) = sum of 9 products = 14',
  );
  try {
    setTranslator(bundleTranslator(read('l10n/bundle.l10n.de.json')));
    assert.equal(
      t('output ({0}, {1}) = sum of {2} products = {3}', 1, 2, 9, 14),
      'Ausgabe (1, 2) = Summe von 9 Produkten = 14',
    );
    assert.equal(t('a message no bundle has {0}', 'x'), 'a message no bundle has x');
  } finally {
    setTranslator(format);
  }
});
