/**
 * The arguments a change handler gets, for unit tests of handlers. Built by the same code the
 * operator uses, so a test's arguments have every field a real call has, now and after an upgrade.
 */
import { detachedChildren } from './children/children.js';
import { changeArgs as buildChangeArgs } from './processing/args.js';
import type { ChangeArgs, Logger } from './registry/types.js';
import type { KubernetesObject } from './resource/types.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The arguments of a handler called for `body` on its first attempt of a create (an empty patch, a
 * quiet logger, an empty memo, `children` that refuse to write); `overrides` replaces what a test needs, e.g. `{ reason: 'update' }`.
 */
export function changeArgs<T extends KubernetesObject>(body: T, overrides: Partial<ChangeArgs<T>> = {}): ChangeArgs<T> {
  const args = buildChangeArgs(
    { body, logger: quiet, memo: {}, children: detachedChildren },
    { reason: 'create', old: undefined, new: body, diff: [], retry: 0, started: Date.now() },
    {},
    new AbortController().signal,
  ) as unknown as ChangeArgs<T>;
  return { ...args, ...overrides };
}
