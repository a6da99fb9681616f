/**
 * What a batch of saved files asks of `gen-operator dev`: pure decisions, tested by tables.
 * Paths are relative to the project, with `/` separators.
 */

/** The folders dev watches. */
export const WATCHED = ['src', 'crds'] as const;
export type Area = (typeof WATCHED)[number];

const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx|json)$/;
const MANIFEST = /\.(?:ya?ml|json)$/;

/**
 * The watched folder a changed file belongs to, or undefined for what no reload needs: other
 * folders, hidden files and folders (editors' swap files, `.git`), backups (`name~`), vim's
 * `4913` probe, and files of other types.
 */
export function areaOf(path: string): Area | undefined {
  const parts = path.split('/');
  const [top] = parts;
  const name = parts.at(-1) ?? '';
  if (parts.length < 2 || parts.some((part) => part.startsWith('.')) || name.endsWith('~')) return undefined;
  if (top === 'src') return SOURCE.test(name) ? 'src' : undefined;
  if (top === 'crds') return MANIFEST.test(name) ? 'crds' : undefined;
  return undefined;
}

export interface Reload {
  /** A CRD changed: regenerate the project and install the CRDs before the restart. */
  regenerate: boolean;
  /** The files that caused it, sorted, for the one line dev prints. */
  files: string[];
}

/**
 * The reload a batch of changes needs, or undefined when none does. `ownWrites` are files dev
 * wrote itself (the generator's output after a CRD change): their echo alone is no reason to
 * restart again.
 */
export function planReload(paths: Iterable<string>, ownWrites: ReadonlySet<string> = new Set()): Reload | undefined {
  const files = [...new Set(paths)].filter((path) => areaOf(path) !== undefined && !ownWrites.has(path)).sort();
  if (files.length === 0) return undefined;
  return { regenerate: files.some((path) => areaOf(path) === 'crds'), files };
}

/** `src/a.ts`, or `src/a.ts and 2 more`. */
export function describeFiles(files: readonly string[]): string {
  const [first] = files;
  return files.length <= 1 ? (first ?? '') : `${first} and ${files.length - 1} more`;
}
