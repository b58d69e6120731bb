// User-facing strings, localised: l10n.t(message, …args) everywhere (engine, analysis, host, webviews).
// In the extension host the translator is vscode.l10n.t (bundles in l10n/); elsewhere (CLI, tests, webviews before
// their bundle arrives) the English text is used with its {0}, {1}… placeholders filled in.

/** Argument types a message may interpolate. */
export type L10nArg = string | number | boolean;

/** Turns an English message and its arguments into the text to show. */
export type Translator = (message: string, args: readonly L10nArg[]) => string;

/** Fills {0}, {1}… with the arguments (a placeholder without an argument stays as it is). */
export function format(message: string, args: readonly L10nArg[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) =>
    args[Number(index)] === undefined ? whole : String(args[Number(index)]),
  );
}

let translator: Translator = format;

/** Installs the translator (the extension host's vscode.l10n.t, or a webview's bundle). */
export function setTranslator(next: Translator): void {
  translator = next;
}

/** A translator that looks messages up in a bundle (English message → translation), falling back to English. */
export function bundleTranslator(bundle: Readonly<Record<string, string>>): Translator {
  return (message, args) =>
    format(Object.prototype.hasOwnProperty.call(bundle, message) ? bundle[message]! : message, args);
}

/** The localised text of `message` (an English string literal, so the bundle extractor can find it). */
export function t(message: string, ...args: L10nArg[]): string {
  return translator(message, args);
}
