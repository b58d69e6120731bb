// Every string a user reads goes through l10n.t: scans host and webview sources for English text shown without it.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const root = join(__dirname, '..', '..');

/** Files being rewritten elsewhere (the model-interpreter work): to be scanned once that work lands. */
const NOT_YET_SCANNED = new Set(['src/host/layerExplain.ts', 'src/host/hover.ts']);

/** Calls whose arguments VS Code shows as they are. */
const SHOWN_ARGUMENTS = new Set([
  'showInformationMessage',
  'showWarningMessage',
  'showErrorMessage',
  'setStatusBarMessage',
  'createWebviewPanel',
  'createStatusBarItem',
  'button',
  'numberField',
  'checkbox',
  'select',
]);
/** Object-literal fields VS Code or a panel shows: quick picks, input boxes, dialogs, lenses, items. */
const SHOWN_FIELDS = new Set([
  'title',
  'label',
  'prompt',
  'placeHolder',
  'placeholder',
  'description',
  'detail',
  'tooltip',
  'message',
  'caption',
  'openLabel',
  'saveLabel',
]);
/** DOM properties and attributes that put text on screen or in front of a screen reader. */
const SHOWN_PROPERTIES = new Set(['textContent', 'innerText', 'title', 'placeholder', 'ariaLabel', 'text', 'tooltip']);
const SHOWN_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'aria-description']);

/** Math notation and names that read the same in every language. */
const NOTATION = new Set(['flip(W)', 'ConvLens']);

/** Text with an English word in it: a lowercase run, a capitalised word or e.g./i.e.; not `dY`, `PNG`, `1x3`, `×`, ids like `a.b`. */
function hasWord(text: string): boolean {
  if (NOTATION.has(text.trim()) || /^[a-z]+(\.[A-Za-z]+)+$/.test(text)) return false;
  return /[a-z]{2,}|[A-Z][a-z]+|\b(e\.g|i\.e)\./.test(text.replace(/\$\([\w-]+\)/g, ''));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const isL10nCall = (n: ts.Node): n is ts.CallExpression =>
  ts.isCallExpression(n) &&
  ts.isPropertyAccessExpression(n.expression) &&
  n.expression.name.text === 't' &&
  ts.isIdentifier(n.expression.expression) &&
  n.expression.expression.text === 'l10n';

const calleeName = (call: ts.CallExpression): string | undefined =>
  ts.isIdentifier(call.expression)
    ? call.expression.text
    : ts.isPropertyAccessExpression(call.expression)
      ? call.expression.name.text
      : undefined;

/** The expressions a function body returns (not those of functions nested in it). */
function returnedExpressions(body: ts.Node): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isReturnStatement(n) && n.expression) found.push(n.expression);
    if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** English literals an expression puts on screen: through conditionals, concatenation, templates and l10n.t's arguments. */
function shownLiterals(e: ts.Expression, out: ts.Node[]): void {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
    if (hasWord(e.text)) out.push(e);
  } else if (ts.isTemplateExpression(e)) {
    if ([e.head.text, ...e.templateSpans.map((s) => s.literal.text)].some(hasWord)) out.push(e);
    for (const span of e.templateSpans) shownLiterals(span.expression, out);
  } else if (ts.isConditionalExpression(e)) {
    shownLiterals(e.whenTrue, out);
    shownLiterals(e.whenFalse, out);
  } else if (
    ts.isBinaryExpression(e) &&
    (e.operatorToken.kind === ts.SyntaxKind.PlusToken ||
      e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      e.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    shownLiterals(e.left, out);
    shownLiterals(e.right, out);
  } else if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) {
    shownLiterals(e.expression, out);
  } else if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
    // A field computed per scene (`detail: (scene) => …`): what the function returns is shown.
    if (ts.isBlock(e.body)) returnedExpressions(e.body).forEach((r) => shownLiterals(r, out));
    else shownLiterals(e.body, out);
  } else if (isL10nCall(e)) {
    // The message itself is translated; what fills its placeholders must be too.
    for (const arg of e.arguments.slice(1)) shownLiterals(arg, out);
  }
}

/** Every English literal of a file that reaches the screen without l10n.t, as "file:line: text". */
export function untranslated(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: ts.Node[] = [];
  const seen = new Set<ts.Node>();
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const name = calleeName(n);
      if (name && SHOWN_ARGUMENTS.has(name)) for (const arg of n.arguments) shownLiterals(arg, found);
      if (name === 'setAttribute' && n.arguments.length === 2) {
        const [attribute, value] = n.arguments;
        if (attribute && value && ts.isStringLiteral(attribute) && SHOWN_ATTRIBUTES.has(attribute.text))
          shownLiterals(value, found);
      }
      if (isL10nCall(n)) for (const arg of n.arguments.slice(1)) shownLiterals(arg, found);
    } else if (
      ts.isPropertyAssignment(n) &&
      (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) &&
      SHOWN_FIELDS.has(n.name.text)
    ) {
      shownLiterals(n.initializer, found);
    } else if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(n.left) &&
      SHOWN_PROPERTIES.has(n.left.name.text)
    ) {
      shownLiterals(n.right, found);
    } else if (
      ts.isNewExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      ['CodeLens', 'Hover', 'InlayHint', 'MarkdownString', 'Diagnostic', 'CodeAction'].includes(n.expression.name.text)
    ) {
      for (const arg of n.arguments ?? []) shownLiterals(arg, found);
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return found
    .filter((n) => !seen.has(n) && seen.add(n))
    .map((n) => `${file}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.getText().slice(0, 100)}`);
}

test('the scanner catches what it is meant to catch', () => {
  const src = [
    'vscode.window.showInformationMessage(`ConvLens: saved ${name}`);',
    "vscode.window.showInputBox({ prompt: wide ? 'N×H×W×C, e.g. 1x28x28x1' : l10n.t('ok') });",
    "el.textContent = 'Loading';",
    "l10n.t('hints {0}', on ? 'on' : 'off');",
    "b.setAttribute('aria-label', 'Play');",
    "vscode.window.showInformationMessage(l10n.t('fine {0}', count));",
    'el.textContent = `${a} × ${b}`;',
  ].join('\n');
  assert.deepEqual(
    untranslated('x.ts', src).map((s) => s.split(':')[1]),
    ['1', '2', '3', '4', '4', '5'],
  );
});

test('no English text reaches the screen in host or webview code without l10n.t', () => {
  const files = [...sourceFiles('src/host'), ...sourceFiles('webview'), 'src/extension.ts'].filter(
    (f) => !NOT_YET_SCANNED.has(relative(root, join(root, f)).split('\\').join('/')),
  );
  const found = files.flatMap((f) => untranslated(f, readFileSync(join(root, f), 'utf8')));
  assert.deepEqual(found, [], `strings shown without l10n.t:\n${found.join('\n')}`);
});
