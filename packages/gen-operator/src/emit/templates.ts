import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commentText, markdownCode, markdownText, shellWord, tsIdentifier, tsStringText, tsTemplateText, yamlScalar } from './escape.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The templates folder: inside the package when published, the repository's `templates/` when run
 * from a checkout (src/emit or dist/emit are both two levels below the package root).
 */
function templatesDir(): string {
  const root = join(here, '..', '..');
  for (const candidate of [join(root, 'templates'), join(root, '..', '..', 'templates')]) {
    if (existsSync(join(candidate, 'src', 'main.ts.tmpl'))) return candidate;
  }
  throw new Error(`gen-operator's templates folder is missing (looked under ${root}); reinstall gen-operator`);
}

/** Source text an emitter built from escaped parts; the only value a `{{code:…}}` placeholder takes. */
export class Code {
  constructor(readonly text: string) {}
}

/**
 * Every placeholder names the place it sits in, `{{context:name}}`, and its value is escaped for
 * that place: a CRD string can only ever become data in the generated file.
 */
const CONTEXTS: Record<string, (value: string) => string> = {
  /** A TypeScript identifier (refused unless it is one: names are mapped before they get here). */
  ident: tsIdentifier,
  /** Inside a single-quoted TypeScript string. */
  string: tsStringText,
  /** Inside a TypeScript template literal. */
  template: tsTemplateText,
  /** Inside a `//` or `/** *\/` comment. */
  comment: commentText,
  /** A whole YAML scalar. */
  yaml: yamlScalar,
  /** Markdown text. */
  markdown: markdownText,
  /** A whole Markdown code span. */
  'markdown-code': markdownCode,
  /** One shell word (in a README's command block). */
  shell: shellWord,
};

export type TemplateValue = string | Code;

let dir: string | undefined;
const cache = new Map<string, string>();

/** A file of the templates folder as it is, for text with no placeholders (the docs page's script and style). */
export function templateFile(path: string): string {
  dir ??= templatesDir();
  let text = cache.get(path);
  if (text === undefined) {
    text = readFileSync(join(dir, path), 'utf8');
    cache.set(path, text);
  }
  return text;
}

/** A template with every placeholder filled; an unknown placeholder or context is a bug, so it throws. */
export function render(path: string, values: Readonly<Record<string, TemplateValue>>): string {
  const text = templateFile(`${path}.tmpl`);
  // `${{ … }}` is a GitHub Actions expression in the CI workflow, never one of ours.
  const placeholder = /\{\{([\w-]+):(\w+)\}\}|(?<!\$)\{\{[^}]*\}\}/g;
  return text.replace(placeholder, (whole, context: string | undefined, name: string | undefined) => {
    if (!context || !name) throw new Error(`template ${path}: ${whole} does not say its context ({{context:name}})`);
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) throw new Error(`template ${path} uses {{${context}:${name}}}, which was not given`);
    if (context === 'code') {
      if (!(value instanceof Code)) throw new Error(`template ${path}: {{code:${name}}} takes built code, not a string`);
      return value.text;
    }
    const escapeFor = Object.hasOwn(CONTEXTS, context) ? CONTEXTS[context] : undefined;
    if (!escapeFor) throw new Error(`template ${path}: unknown context in {{${context}:${name}}}`);
    if (typeof value !== 'string') throw new Error(`template ${path}: {{${context}:${name}}} takes a string`);
    return escapeFor(value);
  });
}
