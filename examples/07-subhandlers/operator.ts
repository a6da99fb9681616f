/**
 * Sub-handlers: a handler registers one sub-handler per item of the object, each with its own
 * progress record (`createFn/<item>`) and its own retries. The parent is called again on each later
 * attempt, to register them again, so it must have no side effects of its own; only the unfinished
 * sub-handlers run then, and the parent is done when they all are.
 */
import { on, run, TemporaryError } from '@gen-operator/runtime';
import { Example } from '../resources.js';

on.create(Example, function createFn({ spec, logger, subhandler }) {
  const items = spec.items ?? [];
  logger.info(`Registering sub-handlers for ${items.length} items.`);
  for (const item of items) {
    subhandler(item, ({ retry, logger }) => {
      logger.info(`Handling creation for ${item}.`);
      // The last item is not ready at first: it alone is retried, the others are not run again.
      if (item === items.at(-1) && retry === 0) throw new TemporaryError(`${item} is not ready yet`, { delay: 1 });
      return { item, attempts: retry + 1 };
    });
  }
  // Stored in status.createFn once every sub-handler has succeeded.
  return { items: items.length };
});

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
