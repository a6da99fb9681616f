/**
 * An operator written to be tested: the handlers go into an operator of its own (createOperator()),
 * which this module exports. Started as a program it runs until SIGTERM; a test imports it and
 * starts and stops it around its own cluster activity (see operator.test.ts).
 */
import { fileURLToPath } from 'node:url';
import { createOperator } from '@gen-operator/runtime';
import { Example } from '../resources.js';

export const operator = createOperator();

operator.on.create(Example, function createFn({ spec, patch, logger }) {
  logger.info('Creating.');
  patch.status = { phase: 'Ready' };
  return { items: spec.items?.length ?? 0 };
});

operator.on.delete(Example, function deleteFn({ logger }) {
  logger.info('Deleting.');
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await operator.run({ handleSignals: true, namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
}
