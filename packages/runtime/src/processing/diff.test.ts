import { describe, expect, it } from 'vitest';
import { deepEqual, diff, narrowDiff, valueAt } from './diff.js';

describe('diff (kopf shape)', () => {
  it('reports add, change and remove with paths, recursing into objects only', () => {
    const old = { spec: { a: 1, b: [1, 2], gone: 'x' } };
    const now = { spec: { a: 2, b: [1, 3], added: { deep: true } } };
    expect(diff(old, now)).toEqual([
      ['change', ['spec', 'a'], 1, 2],
      ['change', ['spec', 'b'], [1, 2], [1, 3]],
      ['remove', ['spec', 'gone'], 'x', undefined],
      ['add', ['spec', 'added'], undefined, { deep: true }],
    ]);
  });

  it('treats null and absent alike and gives an empty diff for equal objects', () => {
    expect(diff({ a: null, b: { c: 1 } }, { b: { c: 1 } })).toEqual([]);
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: [1] }, { a: [1, 2] })).toBe(false);
  });

  it('creation is one add at the root', () => {
    expect(diff(undefined, { spec: { a: 1 } })).toEqual([['add', [], undefined, { spec: { a: 1 } }]]);
  });

  it('narrows to a field, relative paths, also when the change is above it', () => {
    const full = diff({ spec: { size: 1, other: 1 } }, { spec: { size: 2, other: 2 } });
    expect(narrowDiff(full, ['spec', 'size'])).toEqual([['change', [], 1, 2]]);
    const created = diff(undefined, { spec: { size: 3 } });
    expect(narrowDiff(created, ['spec', 'size'])).toEqual([['add', [], undefined, 3]]);
    expect(narrowDiff(created, ['spec', 'missing'])).toEqual([]);
    expect(valueAt({ a: { b: 1 } }, ['a', 'b'])).toBe(1);
    expect(valueAt({ a: 1 }, ['a', 'b'])).toBeUndefined();
  });
});
