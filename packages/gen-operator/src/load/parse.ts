import jsYaml from 'js-yaml';
import { type Document, LineCounter, parseAllDocuments, type Scalar, visit } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { checkValue, TOO_DEEP } from './bounds.js';
import { makeLocator, type SourceDocument } from './document.js';
import { mib } from './files.js';
import { MAX_DEPTH, MAX_OBJECT_BYTES } from './limits.js';
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
  nonFinite.seen = false;
  try {
    values = json ? [JSON.parse(text)] : jsYaml.loadAll(text, undefined, { ...LOAD_OPTIONS, filename: file });
  } catch (error) {
    const deep = tooDeepToParse(file, error);
    return { documents: [], diagnostics: deep ? [deep] : syntaxErrors(file, text) };
  }
  let positions: { docs: Document.Parsed[]; lines: LineCounter } | undefined;
  if (!json && (nonFinite.seen || mayHaveNullKey(text))) {
    positions = positionsOf(text);
    const refused = notJson(file, positions);
    if (refused.length > 0) return { documents: [], diagnostics: refused };
  }
  const locatorFor = (index: number): SourceDocument['locate'] => {
    let locate: SourceDocument['locate'] | undefined;
    return (path) => {
      if (!locate) {
        positions ??= positionsOf(text);
        const doc = positions.docs[index];
        locate = makeLocator(file, doc?.contents ?? null, positions.lines, doc?.range[0] ?? 0);
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

/** js-yaml's own depth limit, or a stack overflow in a parser, as a located `too-deep` error. */
function tooDeepToParse(file: string, error: unknown): Diagnostic | undefined {
  const e = error as { reason?: string; mark?: { line: number; column: number } };
  if (!(error instanceof RangeError) && !e.reason?.startsWith('nesting exceeded maxDepth')) return undefined;
  return { severity: 'error', ...TOO_DEEP, file, line: (e.mark?.line ?? 0) + 1, col: (e.mark?.column ?? 0) + 1, path: '' };
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
function notJson(file: string, { docs, lines }: { docs: Document.Parsed[]; lines: LineCounter }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (node: Scalar, message: string, hint: string) => {
    const { line, col } = lines.linePos(node.range?.[0] ?? 0);
    out.push({ severity: 'error', code: 'yaml-not-json', file, line, col, path: '', message, hint });
  };
  for (const doc of docs) {
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
  const { docs, lines } = positionsOf(text);
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
