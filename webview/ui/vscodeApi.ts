// The webview's handle on VS Code: typed postMessage and state, acquired once.
import { isHostMessage, type HostToWebview, type WebviewToHost } from '../../src/protocol';

interface VsCodeApi<S> {
  postMessage(message: WebviewToHost): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

let api: VsCodeApi<unknown> | undefined;

/** The VS Code API for this page (acquireVsCodeApi may be called only once). */
export function vscodeApi<S>(): VsCodeApi<S> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VsCodeApi<S>;
}

/** Listens for host messages; the caller switches on `type`. */
export function onHostMessage(handler: (message: HostToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (isHostMessage(data)) handler(data);
  });
}
