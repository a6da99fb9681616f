/**
 * Parsed CRDs cached by the hash of their file: parsing YAML is most of the cost of reading CRDs
 * (the corpus: 24 MB, 0.9 s), and CI validates against the same CRDs run after run. A hit costs a
 * hash and a JSON.parse of the schemas without their descriptions, and the source text is not kept:
 * positions are computed from the file again only when a CRD finding needs one.
 * The cache lives in $GEN_OPERATOR_CACHE or $XDG_CACHE_HOME/gen-operator (~/.cache/gen-operator);
 * GEN_OPERATOR_CACHE=off turns it off. A cache that cannot be read or written is ignored.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseFile, readInputFile, type SourceDocument } from '../load/index.js';

/** Bump when what is stored changes (e.g. which keys are blanked; v2: values passed load/bounds.ts). */
const FORMAT = 'crds-v2';

interface Entry {
  /** Positions in parseFile's document list, and the values (descriptions blanked). */
  crds: { at: number; index: number; value: unknown }[];
}

function cacheDir(): string | undefined {
  const configured = process.env.GEN_OPERATOR_CACHE;
  if (configured === 'off') return undefined;
  if (configured) return join(configured, 'validate');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gen-operator', 'validate');
}

export function cacheKey(text: string): string {
  return createHash('sha256').update(FORMAT).update(text).digest('hex');
}

/** The file's text again (it may have changed since: read with the same care as the first time). */
function textOf(file: string): string {
  const read = readInputFile(file);
  return 'text' in read ? read.text : '';
}

/** Documents whose positions are found by parsing the file again, the first time one is asked for. */
function lazyDocuments(file: string, entry: Entry): SourceDocument[] {
  let parsed: SourceDocument[] | undefined;
  const source = () => {
    parsed ??= parseFile(file, textOf(file)).documents;
    return parsed;
  };
  return entry.crds.map(({ at, index, value }) => ({
    file,
    index,
    value,
    locate: (path) => source()[at]?.locate(path) ?? { file, line: 1, col: 1 },
    get text() {
      return textOf(file);
    },
  }));
}

export function readCachedCrds(file: string, key: string): SourceDocument[] | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    return lazyDocuments(file, JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as Entry);
  } catch {
    return undefined;
  }
}

export function writeCachedCrds(key: string, all: readonly SourceDocument[], crds: readonly SourceDocument[]): void {
  const dir = cacheDir();
  if (!dir) return;
  const entry: Entry = { crds: crds.map((d) => ({ at: all.indexOf(d), index: d.index, value: d.value })) };
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `${key}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, join(dir, `${key}.json`));
  } catch {
    // A read-only or full disk only costs the next run its speed.
  }
}
