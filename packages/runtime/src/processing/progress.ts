/**
 * Per-handler progress, stored on the object while a cycle is in flight and purged when it ends,
 * so a restarted operator resumes: finished handlers are skipped, retry counts, first-start times
 * (for timeouts) and delays survive.
 */
import { HandlerRetriesError, HandlerTimeoutError, PermanentError, TemporaryError } from '../errors.js';
import type { ErrorsMode } from '../registry/types.js';

export interface ProgressRecord {
  /** ISO time of the first attempt. */
  started: string;
  /** Failed attempts so far. */
  retries: number;
  success?: true;
  failure?: true;
  /** ISO time before which the handler is not retried. */
  delayed?: string;
  message?: string;
}

export type Progress = Record<string, ProgressRecord>;

export function isFinished(record: ProgressRecord | undefined): boolean {
  return record?.success === true || record?.failure === true;
}

/** Milliseconds until the record's delay ends; 0 when not delayed. */
export function delayRemaining(record: ProgressRecord | undefined, now: number): number {
  if (!record?.delayed) return 0;
  return Math.max(0, Date.parse(record.delayed) - now);
}

export type Outcome =
  | { kind: 'success'; result: unknown }
  | { kind: 'retry'; error: unknown; delaySeconds: number }
  | { kind: 'failure'; error: unknown };

export interface RetryPolicy {
  retries?: number;
  backoff?: number;
  errors?: ErrorsMode;
}

/** kopf's default wait before retrying an arbitrary error or a TemporaryError without a delay. */
export const DEFAULT_BACKOFF_SECONDS = 60;

/** How an error thrown by a handler steers it: retry later, or finish as failed (or as done, when ignored). */
export function classify(error: unknown, policy: RetryPolicy, failedAttempts: number): Outcome {
  const backoff = policy.backoff ?? DEFAULT_BACKOFF_SECONDS;
  let outcome: Outcome;
  if (error instanceof PermanentError) outcome = { kind: 'failure', error };
  else if (error instanceof TemporaryError) outcome = { kind: 'retry', error, delaySeconds: error.delay ?? backoff };
  else if (policy.errors === 'permanent') outcome = { kind: 'failure', error };
  else if (policy.errors === 'ignored') outcome = { kind: 'success', result: undefined };
  else outcome = { kind: 'retry', error, delaySeconds: backoff };
  if (outcome.kind === 'retry' && policy.retries !== undefined && failedAttempts + 1 >= policy.retries) {
    return { kind: 'failure', error: new HandlerRetriesError(`gave up after ${failedAttempts + 1} attempts: ${messageOf(error)}`) };
  }
  return outcome;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The record after one attempt ended with `outcome`. */
export function advance(record: ProgressRecord | undefined, outcome: Outcome, startedAt: number, now: number): ProgressRecord {
  const started = record?.started ?? new Date(startedAt).toISOString();
  const retries = record?.retries ?? 0;
  switch (outcome.kind) {
    case 'success':
      return { started, retries, success: true };
    case 'failure':
      return { started, retries: retries + 1, failure: true, message: messageOf(outcome.error) };
    case 'retry':
      return {
        started,
        retries: retries + 1,
        delayed: new Date(now + outcome.delaySeconds * 1000).toISOString(),
        message: messageOf(outcome.error),
      };
  }
}

/** Before an attempt: the permanent failure it must not make, if the timeout has already passed. */
export function expired(record: ProgressRecord | undefined, timeoutSeconds: number | undefined, now: number): Outcome | undefined {
  if (!record || timeoutSeconds === undefined) return undefined;
  if (now - Date.parse(record.started) < timeoutSeconds * 1000) return undefined;
  return { kind: 'failure', error: new HandlerTimeoutError(`timed out after ${timeoutSeconds} s (since ${record.started})`) };
}
