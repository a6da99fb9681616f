import { type Diagnostic, formatPath, type Location, type PathSegment } from '../diagnostics.js';
import type { SourceDocument } from '../load/index.js';

/** Collects diagnostics for one document, locating each by its field path. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly document: SourceDocument) {}

  error(code: string, path: readonly PathSegment[], message: string, hint?: string): void {
    this.add('error', code, path, message, hint);
  }

  warning(code: string, path: readonly PathSegment[], message: string, hint?: string): void {
    this.add('warning', code, path, message, hint);
  }

  note(code: string, path: readonly PathSegment[], message: string, hint?: string): void {
    this.add('note', code, path, message, hint);
  }

  private add(severity: Diagnostic['severity'], code: string, path: readonly PathSegment[], message: string, hint?: string): void {
    // Positions are computed on first read: finding them means parsing the file a second time.
    const document = this.document;
    let at: Location | undefined;
    const where = () => (at ??= document.locate(path));
    this.diagnostics.push({
      severity,
      code,
      file: document.file,
      get line() {
        return where().line;
      },
      get col() {
        return where().col;
      },
      path: formatPath(path),
      message,
      ...(hint ? { hint } : {}),
    });
  }

  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
