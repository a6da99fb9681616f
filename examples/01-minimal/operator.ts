/**
 * The smallest operator: one create handler. What it returns is kept in the object's status,
 * under the handler's id (status.createFn).
 */
import { on, run } from '@gen-operator/runtime';
import { Example } from '../resources.js';

on.create(Example, function createFn({ name, spec, logger }) {
  logger.info(`Example ${name} is new; its spec asks for ${spec.duration ?? 'no duration'}.`);
  return { message: 'handled on creation' };
});

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
