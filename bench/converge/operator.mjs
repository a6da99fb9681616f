// gen-operator: one create handler that sets status from spec.name (the built runtime).
import { createOperator, defineResource } from '../../packages/runtime/dist/index.js';

const Demo = defineResource({
  group: 'devoops.io',
  version: 'v1',
  kind: 'Demo',
  plural: 'demo',
  singular: 'demo',
  namespaced: true,
  subresources: { status: true },
});
const operator = createOperator();
operator.on.create(Demo, ({ spec, patch }) => {
  patch.status = { phase: 'Ready', message: `hello ${spec.name}` };
});
await operator.run({ namespaces: [process.env.NAMESPACE], handleSignals: true, logLevel: 'warn' });
