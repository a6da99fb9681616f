// gen-operator's side of bench/webhook: one on.validate handler on Demo that reads spec.name and
// refuses "refuse" (the bench's probe that the webhook is in the path). Development mode: a local
// CA, HTTPS on 127.0.0.1:WEBHOOK_PORT, and the ValidatingWebhookConfiguration `bench-webhook`
// registered by the operator itself.
import { AdmissionError, createOperator } from '../../packages/runtime/dist/index.js';
import { Demo } from '../../packages/runtime/test/fixtures/demo.mjs';

const operator = createOperator();
operator.on.validate(Demo, ({ object }) => {
  if (object.spec?.name === 'refuse') throw new AdmissionError('spec.name must not be refuse');
});
await operator.run({
  namespaces: [process.env.NAMESPACE],
  webhooks: { port: Number(process.env.WEBHOOK_PORT), name: 'bench-webhook' },
  handleSignals: true,
  logLevel: 'warn',
});
