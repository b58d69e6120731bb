// `npm start`: builds ConvLens and opens the bundled samples/ workspace in a real VS Code (the VS Code server, in your browser).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVsCodeHost, root, startServer } from './vscodeHost.mjs';

const pkg = JSON.parse((await import('node:fs')).readFileSync(join(root, 'package.json'), 'utf8'));
const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
ensureVsCodeHost();

// Install ConvLens into a sandbox extensions folder as a link to this checkout, so `npm run watch` rebuilds show on reload.
const sandbox = join(root, '.vscode-test', 'sandbox');
const extensionsDir = join(sandbox, 'extensions');
rmSync(extensionsDir, { recursive: true, force: true });
mkdirSync(extensionsDir, { recursive: true });
symlinkSync(root, join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');
// The samples are copied so experiments never touch the repository's copy.
const workspace = join(sandbox, 'samples');
rmSync(workspace, { recursive: true, force: true });
cpSync(join(root, 'samples'), workspace, { recursive: true });

const port = Number(process.env.PORT ?? 3000);
const server = await startServer({ port, extensionsDir, quiet: true });
const url = `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}`;
console.log(
  `\nConvLens is running in VS Code at:\n\n    ${url}\n\nOpen it in your browser (Ctrl+C stops the server). Start with 01_numpy_conv2d.py or the walkthrough.`,
);
if (!process.env.CI && !process.env.CONVLENS_NO_BROWSER) {
  for (const opener of ['xdg-open', 'open']) {
    const r = spawnSync('which', [opener]);
    if (r.status === 0) {
      spawn(opener, [url], { stdio: 'ignore', detached: true }).unref();
      break;
    }
  }
}
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.child.on('exit', (code) => {
  console.log(`VS Code server exited (${code})`);
  process.exit(code ?? 0);
});
