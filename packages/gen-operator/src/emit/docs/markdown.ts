/**
 * Markdown pages from the docs model: `index.md`, and `<group>/<kind>.md` per kind. Every string
 * from a CRD goes through escape.ts (a cell, a code span in a cell); the rest is our own text.
 */
import { header } from '../../header.js';
import type { ProjectFile } from '../../project-file.js';
import { markdownCell, markdownCodeCell, markdownText } from '../escape.js';
import type { DocsField, FieldFact } from './fields.js';
import { type DocsKind, type DocsVersion, MAX_DIFFERENCES } from './model.js';

export function markdownFiles(kinds: readonly DocsKind[], inputs: readonly string[]): ProjectFile[] {
  return [
    { path: 'index.md', content: indexPage(kinds, inputs), owner: 'generated' },
    ...kinds.map((k): ProjectFile => ({ path: k.page, content: kindPage(k), owner: 'generated' })),
  ];
}

function indexPage(kinds: readonly DocsKind[], inputs: readonly string[]): string {
  const groups = [...new Set(kinds.map((k) => k.group))];
  const lines = [
    header('<!--', inputs).trimEnd(),
    '',
    '# API reference',
    '',
    `${count(kinds.length, 'kind')} in ${count(groups.length, 'group')}. [index.html](index.html) shows the same fields as a tree with a search box.`,
  ];
  for (const group of groups) {
    lines.push('', `## ${markdownText(group)}`, '', '| kind | versions | scope | description |', '| --- | --- | --- | --- |');
    for (const k of kinds.filter((k) => k.group === group)) {
      const served = k.versions.filter((v) => v.served).map((v) => markdownCodeCell(v.name));
      lines.push(row([`[${markdownText(k.kind)}](${linkTarget(k.page)})`, served.join(', '), k.scope, markdownCell(summary(k))]));
    }
  }
  return `${lines.join('\n')}\n`;
}

function kindPage(k: DocsKind): string {
  const preferred = k.versions.find((v) => v.name === k.preferredVersion);
  const lines = [header('<!--', [k.source]).trimEnd(), '', `# ${markdownText(k.kind)}`, ''];
  if (preferred?.description) lines.push(markdownCell(reflow(preferred.description)), '');
  lines.push(
    '| | |',
    '| --- | --- |',
    row(['group', markdownCodeCell(k.group)]),
    row(['kind, list kind', `${markdownCodeCell(k.kind)}, ${markdownCodeCell(k.listKind)}`]),
    row(['plural, singular', `${markdownCodeCell(k.plural)}, ${markdownCodeCell(k.singular)}`]),
    row(['scope', k.scope]),
  );
  if (k.shortNames.length) lines.push(row(['short names', k.shortNames.map(markdownCodeCell).join(', ')]));
  if (k.categories.length) lines.push(row(['categories', k.categories.map(markdownCodeCell).join(', ')]));
  lines.push(row(['CRD', markdownCodeCell(k.name)]), row(['from', markdownCodeCell(k.source)]));
  lines.push(
    '',
    '## Versions',
    '',
    '| version | served | storage | deprecated | subresources | fields |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const v of k.versions) lines.push(versionRow(v));
  if (k.differences.length) lines.push('', ...differences(k));
  for (const v of k.versions.filter((v) => v.served)) lines.push('', ...versionSection(v));
  return `${lines.join('\n')}\n`;
}

function versionRow(v: DocsVersion): string {
  const subresources = [v.subresources.status && 'status', v.subresources.scale && 'scale'].filter(Boolean).join(', ') || '—';
  const fields = !v.served ? '—' : v.sameAs ? `same as [${v.sameAs}](#${v.sameAs})` : `[${count(v.fields.length, 'field')}](#${v.name})`;
  return row([markdownCodeCell(v.name), yes(v.served), yes(v.storage), yes(v.deprecated), subresources, fields]);
}

/** The side-by-side table: one column per served version, a row per field that is not the same in all. */
function differences(k: DocsKind): string[] {
  const served = k.versions.filter((v) => v.served);
  const lines = [
    '## Differences between versions',
    '',
    'Fields that a served version lacks (—), or types or constrains otherwise; each version’s full table follows.',
    '',
    row(['field', ...served.map((v) => markdownCodeCell(v.name))]),
    row(['---', ...served.map(() => '---')]),
  ];
  for (const d of k.differences.slice(0, MAX_DIFFERENCES))
    lines.push(row([markdownCodeCell(d.path), ...d.cells.map((c) => (c === undefined ? '—' : markdownText(c)))]));
  if (k.differences.length > MAX_DIFFERENCES)
    lines.push('', `${k.differences.length - MAX_DIFFERENCES} more fields differ; compare the versions’ tables below.`);
  return lines;
}

function versionSection(v: DocsVersion): string[] {
  const lines = [`## ${v.name}`, ''];
  if (v.deprecated) lines.push(`Deprecated${v.deprecationWarning ? `: ${markdownCell(v.deprecationWarning)}` : '.'}`, '');
  if (v.sameAs) {
    lines.push(`The same schema as [${v.sameAs}](#${v.sameAs}).`);
    return lines;
  }
  if (v.printerColumns.length) {
    lines.push('`kubectl get` columns:', '', '| column | type | JSON path | description |', '| --- | --- | --- | --- |');
    for (const c of v.printerColumns)
      lines.push(row([markdownCell(c.name), markdownCodeCell(c.type), markdownCodeCell(c.jsonPath), markdownCell(c.description ?? '')]));
    lines.push('');
  }
  if (v.objectFacts.length) lines.push('The object as a whole:', '', ...v.objectFacts.map((f) => `- ${factText(f)}`), '');
  if (v.fields.length === 0) return [...lines, 'No fields are declared.'];
  lines.push('| field | type | required | description |', '| --- | --- | --- | --- |');
  for (const f of v.fields) lines.push(fieldRow(f));
  return lines;
}

function fieldRow(f: DocsField): string {
  const details = [f.description ? markdownCell(reflow(f.description)) : '', ...f.facts.map(factText)].filter(Boolean);
  return row([markdownCodeCell(f.path), markdownCodeCell(f.type), f.required ? 'required' : '', details.join('<br>')]);
}

/** `**pattern:** `^a$``; a CEL rule's line breaks fold to spaces, so the rule stays in one code span. */
export function factText(fact: FieldFact): string {
  const code = (fact.code ?? []).map((c) => markdownCodeCell(fact.label.endsWith('rule') ? c.replace(/\s*[\r\n]+\s*/g, ' ') : c));
  const parts = [code.join(', '), fact.text ? markdownCell(fact.text) : ''].filter(Boolean);
  return `**${fact.label}**${parts.length ? `: ${parts.join(' — ')}` : ''}`;
}

/**
 * Descriptions are Go doc comments, wrapped at 80 columns: lines of a paragraph join with spaces,
 * while paragraphs and list items keep their breaks (a cell shows them as `<br>`).
 */
export function reflow(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim().replace(/[ \t]*\n[ \t]*(?!(?:[-*+]|\d+[.)])[ \t])/g, ' '))
    .join('\n\n');
}

/** The first paragraph of the preferred version's description, cut to a line's length. */
function summary(k: DocsKind): string {
  const description = k.versions.find((v) => v.name === k.preferredVersion)?.description ?? '';
  const first = description.split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ');
  return first.length > 200 ? `${first.slice(0, 199)}…` : first;
}

/** A page path as a link target: each segment percent-encoded (groups and stems are plain; this keeps it so). */
function linkTarget(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const yes = (value: boolean) => (value ? 'yes' : 'no');
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
