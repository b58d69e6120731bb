// The shipped bundles never run code: no eval, no Function constructor on dynamic text, no child_process, no dynamic import.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const bundles = [
  'dist/extension.js',
  ...readdirSync(join(root, 'dist', 'webview'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `dist/webview/${f}`),
];

test('bundles exist (the build ran)', () => {
  for (const b of bundles) assert.ok(existsSync(join(root, b)), `${b} missing`);
});

for (const bundle of bundles) {
  test(`${bundle} contains no eval, Function constructor, child_process or dynamic import`, () => {
    const text = readFileSync(join(root, bundle), 'utf8')
      // The one allowed use: a globalThis fallback with a constant body in the UI toolkit (and CSP forbids it anyway).
      .replaceAll('new Function("return this")', '');
    // The global eval, called bare or through the global object; the static interpreter's own `eval(e, scope) {` method
    // and its `this.eval(` calls are not it.
    assert.doesNotMatch(text, /(?<![\w$.])eval\s*\((?![^)]*\)\s*\{)/);
    assert.doesNotMatch(text, /[(,]\s*eval\s*\)/);
    assert.doesNotMatch(text, /\b(?:globalThis|window|self|global)\s*(?:\.\s*eval\b|\[\s*['"`]eval['"`]\s*\])/);
    assert.doesNotMatch(text, /new\s+Function\s*\(/);
    assert.doesNotMatch(text, /child_process/);
    assert.doesNotMatch(text, /\bimport\s*\(/);
  });
}

test('the extension bundles register no test-only command and hand out test hooks only in extension mode Test', () => {
  for (const bundle of ['dist/extension.js']) {
    const text = readFileSync(join(root, bundle), 'utf8');
    assert.doesNotMatch(text, /convlens\.calculatorDefaults/, bundle);
    assert.match(text, /extensionMode\s*!==\s*\S*ExtensionMode\.Test\)\s*return\s+(undefined|void 0)/, bundle);
  }
});
