/**
 * Where the writer may write: only below the project folder, never through a symbolic link. A link
 * inside an existing project (crds/ pointing at /etc, src/handler.ts pointing at ~/.ssh/id_rsa) would
 * otherwise be followed: written through, or read and copied into the project. Planned paths come
 * from CRD names and input file names, so they are checked too, whatever the emitter promises.
 */
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TargetError } from './errors.js';

/** Why a planned path cannot be written below the project folder, or undefined when it can. */
export function unsafePath(path: string): string | undefined {
  if (path.length === 0) return 'it is empty';
  if (path.includes('\0')) return 'it holds a NUL character';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'it is absolute';
  if (path.includes('\\')) return 'it holds a backslash';
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'it has an empty, "." or ".." segment';
  return undefined;
}

/** Throws unless every planned path is safe and no two of them name the same file (case-insensitive file systems included). */
export function checkPlannedPaths(out: string, paths: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const path of paths) {
    const why = unsafePath(path);
    if (why) throw new TargetError(`refusing to write ${JSON.stringify(path)} into ${out}: ${why}`);
    const key = path.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined)
      throw new TargetError(
        `refusing to write both ${JSON.stringify(other)} and ${JSON.stringify(path)} into ${out}: they name the same file`,
      );
    seen.set(key, path);
  }
}

const ioCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * What is at `path` below `out`. Throws when the path or one of its
 * folders is a symbolic link, or a folder on the way is something else.
 */
export async function entryAt(out: string, path: string): Promise<'missing' | 'file' | 'folder' | 'other'> {
  const segments = path.split('/');
  let at = out;
  for (let i = 0; i < segments.length; i++) {
    at = join(at, segments[i]!);
    const info = await lstat(at).catch((error: unknown) => {
      if (ioCode(error) === 'ENOENT') return undefined;
      throw asTargetError(error, `cannot look at ${at}`);
    });
    if (!info) return 'missing';
    if (info.isSymbolicLink())
      throw new TargetError(
        `${at} is a symbolic link; gen-operator does not write through links (it could write outside ${out}): replace it with a real ${i < segments.length - 1 ? 'folder' : 'file'} or remove it`,
      );
    const last = i === segments.length - 1;
    if (!last && !info.isDirectory())
      throw new TargetError(`${at} exists and is not a folder; move it away so gen-operator can write ${path}`);
    if (last) return info.isFile() ? 'file' : info.isDirectory() ? 'folder' : 'other';
  }
  return 'missing';
}

/** Creates the folders of `path` below `out` one by one, refusing any link on the way. */
export async function makeFolders(out: string, path: string): Promise<void> {
  const segments = path.split('/').slice(0, -1);
  for (let i = 1; i <= segments.length; i++) {
    const folder = segments.slice(0, i).join('/');
    const what = await entryAt(out, folder);
    if (what === 'missing')
      await mkdir(join(out, folder)).catch((error: unknown) => {
        if (ioCode(error) !== 'EEXIST') throw asTargetError(error, `cannot create ${join(out, folder)}`);
      });
    else if (what !== 'folder')
      throw new TargetError(`${join(out, folder)} exists and is not a folder; move it away so gen-operator can write ${path}`);
  }
}

/** An I/O failure on the target as a TargetError (exit 2: a folder that cannot be written is not a bug). */
export function asTargetError(error: unknown, what: string): Error {
  if (error instanceof TargetError) return error;
  const code = ioCode(error);
  if (!code) return error as Error;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'something is already there',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many symbolic links',
  };
  return new TargetError(`${what}: ${Object.hasOwn(why, code) ? `${why[code]} (${code})` : code}`);
}
