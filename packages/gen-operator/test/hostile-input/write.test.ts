/**
 * Nothing is written outside --out: not through a link inside an existing project, not into a file
 * given as --out; a folder that cannot be written is a usage error (exit 2), never an internal one.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoDir, workDir } from '../helpers.js';
import { runBounded, withinBounds } from './bounded.js';

const scratch = mkdtempSync(join(workDir, 'hostile-write-'));
const crd = join(repoDir, 'crds/demo.yaml');
const TIMEOUT = 60_000;

async function generateInto(out: string, ...extra: string[]) {
  const run = await runBounded([crd, '--out', out, ...extra]);
  expect(withinBounds(run)).toBeUndefined();
  return run;
}

/** A fresh project, and a folder outside it with a file nobody may overwrite or copy. */
async function projectWithOutside(name: string) {
  const project = join(scratch, name);
  expect((await generateInto(project)).code).toBe(0);
  const outside = join(scratch, `${name}-outside`);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret'), 'secret\n');
  return { project, outside };
}

const listing = (dir: string) => readdirSync(dir).sort();

describe('--out', () => {
  it('a file given as --out is refused (exit 2) and left as it was', { timeout: TIMEOUT }, async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'mine\n');
    const run = await generateInto(file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a folder');
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    const below = await generateInto(join(file, 'project'));
    expect(below.code).toBe(2);
    expect(below.stderr).toContain('is not a folder');
  });

  it('a folder that cannot be written is a usage error, not an internal one', { timeout: TIMEOUT }, async () => {
    // root may write anywhere a mode forbids, so it meets a folder the kernel keeps instead.
    let parent = '/proc/self';
    if (process.getuid?.() !== 0) {
      parent = join(scratch, 'read-only');
      mkdirSync(parent);
      chmodSync(parent, 0o555);
    }
    const run = await generateInto(join(parent, 'project'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/gen-operator: cannot (write in|create)/);
    expect(run.stderr).not.toContain('internal error');
  });
});

describe('what is inside an existing project', () => {
  it('crds/ linked to a folder outside: refused, nothing written there', { timeout: TIMEOUT }, async () => {
    const { project, outside } = await projectWithOutside('linked-folder');
    rmSync(join(project, 'crds'), { recursive: true });
    symlinkSync(outside, join(project, 'crds'));
    const run = await generateInto(project);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(project, 'crds')} is a symbolic link`);
    expect(listing(outside)).toEqual(['secret']);
  });

  it('a user file linked to a secret outside: refused, the secret neither read into the project nor changed', {
    timeout: TIMEOUT,
  }, async () => {
    const { project, outside } = await projectWithOutside('linked-user-file');
    const handler = join(project, 'src/handlers/demo.ts');
    rmSync(handler);
    symlinkSync(join(outside, 'secret'), handler);
    for (const extra of [['--dry-run'], []]) {
      const run = await generateInto(project, ...extra);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${handler} is a symbolic link`);
    }
    expect(lstatSync(handler).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('secret\n');
  });

  it('a generated file linked to a file outside: refused, the file outside unchanged', { timeout: TIMEOUT }, async () => {
    const { project, outside } = await projectWithOutside('linked-generated-file');
    const generated = join(project, 'src/resources/demo.ts');
    rmSync(generated);
    symlinkSync(join(outside, 'secret'), generated);
    const run = await generateInto(project);
    expect(run.code).toBe(2);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('secret\n');
    expect(listing(outside)).toEqual(['secret']);
    // Nothing was swapped in either: no staging folder is left beside the project.
    expect(readdirSync(scratch).filter((n) => n.includes('.gen-operator-'))).toEqual([]);
  });

  it('a huge file where a project file belongs is refused, not read into memory', { timeout: TIMEOUT }, async () => {
    const { project } = await projectWithOutside('huge-file');
    const handler = join(project, 'src/handlers/demo.ts');
    truncateSync(handler, 1024 * 1024 * 1024);
    const run = await generateInto(project);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is over 8 MiB');
  });

  it('with the links gone, the same project is written again', { timeout: TIMEOUT }, async () => {
    const { project } = await projectWithOutside('unlinked');
    const run = await generateInto(project);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(project, 'gen-operator.json'))).toBe(true);
  });
});
