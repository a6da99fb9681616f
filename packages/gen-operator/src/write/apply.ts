import { lstat, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { TargetError } from './errors.js';
import { asTargetError, checkPlannedPaths, entryAt, makeFolders } from './paths.js';
import type { Plan, PlannedFile } from './plan.js';

/**
 * Writes the plan so that a failure part-way leaves the folder as it was: every new content is
 * first written to a temporary folder beside the target (same file system, so renames are atomic);
 * a new project folder is then renamed into place whole; in an existing one each file is renamed
 * over its old version, whose copy is kept until the end and put back if anything fails.
 * The temporary folder is private (mkdtemp: mode 0700, a fresh name) and its files are created with
 * O_EXCL; in the project, folders are created one by one and no symbolic link is followed.
 */
export interface ApplyHooks {
  /** Called before each file is swapped in; a test throws here to prove the rollback. */
  beforeSwap?(path: string): void;
}

export async function applyPlan(plan: Plan, hooks: ApplyHooks = {}): Promise<void> {
  const changes = plan.files.filter((f) => f.action === 'remove' || (f.action !== 'keep' && f.content !== undefined));
  if (changes.length === 0) return;
  const out = resolve(plan.out);
  checkPlannedPaths(
    out,
    changes.map((f) => f.path),
  );
  await mkdir(dirname(out), { recursive: true }).catch((error: unknown) => {
    throw asTargetError(error, `cannot create the folder ${dirname(out)}`);
  });
  const staging = await mkdtemp(join(dirname(out), `.${basename(out)}.gen-operator-`)).catch((error: unknown) => {
    throw asTargetError(error, `cannot write in ${dirname(out)}`);
  });
  try {
    for (const file of changes) {
      if (file.action === 'remove') continue;
      const target = join(staging, 'new', file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content!, { flag: 'wx' });
    }
    const existing = await lstat(out).catch(() => undefined);
    if (!existing) {
      await rename(join(staging, 'new'), out);
      return;
    }
    if (!existing.isDirectory() && !existing.isSymbolicLink())
      throw new TargetError(`${out} is a file, not a folder; give --out a folder (new or a gen-operator project)`);
    await swapIn(out, staging, changes, hooks);
  } catch (error) {
    throw asTargetError(error, `cannot write ${out}`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** A removed file is moved to the backup like an old version, with nothing put in its place. */
async function swapIn(out: string, staging: string, files: readonly PlannedFile[], hooks: ApplyHooks): Promise<void> {
  const done: { path: string; hadOld: boolean }[] = [];
  try {
    for (const { path, action } of files) {
      hooks.beforeSwap?.(path);
      const target = join(out, path);
      const backup = join(staging, 'old', path);
      // Checked again at the moment of writing: a link placed after the plan is refused too.
      await makeFolders(out, path);
      const what = await entryAt(out, path);
      if (what !== 'missing' && what !== 'file') throw new TargetError(`${target} exists and is not a file`);
      const hadOld = what === 'file';
      if (hadOld) {
        await mkdir(dirname(backup), { recursive: true });
        await rename(target, backup);
      }
      done.push({ path, hadOld });
      if (action !== 'remove') await rename(join(staging, 'new', path), target);
    }
  } catch (error) {
    for (const { path, hadOld } of done.reverse()) {
      const target = join(out, path);
      await rm(target, { force: true });
      if (hadOld) await rename(join(staging, 'old', path), target);
    }
    throw error;
  }
}
