import { describe, expect, it } from 'vitest';
import { IndexStore } from '../registry/index-store.js';
import type { IndexHandler } from '../registry/registry.js';
import type { IndexFn, IndexOptions, Logger } from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';
import type { ObjectEvent } from '../watching/stream.js';
import { indexEvent } from './indexing.js';

interface Obj extends KubernetesObject {
  spec?: { owner?: string };
}

function obj(uid: string, owner: string | undefined, labels: Record<string, string> = {}): Obj {
  return { apiVersion: 'x.y/v1', kind: 'X', metadata: { name: `n-${uid}`, namespace: 'ns', uid, labels }, spec: owner ? { owner } : {} };
}

const added = (object: Obj): ObjectEvent => ({ type: 'ADDED', object, initial: false });
const listed = (object: Obj): ObjectEvent => ({ type: undefined, object, initial: true });
const modified = (object: Obj): ObjectEvent => ({ type: 'MODIFIED', object, initial: false });
const deleted = (object: Obj): ObjectEvent => ({ type: 'DELETED', object, initial: false });

const byOwner: IndexFn<Obj, string, string> = ({ spec, name }) => (spec.owner ? { [spec.owner]: name } : undefined);

function indexWith(fn: IndexFn<Obj, string, unknown>, options: IndexOptions<Obj> = {}): IndexHandler {
  return {
    id: 'idx',
    fn: fn as IndexHandler['fn'],
    options: options as IndexHandler['options'],
    store: new IndexStore<string, unknown>(),
  };
}

function collecting(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, debug() {}, info() {}, warn() {}, error: (message, fields) => errors.push(`${message} ${JSON.stringify(fields)}`) };
}

/** The index as plain data: key → sorted values. */
function contents(index: IndexHandler): Record<string, unknown[]> {
  return Object.fromEntries([...index.store.entries()].map(([key, values]) => [key, [...values].sort()]));
}

// [case, events in order, the index after them]
const cases: [string, ObjectEvent[], Record<string, unknown[]>][] = [
  ['listed objects are indexed', [listed(obj('1', 'ann')), listed(obj('2', 'bob'))], { ann: ['n-1'], bob: ['n-2'] }],
  ['values of several objects under one key', [added(obj('1', 'ann')), added(obj('2', 'ann'))], { ann: ['n-1', 'n-2'] }],
  [
    'an update moves the object to its new key; the old key goes when empty',
    [added(obj('1', 'ann')), modified(obj('1', 'bob'))],
    { bob: ['n-1'] },
  ],
  ['an update that gives nothing removes the object', [added(obj('1', 'ann')), modified(obj('1', undefined))], {}],
  [
    'a deletion removes the object, not its neighbours',
    [added(obj('1', 'ann')), added(obj('2', 'ann')), deleted(obj('1', 'ann'))],
    { ann: ['n-2'] },
  ],
  ['a deletion of an unknown object changes nothing', [added(obj('1', 'ann')), deleted(obj('9', 'ann'))], { ann: ['n-1'] }],
];

describe('index maintenance', () => {
  it.each(cases)('%s', (_case, events, expected) => {
    const index = indexWith(byOwner);
    for (const event of events) indexEvent([index], event, collecting());
    expect(contents(index)).toEqual(expected);
  });

  it('objects a filter declines leave the index, and join it when they match again', () => {
    const index = indexWith(byOwner, { labels: { tier: 'web' }, when: ({ name }) => name !== 'n-3' });
    const log = collecting();
    indexEvent([index], added(obj('1', 'ann', { tier: 'web' })), log);
    indexEvent([index], added(obj('3', 'ann', { tier: 'web' })), log);
    expect(contents(index)).toEqual({ ann: ['n-1'] });
    indexEvent([index], modified(obj('1', 'ann', { tier: 'db' })), log);
    expect(contents(index)).toEqual({});
    indexEvent([index], modified(obj('1', 'ann', { tier: 'web' })), log);
    expect(contents(index)).toEqual({ ann: ['n-1'] });
  });

  it('one object may give several keys; each answers its value', () => {
    const index = indexWith(({ name, labels }) => ({ [`name:${name}`]: 1, ...labels }));
    indexEvent([index], added(obj('1', undefined, { a: 'x', b: 'y' })), collecting());
    expect(contents(index)).toEqual({ 'name:n-1': [1], a: ['x'], b: ['y'] });
    expect(index.store.get('missing')).toEqual([]);
    expect(index.store.has('a')).toBe(true);
    expect(index.store.size).toBe(3);
  });

  it('a failing index function is logged with the object and leaves it out; its old entries go too', () => {
    let fail = false;
    const index = indexWith(({ name }) => {
      if (fail) throw new Error('boom');
      return { k: name };
    });
    const log = collecting();
    indexEvent([index], added(obj('1', 'ann')), log);
    fail = true;
    indexEvent([index], modified(obj('1', 'ann')), log);
    expect(contents(index)).toEqual({});
    expect(log.errors).toEqual([`Index 'idx' failed; the object is left out of it. {"object":"ns/n-1","error":"boom"}`]);
  });

  it.each([
    ['a promise', () => Promise.resolve({ k: 1 })],
    ['an array', () => ['k']],
    ['a string', () => 'k'],
  ])('returning %s is an error that says what to return', (what, fn) => {
    const index = indexWith(fn as unknown as IndexFn<Obj, string, unknown>);
    const log = collecting();
    indexEvent([index], added(obj('1', 'ann')), log);
    expect(contents(index)).toEqual({});
    expect(log.errors[0]).toContain(`it returned ${what}; an index function returns { key: value }`);
  });

  it('a key named __proto__ is a key like any other', () => {
    const index = indexWith(() => JSON.parse('{"__proto__": "v", "constructor": "c"}') as Record<string, string>);
    indexEvent([index], added(obj('1', 'ann')), collecting());
    expect(contents(index)).toEqual(JSON.parse('{"__proto__": ["v"], "constructor": ["c"]}'));
    expect(index.store.get('toString')).toEqual([]);
  });

  it('answers the same frozen list until the key changes', () => {
    const index = indexWith(byOwner);
    indexEvent([index], added(obj('1', 'ann')), collecting());
    const first = index.store.get('ann');
    expect(Object.isFrozen(first)).toBe(true);
    expect(index.store.get('ann')).toBe(first);
    indexEvent([index], added(obj('2', 'ann')), collecting());
    expect(index.store.get('ann')).not.toBe(first);
    expect(first).toEqual(['n-1']);
  });
});
