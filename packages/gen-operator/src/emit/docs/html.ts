/**
 * One self-contained `index.html`: the docs model as JSON in a `<script type="application/json">`
 * block, read by the page's own script (templates/docs/page.js), which builds the field tree as it
 * is opened and searches it. Nothing is fetched: a Content-Security-Policy allows no network, and
 * only this script and style (by hash) to run.
 */
import { createHash } from 'node:crypto';
import { header } from '../../header.js';
import type { ProjectFile } from '../../project-file.js';
import { scriptJson } from '../escape.js';
import { templateFile } from '../templates.js';
import type { FieldFact } from './fields.js';
import { type DocsKind, MAX_DIFFERENCES } from './model.js';

/**
 * The page's data. Fields are arrays, not objects, and descriptions are kept once in `strings`
 * (the same container or metadata field recurs hundreds of times in a large CRD): the page of a
 * 3 MB CRD stays a small multiple of the CRD's descriptions.
 */
export interface PageData {
  kinds: PageKind[];
  strings: string[];
}

export type PageKind = Omit<DocsKind, 'versions' | 'differences'> & {
  versions: (Omit<DocsKind['versions'][number], 'fields' | 'objectFacts'> & { objectFacts: PageFact[]; fields: PageField[] })[];
  /** The first MAX_DIFFERENCES rows of the side-by-side table; `differenceCount` counts them all. */
  differences: DocsKind['differences'];
  differenceCount: number;
};

/**
 * `[name, step, parent, type, required (0|1), description (index in strings, or -1), facts]`. `step`
 * is the path after the parent's (`[].name`, `["a.b"]`), or `""` for the usual `.name`: paths take
 * half the data when written whole. The page builds the paths, cut as `elidePath` cuts them.
 */
export type PageField = [string, string, number, string, 0 | 1, number, PageFact[]];
/** `[label, code values, text]`. */
export type PageFact = [string, string[], string];

export function pageData(kinds: readonly DocsKind[]): PageData {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (text: string | undefined) => {
    if (text === undefined) return -1;
    let i = index.get(text);
    if (i === undefined) {
      i = strings.push(text) - 1;
      index.set(text, i);
    }
    return i;
  };
  const fact = (f: FieldFact): PageFact => [f.label, f.code ?? [], f.text ?? ''];
  return {
    strings,
    kinds: kinds.map(({ versions, differences, ...kind }) => ({
      ...kind,
      differences: differences.slice(0, MAX_DIFFERENCES),
      differenceCount: differences.length,
      versions: versions.map((v) => ({
        ...v,
        objectFacts: v.objectFacts.map(fact),
        fields: v.fields.map((f): PageField => {
          const usual = f.parent < 0 ? f.name : `.${f.name}`;
          return [f.name, f.step === usual ? '' : f.step, f.parent, f.type, f.required ? 1 : 0, intern(f.description), f.facts.map(fact)];
        }),
      })),
    })),
  };
}

export function htmlFile(kinds: readonly DocsKind[], inputs: readonly string[]): ProjectFile {
  const script = templateFile('docs/page.js');
  const style = templateFile('docs/page.css');
  const policy = [
    "default-src 'none'",
    `script-src '${sha256(script)}'`,
    `style-src '${sha256(style)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const content = [
    '<!doctype html>',
    header('<!--', inputs).trimEnd(),
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>API reference</title>',
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<header><h1>API reference</h1>',
    '<input id="search" type="search" placeholder="Search fields by name or path" aria-label="Search fields" autocomplete="off" spellcheck="false">',
    '<span id="status" role="status"></span></header>',
    '<div id="layout"><nav id="kinds" aria-label="Kinds"></nav><main id="kind"><p>Loading…</p></main></div>',
    '<noscript><p>This page needs JavaScript to show the fields; the Markdown pages beside it have the same content.</p></noscript>',
    `<script type="application/json" id="docs-data">${scriptJson(pageData(kinds))}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { path: 'index.html', content, owner: 'generated' };
}

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
