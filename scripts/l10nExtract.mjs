// Finds the messages passed to l10n.t('…') in src/ and webview/: the English runtime bundle (scripts/l10n.mjs writes it,
// the unit tests compare it).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every `l10n.t('message'` (or "message", as Prettier writes strings holding a ') in a TypeScript source, unescaped. */
export function messagesIn(source) {
  const found = [];
  for (const m of source.matchAll(/\bl10n\.t\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")/g))
    found.push((m[1] ?? m[2]).replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c)));
  return found;
}

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The English bundle for the tree at `root`: message → message, sorted. */
export function englishBundle(root) {
  const messages = new Set(
    ['src', 'webview'].flatMap((d) => sources(join(root, d))).flatMap((f) => messagesIn(readFileSync(f, 'utf8'))),
  );
  return Object.fromEntries([...messages].sort().map((m) => [m, m]));
}
