// The command surface a user sees: every contributed command is registered, and nothing registered is a test hook.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');

interface Manifest {
  contributes: { commands: { command: string }[]; menus: Record<string, { command: string; when?: string }[]> };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

function hostSources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? hostSources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(root, dir, e.name)] : [],
  );
}

const registered = new Set(
  hostSources('src').flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/registerCommand\('(convlens\.\w+)'/g)].map((m) => m[1]!),
  ),
);

/** Commands other commands or hovers run with arguments; they are not contributed, so never in the palette. */
const INTERNAL = new Set(['convlens.animateLayer', 'convlens.writeModelComment']);

test('every contributed command is registered, and every registered one is contributed or internal', () => {
  assert.deepEqual(
    [...contributed].filter((c) => !registered.has(c)),
    [],
    'contributed but never registered',
  );
  assert.deepEqual(
    [...registered].filter((c) => !contributed.has(c) && !INTERNAL.has(c)),
    [],
    'registered but neither contributed nor internal',
  );
});

test('menus name only contributed commands; selection commands leave the palette when nothing is selected', () => {
  for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
    for (const item of items)
      assert.ok(contributed.has(item.command), `${menu} lists ${item.command}, which is not contributed`);
  }
  const palette = new Map(manifest.contributes.menus['commandPalette']!.map((i) => [i.command, i.when]));
  assert.equal(palette.get('convlens.convolveSelection'), 'editorHasSelection');
  assert.equal(palette.get('convlens.poolSelection'), 'editorHasSelection');
});
