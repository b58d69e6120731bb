// Panel controls from @vscode/webview-ui-toolkit, wrapped here so the rest of the webview never imports the toolkit.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeTextField } from '@vscode/webview-ui-toolkit';

let registered = false;

function register(): void {
  if (registered) return;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextField());
  registered = true;
}

/** A themed button with an accessible label and an optional keyboard hint in its tooltip. */
export function button(label: string, title: string, onClick: () => void, secondary = true): HTMLElement {
  register();
  const b = document.createElement('vscode-button');
  b.textContent = label;
  b.setAttribute('title', title);
  b.setAttribute('aria-label', title);
  if (secondary) b.setAttribute('appearance', 'secondary');
  b.addEventListener('click', onClick);
  return b;
}

/** A small labelled number field; `onChange` gets the parsed integer. */
export function numberField(label: string, value: number, onChange: (v: number) => void): HTMLElement {
  register();
  const f = document.createElement('vscode-text-field') as HTMLElement & { value: string };
  f.setAttribute('size', '3');
  f.textContent = label;
  f.value = String(value);
  f.addEventListener('change', () => {
    const v = Number(f.value);
    if (Number.isInteger(v)) onChange(v);
  });
  return f;
}
