// gen-operator: one create handler that sets status from spec.name (the built runtime).
// With GEN_OPERATOR_PORT set, it serves /metrics and prints {"port": …} on stdout once it listens
// (its own log line saying so is at info, below this operator's log level).
import { createOperator } from '../../packages/runtime/dist/index.js';
import { Demo } from '../../packages/runtime/test/fixtures/demo.mjs';

const operator = createOperator();
operator.on.create(Demo, ({ spec, patch }) => {
  patch.status = { phase: 'Ready', message: `hello ${spec.name}` };
});
const running = operator.run({ namespaces: [process.env.NAMESPACE], handleSignals: true, logLevel: 'warn' });
if (process.env.GEN_OPERATOR_PORT !== undefined) {
  const announce = setInterval(() => {
    if (operator.port === undefined) return;
    clearInterval(announce);
    console.log(JSON.stringify({ port: operator.port }));
  }, 20);
  running.finally(() => clearInterval(announce));
}
await running;
