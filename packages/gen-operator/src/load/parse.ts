import jsYaml from 'js-yaml';
import { type Document, LineCounter, parseAllDocuments, type Scalar, visit } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { makeLocator, type SourceDocument } from './document.js';
import { GO_YAML_SCHEMA, nonFinite, resolvePlain } from './scalars.js';

/**
 * Values come from js-yaml, which is about ten times faster than `yaml` on large CRDs; positions come
 * from `yaml` (which keeps them), parsed only when a position is first asked for, i.e. when there is
 * something to report. The corpus (24 MB) would otherwise spend seconds on positions nobody reads.
 */
const SCHEMA = GO_YAML_SCHEMA;

export function parseFile(file: string, text: string): { documents: SourceDocument[]; diagnostics: Diagnostic[] } {
  let values: unknown[];
  const json = file.endsWith('.json');
  nonFinite.seen = false;
  try {
    values = json ? [JSON.parse(text)] : jsYaml.loadAll(text, undefined, { schema: SCHEMA, filename: file });
  } catch {
    return { documents: [], diagnostics: syntaxErrors(file, text) };
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
  values.forEach((value, index) => {
    if (value === null || value === undefined) return; // an empty document between two `---`
    const locate = locatorFor(index);
    if (isList(value)) {
      value.items.forEach((item, i) => {
        documents.push({ file, index, value: item, text, locate: (path) => locate(['items', i, ...path]) });
      });
    } else {
      documents.push({ file, index, value, text, locate });
    }
  });
  return { documents, diagnostics: [] };
}

function positionsOf(text: string) {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', lineCounter: lines });
  return { docs: Array.isArray(docs) ? docs : [], lines };
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
      else jsYaml.loadAll(text, undefined, { schema: SCHEMA });
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
