/** Why an object is being processed, from its stored diff base and its current essence (never from the event type). */
import type { Diff } from '../registry/types.js';
import { diff as diffOf } from './diff.js';
import { decodeBase, sameAsBase } from './state.js';

export type Cause =
  | { reason: 'create'; diff: Diff; old: undefined }
  | { reason: 'update'; diff: Diff; old: Record<string, unknown> | undefined }
  | { reason: undefined };

export function detectCause(base: string | undefined, current: Record<string, unknown>, canonical: string): Cause {
  if (base === undefined) return { reason: 'create', diff: diffOf(undefined, current), old: undefined };
  if (sameAsBase(base, canonical)) return { reason: undefined };
  const old = decodeBase(base);
  // A digest base (large object) cannot say what changed: the whole essence is the change.
  return { reason: 'update', diff: old ? diffOf(old, current) : [['change', [], undefined, current]], old };
}
