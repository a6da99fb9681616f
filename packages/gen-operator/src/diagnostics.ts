// One escaping for text from outside, shared with the runtime's Event notes and log lines.
import { jsonSafe, printable } from '@gen-operator/runtime';

export { jsonSafe, printable };

/** One problem found in the input, located in its source file and in the document. */
export interface Diagnostic {
  /** A note says what was done (e.g. a document skipped) and never fails a run, not even with --strict. */
  severity: 'error' | 'warning' | 'note';
  /** Stable rule id, e.g. `misplaced-key`; for tests and `--json` consumers. */
  code: string;
  file: string;
  line: number;
  col: number;
  /** Field path inside the document, e.g. `spec.names.shortNames`; empty for the document itself. */
  path: string;
  /** What is wrong. */
  message: string;
  /** What to do about it; printed for people as `fix: …` (HINT_LABEL). */
  hint?: string;
}

/** A problem with an input file as a whole (missing, unreadable, not a supported kind of file). */
export function inputError(file: string, message: string, hint: string): Diagnostic {
  return { severity: 'error', code: 'input', file, line: 1, col: 1, path: '', message, hint };
}

export interface Location {
  file: string;
  line: number;
  col: number;
}

export type PathSegment = string | number;

/** `spec.versions[0].schema` from ['spec', 'versions', 0, 'schema']. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** `spec.items[0].name` or `spec.labels[app]` → segments that SourceDocument.locate understands. */
export function pathSegments(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of path.matchAll(/\[([^\]]*)\]|([^.[\]]+)/g)) {
    if (m[2] !== undefined) out.push(m[2]);
    else out.push(/^\d+$/.test(m[1] ?? '') ? Number(m[1]) : (m[1] ?? ''));
  }
  return out;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorted by file, then position, so every run reports in the same order. Reads every position. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code));
}

/** The styles a report may ask for; a terminal shows them as colours, anything else as plain text. */
export type Style = 'red' | 'yellow' | 'green' | 'dim' | 'bold';
export type Paint = (style: Style, text: string) => string;
/** No styling: what every report gets unless the CLI paints it for a terminal. */
export const plain: Paint = (_style, text) => text;

/** How a Diagnostic's `hint` is labelled wherever it is printed for people. */
export const HINT_LABEL = 'fix';

/**
 * `crds/demo.yaml:12:5 error: Demo x: … (path) [rule]\n  fix: …` — the one human format of every
 * command; the object and the rule (`code`) appear where the caller asks for them.
 */
export function formatDiagnostic(d: Diagnostic & { object?: string }, paint: Paint = plain, options: { rule?: boolean } = {}): string {
  const label =
    d.severity === 'error' ? paint('red', 'error') : d.severity === 'warning' ? paint('yellow', 'warning') : paint('dim', 'note');
  const object = d.object ? `${printable(d.object)}: ` : '';
  const where = d.path ? ` ${paint('dim', `(${printable(d.path)})`)}` : '';
  const rule = options.rule ? paint('dim', ` [${printable(d.code)}]`) : '';
  const hint = d.hint ? `\n  ${paint('dim', `${HINT_LABEL}:`)} ${printable(d.hint)}` : '';
  return `${printable(d.file)}:${d.line}:${d.col} ${label}: ${object}${printable(d.message)}${where}${rule}${hint}`;
}
