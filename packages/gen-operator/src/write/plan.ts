import { constants } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isGenerated } from '../header.js';
import type { ProjectFile } from '../project-file.js';
import { TargetError } from './errors.js';
import { addMissingImports } from './merge.js';
import { asTargetError, checkPlannedPaths, entryAt } from './paths.js';

/** `remove`: a generated file (header intact) that the run no longer produces. */
export type Action = 'create' | 'update' | 'keep' | 'remove';

export interface PlannedFile {
  path: string;
  action: Action;
  owner: ProjectFile['owner'];
  /** Why a file is kept or how it is updated, for the printed plan. */
  note?: string;
  /** The content to write for create and update. */
  content?: string;
}

export interface Plan {
  out: string;
  files: PlannedFile[];
}

export const MARKER = 'gen-operator.json';

/** Existing project files are read to merge into them; none we write comes near this. */
const MAX_EXISTING_BYTES = 8 * 1024 * 1024;

/**
 * What a run would do to each file. Generated files are rewritten only when they still carry the
 * header; user files are created when missing and otherwise only get missing imports added.
 */
export interface PlanOptions {
  /** Write into a non-empty folder that is not a gen-operator project. */
  force?: boolean;
  /**
   * The folder is shared with files of others (`gen-operator docs --out docs/api`): it needs no
   * marker, and its other files are left alone, as are ours once their header is gone.
   */
  shared?: boolean;
  /** The largest existing file read to compare against (default 8 MiB); a larger one is refused. */
  maxExistingBytes?: number;
  /**
   * Removes the generated files that match and that this run no longer produces (the page of a
   * kind gone from the CRDs). Only regular files one folder below `out` are looked at, and only
   * those that still carry the generated header: a file the user took over, or wrote, stays.
   */
  removeStale?: RegExp;
}

export async function planWrite(out: string, files: readonly ProjectFile[], options: PlanOptions = {}): Promise<Plan> {
  checkPlannedPaths(
    out,
    files.map((f) => f.path),
  );
  const entries = await readdir(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    if (error.code === 'ENOTDIR')
      throw new TargetError(
        `${out} is not a folder (it, or a folder on its path, is a file); give --out a folder, new or a gen-operator project`,
      );
    throw asTargetError(error, `cannot read the folder ${out}`);
  });
  if (entries.length > 0 && !entries.includes(MARKER) && !options.force && !options.shared) {
    throw new TargetError(
      `${out} is not empty and is not a gen-operator project (it has no ${MARKER}); pass --force to write into it anyway, or choose another folder with --out`,
    );
  }
  const planned: PlannedFile[] = [];
  for (const file of files) {
    const target = join(out, file.path);
    // Refuses links anywhere on the way, so nothing outside the folder is read (or later written).
    const what = await entryAt(out, file.path);
    if (what !== 'missing' && what !== 'file')
      throw new TargetError(`${target} exists and is not a file; move it away so gen-operator can write ${file.path}`);
    const limit = options.maxExistingBytes ?? MAX_EXISTING_BYTES;
    if (what === 'file' && (await lstat(target)).size > limit)
      throw new TargetError(
        `${target} is over ${limit / 1024 / 1024} MiB, too large to be a file gen-operator wrote; move it away so gen-operator can write ${file.path}`,
      );
    const existing =
      what === 'file'
        ? await readFile(target, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK }).catch(
            (error: unknown) => {
              throw asTargetError(error, `cannot read ${target}`);
            },
          )
        : undefined;
    planned.push(await planOne(file, existing));
  }
  if (options.removeStale)
    planned.push(...(await staleGenerated(out, options.removeStale, planned, options.maxExistingBytes ?? MAX_EXISTING_BYTES)));
  return { out, files: planned };
}

/** The files `<folder>/<name>` under `out` that match, are not planned, and carry the generated header. */
async function staleGenerated(out: string, pattern: RegExp, planned: readonly PlannedFile[], limit: number): Promise<PlannedFile[]> {
  const kept = new Set(planned.map((f) => f.path));
  const stale: PlannedFile[] = [];
  const folders = await readdir(out, { withFileTypes: true }).catch(() => []);
  // Sorted so the printed plan is the same on every file system.
  for (const folder of folders.filter((d) => d.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const names = await readdir(join(out, folder.name), { withFileTypes: true }).catch(() => []);
    for (const entry of names.filter((d) => d.isFile()).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = `${folder.name}/${entry.name}`;
      if (kept.has(path) || !pattern.test(path)) continue;
      if ((await entryAt(out, path)) !== 'file') continue;
      const target = join(out, path);
      if ((await lstat(target)).size > limit) continue;
      const content = await readFile(target, {
        encoding: 'utf8',
        flag: constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
      }).catch(() => undefined);
      if (content !== undefined && isGenerated(content))
        stale.push({ path, action: 'remove', owner: 'generated', note: 'generated, and no longer produced' });
    }
  }
  return stale;
}

async function planOne(file: ProjectFile, existing: string | undefined): Promise<PlannedFile> {
  const base = { path: file.path, owner: file.owner };
  if (existing === undefined) return { ...base, action: 'create', content: file.content };
  if (file.owner === 'generated') {
    if (!isGenerated(existing)) return { ...base, action: 'keep', note: 'no generated header: left as you changed it' };
    return existing === file.content ? { ...base, action: 'keep' } : { ...base, action: 'update', content: file.content };
  }
  const byHand = (file.expects ?? []).filter((e) => existing.includes(e.text) !== e.present).map((e) => e.note);
  const kept = byHand.length > 0 ? { ...base, action: 'keep' as const, note: byHand.join('; ') } : { ...base, action: 'keep' as const };
  if (!file.imports?.length || !file.path.endsWith('.ts')) return kept;
  const merged = await addMissingImports(file.path, existing, file.imports);
  if (merged.added.length === 0) return kept;
  const note = [`adds ${merged.added.join(', ')}`, ...byHand].join('; ');
  return { ...base, action: 'update', content: merged.content, note };
}
