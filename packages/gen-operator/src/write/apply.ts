import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Plan } from './plan.js';

/**
 * Writes the plan so that a failure part-way leaves the folder as it was: every new content is
 * first written to a temporary folder beside the target (same file system, so renames are atomic);
 * a new project folder is then renamed into place whole; in an existing one each file is renamed
 * over its old version, whose copy is kept until the end and put back if anything fails.
 */
export interface ApplyHooks {
  /** Called before each file is swapped in; a test throws here to prove the rollback. */
  beforeSwap?(path: string): void;
}

export async function applyPlan(plan: Plan, hooks: ApplyHooks = {}): Promise<void> {
  const changes = plan.files.filter((f) => f.action !== 'keep' && f.content !== undefined);
  if (changes.length === 0) return;
  const out = resolve(plan.out);
  await mkdir(dirname(out), { recursive: true });
  const staging = await mkdtemp(join(dirname(out), `.${basename(out)}.gen-operator-`));
  try {
    for (const file of changes) {
      const target = join(staging, 'new', file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content!);
    }
    const exists = await stat(out).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await rename(join(staging, 'new'), out);
      return;
    }
    await swapIn(
      out,
      staging,
      changes.map((f) => f.path),
      hooks,
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function swapIn(out: string, staging: string, paths: readonly string[], hooks: ApplyHooks): Promise<void> {
  const done: { path: string; hadOld: boolean }[] = [];
  try {
    for (const path of paths) {
      hooks.beforeSwap?.(path);
      const target = join(out, path);
      const backup = join(staging, 'old', path);
      const hadOld = await stat(target).then(
        () => true,
        () => false,
      );
      if (hadOld) {
        await mkdir(dirname(backup), { recursive: true });
        await rename(target, backup);
      }
      done.push({ path, hadOld });
      await mkdir(dirname(target), { recursive: true });
      await rename(join(staging, 'new', path), target);
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
