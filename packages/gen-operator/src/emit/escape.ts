import jsYaml from 'js-yaml';
import { resolvePlain } from '../load/scalars.js';

/**
 * One function per place a string from a CRD or a file name lands in the generated project. Every
 * such string goes through one of these; emitters and templates never paste raw input.
 */

/** Control characters (C0, C1: with CR, LF, U+0085 the line ends of JS and YAML 1.1), U+2028/9, BOM, lone surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).toUpperCase().padStart(width, '0');

/**
 * Control characters, line separators and lone surrogates written as `\n`, `\x00`, `\u2028`: one
 * visible line. `\x` only below 0x80 when `asciiHex` (bash's `$'…'` reads `\x85` as a raw byte).
 */
export function visible(text: string, asciiHex = false): string {
  const limit = asciiHex ? 0x80 : 0x100;
  return text.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return c.charCodeAt(0) < limit ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
  });
}

// --- TypeScript ------------------------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words a binding may not take (reserved in strict mode and modules, or TypeScript type names). */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with await implements ' +
    'interface let package private protected public static yield any boolean never number object string symbol unknown ' +
    'undefined bigint arguments eval'
  ).split(' '),
);

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

/** A name we derived for an identifier place; anything else is a bug in the naming, not bad input. */
export function tsIdentifier(name: string): string {
  if (!isIdentifier(name)) throw new Error(`internal: "${visible(name)}" was about to be written as an identifier`);
  return name;
}

/** The characters of a single-quoted TypeScript string, without the quotes. */
export function tsStringText(value: string): string {
  return visible(value.replace(/\\/g, '\\\\').replace(/'/g, "\\'"));
}

/** A single-quoted TypeScript string literal. */
export function tsString(value: string): string {
  return `'${tsStringText(value)}'`;
}

/** The characters of a template literal (between backticks), without the backticks. */
export function tsTemplateText(value: string): string {
  return visible(value.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${'));
}

/** Text for a `//` or `/** *\/` comment: one line, and `*\/` cannot end the comment. */
export function commentText(value: string): string {
  return visible(value).replace(/\*\//g, '*\\/');
}

/** Text for the body of a `/** *\/` comment: lines kept (CRLF and CR become LF), everything else as commentText. */
export function docText(value: string): string {
  return value.replace(/\r\n?/g, '\n').split('\n').map(commentText).join('\n');
}

/** `/** … *\/` with the text's lines, each prefixed for the indentation given. */
export function docComment(text: string, indent = ''): string {
  const lines = docText(text).split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? ` ${l}` : ''}`).join('\n')}\n${indent} */\n`;
}

/**
 * A TypeScript expression for a JSON value: single-quoted strings, bare keys where they are
 * identifiers. `__proto__` is written as a computed key, the only spelling that makes an own
 * property rather than setting the prototype. `indent` spreads objects and arrays over lines.
 */
export function tsLiteral(value: unknown, indent?: string, depth = 0): string {
  if (typeof value === 'string') return tsString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`internal: ${value} has no JSON form`);
    return Object.is(value, -0) ? '0' : String(value);
  }
  if (typeof value === 'boolean' || value === null) return String(value);
  const open = indent === undefined ? ' ' : `\n${indent.repeat(depth + 1)}`;
  const close = indent === undefined ? ' ' : `\n${indent.repeat(depth)}`;
  const join = indent === undefined ? ', ' : `,${open}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => tsLiteral(v, indent, depth + 1));
    return indent === undefined ? `[${items.join(', ')}]` : `[${open}${items.join(join)}${close}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const fields = entries.map(([k, v]) => `${tsKey(k)}: ${tsLiteral(v, indent, depth + 1)}`);
    return `{${open}${fields.join(join)}${close}}`;
  }
  throw new Error(`internal: a ${typeof value} has no JSON form`);
}

function tsKey(key: string): string {
  if (key === '__proto__') return `[${tsString(key)}]`;
  return IDENTIFIER.test(key) ? key : tsString(key);
}

// --- YAML (as go-yaml v2, i.e. kubectl and the apiserver, reads it) -----------------------------

/**
 * YAML documents, `---` between them. js-yaml with go-yaml's scalar rules quotes every string
 * go-yaml would read as something else (`yes`, `on`, `y`, `0x10`, `1_000`, `~`, `.inf`, …) and
 * escapes line separators, NUL and other non-printables inside double quotes.
 */
export function yamlDocuments(values: readonly unknown[]): string {
  return values.map((v) => jsYaml.dump(v, DUMP)).join('---\n');
}

/**
 * js-yaml quotes a string when any implicit type of the schema would resolve it: YAML 1.2's core
 * types (which also write numbers, booleans and null) plus every plain scalar go-yaml reads as
 * something other than that string.
 */
const GO_YAML_NON_STRING = new jsYaml.Type('tag:gen-operator,2026:go-yaml-non-string', {
  kind: 'scalar',
  resolve: (text: string | null) => text !== null && resolvePlain(text) !== text,
  construct: (text: string) => text,
});
const DUMP: jsYaml.DumpOptions = {
  schema: jsYaml.CORE_SCHEMA.extend({ implicit: [GO_YAML_NON_STRING] }),
  lineWidth: -1,
  noRefs: true,
  quotingType: '"',
};

/** One YAML scalar on one line, for a template's `key: {{yaml:value}}`. */
export function yamlScalar(value: string): string {
  const dumped = jsYaml.dump(value, DUMP).replace(/\n$/, '');
  if (!dumped.includes('\n')) return dumped;
  // A block scalar (the value has a line break) cannot sit after a key: a JSON string is a YAML double-quoted scalar.
  return `"${visible(JSON.stringify(value).slice(1, -1))}"`;
}

/** Text for a `#` comment: one line (YAML 1.1 also breaks lines at U+0085, U+2028 and U+2029). */
export function yamlComment(value: string): string {
  return visible(value);
}

// --- Markdown ---------------------------------------------------------------------------------

/** Markdown text that shows as written: punctuation Markdown or HTML would act on is backslash-escaped. */
export function markdownText(value: string): string {
  return visible(value)
    .replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`)
    .replace(/^[#+\-.!=]/, (c) => `\\${c}`);
}

/** A Markdown code span showing the text as written (the fence is longer than any backtick run inside). */
export function markdownCode(value: string): string {
  const text = visible(value);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text === '' || text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Markdown text for one table cell: line breaks become `<br>` (a cell is one line), each line
 * escaped as markdownText, which also escapes `|`, the cell separator.
 */
export function markdownCell(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => markdownText(line.trim()))
    .join('<br>');
}

/**
 * Code inside a table cell. GFM splits cells at `|` before it reads code spans, even inside them,
 * and reads `\x` as an escaped pair there: a pipe is written `\|`, and a value with a backslash
 * before a pipe (which no escape inside a code span can keep) becomes `<code>` around escaped text.
 */
export function markdownCodeCell(value: string): string {
  if (/\\\|/.test(value)) return `<code>${markdownText(value)}</code>`;
  return markdownCode(value).replace(/\|/g, '\\|');
}

// --- HTML -------------------------------------------------------------------------------------

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text or a quoted attribute value: the five characters HTML acts on become entities. */
export function htmlText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/** Text for an HTML comment (`<!-- … -->`): one line, and no `<` or `>`, so `-->` or `<!--` cannot occur. */
export function htmlComment(value: string): string {
  return visible(value).replace(/[<>]/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` are written as `\u003c` and
 * the like (inside JSON strings, where JSON.parse reads them back), so no `</script>` or `<!--` in
 * the data can end or change the block.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${hex(c, 4).toLowerCase()}`);
}

// --- Shell ------------------------------------------------------------------------------------

/** A POSIX shell word for an argument: bare when plain, else single-quoted, or `$'…'` when it has control characters. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_./@%+=:,-]+$/.test(value)) return value;
  if (visible(value) === value) return `'${value.replace(/'/g, `'\\''`)}'`;
  return `$'${visible(value.replace(/\\/g, '\\\\').replace(/'/g, "\\'"), true)}'`;
}
