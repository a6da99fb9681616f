import { describe, expect, it } from 'vitest';
import { matchesMeta, matchesValue } from './filters.js';

describe('label and annotation filters', () => {
  it('match a value, presence, absence and a predicate', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(matchesMeta({ app: 'web' }, labels)).toBe(true);
    expect(matchesMeta({ app: 'db' }, labels)).toBe(false);
    expect(matchesMeta({ tier: true }, labels)).toBe(true);
    expect(matchesMeta({ missing: true }, labels)).toBe(false);
    expect(matchesMeta({ missing: false }, labels)).toBe(true);
    expect(matchesMeta({ app: false }, labels)).toBe(false);
    expect(matchesMeta({ tier: (v) => v?.startsWith('fr') === true }, labels)).toBe(true);
    expect(matchesMeta({ app: 'web' }, undefined)).toBe(false);
    expect(matchesMeta(undefined, undefined)).toBe(true);
  });

  it('match field values by JSON equality or a predicate', () => {
    expect(matchesValue({ a: [1] }, { a: [1] })).toBe(true);
    expect(matchesValue(3, 4)).toBe(false);
    expect(matchesValue((v: unknown) => typeof v === 'number' && v > 3, 4)).toBe(true);
  });
});
