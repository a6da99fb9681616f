// gen-operator under churn: bench/converge's create handler, and a field handler on spec.name that
// records, at its start, how long ago the bench wrote the change (spec.name is "<name>.<wall-clock ms>").
// Each stamp's first start is appended to LATENCY_FILE as "<name> <stamp> <latency ms>".
import { appendFileSync } from 'node:fs';
import { createOperator } from '../../packages/runtime/dist/index.js';
import { Demo } from '../../packages/runtime/test/fixtures/demo.mjs';
import { stampOf } from './stamp.mjs';

const latencyFile = process.env.LATENCY_FILE;
if (!latencyFile) throw new Error('LATENCY_FILE is not set');
/** object name → the newest stamp a handler has started for. */
const lastStamp = new Map();

const operator = createOperator();
operator.on.create(Demo, ({ spec, patch }) => {
  patch.status = { phase: 'Ready', message: `hello ${spec.name}` };
});
operator.on.field(Demo, 'spec.name', ({ name, new: current }) => {
  const now = Date.now();
  const stamp = stampOf(current);
  if (stamp === undefined || stamp <= (lastStamp.get(name) ?? 0)) return;
  lastStamp.set(name, stamp);
  appendFileSync(latencyFile, `${name} ${stamp} ${now - stamp}\n`);
});
// For the bench's table: how often the watch was opened again, and why (a relist stalls every change).
operator.on.cleanup(() => {
  console.log(JSON.stringify({ watchRestarts: operator.stats().watchRestarts }));
});
await operator.run({ namespaces: [process.env.NAMESPACE], handleSignals: true, logLevel: 'warn' });
