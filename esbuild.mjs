// One build script for every bundle: Node and browser extension hosts, webviews, CLI, golden runner, bench, tests.
import * as esbuild from 'esbuild';
import { writeDigits } from './scripts/digits.mjs';
import { wasmKernelsPlugin } from './scripts/wasmKernels.mjs';
import { readdirSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--only NAME` rebuilds one bundle (e.g. the golden runner) without touching the others.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

/** @type {esbuild.BuildOptions} */
// jsonc-parser's `main` is a UMD build whose internal requires esbuild cannot follow: bundle its ES module build instead.
const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  plugins: [wasmKernelsPlugin()],
};

const builds = [
  // The extension, one bundle for both hosts: package.json's `main` (Node extension host: desktop VS Code, code-server,
  // Codespaces) and `browser` (web worker extension host: vscode.dev, github.dev) both point at it. Its code uses no
  // Node API, so the browser build runs in Node as it is, and the .vsix carries it once.
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    define: { 'process.env.NODE_ENV': '"production"' },
  },
  // One script for every panel (the UI toolkit ships once); the page says which panel to run.
  {
    ...common,
    name: 'webview',
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview/panels.js',
    platform: 'browser',
    format: 'iife',
    plugins: [wasmKernelsPlugin({ stub: true })],
  },
  // Plain-Node tools that use engine + analysis directly.
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    name: 'golden',
    entryPoints: ['test/golden/runGolden.ts'],
    outfile: 'dist/golden.js',
    platform: 'node',
    format: 'cjs',
    sourcemap: true,
  },
  // Benchmarks (reference libraries stay external: they load their own files).
  {
    ...common,
    name: 'bench',
    entryPoints: ['bench/engineBench.ts', 'bench/analysisBench.ts', 'bench/graphBench.ts', 'bench/trainBench.ts'],
    outdir: 'dist/bench',
    platform: 'node',
    format: 'cjs',
    external: ['@tensorflow/*'],
  },
  {
    ...common,
    name: 'fuzz',
    entryPoints: ['test/fuzz/runFuzz.ts'],
    outfile: 'dist/fuzz.js',
    platform: 'node',
    format: 'cjs',
  },
  {
    ...common,
    name: 'bench',
    entryPoints: ['bench/editorBench.ts'],
    outdir: 'dist/bench',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  // Test bundles: the suite that runs inside a real VS Code host, and the plain-Node unit tests.
  // The suites open real model files from test/corpus as untitled documents: `.py` imports are text.
  {
    ...common,
    entryPoints: ['test/integration/nodeEntry.ts'],
    outfile: 'dist/test/integration.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: true,
    loader: { '.py': 'text' },
    define: { CONVLENS_HOST: '"node"' },
  },
  {
    ...common,
    entryPoints: ['test/integration/restricted.test.ts'],
    outfile: 'dist/test/restricted.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: true,
  },
  {
    ...common,
    entryPoints: ['test/integration/locale.test.ts'],
    outfile: 'dist/test/locale.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: true,
  },
  {
    ...common,
    entryPoints: ['test/integration/installed.test.ts'],
    outfile: 'dist/test/installed.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: true,
  },
  {
    ...common,
    entryPoints: ['test/integration/webEntry.ts'],
    outfile: 'dist/test/integration-web.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: true,
    loader: { '.py': 'text' },
    define: { CONVLENS_HOST: '"browser"' },
  },
  {
    ...common,
    entryPoints: ['test/desktop/runDesktop.ts'],
    outfile: 'dist/test/runDesktop.js',
    platform: 'node',
    format: 'cjs',
    sourcemap: true,
  },
  {
    ...common,
    name: 'ui',
    entryPoints: readdirSync('test/ui')
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `test/ui/${f}`),
    outdir: 'out/ui',
    platform: 'node',
    format: 'cjs',
    sourcemap: true,
    external: ['playwright-core'],
  },
  {
    ...common,
    name: 'unit',
    entryPoints: readdirSync('test/unit')
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `test/unit/${f}`),
    outdir: 'out/unit',
    platform: 'node',
    format: 'cjs',
    sourcemap: true,
    external: ['typescript'],
  },
];

const selected = (only ? builds.filter((b) => b.name === only) : builds).map(({ name: _name, ...options }) => options);
// `npm run build` also builds the benchmarks so the bench bundles never go stale.
if (only && only !== 'data' && selected.length === 0) throw new Error(`no bundle named ${only}`);
if (!watch && !only) for (const d of ['dist', 'out']) rmSync(d, { recursive: true, force: true });
// The digits the filter visualization trains on: packed from the `mnist` package, shipped in dist/data.
if (!only || only === 'data') writeDigits(process.cwd());
if (watch) {
  const contexts = await Promise.all(selected.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching for changes');
} else {
  await Promise.all(selected.map((b) => esbuild.build(b)));
}
