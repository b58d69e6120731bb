// Analyses a document once per version (literals + traced models) and shares the result with every provider.
import * as vscode from 'vscode';
import { findExercises, type Exercise } from '../analysis/exercises';
import { findLiterals, type LiteralResult } from '../analysis/literals';
import { EditedParse } from '../analysis/editedParse';
import { traceGraphs, type GraphModel } from '../analysis/graphTrace';
import { lexFamily } from '../analysis/tokens';
import { traceNotebookCell } from '../analysis/notebook';
import { readConfig } from './config';
import type { Logger } from './logger';
import * as l10n from '../l10n';

/** What ConvLens knows about one document version. */
export interface DocumentAnalysis {
  readonly literals: readonly LiteralResult[];
  readonly models: readonly GraphModel[];
  /** `# convlens: check …` exercises (Python only; empty for most files). */
  readonly exercises: readonly Exercise[];
  /** Set when the document was too large to analyse. */
  readonly skippedReason?: string;
}

const EMPTY: DocumentAnalysis = { literals: [], models: [], exercises: [] };

/** Why a document is too large to analyse (convlens.maxFileSizeKB), or undefined; cheap: it reads no text. */
export function sizeLimitReason(document: vscode.TextDocument): string | undefined {
  const { maxFileSizeKB } = readConfig(document.uri);
  const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
  if (length <= maxFileSizeKB * 1024) return undefined;
  return l10n.t(
    'ConvLens skipped {0}: larger than {1} KB (setting convlens.maxFileSizeKB)',
    vscode.workspace.asRelativePath(document.uri),
    maxFileSizeKB,
  );
}

/** The notebook a cell document belongs to, if it is one. */
function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
}

/** Per-document cache keyed by URI and version; dropped when the document closes. */
export class AnalysisCache implements vscode.Disposable {
  // Keyed by URI, checked against the document object too: a closed untitled document's URI and version come back with
  // the next untitled document before VS Code reports the close.
  private readonly entries = new Map<
    string,
    { document: vscode.TextDocument; version: string; analysis: DocumentAnalysis }
  >();
  /** Python files' parses, carried through their edits so a keystroke re-parses only around it. */
  private readonly parses = new Map<string, { document: vscode.TextDocument; parse: EditedParse }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly log: Logger) {
    this.subscriptions = [
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.entries.delete(d.uri.toString());
        this.parses.delete(d.uri.toString());
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const edits = e.contentChanges.map((c) => ({
          offset: c.rangeOffset,
          length: c.rangeLength,
          inserted: c.text.length,
        }));
        const kept = this.parses.get(e.document.uri.toString());
        if (kept?.document === e.document) kept.parse.edited(edits, e.document.version);
      }),
    ];
  }

  /** The analysis of this document version (for a notebook cell: of every cell's version), computed on first use. Never throws. */
  get(document: vscode.TextDocument): DocumentAnalysis {
    const key = document.uri.toString();
    const notebook = notebookOf(document);
    const version = notebook
      ? notebook
          .getCells()
          .map((c) => c.document.version)
          .join('.')
      : String(document.version);
    const cached = this.entries.get(key);
    if (cached && cached.document === document && cached.version === version) return cached.analysis;
    const analysis = this.analyse(document, notebook);
    this.entries.set(key, { document, version, analysis });
    return analysis;
  }

  /** Forgets everything (settings changed). */
  clear(): void {
    this.entries.clear();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.entries.clear();
    this.parses.clear();
  }

  /** The syntax tree of a Python file's current version, reusing its last parse around the edits since. */
  private parseOf(document: vscode.TextDocument, text: string): ReturnType<EditedParse['parse']> {
    const key = document.uri.toString();
    let kept = this.parses.get(key);
    if (kept?.document !== document) {
      kept = { document, parse: new EditedParse() };
      this.parses.set(key, kept);
    }
    return kept.parse.parse(text, document.version);
  }

  private analyse(document: vscode.TextDocument, notebook: vscode.NotebookDocument | undefined): DocumentAnalysis {
    const family = lexFamily(document.languageId);
    const config = readConfig(document.uri);
    if (!family || !config.languages.includes(document.languageId)) return EMPTY;
    const skippedReason = sizeLimitReason(document);
    if (skippedReason) return { ...EMPTY, skippedReason };
    const text = document.getText();
    try {
      const literals = findLiterals(text, family, { maxElements: config.maxTensorElements });
      const options = { defaultInputShape: config.defaultInputShape };
      let models: readonly GraphModel[] = [];
      if (family === 'python' && notebook) {
        const cells = notebook
          .getCells()
          .filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python')
          .map((c) => c.document);
        models = traceNotebookCell(
          cells.map((d) => d.getText()),
          cells.indexOf(document),
          options,
        );
      } else if (family === 'python') {
        models = traceGraphs(text, { ...options, ast: this.parseOf(document, text) });
      }
      // Exercises are rare: a substring test keeps the line scan off ordinary files.
      const exercises = family === 'python' && /convlens:\s*check/.test(text) ? findExercises(text, literals) : [];
      return { literals, models, exercises };
    } catch (e) {
      this.log.error(`analysis of ${document.uri.toString()} failed`, e);
      return EMPTY;
    }
  }
}
