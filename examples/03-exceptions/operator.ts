/**
 * How errors steer retries. A TemporaryError is retried after its delay; any other error after the
 * handler's backoff; a PermanentError ends the handler as failed. `timeout` and `retries` turn a
 * handler that runs too long or fails too often into a permanent failure as well.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { on, PermanentError, run, TemporaryError } from '@gen-operator/runtime';
import { Example } from '../resources.js';

class NotReadyYet extends Error {}

// Fails three times, three ways: retried after 1 s, retried after the 1 s backoff, then given up.
on.create(
  Example,
  function createFn({ retry }) {
    if (retry === 0) throw new TemporaryError('the first attempt fails and asks for another in 1 s', { delay: 1 });
    if (retry === 1) throw new NotReadyYet('the second attempt fails with an ordinary error');
    throw new PermanentError('the third attempt fails for good');
  },
  { backoff: 1 },
);

// Takes longer than its timeout: its signal is aborted at the deadline and the attempt fails.
on.create(
  Example,
  async function slowFn({ signal }) {
    await sleep(10_000, undefined, { signal });
  },
  { timeout: 1 },
);

// Fails every time; after two attempts it is given up.
on.create(
  Example,
  function flakyFn() {
    throw new NotReadyYet('never ready');
  },
  { retries: 2, backoff: 1 },
);

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
