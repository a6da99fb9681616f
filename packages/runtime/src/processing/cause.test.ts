import { describe, expect, it } from 'vitest';
import { changeHandler } from '../../test/change-handler.js';
import { detectCause } from './cause.js';
import { canonicalJson } from './essence.js';
import { selectChanges, selectPlain } from './select.js';
import { encodeBase } from './state.js';

const cause = (base: unknown, current: Record<string, unknown>) =>
  detectCause(base === undefined ? undefined : encodeBase(canonicalJson(base)), current, canonicalJson(current));

const handler = changeHandler;

describe('cause detection', () => {
  it('is create without a base, nothing when equal, update with the diff otherwise', () => {
    expect(cause(undefined, { spec: { a: 1 } })).toMatchObject({ reason: 'create', diff: [['add', [], undefined, { spec: { a: 1 } }]] });
    expect(cause({ spec: { a: 1 } }, { spec: { a: 1 } })).toEqual({ reason: undefined });
    expect(cause({ spec: { a: 1 } }, { spec: { a: 2 } })).toEqual({
      reason: 'update',
      diff: [['change', ['spec', 'a'], 1, 2]],
      old: { spec: { a: 1 } },
    });
  });

  it('sees an update of a digest base as a change of the whole essence', () => {
    const big = { spec: { blob: 'x'.repeat(200_000) } };
    const result = cause(big, { spec: { blob: 'y' } });
    expect(result).toEqual({ reason: 'update', diff: [['change', [], undefined, { spec: { blob: 'y' } }]], old: undefined });
    expect(cause(big, big)).toEqual({ reason: undefined });
  });
});

describe('handler selection', () => {
  const old = { spec: { size: 1, name: 'a' } };
  const now = { spec: { size: 2, name: 'a' } };
  const diff = [['change', ['spec', 'size'], 1, 2]] as const;

  it('picks handlers by reason and by the fields the diff touches', () => {
    const handlers = [
      handler('u', 'update'),
      handler('c', 'create'),
      handler('size', 'field', { field: 'spec.size' }),
      handler('name', 'field', { field: 'spec.name' }),
      handler('u-size', 'update', { field: 'spec.size' }),
    ];
    const picked = selectChanges(handlers, 'update', diff, old, now);
    expect(picked.map((s) => s.handler.id)).toEqual(['u', 'size', 'u-size']);
    expect(picked[1]).toMatchObject({ old: 1, new: 2, diff: [['change', [], 1, 2]] });
  });

  it('applies value, old and new filters', () => {
    const handlers = [
      handler('value-old', 'field', { field: 'spec.size', value: 1 }),
      handler('value-none', 'field', { field: 'spec.size', value: 5 }),
      handler('old-new', 'field', { field: 'spec.size', old: 1, new: 2 }),
      handler('new-wrong', 'field', { field: 'spec.size', new: 3 }),
      handler('pred', 'field', { field: 'spec.size', new: (v: unknown) => v === 2 }),
    ];
    expect(selectChanges(handlers, 'update', diff, old, now).map((s) => s.handler.id)).toEqual(['value-old', 'old-new', 'pred']);
    // On create, `value` matches the new value only.
    const created = selectChanges(handlers, 'create', [['add', [], undefined, now]], undefined, now);
    expect(created.map((s) => s.handler.id)).toEqual(['pred']);
  });

  it('selects delete and resume handlers without a diff', () => {
    const handlers = [handler('d', 'delete'), handler('r', 'resume'), handler('c', 'create')];
    expect(selectPlain(handlers, 'delete', now).map((s) => s.handler.id)).toEqual(['d']);
    expect(selectPlain(handlers, 'resume', now).map((s) => s.handler.id)).toEqual(['r']);
  });
});
