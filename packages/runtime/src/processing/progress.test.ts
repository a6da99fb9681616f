import { describe, expect, it } from 'vitest';
import { HandlerRetriesError, HandlerTimeoutError, PermanentError, TemporaryError } from '../errors.js';
import { invoke } from './invoke.js';
import { advance, classify, DEFAULT_BACKOFF_SECONDS, delayRemaining, expired, isFinished } from './progress.js';

const t0 = Date.parse('2026-01-01T00:00:00.000Z');

describe('error classification', () => {
  it('follows kopf: temporary with delay, permanent, arbitrary by errors mode', () => {
    expect(classify(new TemporaryError('t', { delay: 7 }), {}, 0)).toMatchObject({ kind: 'retry', delaySeconds: 7 });
    expect(classify(new TemporaryError('t'), { backoff: 3 }, 0)).toMatchObject({ kind: 'retry', delaySeconds: 3 });
    expect(classify(new PermanentError('p'), {}, 0)).toMatchObject({ kind: 'failure' });
    expect(classify(new Error('e'), {}, 0)).toMatchObject({ kind: 'retry', delaySeconds: DEFAULT_BACKOFF_SECONDS });
    expect(classify(new Error('e'), { errors: 'permanent' }, 0)).toMatchObject({ kind: 'failure' });
    expect(classify(new Error('e'), { errors: 'ignored' }, 0)).toMatchObject({ kind: 'success' });
  });

  it('turns the last allowed attempt into HandlerRetriesError', () => {
    expect(classify(new Error('e'), { retries: 3 }, 1)).toMatchObject({ kind: 'retry' });
    const last = classify(new Error('e'), { retries: 3 }, 2);
    expect(last.kind).toBe('failure');
    expect((last as { error: unknown }).error).toBeInstanceOf(HandlerRetriesError);
  });
});

describe('progress records', () => {
  it('counts retries, keeps the first start and records delays', () => {
    const first = advance(undefined, { kind: 'retry', error: new Error('boom'), delaySeconds: 2 }, t0, t0 + 100);
    expect(first).toEqual({ started: '2026-01-01T00:00:00.000Z', retries: 1, delayed: '2026-01-01T00:00:02.100Z', message: 'boom' });
    expect(delayRemaining(first, t0 + 1100)).toBe(1000);
    expect(delayRemaining(first, t0 + 5000)).toBe(0);
    expect(isFinished(first)).toBe(false);
    const done = advance(first, { kind: 'success', result: 1 }, t0 + 3000, t0 + 3000);
    expect(done).toEqual({ started: '2026-01-01T00:00:00.000Z', retries: 1, success: true });
    expect(isFinished(done)).toBe(true);
    expect(isFinished(advance(first, { kind: 'failure', error: new PermanentError('no') }, t0, t0))).toBe(true);
  });

  it('expires a handler whose timeout passed since its first attempt', () => {
    const record = { started: '2026-01-01T00:00:00.000Z', retries: 2 };
    expect(expired(record, 10, t0 + 5000)).toBeUndefined();
    const outcome = expired(record, 10, t0 + 10_000);
    expect((outcome as { error: unknown }).error).toBeInstanceOf(HandlerTimeoutError);
    expect(expired(undefined, 10, t0 + 99_000)).toBeUndefined();
  });
});

describe('invoke', () => {
  it('aborts the signal at the deadline and reports a timeout', async () => {
    let aborted: unknown;
    const outcome = await invoke(
      ({ signal }: { signal: AbortSignal }) =>
        new Promise((resolve) =>
          signal.addEventListener('abort', () => {
            aborted = signal.reason;
            resolve(undefined);
          }),
        ),
      (signal) => ({ signal }),
      { timeout: 0.05, started: Date.now(), failedAttempts: 0 },
    );
    expect(outcome.kind).toBe('failure');
    expect(aborted).toBeInstanceOf(HandlerTimeoutError);
  });

  it('returns sync and async results alike', async () => {
    expect(
      await invoke(
        () => 1,
        () => ({}),
        { started: Date.now(), failedAttempts: 0 },
      ),
    ).toEqual({ kind: 'success', result: 1 });
    expect(
      await invoke(
        async () => 2,
        () => ({}),
        { started: Date.now(), failedAttempts: 0 },
      ),
    ).toEqual({ kind: 'success', result: 2 });
  });
});
