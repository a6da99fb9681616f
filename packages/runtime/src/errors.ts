/** The errors a handler throws to steer retries (kopf's model). */

/** Retry later: after `delay` seconds, or after the handler's backoff when no delay is given. */
export class TemporaryError extends Error {
  readonly delay: number | undefined;
  constructor(message: string, options?: { delay?: number }) {
    super(message);
    this.name = 'TemporaryError';
    this.delay = options?.delay;
  }
}

/** Do not retry: the handler is recorded as failed and the rest of the cycle goes on. */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

/** The handler ran past its `timeout` (counted from its first attempt, across restarts). */
export class HandlerTimeoutError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerTimeoutError';
  }
}

/** The handler failed `retries` times. */
export class HandlerRetriesError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerRetriesError';
  }
}

/**
 * Refuses an admission request (kopf's AdmissionError): kubectl shows the message. `code` is the HTTP
 * status the apiserver reports, 400 unless given.
 */
export class AdmissionError extends Error {
  readonly code: number;
  constructor(message: string, options?: { code?: number }) {
    super(message);
    this.name = 'AdmissionError';
    this.code = options?.code ?? 400;
  }
}
