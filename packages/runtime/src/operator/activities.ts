/** Operator-level handlers (startup, login, cleanup, probe): retried in memory until done. */
import { sleep } from '../api/client.js';
import { PermanentError } from '../errors.js';
import { invoke } from '../processing/invoke.js';
import { messageOf } from '../processing/progress.js';
import type { ActivityHandler } from '../registry/registry.js';
import type { ActivityArgs, Logger } from '../registry/types.js';

export class ActivityError extends Error {
  constructor(
    readonly id: string,
    readonly kind: string,
    cause: unknown,
  ) {
    super(`The ${kind} handler '${id}' failed: ${messageOf(cause)}`, { cause });
    this.name = 'ActivityError';
  }
}

export async function runActivity(
  kind: string,
  handler: ActivityHandler,
  context: { logger: Logger; memo: Record<string, unknown>; stop: AbortSignal },
): Promise<unknown> {
  const started = Date.now();
  for (let retry = 0; ; retry++) {
    if (context.stop.aborted) throw new ActivityError(handler.id, kind, new PermanentError('the operator is stopping'));
    const outcome = await invoke(
      handler.fn as (args: ActivityArgs) => unknown,
      (signal): ActivityArgs => ({
        logger: context.logger,
        memo: context.memo,
        signal,
        retry,
        started: new Date(started),
        runtime: (Date.now() - started) / 1000,
      }),
      { ...handler.options, started, failedAttempts: retry, stop: context.stop },
    );
    if (outcome.kind === 'success') {
      // Probes run on every liveness check: their success is not news.
      context.logger[kind === 'probe' ? 'debug' : 'info'](`The ${kind} handler '${handler.id}' succeeded.`);
      return outcome.result;
    }
    if (outcome.kind === 'failure') throw new ActivityError(handler.id, kind, outcome.error);
    context.logger.warn(`The ${kind} handler '${handler.id}' failed; retrying in ${outcome.delaySeconds} s.`, {
      error: messageOf(outcome.error),
    });
    await sleep(outcome.delaySeconds * 1000, context.stop).catch(() => undefined);
  }
}
