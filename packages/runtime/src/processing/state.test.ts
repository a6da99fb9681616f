import { describe, expect, it } from 'vitest';
import { canonicalJson, essence } from './essence.js';
import { BASE_LIMIT, decodeBase, encodeBase, readState, sameAsBase, stateFragment, statusCanHold, statusCanHoldState } from './state.js';

const prefix = 'gen-operator.dev';

describe('essence', () => {
  it('keeps spec, labels and foreign annotations; drops status, our annotations and last-applied', () => {
    const body = {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: {
        name: 'a',
        resourceVersion: '5',
        finalizers: ['f'],
        labels: { l: '1' },
        annotations: { keep: 'y', [`${prefix}/base`]: '{}', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
      spec: { a: 1 },
      status: { phase: 'Ready', genOperator: {} },
      data: { other: true },
    };
    expect(essence(body, prefix)).toEqual({
      spec: { a: 1 },
      data: { other: true },
      metadata: { labels: { l: '1' }, annotations: { keep: 'y' } },
    });
    expect(essence(body, prefix, [['status', 'phase']])).toMatchObject({ status: { phase: 'Ready' } });
  });

  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe(canonicalJson({ a: { c: 2, d: 1 }, b: 1 }));
  });
});

describe('stored state', () => {
  it('keeps small bases whole and large ones as a digest', () => {
    const small = canonicalJson({ spec: { a: 1 } });
    expect(encodeBase(small)).toBe(small);
    expect(decodeBase(encodeBase(small))).toEqual({ spec: { a: 1 } });
    const large = canonicalJson({ spec: { blob: 'x'.repeat(BASE_LIMIT) } });
    const stored = encodeBase(large);
    expect(stored).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(sameAsBase(stored, large)).toBe(true);
    expect(sameAsBase(stored, canonicalJson({ spec: { blob: 'y' } }))).toBe(false);
    expect(decodeBase(stored)).toBeUndefined();
  });

  it('writes progress and base into status, purging with null', () => {
    const current = { base: undefined, progress: {} };
    const record = { started: '2026-01-01T00:00:00.000Z', retries: 1 };
    expect(stateFragment({ progress: { h: record } }, current, 'status', prefix)).toEqual({
      status: { genOperator: { progress: { h: record } } },
    });
    expect(stateFragment({ base: '{}', purge: true }, current, 'status', prefix)).toEqual({
      status: { genOperator: { base: '{}', progress: null } },
    });
    const body = { metadata: {}, status: { genOperator: { base: '{}', progress: { h: record } } } };
    expect(readState(body, 'status', prefix)).toEqual({ base: '{}', progress: { h: record } });
  });

  it('writes whole annotations when status cannot hold the state', () => {
    const record = { started: '2026-01-01T00:00:00.000Z', retries: 0, success: true as const };
    const current = { base: '{}', progress: { a: record } };
    expect(stateFragment({ progress: { b: record } }, current, 'annotations', prefix)).toEqual({
      metadata: { annotations: { [`${prefix}/progress`]: JSON.stringify({ a: record, b: record }) } },
    });
    expect(stateFragment({ base: '{"x":1}', purge: true }, current, 'annotations', prefix)).toEqual({
      metadata: { annotations: { [`${prefix}/base`]: '{"x":1}', [`${prefix}/progress`]: null } },
    });
    const body = { metadata: { annotations: { [`${prefix}/base`]: '{}', [`${prefix}/progress`]: 'not json' } } };
    expect(readState(body, 'annotations', prefix)).toEqual({ base: '{}', progress: {} });
  });

  it('reads the annotations where status should hold the state but another process found it pruned and moved it', () => {
    const moved = { metadata: { annotations: { [`${prefix}/base`]: '{"spec":1}', [`${prefix}/progress`]: '{"h":{"success":true}}' } } };
    expect(readState(moved, 'status', prefix)).toEqual({ base: '{"spec":1}', progress: { h: { success: true } } });
    // Status that holds state wins over stale annotations; no state anywhere is a new object.
    const both = { ...moved, status: { genOperator: { base: '{"spec":2}' } } };
    expect(readState(both, 'status', prefix)).toEqual({ base: '{"spec":2}', progress: {} });
    expect(readState({ metadata: {} }, 'status', prefix)).toEqual({ base: undefined, progress: {} });
  });

  it('tells from the schema whether status keeps unknown fields', () => {
    expect(statusCanHoldState(undefined)).toBe(true);
    expect(statusCanHoldState(undefined, 'devoops.io')).toBe(true);
    // Built-in kinds have a fixed status: the core group and the dotless groups.
    expect(statusCanHoldState(undefined, '')).toBe(false);
    expect(statusCanHoldState(undefined, 'apps')).toBe(false);
    expect(statusCanHoldState({ properties: { status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } })).toBe(true);
    expect(statusCanHoldState({ properties: { status: { type: 'object', properties: { phase: {} } } } })).toBe(false);
    expect(statusCanHoldState({ properties: { spec: {} } })).toBe(false);
  });

  it('knows which status.<key> survives pruning', () => {
    const declared = { properties: { status: { type: 'object', properties: { greet: { type: 'object' } } } } };
    expect(statusCanHold(declared, 'greet')).toBe(true);
    expect(statusCanHold(declared, 'other')).toBe(false);
    expect(statusCanHold({ properties: { status: { 'x-kubernetes-preserve-unknown-fields': true } } }, 'other')).toBe(true);
  });
});
