// Saves an image a panel exported (PNG, GIF, SVG) where the user picks, and says where it went.
import * as vscode from 'vscode';
import type { SavedFormat } from '../../protocol';
import type { Logger } from '../logger';
import * as l10n from '../../l10n';

/** Where an export is saved: the save dialog, unless a test supplies the file. */
export type ExportTargetChooser = (suggested: vscode.Uri, format: SavedFormat) => Thenable<vscode.Uri | undefined>;

/** The save dialog, filtered to the export's format. */
export const saveDialog: ExportTargetChooser = (suggested, format) => {
  const filters: Record<SavedFormat, [string, string]> = {
    png: [l10n.t('PNG image'), l10n.t('Export the current frame')],
    gif: [l10n.t('Animated GIF'), l10n.t('Export the animation')],
    svg: [l10n.t('SVG image'), l10n.t('Export the graph')],
  };
  const [name, title] = filters[format];
  return vscode.window.showSaveDialog({ defaultUri: suggested, filters: { [name]: [format] }, title });
};

/** Asks where to save `convlens-<name>.<format>` and writes the decoded bytes there; resolves with the file, if saved. */
export async function saveExport(
  name: string,
  format: SavedFormat,
  base64: string,
  frames: number,
  log: Logger,
  choose: ExportTargetChooser,
): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const file = `convlens-${name}.${format}`;
  const suggested = folder ? vscode.Uri.joinPath(folder, file) : vscode.Uri.file(file);
  const target = await choose(suggested, format);
  if (!target) return undefined;
  try {
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    await vscode.workspace.fs.writeFile(target, bytes);
    log.info(
      `exported the ${name} panel as ${format} (${frames} frame${frames === 1 ? '' : 's'}, ${bytes.length} bytes) to ${target.toString()}`,
    );
    const where = vscode.workspace.asRelativePath(target);
    void vscode.window.showInformationMessage(
      frames === 1
        ? l10n.t('ConvLens: saved {0} (one frame).', where)
        : l10n.t('ConvLens: saved {0} ({1} frames).', where, frames),
    );
    return target;
  } catch (e) {
    log.error(`could not save the export to ${target.toString()}`, e);
    void vscode.window.showErrorMessage(
      l10n.t('ConvLens could not save {0}: {1}', target.fsPath || target.toString(), (e as Error).message),
    );
    return undefined;
  }
}
