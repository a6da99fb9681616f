import { describe, expect, it } from 'vitest';
import { type KnownObject, ListingMerge } from './listing.js';

const known = (...uids: string[]) => new Map<string, KnownObject>(uids.map((uid) => [uid, { name: `n-${uid}`, namespace: 'ns' }]));

describe('a listing and the watch beside it', () => {
  it('delivers a listed object the watch has not delivered', () => {
    const merge = new ListingMerge(true);
    expect(merge.listed('a')).toBe(true);
  });

  it('skips a listed object the watch already delivered: the listed state is older', () => {
    for (const type of ['ADDED', 'MODIFIED', 'DELETED'] as const) {
      const merge = new ListingMerge(true);
      merge.watchedIsInitial('a', type);
      expect(merge.listed('a')).toBe(false);
      expect(merge.listed('b')).toBe(true);
    }
  });

  it('counts a change to an object not listed yet as its first sight in the first listing, for on.resume', () => {
    const merge = new ListingMerge(true);
    expect(merge.watchedIsInitial('a', 'MODIFIED')).toBe(true);
    expect(merge.watchedIsInitial('a', 'MODIFIED')).toBe(false);
    expect(merge.watchedIsInitial('d', 'DELETED')).toBe(true);
  });

  it('counts an added object as new, and a change after the listing delivered it as a change', () => {
    const merge = new ListingMerge(true);
    expect(merge.watchedIsInitial('new', 'ADDED')).toBe(false);
    expect(merge.listed('old')).toBe(true);
    expect(merge.watchedIsInitial('old', 'MODIFIED')).toBe(false);
  });

  it('counts nothing as initial in a relist, or after the listing ended', () => {
    const relist = new ListingMerge(false);
    expect(relist.watchedIsInitial('a', 'MODIFIED')).toBe(false);
    const first = new ListingMerge(true);
    first.finish(known());
    expect(first.watchedIsInitial('a', 'MODIFIED')).toBe(false);
  });

  it('reports the known objects that neither the listing nor the watch saw as gone', () => {
    const merge = new ListingMerge(false);
    merge.listed('listed');
    merge.watchedIsInitial('changed', 'MODIFIED');
    merge.watchedIsInitial('created', 'ADDED');
    const gone = merge.finish(known('listed', 'changed', 'created', 'vanished', 'also-vanished'));
    expect(gone.map(([uid]) => uid)).toEqual(['vanished', 'also-vanished']);
    expect(gone[0]?.[1]).toEqual({ name: 'n-vanished', namespace: 'ns' });
  });

  it('forgets what it saw once finished: after the listing, nothing is skipped', () => {
    const merge = new ListingMerge(false);
    merge.watchedIsInitial('a', 'MODIFIED');
    merge.finish(known());
    expect(merge.listed('a')).toBe(true);
  });
});
