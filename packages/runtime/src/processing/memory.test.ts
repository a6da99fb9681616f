import { describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../resource/types.js';
import {
  claimOptionalDeletes,
  cycleFailed,
  cycleSucceeded,
  emptyPending,
  firstMemory,
  freshest,
  keepUnsaved,
  type ObjectMemory,
  type PendingWrite,
  released,
  resumed,
  settledEcho,
  takeUnsaved,
  wrote,
} from './memory.js';

const at = (resourceVersion: string): KubernetesObject => ({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', resourceVersion } });
const fresh = firstMemory({}, false);
const withOwn = (version: string, until = 0): ObjectMemory => ({ ...fresh, own: at(version), ownUntil: until });
const pending: PendingWrite = {
  progress: { a: { started: '2026-01-01T00:00:00.000Z', retries: 0, success: true } },
  results: { a: 1 },
  patch: {},
};

describe('object memory', () => {
  it('starts empty, with its own copy of the operator memo, resuming only when asked', () => {
    const memo = { shared: 1 };
    const memory = firstMemory(memo, true);
    expect(memory).toEqual({
      memo: { shared: 1 },
      resumePending: true,
      own: undefined,
      ownUntil: 0,
      errors: 0,
      optionalDeletesDone: false,
      deleteDone: false,
      unsaved: undefined,
    });
    expect(memory.memo).not.toBe(memo);
    expect(firstMemory(memo, false).resumePending).toBe(false);
  });

  it('trusts its own write for the consistency timeout, and forgets it once the delete is released', () => {
    expect(wrote(fresh, at('7'), 1_000, 500)).toMatchObject({ own: at('7'), ownUntil: 1_500 });
    expect(released(fresh, at('8'), 1_000, 500)).toMatchObject({ own: at('8'), ownUntil: 1_500, deleteDone: true });
    expect(resumed({ ...fresh, resumePending: true }).resumePending).toBe(false);
  });

  // [case, memory, watch event's resourceVersion, now, version the cycle starts from, own write kept]
  const freshestCases: [string, ObjectMemory, string, number, string, boolean][] = [
    ['no write of ours: the watch', fresh, '5', 0, '5', false],
    ['the watch reached our write', withOwn('7'), '7', 0, '7', false],
    ['the watch passed our write', withOwn('7'), '9', 0, '9', false],
    ['the watch is behind a numeric version: ours', withOwn('7'), '5', 10_000, '7', true],
    ['a non-numeric version within the timeout: ours', withOwn('b', 2_000), 'a', 1_000, 'b', true],
    ['a non-numeric version past the timeout: the watch', withOwn('b', 2_000), 'a', 3_000, 'a', false],
  ];
  it.each(freshestCases)('starts a cycle from the freshest state: %s', (_case, memory, seen, now, version, kept) => {
    const result = freshest(memory, at(seen), now);
    expect(result.body.metadata?.resourceVersion).toBe(version);
    expect(result.memory.own !== undefined).toBe(kept);
  });

  // [case, memory, event type, event's resourceVersion, event handlers registered, settled]
  const echoCases: [string, ObjectMemory | undefined, 'ADDED' | 'MODIFIED', string, boolean, boolean][] = [
    ['the echo of our last write', withOwn('7'), 'MODIFIED', '7', false, true],
    ['another version', withOwn('7'), 'MODIFIED', '8', false, false],
    ['an object never seen', undefined, 'MODIFIED', '7', false, false],
    ['no write of ours', fresh, 'MODIFIED', '7', false, false],
    ['not a modification', withOwn('7'), 'ADDED', '7', false, false],
    ['event handlers want every event', withOwn('7'), 'MODIFIED', '7', true, false],
    ['resume handlers still due', { ...withOwn('7'), resumePending: true }, 'MODIFIED', '7', false, false],
    ['outcomes still unsaved', keepUnsaved(withOwn('7'), 'create', pending), 'MODIFIED', '7', false, false],
  ];
  it.each(echoCases)('settles an echo before the queue: %s', (_case, memory, type, version, eventHandlers, settled) => {
    const next = settledEcho(memory, { type, object: at(version) }, eventHandlers);
    expect(next !== undefined).toBe(settled);
    if (next) expect(next.own).toBeUndefined();
  });

  it('runs the optional delete handlers once', () => {
    const claimed = claimOptionalDeletes(fresh);
    expect(claimed?.optionalDeletesDone).toBe(true);
    expect(claimOptionalDeletes(claimed!)).toBeUndefined();
  });

  it('backs off failed cycles by the schedule, holding at its end, and resets on success', () => {
    let memory = fresh;
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      const failed = cycleFailed(memory);
      delays.push(failed.delayMs / 1000);
      memory = failed.memory;
    }
    expect(delays).toEqual([1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 55, 55]);
    expect(cycleSucceeded(memory).errors).toBe(0);
    expect(cycleSucceeded(fresh)).toBe(fresh);
  });

  // [case, unsaved reason, the next cycle's reason, outcomes handed to it]
  const unsavedCases: [string, 'create' | 'update', 'create' | 'update', PendingWrite][] = [
    ['the same reason takes them', 'create', 'create', pending],
    ['another reason drops them', 'create', 'update', emptyPending()],
  ];
  it.each(unsavedCases)('keeps outcomes whose write failed: %s', (_case, kept, next, expected) => {
    const taken = takeUnsaved(keepUnsaved(fresh, kept, pending), next);
    expect(taken.pending).toEqual(expected);
    expect(taken.memory.unsaved).toBeUndefined();
  });
});
