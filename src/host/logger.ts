// The ConvLens output channel: where failures are reported instead of being thrown into VS Code.
import * as vscode from 'vscode';

/** Writes timestamped lines to the ConvLens output channel. */
export class Logger implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('ConvLens', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  error(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : error === undefined ? '' : String(error);
    this.channel.error(detail ? `${message}: ${detail}` : message);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** Runs a provider body; a failure is logged and yields `fallback`, so one provider never breaks the others. */
export function guarded<T>(log: Logger, what: string, fallback: T, body: () => T): T {
  try {
    return body();
  } catch (e) {
    log.error(`${what} failed`, e);
    return fallback;
  }
}
