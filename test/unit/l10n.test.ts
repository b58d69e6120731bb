// The manifest is localized: every %key% in package.json has an English and a German string, and links survive translation.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const read = (file: string): Record<string, string> => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, string>;
const keys = [...readFileSync(join(root, 'package.json'), 'utf8').matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]!);

test('every manifest string is a %key% with an English entry', () => {
  const en = read('package.nls.json');
  assert.ok(keys.length >= 40, `only ${keys.length} localized manifest strings`);
  for (const k of keys) assert.ok(en[k], `package.nls.json lacks ${k}`);
  assert.deepEqual(Object.keys(en).sort(), [...new Set(keys)].sort(), 'package.nls.json has keys the manifest does not use');
});

test('the German bundle is complete and keeps every command link of the English one', () => {
  const en = read('package.nls.json');
  const de = read('package.nls.de.json');
  for (const k of Object.keys(en)) {
    assert.ok(de[k], `package.nls.de.json lacks ${k}`);
    const links = (s: string): string[] => [...s.matchAll(/\]\((command:[^)]*)\)/g)].map((m) => m[1]!);
    assert.deepEqual(links(de[k]!), links(en[k]!), `${k}: command links differ`);
  }
});
