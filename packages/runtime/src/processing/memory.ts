/**
 * What the processor remembers of one object between cycles, and every way that changes. Each
 * transition is a pure function from one memory to the next; the processor stores what it returns.
 * Nothing here survives a restart: the durable state is on the object (state.ts).
 */
import type { Reason, WatchEventType } from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';
import { reached } from './patch.js';
import type { Fragment } from './patch.js';
import type { Progress } from './progress.js';
import { ERROR_DELAYS_S } from '../backoff.js';

/** A cycle's outcomes not yet on the object: progress records, handler results, the user's patch. */
export interface PendingWrite {
  progress: Progress;
  results: Record<string, unknown>;
  patch: Fragment;
}

export function emptyPending(): PendingWrite {
  return { progress: {}, results: {}, patch: {} };
}

export interface ObjectMemory {
  /** The handlers' memo for this object (theirs to change in place). */
  readonly memo: Record<string, unknown>;
  /** Seen in this process's first listing and already handled before: resume handlers are due. */
  readonly resumePending: boolean;
  /** Our last write's result, newer than watch events until the watch catches up. */
  readonly own: KubernetesObject | undefined;
  /** Epoch ms after which `own` no longer outranks an older watch event (for non-numeric versions). */
  readonly ownUntil: number;
  /** Cycles failed in a row, for the backoff. */
  readonly errors: number;
  /** Optional delete handlers ran (or are running): they never run twice. */
  readonly optionalDeletesDone: boolean;
  /** The delete handlers finished and the finalizer is off: nothing more to do for this object. */
  readonly deleteDone: boolean;
  /** A cycle's outcomes whose write failed (kept in memory only; a restart re-runs those handlers). */
  readonly unsaved: { reason: Reason; pending: PendingWrite } | undefined;
}

/** The memory of an object first seen; `resumable` when it came in the first listing and resume handlers exist. */
export function firstMemory(memo: Record<string, unknown>, resumable: boolean): ObjectMemory {
  return {
    memo: { ...memo },
    resumePending: resumable,
    own: undefined,
    ownUntil: 0,
    errors: 0,
    optionalDeletesDone: false,
    deleteDone: false,
    unsaved: undefined,
  };
}

/** After our write: its result outranks older watch events for `timeoutMs` (or until the watch reaches it). */
export function wrote(memory: ObjectMemory, written: KubernetesObject, now: number, timeoutMs: number): ObjectMemory {
  return { ...memory, own: written, ownUntil: now + timeoutMs };
}

/**
 * The state a cycle starts from: the watch's, or our own write's result while the watch has not
 * caught up with it. A numeric resourceVersion is compared as a number; any other is trusted until
 * `ownUntil`.
 */
export function freshest(memory: ObjectMemory, body: KubernetesObject, now: number): { body: KubernetesObject; memory: ObjectMemory } {
  const own = memory.own;
  if (!own) return { body, memory };
  const ownVersion = own.metadata?.resourceVersion ?? '';
  if (reached(body.metadata?.resourceVersion, ownVersion)) return { body, memory: { ...memory, own: undefined } };
  if (/^\d+$/.test(ownVersion) || now < memory.ownUntil) return { body: own, memory };
  return { body, memory: { ...memory, own: undefined } };
}

/**
 * Whether a watch event only echoes our last write to an object nobody is working on: exactly the
 * state the finished cycle left, so there is nothing to judge. Returns the memory that forgets the
 * write when it is the echo, undefined when the event needs a cycle. Event handlers see every
 * event, so with them nothing is an echo.
 */
export function settledEcho(
  memory: ObjectMemory | undefined,
  event: { type: WatchEventType | undefined; object: KubernetesObject },
  eventHandlers: boolean,
): ObjectMemory | undefined {
  if (event.type !== 'MODIFIED' || eventHandlers) return undefined;
  if (!memory?.own || memory.resumePending || memory.unsaved) return undefined;
  const version = event.object.metadata?.resourceVersion;
  if (version === undefined || version !== memory.own.metadata?.resourceVersion) return undefined;
  return { ...memory, own: undefined };
}

/** The resume handlers ran, or there was nothing for them to resume. */
export function resumed(memory: ObjectMemory): ObjectMemory {
  return { ...memory, resumePending: false };
}

/** The delete handlers finished and `written` no longer has our finalizer. */
export function released(memory: ObjectMemory, written: KubernetesObject, now: number, timeoutMs: number): ObjectMemory {
  return { ...wrote(memory, written, now, timeoutMs), deleteDone: true };
}

/** Claims the one run of the optional delete handlers: undefined when they already ran. */
export function claimOptionalDeletes(memory: ObjectMemory): ObjectMemory | undefined {
  return memory.optionalDeletesDone ? undefined : { ...memory, optionalDeletesDone: true };
}

export function cycleSucceeded(memory: ObjectMemory): ObjectMemory {
  return memory.errors === 0 ? memory : { ...memory, errors: 0 };
}

/** A cycle threw: the wait before the next try, and one more failure in a row. */
export function cycleFailed(memory: ObjectMemory): { delayMs: number; memory: ObjectMemory } {
  const delay = ERROR_DELAYS_S[Math.min(memory.errors, ERROR_DELAYS_S.length - 1)]!;
  return { delayMs: delay * 1000, memory: { ...memory, errors: memory.errors + 1 } };
}

/** A write of these outcomes failed: keep them, so the next cycle of the same reason writes them instead of re-running handlers. */
export function keepUnsaved(memory: ObjectMemory, reason: Reason, pending: PendingWrite): ObjectMemory {
  return { ...memory, unsaved: { reason, pending } };
}

/** Takes the unsaved outcomes for a cycle of `reason` (those of another reason are dropped: that cycle is over). */
export function takeUnsaved(memory: ObjectMemory, reason: Reason): { pending: PendingWrite; memory: ObjectMemory } {
  const pending = memory.unsaved?.reason === reason ? memory.unsaved.pending : emptyPending();
  return { pending, memory: memory.unsaved ? { ...memory, unsaved: undefined } : memory };
}
