import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from './apply.js';
import type { Plan } from './plan.js';

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gen-operator-apply-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

const plan = (out: string): Plan => ({
  out,
  files: [
    { path: 'a.ts', action: 'update', owner: 'generated', content: 'new a' },
    { path: 'b.ts', action: 'keep', owner: 'user' },
    { path: 'sub/c.ts', action: 'create', owner: 'user', content: 'new c' },
    { path: 'd.ts', action: 'update', owner: 'generated', content: 'new d' },
  ],
});

describe('applyPlan', () => {
  it('writes creates and updates, leaves kept files alone', async () => {
    const out = await project({ 'a.ts': 'old a', 'b.ts': 'mine', 'd.ts': 'old d' });
    await applyPlan(plan(out));
    expect(await readFile(join(out, 'a.ts'), 'utf8')).toBe('new a');
    expect(await readFile(join(out, 'b.ts'), 'utf8')).toBe('mine');
    expect(await readFile(join(out, 'sub/c.ts'), 'utf8')).toBe('new c');
    expect(await readFile(join(out, 'd.ts'), 'utf8')).toBe('new d');
  });

  it('a failure part-way puts back every file already swapped in', async () => {
    const out = await project({ 'a.ts': 'old a', 'b.ts': 'mine', 'd.ts': 'old d' });
    await expect(
      applyPlan(plan(out), {
        beforeSwap: (path) => {
          if (path === 'd.ts') throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(await readFile(join(out, 'a.ts'), 'utf8')).toBe('old a');
    expect(await readFile(join(out, 'd.ts'), 'utf8')).toBe('old d');
    expect(await readdir(join(out, 'sub'))).toEqual([]);
    // No staging folder is left beside the project.
    expect((await readdir(join(out, '..'))).filter((n) => n.includes('.gen-operator-') && n.includes(out.split('/').pop()!))).toEqual([]);
  });

  it('removes a file planned for removal, and puts it back when a later file fails', async () => {
    const removing = (out: string): Plan => ({
      out,
      files: [
        { path: 'g/gone.md', action: 'remove', owner: 'generated' },
        { path: 'g/kept.md', action: 'update', owner: 'generated', content: 'new kept' },
      ],
    });
    const out = await project({ 'g/gone.md': 'old gone', 'g/kept.md': 'old kept' });
    await expect(
      applyPlan(removing(out), {
        beforeSwap: (path) => {
          if (path === 'g/kept.md') throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(await readFile(join(out, 'g/gone.md'), 'utf8')).toBe('old gone');
    expect(await readFile(join(out, 'g/kept.md'), 'utf8')).toBe('old kept');
    await applyPlan(removing(out));
    expect(await readdir(join(out, 'g'))).toEqual(['kept.md']);
    expect(await readFile(join(out, 'g/kept.md'), 'utf8')).toBe('new kept');
  });

  it('a new folder appears whole or not at all', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'gen-operator-apply-'));
    const out = join(parent, 'fresh');
    await expect(
      applyPlan(plan(out), {
        beforeSwap: () => {
          throw new Error('never called for a new folder');
        },
      }),
    ).resolves.toBeUndefined();
    expect((await readdir(out)).sort()).toEqual(['a.ts', 'd.ts', 'sub']);
  });
});
