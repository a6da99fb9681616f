/**
 * The Warning Event a failing handler posts about its object. The message holds no attempt count or
 * time, so repeated failures of one handler aggregate into one Event series (and a permanent
 * failure into a second one).
 */
import type { Events } from '../events/index.js';
import type { KubernetesObject } from '../resource/types.js';
import { messageOf, type Outcome } from './progress.js';

export const HANDLER_FAILED = 'HandlerFailed';

/** An outcome, or an event handler's error (those are never retried). */
type Failure = Outcome | { kind: 'not retried'; error: unknown };

const HOW = { retry: ' (will retry)', failure: ' permanently', 'not retried': ' (not retried)' } as const;

export function postFailure(events: Events | undefined, body: KubernetesObject, id: string, outcome: Failure): void {
  if (!events || outcome.kind === 'success') return;
  events.warn(body, HANDLER_FAILED, `Handler '${id}' failed${HOW[outcome.kind]}: ${messageOf(outcome.error)}`);
}
