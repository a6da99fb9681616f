/**
 * Most of what the runtime offers, in one operator, for trying things out: operator hooks, several
 * create handlers (one that fails once and is retried), results and status patches, update with
 * diff, a field handler, a filtered event handler, and a delete handler with its finalizer.
 */
import { on, run } from '@gen-operator/runtime';
import { Example } from '../resources.js';

on.startup(function startupFn({ memo, logger }) {
  memo.handled = 0;
  logger.info('Starting.');
});

on.create(Example, function createJob1({ patch }) {
  patch.status = { phase: 'Working' };
  return { progress: 100 };
});

on.create(
  Example,
  function createJob2({ retry, memo }) {
    // Any error is retried after the backoff, across restarts too: the retry count is kept on the object.
    if (retry === 0) throw new Error('the external service is not ready on the first attempt');
    memo.handled = (memo.handled as number) + 1;
    return { progress: 100, attempts: retry + 1 };
  },
  { backoff: 1 },
);

on.update(Example, function updateFn({ diff, patch, logger }) {
  logger.info('Handling the diff.', { diff });
  patch.status = { phase: 'Updated' };
});

on.field(Example, 'spec.items', function itemsFn({ old, new: current, logger }) {
  logger.info('spec.items changed.', { old, new: current });
  return { count: Array.isArray(current) ? current.length : 0 };
});

on.event(
  Example,
  function labelledEvent({ type, logger }) {
    logger.info(`A labelled object: ${type ?? 'listed'}.`);
  },
  { labels: { somelabel: 'somevalue' } },
);

on.delete(Example, function deleteFn({ name, logger }) {
  logger.info(`Letting ${name} go.`);
});

on.cleanup(function cleanupFn({ logger }) {
  logger.info('Stopping.');
});

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
