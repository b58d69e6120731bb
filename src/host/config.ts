// Typed access to ConvLens settings, read in one place.
import * as vscode from 'vscode';
import { parseShape } from '../analysis/inputShape';

/** ConvLens settings with their defaults applied. */
export interface ConvLensConfig {
  readonly defaultInputShape: readonly number[];
  readonly maxFileSizeKB: number;
  readonly maxTensorElements: number;
  readonly inlayHints: boolean;
  /** VS Code language ids ConvLens analyses. */
  readonly languages: readonly string[];
  readonly thousandsSeparator: boolean;
  readonly precision: number;
}

/** Languages analysed when the setting is left alone. */
export const DEFAULT_LANGUAGES = ['python', 'javascript', 'typescript', 'json', 'jsonc'];

/** Reads the `convlens.*` settings for a document (or the window). */
export function readConfig(scope?: vscode.ConfigurationScope): ConvLensConfig {
  const c = vscode.workspace.getConfiguration('convlens', scope);
  return {
    defaultInputShape: parseShape(c.get<string>('defaultInputShape', '1x3x32x32')) ?? [1, 3, 32, 32],
    maxFileSizeKB: c.get<number>('maxFileSizeKB', 1024),
    maxTensorElements: c.get<number>('maxTensorElements', 10_000_000),
    inlayHints: c.get<boolean>('inlayHints.enabled', true),
    languages: c.get<string[]>('languages', DEFAULT_LANGUAGES),
    thousandsSeparator: c.get<boolean>('numberFormat.thousandsSeparator', true),
    precision: Math.max(1, Math.min(12, Math.round(c.get<number>('numberFormat.precision', 4)))),
  };
}
