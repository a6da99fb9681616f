import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from './apply.js';
import { TargetError } from './errors.js';
import { checkPlannedPaths, unsafePath } from './paths.js';

describe('planned paths', () => {
  it.each(['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\x', '', 'a//b', './a', 'a/.', 'a\0b'])('refuses %j', (path) => {
    expect(unsafePath(path)).toBeDefined();
  });

  it.each(['a', 'src/handlers/demo.ts', 'crds/..yaml', '...'])('takes %j', (path) => {
    expect(unsafePath(path)).toBeUndefined();
  });

  it('refuses two files of the same name, case aside', () => {
    expect(() => checkPlannedPaths('/p', ['src/a.ts', 'src/A.ts'])).toThrow(TargetError);
    expect(() => checkPlannedPaths('/p', ['src/a.ts', 'src/b.ts'])).not.toThrow();
  });
});

describe('applyPlan and links', () => {
  it('refuses a folder replaced by a link after the plan, and writes nothing through it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gen-operator-links-'));
    const out = join(root, 'project');
    const outside = join(root, 'outside');
    await mkdir(join(out, 'crds'), { recursive: true });
    await mkdir(outside);
    await writeFile(join(out, 'keep.txt'), 'x');
    const plan = { out, files: [{ path: 'crds/demo.yaml', action: 'create' as const, owner: 'generated' as const, content: 'new' }] };
    await rm(join(out, 'crds'), { recursive: true });
    await symlink(outside, join(out, 'crds'));
    await expect(applyPlan(plan)).rejects.toThrow(TargetError);
    expect(await readdir(outside)).toEqual([]);
    expect((await readdir(root)).sort()).toEqual(['outside', 'project']);
  });
});
