/**
 * Event handlers see every watch event of every object, plus each object the operator finds when it
 * starts (type undefined). They are not retried: an error is logged and the next event comes anyway.
 */
import { on, run } from '@gen-operator/runtime';
import { Example } from '../resources.js';

on.event(Example, function eventFnWithError() {
  throw new Error('this event handler always fails');
});

on.event(Example, function normalEventFn({ type, name, logger }) {
  logger.info(`Event received: ${type ?? 'listed'}.`, { name });
});

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
