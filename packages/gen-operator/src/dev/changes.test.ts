import { describe, expect, it } from 'vitest';
import { areaOf, describeFiles, planReload } from './changes.js';

describe('areaOf', () => {
  it.each([
    ['src/main.ts', 'src'],
    ['src/handlers/demo.ts', 'src'],
    ['src/config.json', 'src'],
    ['src/lib/util.mjs', 'src'],
    ['crds/demo.yaml', 'crds'],
    ['crds/sub/other.yml', 'crds'],
    ['crds/demo.json', 'crds'],
  ])('%s is in %s', (path, area) => {
    expect(areaOf(path)).toBe(area);
  });

  it.each([
    'src/.demo.ts.swp',
    'src/handlers/demo.ts~',
    'src/4913',
    'src/.git/index',
    'src/notes.md',
    'crds/README.md',
    'crds/.#demo.yaml',
    'examples/demo.yaml',
    'test/demo.test.ts',
    'src',
    'package.json',
  ])('%s needs no reload', (path) => {
    expect(areaOf(path)).toBeUndefined();
  });
});

describe('planReload', () => {
  it('restarts for source changes only, listing each file once and sorted', () => {
    expect(planReload(['src/b.ts', 'src/a.ts', 'src/b.ts'])).toEqual({ regenerate: false, files: ['src/a.ts', 'src/b.ts'] });
  });

  it('regenerates when a CRD is among the changes', () => {
    expect(planReload(['src/a.ts', 'crds/demo.yaml'])).toEqual({ regenerate: true, files: ['crds/demo.yaml', 'src/a.ts'] });
  });

  it('needs nothing for files outside src/ and crds/ or for editor leftovers', () => {
    expect(planReload(['README.md', 'src/.a.ts.swp', 'examples/demo.yaml'])).toBeUndefined();
    expect(planReload([])).toBeUndefined();
  });

  it("ignores the echo of the generator's own writes, not a user's edit beside them", () => {
    const own = new Set(['src/resources/demo.ts', 'crds/demo.yaml']);
    expect(planReload(['src/resources/demo.ts', 'crds/demo.yaml'], own)).toBeUndefined();
    expect(planReload(['src/resources/demo.ts', 'src/handlers/demo.ts'], own)).toEqual({
      regenerate: false,
      files: ['src/handlers/demo.ts'],
    });
  });
});

describe('describeFiles', () => {
  it('names one file, or the first and how many more', () => {
    expect(describeFiles(['src/a.ts'])).toBe('src/a.ts');
    expect(describeFiles(['src/a.ts', 'src/b.ts', 'src/c.ts'])).toBe('src/a.ts and 2 more');
  });
});
