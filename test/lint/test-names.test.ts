/**
 * The timeouts follow the file name (vitest.config.ts): a test file that starts a control plane is
 * named *.e2e.test.ts and gets minutes; every other one is a unit test and gets seconds. This keeps
 * the names true, both ways.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../vitest.config.js';

const root = join(import.meta.dirname, '..', '..');
const SKIP = new Set(['node_modules', 'dist', 'fixtures', 'golden', 'corpus', '.work']);
// What starts a plane: the testing package's entry point, or its CLI's `up`.
const STARTS_A_PLANE = [/\bstartControlPlane\(/, /\[\s*cli\s*,\s*'up'\s*\]/];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** True when the file, or a test helper it imports (not a package's own source), starts a plane. */
function startsAPlane(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  if (STARTS_A_PLANE.some((pattern) => pattern.test(source))) return true;
  for (const [, specifier] of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
    const helper = resolve(dirname(file), `${specifier}.ts`);
    if (existsSync(helper) && !/\/packages\/[^/]+\/src\//.test(helper) && startsAPlane(helper, seen)) return true;
  }
  return false;
}

describe('test file names', () => {
  const files = [...testFiles(join(root, 'packages')), ...testFiles(join(root, 'test'))];

  it('finds the test files', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it('*.e2e.test.ts exactly where a control plane starts', () => {
    const misnamed = files
      .filter((file) => file.endsWith('.e2e.test.ts') !== startsAPlane(file))
      .map((file) => `${relative(root, file)}: ${file.endsWith('.e2e.test.ts') ? 'starts no control plane' : 'starts a control plane'}`);
    expect(misnamed).toEqual([]);
  });

  it('gives the long timeouts to the e2e projects only', () => {
    const projects = (config.test?.projects ?? []) as {
      test: { name: string; include: string[]; exclude: string[]; testTimeout: number };
    }[];
    expect(projects.length).toBeGreaterThan(0);
    for (const { test } of projects) {
      const e2e = test.name.endsWith('-e2e');
      expect(
        test.include.every((glob) => glob.endsWith('*.e2e.test.ts')),
        test.name,
      ).toBe(e2e);
      if (!e2e) expect(test.exclude, test.name).toContain('**/*.e2e.test.ts');
      expect(test.testTimeout <= 10_000, test.name).toBe(!e2e);
    }
  });
});
