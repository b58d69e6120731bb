// What activation hands to the test suites and the editor benchmark, and only to them (extension mode Test).
import type * as vscode from 'vscode';
import type { DocumentAnalysis } from './documentAnalysis';
import type { AnimationPanel, ExportTargetChooser } from './panels/animationPanel';
import type { GraphPanel } from './panels/graphPanel';
import type { PanelKind } from '../contract/viewModels';

/** The hooks tests reach ConvLens through; a user's VS Code never receives them. */
export interface ConvLensApi {
  readonly activationMs: number;
  /** Which engine kernels run in this host (the `engine:` line of the output channel). */
  readonly engine: string;
  readonly host: 'node' | 'browser';
  readonly panel: (kind: PanelKind) => AnimationPanel | undefined;
  /** The open model graph panel, if any. */
  readonly graphPanel: () => GraphPanel | undefined;
  /** What ConvLens read from a document (the same cache the providers use). */
  readonly analysis: (document: vscode.TextDocument) => DocumentAnalysis;
  /** Disposes everything activate() set up, as deactivation does (tests check nothing runs afterwards). */
  readonly shutdown: () => void;
  /** The last lines of the ConvLens output channel. */
  readonly recentLog: () => readonly string[];
  /** What the panel serializer does after a reload, for a given saved state (tests restore corrupt states with it). */
  readonly revivePanel: (kind: PanelKind, panel: vscode.WebviewPanel, state: unknown) => AnimationPanel | undefined;
  /** Replaces the export save dialog (tests save to a fixed file). */
  readonly setExportTarget: (chooser: ExportTargetChooser) => void;
  /** What the Conv Layer Calculator would pre-fill for the conv layer under the cursor ("H, C_in, C_out, K, S, P, d"). */
  readonly calculatorDefaults: () => string | undefined;
  /** The providers themselves, for tests (notebook cells, which the CodeLens command cannot address) and the editor benchmark. */
  readonly providers: {
    readonly codeLens: vscode.CodeLensProvider;
    readonly inlayHints: vscode.InlayHintsProvider;
    readonly hover: vscode.HoverProvider;
    readonly diagnostics: { update(document: vscode.TextDocument): void };
  };
}
