// Analyses a document once per version (literals + traced models) and shares the result with every provider.
import * as vscode from 'vscode';
import { findLiterals, type LiteralResult } from '../analysis/literals';
import { traceModels, type TracedModel } from '../analysis/modelTrace';
import { lexFamily, tokenize } from '../analysis/tokens';
import { PyModule } from '../analysis/pySource';
import { readConfig } from './config';
import type { Logger } from './logger';

/** What ConvLens knows about one document version. */
export interface DocumentAnalysis {
  readonly literals: readonly LiteralResult[];
  readonly models: readonly TracedModel[];
  /** Set when the document was too large to analyse. */
  readonly skippedReason?: string;
}

const EMPTY: DocumentAnalysis = { literals: [], models: [] };

/** Per-document cache keyed by URI and version; dropped when the document closes. */
export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, { version: number; analysis: DocumentAnalysis }>();
  private readonly onClose: vscode.Disposable;

  constructor(private readonly log: Logger) {
    this.onClose = vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString()));
  }

  /** The analysis of this document version, computed on first use. Never throws. */
  get(document: vscode.TextDocument): DocumentAnalysis {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version) return cached.analysis;
    const analysis = this.analyse(document);
    this.entries.set(key, { version: document.version, analysis });
    return analysis;
  }

  /** Forgets everything (settings changed). */
  clear(): void {
    this.entries.clear();
  }

  dispose(): void {
    this.onClose.dispose();
    this.entries.clear();
  }

  private analyse(document: vscode.TextDocument): DocumentAnalysis {
    const family = lexFamily(document.languageId);
    if (!family) return EMPTY;
    const config = readConfig(document.uri);
    const text = document.getText();
    if (text.length > config.maxFileSizeKB * 1024) {
      return { ...EMPTY, skippedReason: `ConvLens skipped ${vscode.workspace.asRelativePath(document.uri)}: larger than ${config.maxFileSizeKB} KB (setting convlens.maxFileSizeKB)` };
    }
    try {
      // One tokenization serves both readers.
      const tokens = tokenize(text, family);
      const literals = findLiterals(text, family, {}, tokens);
      const models = family === 'python' ? traceModels(new PyModule(text, tokens), { defaultInputShape: config.defaultInputShape }) : [];
      return { literals, models };
    } catch (e) {
      this.log.error(`analysis of ${document.uri.toString()} failed`, e);
      return EMPTY;
    }
  }
}
