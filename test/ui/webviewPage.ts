// Loads a panel bundle in headless Chromium with a stub of the VS Code webview API and theme variables, for UI tests.
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { PanelKind } from '../../src/contract/viewModels';

/** Theme variables VS Code injects into webviews, for a dark, a light and a high-contrast theme. */
export const THEMES = {
  dark: {
    '--vscode-foreground': '#cccccc',
    '--vscode-editor-foreground': '#d4d4d4',
    '--vscode-editor-background': '#1e1e1e',
    '--vscode-panel-border': '#444444',
    '--vscode-focusBorder': '#007fd4',
    '--vscode-editorWidget-background': '#252526',
    '--vscode-errorForeground': '#f48771',
    '--vscode-descriptionForeground': '#a0a0a0',
    '--vscode-font-family': 'sans-serif',
    '--vscode-editor-font-family': 'monospace',
    '--vscode-font-size': '13px',
    '--vscode-button-background': '#0e639c',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#3a3d41',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-input-background': '#3c3c3c',
    '--vscode-input-foreground': '#cccccc',
  },
  light: {
    '--vscode-foreground': '#333333',
    '--vscode-editor-foreground': '#222222',
    '--vscode-editor-background': '#ffffff',
    '--vscode-panel-border': '#c8c8c8',
    '--vscode-focusBorder': '#0066bf',
    '--vscode-editorWidget-background': '#f3f3f3',
    '--vscode-errorForeground': '#a1260d',
    '--vscode-descriptionForeground': '#717171',
    '--vscode-font-family': 'sans-serif',
    '--vscode-editor-font-family': 'monospace',
    '--vscode-font-size': '13px',
    '--vscode-button-background': '#007acc',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#5f6a79',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-input-background': '#ffffff',
    '--vscode-input-foreground': '#616161',
  },
  highContrast: {
    '--vscode-foreground': '#ffffff',
    '--vscode-editor-foreground': '#ffffff',
    '--vscode-editor-background': '#000000',
    '--vscode-panel-border': '#6fc3df',
    '--vscode-focusBorder': '#f38518',
    '--vscode-editorWidget-background': '#0c141f',
    '--vscode-errorForeground': '#f48771',
    '--vscode-descriptionForeground': '#ffffff',
    '--vscode-font-family': 'sans-serif',
    '--vscode-editor-font-family': 'monospace',
    '--vscode-font-size': '13px',
    '--vscode-button-background': '#000000',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#000000',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-input-background': '#000000',
    '--vscode-input-foreground': '#ffffff',
  },
} as const;

const root = join(__dirname, '..', '..');

/** Launches the system Chromium (Debian's), headless. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/** Opens a panel of `dist/webview/panels.js` in a page whose acquireVsCodeApi records posted messages in window.__posted; `bundle` is
 * the l10n bundle the host would put on <body data-l10n> for a non-English display language. */
export async function openPanel(
  browser: Browser,
  panel: PanelKind | 'graph',
  theme: keyof typeof THEMES,
  bundle?: Record<string, string>,
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 900, height: 620 } });
  const vars = Object.entries(THEMES[theme])
    .map(([k, v]) => `${k}: ${v};`)
    .join(' ');
  const css = readFileSync(join(root, 'media', 'panel.css'), 'utf8');
  await page.setContent(
    `<!DOCTYPE html><html><head><style>:root { ${vars} } ${css}</style></head><body data-panel="${panel}"${bundle ? ` data-l10n="${JSON.stringify(bundle).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"` : ''}><main id="app"></main></body></html>`,
  );
  await page.evaluate(() => {
    const w = window as unknown as { __posted: unknown[]; __state: unknown; acquireVsCodeApi: () => unknown };
    w.__posted = [];
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => w.__posted.push(m),
      getState: () => w.__state,
      setState: (s: unknown) => {
        w.__state = s;
      },
    });
  });
  await page.addScriptTag({ content: readFileSync(join(root, 'dist', 'webview', 'panels.js'), 'utf8') });
  return page;
}

/** Messages the page has posted to the host so far. */
export function posted(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
}

/** Sends a host → webview message. */
export function send(page: Page, message: unknown): Promise<void> {
  return page.evaluate((m) => window.postMessage(m, '*'), message as never);
}

/** Registers before/after hooks that launch and close one browser for a test file; screenshots go to the returned folder. */
export function useBrowser(): { browser: () => Browser; shots: string } {
  const shots = join(root, process.env['CONVLENS_SCREENSHOTS'] ?? join('test', '.runs', 'screenshots'));
  let browser: Browser | undefined;
  before(async () => {
    browser = await launch();
    mkdirSync(shots, { recursive: true });
  });
  after(() => browser?.close());
  return {
    browser: () => {
      if (!browser) throw new Error('the browser is not up yet');
      return browser;
    },
    shots,
  };
}

/** Types a value into the settings field labelled `label` and fires its change event. */
export function setField(page: Page, label: string, value: string): Promise<void> {
  return page.evaluate(
    ([l, v]) => {
      const field = Array.from(document.querySelectorAll('vscode-text-field')).find((f) => f.textContent === l) as
        (HTMLElement & { value: string }) | undefined;
      if (!field) throw new Error(`no field labelled ${l}`);
      field.value = v;
      field.dispatchEvent(new Event('change'));
    },
    [label, value] as const,
  );
}

/** The request of the first `update` message posted since message `from`, typed by the caller. */
export async function updateRequest<R>(page: Page, from = 0): Promise<R> {
  const update = (await posted(page)).slice(from).find((m) => m.type === 'update');
  if (!update) throw new Error('the panel posted no update');
  return update['request'] as R;
}

/** Where the first canvas has pixels of one colour: how many, and their bounding box in canvas pixels (no layout assumed). */
export function colourOnCanvas(
  page: Page,
  rgb: readonly [number, number, number],
): Promise<{ count: number; minX: number; maxX: number; minY: number; maxY: number }> {
  return page.evaluate((target) => {
    const canvas = document.querySelector('canvas')!;
    const { data, width } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const found = { count: 0, minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== target[0] || data[i + 1] !== target[1] || data[i + 2] !== target[2]) continue;
      const x = (i / 4) % width;
      const y = Math.floor(i / 4 / width);
      found.count++;
      found.minX = Math.min(found.minX, x);
      found.maxX = Math.max(found.maxX, x);
      found.minY = Math.min(found.minY, y);
      found.maxY = Math.max(found.maxY, y);
    }
    return found;
  }, rgb);
}
