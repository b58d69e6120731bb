// The ConvLens output channel: where failures are reported instead of being thrown into VS Code.
import * as vscode from 'vscode';

/** A thrown non-Error as text: strings as they are, anything else as JSON when it has any. */
function describe(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown;
  try {
    return JSON.stringify(thrown) ?? typeof thrown;
  } catch {
    return Object.prototype.toString.call(thrown);
  }
}

/** Writes timestamped lines to the ConvLens output channel. */
export class Logger implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('ConvLens', { log: true });
  private readonly recentLines: string[] = [];

  info(message: string): void {
    this.channel.info(message);
    this.remember(message);
  }

  error(message: string, error?: unknown): void {
    const detail =
      error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : error === undefined ? '' : describe(error);
    const line = detail ? `${message}: ${detail}` : message;
    this.channel.error(line);
    this.remember(line);
  }

  /** The last lines written (the output channel itself cannot be read back). */
  recent(): readonly string[] {
    return this.recentLines;
  }

  private remember(line: string): void {
    this.recentLines.push(line);
    if (this.recentLines.length > 50) this.recentLines.shift();
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
