import { describe, expect, it } from 'vitest';
import { mergeWork, type WorkItem } from './processor.js';

const event = (rv: string) => ({ type: 'MODIFIED' as const, object: { metadata: { uid: 'p', resourceVersion: rv } }, initial: false });
const childEvent = (uid: string) => ({ type: 'DELETED' as const, object: { metadata: { uid } }, resource: '/v1/configmaps' });
const parent = { uid: 'p', name: 'p', namespace: 'ns' };

describe('mergeWork', () => {
  it('keeps the latest parent state and adds up events and child events', () => {
    const pending: WorkItem = { latest: event('1'), events: [event('1')], children: [childEvent('c1')], parent };
    const next: WorkItem = { latest: event('2'), events: [event('2')] };
    expect(mergeWork(pending, next)).toEqual({
      latest: event('2'),
      events: [event('1'), event('2')],
      children: [childEvent('c1')],
      parent,
    });
  });

  it('keeps a queued parent state when only child events arrive', () => {
    expect(mergeWork({ latest: event('1') }, { children: [childEvent('c2')], parent })).toEqual({
      latest: event('1'),
      children: [childEvent('c2')],
      parent,
    });
    expect(mergeWork({ latest: event('1') }, { latest: event('3') })).toEqual({ latest: event('3') });
  });
});
