import { constants } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TargetError } from './errors.js';
import { asTargetError, entryAt } from './paths.js';
import { MARKER } from './plan.js';

/** The marker is a small JSON file the generator writes; anything this large was not. */
const MAX_MARKER_BYTES = 1024 * 1024;

/**
 * The settings kept in an existing project's gen-operator.json (e.g. `children`), or undefined when
 * `out` is not a project yet. Read like every project file: never through a link, bounded in size.
 */
export async function readMarker(out: string): Promise<Record<string, unknown> | undefined> {
  const folder = await lstat(out).catch(() => undefined);
  if (!folder?.isDirectory()) return undefined;
  if ((await entryAt(out, MARKER)) !== 'file') return undefined;
  const path = join(out, MARKER);
  if ((await lstat(path)).size > MAX_MARKER_BYTES)
    throw new TargetError(`${path} is over 1 MiB, too large to be gen-operator's marker; run gen-operator with --children to rewrite it`);
  const text = await readFile(path, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK }).catch(
    (error: unknown) => {
      throw asTargetError(error, `cannot read ${path}`);
    },
  );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TargetError(`${path} is not JSON (${(error as Error).message}); fix it, or run gen-operator with --children to rewrite it`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TargetError(`${path} does not hold a JSON object; fix it, or run gen-operator with --children to rewrite it`);
  return value as Record<string, unknown>;
}
