import jsYaml from 'js-yaml';
import { type Document, LineCounter, parseAllDocuments, type Scalar, visit } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { checkValue, TOO_DEEP } from './bounds.js';
import { makeLocator, type SourceDocument } from './document.js';
import { mib } from './files.js';
import { MAX_DEPTH, MAX_OBJECT_BYTES, MAX_OBJECTS_PER_FILE } from './limits.js';
import { GO_YAML_SCHEMA, nonFinite, resolvePlain } from './scalars.js';

/**
 * Values come from js-yaml, which is about ten times faster than `yaml` on large CRDs; positions come
 * from `yaml` (which keeps them), parsed only when a position is first asked for, i.e. when there is
 * something to report. The corpus (24 MB) would otherwise spend seconds on positions nobody reads.
 */
const SCHEMA = GO_YAML_SCHEMA;
// `maxDepth` (js-yaml 4.3) is missing from @types/js-yaml; js-yaml counts scalars as a level too, so
// one more lets MAX_DEPTH maps and lists hold values.
const LOAD_OPTIONS = { schema: SCHEMA, maxDepth: MAX_DEPTH + 1 } as jsYaml.LoadOptions;

export function parseFile(file: string, text: string): { documents: SourceDocument[]; diagnostics: Diagnostic[] } {
  let values: unknown[];
  const json = file.endsWith('.json');
  const big = text.length > POSITIONS_MAX_CHARS;
  // In a big file, where each document starts and ends, so positions are found in it alone.
  const spans: [number, number][] = [];
  let opened = 0;
  const listener = (event: string, state: { depth: number; position: number }) => {
    if (state.depth !== 1) return;
    if (event === 'open') opened = state.position;
    else spans.push([opened, state.position]);
  };
  nonFinite.seen = false;
  try {
    values = json
      ? [JSON.parse(text)]
      : jsYaml.loadAll(text, undefined, { ...LOAD_OPTIONS, filename: file, ...(big ? { listener } : {}) } as jsYaml.LoadOptions);
  } catch (error) {
    const deep = tooDeepToParse(file, error);
    return { documents: [], diagnostics: deep ? [deep] : syntaxErrors(file, text) };
  }
  if (json) spans.push([0, text.length]);
  const many = tooMany(file, values);
  if (many) return { documents: [], diagnostics: [many] };
  const positions = big ? bigFilePositions(text, spans) : smallFilePositions(text);
  if (!json && (nonFinite.seen || mayHaveNullKey(text))) {
    const refused = values.flatMap((_, index) => notJson(file, positions(index)));
    if (refused.length > 0) return { documents: [], diagnostics: refused };
  }
  const locatorFor = (index: number): SourceDocument['locate'] => {
    let locate: SourceDocument['locate'] | undefined;
    return (path) => {
      if (!locate) {
        const { doc, lines, start } = positions(index);
        locate = makeLocator(file, doc?.contents ?? null, lines, doc?.range[0] ?? start);
      }
      return locate(path);
    };
  };
  const documents: SourceDocument[] = [];
  const refused: Diagnostic[] = [];
  // Only a file larger than the apiserver's request limit can hold an object that exceeds it.
  const measure = Buffer.byteLength(text) > MAX_OBJECT_BYTES;
  values.forEach((parsed, index) => {
    if (parsed === null || parsed === undefined) return; // an empty document between two `---`
    const locate = locatorFor(index);
    const checked = checkValue(parsed, { json });
    if ('refused' in checked) {
      const { code, message, hint, path } = checked.refused;
      refused.push({ severity: 'error', code, ...locate(path), path: '', message, hint });
      return;
    }
    const value = checked.value;
    const objects = isList(value) ? value.items.map((item, i) => ({ item, at: ['items', i] })) : [{ item: value, at: [] }];
    for (const { item, at } of objects) {
      const size = measure ? Buffer.byteLength(JSON.stringify(item)) : 0;
      if (size > MAX_OBJECT_BYTES) {
        refused.push({
          severity: 'error',
          code: 'too-large',
          ...locate(at),
          path: '',
          message: `this object is ${mib(size)} as JSON; the apiserver takes at most ${mib(MAX_OBJECT_BYTES)} (--max-request-body-bytes)`,
          hint: 'make the object smaller, e.g. shorten descriptions',
        });
        continue;
      }
      documents.push({ file, index, value: item, text, locate: at.length ? (path) => locate([...at, ...path]) : locate });
    }
  });
  // A refused object is left out; the others of the file are still read, as kubectl applies them.
  return { documents, diagnostics: refused };
}

/** More objects (documents and List items) than MAX_OBJECTS_PER_FILE, as an error on the file. */
function tooMany(file: string, values: readonly unknown[]): Diagnostic | undefined {
  const objects = values.reduce<number>((n, v) => n + (isList(v) ? v.items.length : v === null || v === undefined ? 0 : 1), 0);
  if (objects <= MAX_OBJECTS_PER_FILE) return undefined;
  return {
    severity: 'error',
    code: 'too-many',
    file,
    line: 1,
    col: 1,
    path: '',
    message: `the file holds ${objects} objects; gen-operator reads at most ${MAX_OBJECTS_PER_FILE} per file`,
    hint: 'split the file into smaller files',
  };
}

/** js-yaml's own depth limit, or a stack overflow in a parser, as a located `too-deep` error. */
function tooDeepToParse(file: string, error: unknown): Diagnostic | undefined {
  const e = error as { reason?: string; mark?: { line: number; column: number } };
  if (!(error instanceof RangeError) && !e.reason?.startsWith('nesting exceeded maxDepth')) return undefined;
  return { severity: 'error', ...TOO_DEEP, file, line: (e.mark?.line ?? 0) + 1, col: (e.mark?.column ?? 0) + 1, path: '' };
}

/**
 * `yaml` keeps positions at a cost of about 50 MB and 3 s per MiB of text. Above 4 MiB (more than
 * any object the apiserver takes) positions are found in one document's text at a time, and a
 * document larger than that is located at its start only: memory stays bounded whatever the file.
 */
const POSITIONS_MAX_CHARS = 4 * 1024 * 1024;

interface DocumentPositions {
  doc: Document.Parsed | undefined;
  lines: LineCounter;
  /** Where the document starts, for when `doc` is missing. */
  start: number;
}

/** Positions from `yaml`; none (every location then falls back to the file's start) if it cannot parse the text. */
function positionsOf(text: string): { docs: Document.Parsed[]; lines: LineCounter } {
  const lines = new LineCounter();
  try {
    const docs = parseAllDocuments(text, { version: '1.1', lineCounter: lines });
    return { docs: Array.isArray(docs) ? docs : [], lines };
  } catch {
    return { docs: [], lines };
  }
}

/** The whole file parsed once, on the first position asked for. */
function smallFilePositions(text: string): (index: number) => DocumentPositions {
  let all: { docs: Document.Parsed[]; lines: LineCounter } | undefined;
  return (index) => {
    all ??= positionsOf(text);
    return { doc: all.docs[index], lines: all.lines, start: 0 };
  };
}

/** Each document parsed alone, from its span in the file; lines counted over the whole file. */
function bigFilePositions(text: string, spans: readonly [number, number][]): (index: number) => DocumentPositions {
  let global: LineCounter | undefined;
  const cache = new Map<number, DocumentPositions>();
  return (index) => {
    const known = cache.get(index);
    if (known) return known;
    if (!global) {
      global = new LineCounter();
      global.addNewLine(0);
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) global.addNewLine(i + 1);
    }
    const whole = global;
    const [from, to] = spans[index] ?? [0, 0];
    const shifted = { linePos: (offset: number) => whole.linePos(offset + from) } as LineCounter;
    const doc = to - from <= POSITIONS_MAX_CHARS ? positionsOf(text.slice(from, to)).docs[0] : undefined;
    const found = { doc, lines: doc ? shifted : whole, start: from };
    cache.set(index, found);
    return found;
  };
}

/**
 * Whether a plain key go-yaml reads as null (`~:`, `null:`) may be in the text; sigs.k8s.io/yaml
 * cannot make a JSON key of it. A cheap scan (a regular expression costs ~5× more on the corpus);
 * a hit only means the positions parse looks closer.
 */
function mayHaveNullKey(text: string): boolean {
  for (const word of ['~', 'null', 'Null', 'NULL']) {
    for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) {
      let j = i + word.length;
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (text[j] === ':' && (i === 0 || ' \t\n\r{,?'.includes(text[i - 1]!))) return true;
    }
  }
  return false;
}

/** Values go-yaml reads but JSON cannot hold, so kubectl and the apiserver refuse the document. */
function notJson(file: string, { doc, lines }: DocumentPositions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (node: Scalar, message: string, hint: string) => {
    const { line, col } = lines.linePos(node.range?.[0] ?? 0);
    out.push({ severity: 'error', code: 'yaml-not-json', file, line, col, path: '', message, hint });
  };
  if (doc) {
    visit(doc, {
      Scalar(key, node) {
        if (node.type !== 'PLAIN' || typeof node.source !== 'string') return;
        const value = resolvePlain(node.source);
        if (key === 'key' && value === null) {
          report(node, `the key \`${node.source}\` reads as null, which cannot be a JSON object key`, 'quote the key or rename it');
        } else if (key !== 'key' && typeof value === 'number' && !Number.isFinite(value)) {
          report(
            node,
            `\`${node.source}\` reads as ${value}, which JSON cannot hold`,
            `quote it ("${node.source}") for a string, or write a finite number`,
          );
        }
      },
    });
  }
  return out;
}

/** Every syntax error of the file, from the parser that reports them all with positions. */
function syntaxErrors(file: string, text: string): Diagnostic[] {
  // A big file gets js-yaml's first error only (below), not `yaml`'s costly list of all of them.
  const { docs, lines } = text.length > POSITIONS_MAX_CHARS ? { docs: [], lines: new LineCounter() } : positionsOf(text);
  const out: Diagnostic[] = [];
  for (const doc of docs) {
    for (const error of doc.errors) {
      const { line, col } = lines.linePos(error.pos[0]);
      out.push({
        severity: 'error',
        code: 'yaml-syntax',
        file,
        line,
        col,
        path: '',
        message: firstLine(error.message),
        hint:
          error.code === 'DUPLICATE_KEY'
            ? 'remove or rename one of the two keys'
            : 'fix the YAML syntax here (indentation, quotes, a missing colon or dash)',
      });
    }
  }
  if (out.length === 0) {
    // js-yaml refused what `yaml` accepts (rare: e.g. JSON with a trailing comma); report js-yaml's reason.
    try {
      if (file.endsWith('.json')) JSON.parse(text);
      else jsYaml.loadAll(text, undefined, LOAD_OPTIONS);
    } catch (error) {
      const e = error as { mark?: { line: number; column: number }; reason?: string; message: string };
      out.push({
        severity: 'error',
        code: 'yaml-syntax',
        file,
        line: (e.mark?.line ?? 0) + 1,
        col: (e.mark?.column ?? 0) + 1,
        path: '',
        message: e.reason ?? firstLine(e.message),
        hint: 'fix the syntax at this position',
      });
    }
  }
  return out;
}

function isList(value: unknown): value is { items: unknown[] } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' && v.kind.endsWith('List') && v.apiVersion === 'v1' && Array.isArray(v.items);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+.*$/, '');
}
