import jsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { jsonPatchBetween } from './json-patch.js';

/**
 * Applying the answer to the original must give the mutated object: the apiserver does exactly that
 * (and, being Go, has no prototypes to guard: `__proto__` is a plain key there).
 */
const roundTrip = (before: unknown, after: unknown) => {
  const patch = jsonPatchBetween(before, after);
  return {
    patch,
    applied: jsonPatch.applyPatch(structuredClone(before), structuredClone(patch) as jsonPatch.Operation[], false, true, false).newDocument,
  };
};

describe('the JSON patch of a mutation', () => {
  it.each([
    ['a new field', { spec: {} }, { spec: { size: 1 } }, [{ op: 'add', path: '/spec/size', value: 1 }]],
    ['a removed field', { spec: { size: 1 } }, { spec: {} }, [{ op: 'remove', path: '/spec/size' }]],
    ['a changed field', { spec: { size: 1 } }, { spec: { size: 2 } }, [{ op: 'replace', path: '/spec/size', value: 2 }]],
    [
      'keys with / and ~ (label and annotation keys), escaped as RFC 6901 says',
      { metadata: { labels: { 'a/b': '1', 'c~d': '2' } } },
      { metadata: { labels: { 'a/b': '9', 'c~d': '8', '~/': 'new' } } },
      [
        { op: 'replace', path: '/metadata/labels/c~0d', value: '8' },
        { op: 'replace', path: '/metadata/labels/a~1b', value: '9' },
        { op: 'add', path: '/metadata/labels/~0~1', value: 'new' },
      ],
    ],
    [
      'a shorter list',
      { items: ['a', 'b', 'c'] },
      { items: ['a'] },
      [
        { op: 'remove', path: '/items/2' },
        { op: 'remove', path: '/items/1' },
      ],
    ],
    ['nothing', { a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, []],
    [
      'a field set to undefined (left out, as JSON.stringify would)',
      { a: 1, b: 2 },
      { a: undefined, b: 2 },
      [{ op: 'remove', path: '/a' }],
    ],
    [
      '__proto__ as a key is a field like any other',
      JSON.parse('{"__proto__": {"x": 1}}'),
      JSON.parse('{"__proto__": {"x": 2}}'),
      [{ op: 'replace', path: '/__proto__/x', value: 2 }],
    ],
  ])('%s', (_, before, after, expected) => {
    const { patch, applied } = roundTrip(before, after);
    expect(patch).toEqual(expected);
    expect(JSON.stringify(applied)).toBe(JSON.stringify(after));
  });

  it.each([
    ['a function', { spec: { f: () => 1 } }, '/spec/f: a function is not JSON'],
    ['NaN', { spec: { n: Number.NaN } }, '/spec/n: NaN is not a JSON number'],
    ['a bigint', { n: 1n }, '/n: a bigint is not JSON'],
    ['a Map', { labels: new Map() }, '/labels: a Map instance is not plain JSON'],
    ['a key with a slash, in the path', { 'a/b': Symbol('s') }, '/a~1b: a symbol is not JSON'],
  ])('refuses %s, naming where it is', (_, after, message) => {
    expect(() => jsonPatchBetween({}, after)).toThrow(message);
  });

  it('refuses an object that refers to itself instead of recursing forever', () => {
    const after: Record<string, unknown> = { spec: {} };
    (after.spec as Record<string, unknown>).loop = after;
    expect(() => jsonPatchBetween({ spec: {} }, after)).toThrow('refers to itself');
  });
});
