// gen-operator: one create handler that sets status from spec.name (the built runtime).
import { createOperator } from '../../packages/runtime/dist/index.js';
import { Demo } from '../../packages/runtime/test/fixtures/demo.mjs';

const operator = createOperator();
operator.on.create(Demo, ({ spec, patch }) => {
  patch.status = { phase: 'Ready', message: `hello ${spec.name}` };
});
await operator.run({ namespaces: [process.env.NAMESPACE], handleSignals: true, logLevel: 'warn' });
