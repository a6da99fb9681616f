/**
 * Calls one handler (sync or async) with a deadline: at the deadline its AbortSignal is aborted and
 * the attempt ends as a HandlerTimeoutError, whether or not the handler has noticed yet.
 */
import { HandlerTimeoutError } from '../errors.js';
import { classify, type Outcome, type RetryPolicy } from './progress.js';

export interface InvokeOptions extends RetryPolicy {
  /** Seconds, counted from `started`. */
  timeout?: number;
  /** Epoch ms of the first attempt. */
  started: number;
  failedAttempts: number;
  /** Aborted on shutdown. */
  stop?: AbortSignal;
}

export async function invoke<A>(fn: (args: A) => unknown, makeArgs: (signal: AbortSignal) => A, options: InvokeOptions): Promise<Outcome> {
  const controller = new AbortController();
  const onStop = () => controller.abort(options.stop?.reason);
  options.stop?.addEventListener('abort', onStop, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline =
    options.timeout === undefined
      ? undefined
      : new Promise<Outcome>((resolve) => {
          const remaining = Math.max(0, options.started + options.timeout! * 1000 - Date.now());
          timer = setTimeout(() => {
            const error = new HandlerTimeoutError(`timed out after ${options.timeout} s`);
            controller.abort(error);
            resolve({ kind: 'failure', error });
          }, remaining);
        });
  const attempt = (async (): Promise<Outcome> => {
    try {
      return { kind: 'success', result: await fn(makeArgs(controller.signal)) };
    } catch (error) {
      return classify(error, options, options.failedAttempts);
    }
  })();
  try {
    return await (deadline ? Promise.race([attempt, deadline]) : attempt);
  } finally {
    clearTimeout(timer);
    options.stop?.removeEventListener('abort', onStop);
  }
}
