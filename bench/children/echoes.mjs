// Requests per parent when a create handler applies children: N Demo objects, each handler applies
// three ConfigMaps (server-side apply) and sets status. The same operator is run twice in one
// control plane, without and with on.child(Demo, ConfigMap): the child watch must cost no request
// per parent, i.e. the watch echoes of the handler's own applies must not re-trigger the parent.
// The floor is 4 writes per parent (3 applies, 1 status write). Usage: node bench/children/echoes.mjs [N]
import { fileURLToPath } from 'node:url';
import { ConfigMap, createOperator } from '../../packages/runtime/dist/index.js';
import { installCrds, startControlPlane } from '../../packages/testing/dist/index.js';
import { Demo } from '../../packages/runtime/test/fixtures/demo.mjs';

const N = Number(process.argv[2] ?? 300);
const CHILDREN = 3;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what, check, timeoutMs = 300_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function runCase(plane, name, withOnChild) {
  const namespace = `bench-children-${name}`;
  await plane.request('POST', '/api/v1/namespaces', { metadata: { name: namespace } });
  for (let i = 0; i < N; i++) {
    await plane.request('POST', `/apis/devoops.io/v1/namespaces/${namespace}/demo`, {
      apiVersion: 'devoops.io/v1',
      kind: 'Demo',
      metadata: { name: `d${i}` },
      spec: { name: `d${i}` },
    });
  }
  const operator = createOperator();
  let childCalls = 0;
  operator.on.create(Demo, async ({ name, children, patch }) => {
    for (let c = 0; c < CHILDREN; c++) await children.apply(ConfigMap, { metadata: { name: `${name}-${c}` }, data: { c: String(c) } });
    patch.status = { phase: 'Ready' };
  });
  if (withOnChild) operator.on.child(Demo, ConfigMap, () => void childCalls++);
  const started = Date.now();
  await operator.start({ kubeConfig: plane.kubeConfig, namespaces: [namespace], logLevel: 'warn' });
  await until('every parent Ready', async () => {
    const list = await plane.request('GET', `/apis/devoops.io/v1/namespaces/${namespace}/demo`);
    return list.items.every((d) => d.status?.phase === 'Ready');
  });
  const seconds = (Date.now() - started) / 1000;
  // Quiet for 3 s: every echo has arrived and been settled or handled.
  let last = -1;
  await until('no more requests', async () => {
    const now = operator.stats().requests;
    const quiet = now === last;
    last = now;
    if (!quiet) await sleep(3000);
    return quiet;
  });
  const stats = operator.stats();
  await operator.stop();
  return { name, seconds, requests: stats.requests / N, writes: stats.writes / N, childCalls };
}

const plane = await startControlPlane({ controllerManager: false });
try {
  await installCrds(plane, [fileURLToPath(new URL('../../crds/demo.yaml', import.meta.url))]);
  const rows = [await runCase(plane, 'plain', false), await runCase(plane, 'on-child', true)];
  console.log(`| N = ${N}, ${CHILDREN} children each | time (s) | API requests / parent | API writes / parent | on.child calls |`);
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.seconds.toFixed(1)} | ${r.requests.toFixed(2)} | ${r.writes.toFixed(2)} | ${r.childCalls} |`);
  }
} finally {
  await plane.stop();
}
