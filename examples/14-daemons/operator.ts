/**
 * Daemons: a long-running function per object, started when the object is seen and stopped (its
 * signal aborts) when the object is deleted or the operator stops.
 *
 * `backgroundWatcher` fails three times on purpose (restarted after each TemporaryError's delay,
 * `retry` counting), then pings every 5 s for up to 30 s. It asks for the finalizer, so a deletion
 * waits until it has returned and written its last status. `backgroundPinger` runs only for
 * objects annotated `someannotation: somevalue`; its sleep ends with an AbortError when its signal
 * aborts, and if it did not return within half a second it would be abandoned.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { on, run, TemporaryError } from '@gen-operator/runtime';
import { Example } from '../resources.js';

on.daemon(
  Example,
  async function backgroundWatcher(args) {
    const { retry, signal, logger, patch } = args;
    if (retry < 3) {
      patch.status = { message: `Failed ${retry + 1} times.` };
      throw new TemporaryError('Simulated failure.', { delay: 1 });
    }
    const started = Date.now();
    while (!signal.aborted && Date.now() - started <= 30_000) {
      // args.spec, not a destructured spec: a daemon's arguments show the object as it is now.
      logger.info(`=> Ping from a daemon: field=${args.spec.field}, retry=${retry}`);
      await sleep(5_000, undefined, { signal }).catch(() => undefined);
    }
    patch.status = { message: 'Accompanying is finished.' };
  },
  { backoff: 3, finalizer: true },
);

on.daemon(
  Example,
  async function backgroundPinger(args) {
    if (args.retry < 3) throw new TemporaryError('Simulated failure.', { delay: 1 });
    for (;;) {
      args.logger.info(`=> Ping from a pinging daemon: field=${args.spec.field}`);
      await sleep(5_000, undefined, { signal: args.signal });
    }
  },
  { backoff: 3, cancellationTimeout: 0.5, annotations: { someannotation: 'somevalue' } },
);

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
