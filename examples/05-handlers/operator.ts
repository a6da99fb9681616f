/**
 * Every kind of change handler on one resource: create, update, delete, resume and field. Several
 * handlers of one kind all run, in the order they were registered.
 */
import { on, run } from '@gen-operator/runtime';
import { Example } from '../resources.js';

// Resume handlers run for objects that already existed (and were handled) when the operator started.
on.resume(Example, function resumeFn1({ logger }) {
  logger.info('Resumed (first handler).');
});

on.create(Example, function createFn1({ logger }) {
  logger.info('Created (first handler).');
});

on.resume(Example, function resumeFn2({ logger }) {
  logger.info('Resumed (second handler).');
});

on.create(Example, function createFn2({ logger }) {
  logger.info('Created (second handler).');
});

on.update(Example, function updateFn({ diff, logger }) {
  logger.info('Updated.', { diff });
  return { changes: diff.length };
});

// A delete handler puts a finalizer on each object, so deletion waits until the handlers are done.
on.delete(Example, function deleteFn1({ logger }) {
  logger.info('Deleted (first handler).');
});

on.delete(Example, function deleteFn2({ logger }) {
  logger.info('Deleted (second handler).');
});

// Runs when spec.field is set on creation or changes later; old and new are the field's values.
// (Results are merged into status with a merge patch: a null in them would remove the key.)
on.field(Example, 'spec.field', function fieldFn({ old, new: current, logger }) {
  logger.info(`spec.field: ${JSON.stringify(old)} → ${JSON.stringify(current)}.`);
  return { from: old, to: current };
});

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
