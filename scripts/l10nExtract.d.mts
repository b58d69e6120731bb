// Types of scripts/l10nExtract.mjs for the TypeScript tests that reuse its extraction.
export function messagesIn(source: string): string[];
export function englishBundle(root: string): Record<string, string>;
