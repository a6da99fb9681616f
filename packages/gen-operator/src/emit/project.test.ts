import { describe, expect, it } from 'vitest';
import type { ProjectFile } from '../project-file.js';
import { assertPlannedOnce } from './project.js';

const file = (path: string): ProjectFile => ({ path, content: '', owner: 'generated' });

describe('assertPlannedOnce', () => {
  it('passes distinct paths', () => {
    expect(() => assertPlannedOnce([file('src/a.ts'), file('src/b.ts')])).not.toThrow();
  });

  it('fails loudly on one path twice, also when only case or Unicode form differs', () => {
    expect(() => assertPlannedOnce([file('src/a.ts'), file('src/a.ts')])).toThrow(/two generated files for one path/);
    expect(() => assertPlannedOnce([file('src/Demo.ts'), file('src/demo.ts')])).toThrow(/two generated files/);
    expect(() => assertPlannedOnce([file('crds/caf\u00e9.yaml'), file('crds/cafe\u0301.yaml')])).toThrow(/two generated files/);
  });
});
