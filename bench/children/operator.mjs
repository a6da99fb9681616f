// gen-operator: each Demo owns one ConfigMap, applied by its create handler and applied again on any
// change to it (its deletion included). The built runtime, with the children API.
import { ConfigMap, createOperator } from '../../packages/runtime/dist/index.js';
import { Demo } from '../../packages/runtime/test/fixtures/demo.mjs';

const desired = { data: { greeting: 'hello' } };
const operator = createOperator();
operator.on.create(Demo, async ({ children }) => {
  await children.apply(ConfigMap, desired);
});
operator.on.child(Demo, ConfigMap, async ({ children }) => {
  await children.apply(ConfigMap, desired);
});
await operator.run({ namespaces: [process.env.NAMESPACE], handleSignals: true, logLevel: 'warn' });
