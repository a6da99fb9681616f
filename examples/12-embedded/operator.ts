/**
 * An operator embedded in an application of its own. The application makes its operator with
 * createOperator(), starts it (start() resolves once it is watching), goes on with its own work —
 * here it creates an Example, waits until the operator has handled it and deletes it — and on
 * SIGTERM stops the operator itself before it exits.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { createOperator } from '@gen-operator/runtime';
import { Example } from '../resources.js';

const namespace = process.env.WATCH_NAMESPACE ?? 'default';
const operator = createOperator();
process.once('SIGTERM', () => {
  void operator.stop().then(() => process.exit(0));
});

operator.on.create(Example, function createFn({ name, logger }) {
  logger.info(`The embedded operator handles ${name}.`);
  return { handledBy: 'the embedded operator' };
});

operator.on.delete(Example, function deleteFn() {});

const kubeConfig = new KubeConfig();
kubeConfig.loadFromDefault();
const examples = Example.api(kubeConfig);

await operator.start({ kubeConfig, namespaces: [namespace] });

// The application's own work, while the operator runs beside it.
await examples.create({
  apiVersion: 'examples.gen-operator.dev/v1',
  kind: 'Example',
  metadata: { name: 'made-by-the-app', namespace },
  spec: { field: 'app' },
});
while (!(await examples.get('made-by-the-app', namespace)).status?.createFn) await sleep(100);
await examples.delete('made-by-the-app', namespace);
