// N Demo parents, each owning one ConfigMap that its operator applies: gen-operator beside
// controller-runtime, kopf and a floor script, in one run, each row on a fresh control plane.
// 1. converge: from the operator's launch until every parent has its child;
// 2. recover: every child deleted by hand at once; for each, the time from the harness seeing it gone
//    to the harness seeing its successor (one watch on ConfigMaps for both, bench/lib/watch-objects.mjs).
// Usage: npm run build && node bench/children/run.mjs [N ...]   (default 1000; OPERATORS=floor,kopf for a subset)
import { fileURLToPath } from 'node:url';
import { countRequests } from '../lib/apiserver-requests.mjs';
import { createDemos, inParallel, startDemoPlane } from '../lib/demo-plane.mjs';
import { chooseOperators, kopfOperator, launchOperator, stopEverythingOnSignal } from '../lib/operator-process.mjs';
import { peersGoBinary } from '../lib/peers-go.mjs';
import { watchObjects } from '../lib/watch-objects.mjs';
import { percentile } from '../lib/stats.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const ns = sizes.length ? sizes : [1000];
const TIMEOUT_MS = 600_000;
/** What the operators' requests are counted on (the harness's own are taken out). */
const RESOURCES = ['demo', 'configmaps', 'events'];

const { launchers } = chooseOperators({
  floor: () => ({ command: process.execPath, args: [here('./floor.mjs')] }),
  'gen-operator': () => ({ command: process.execPath, args: [here('./operator.mjs')] }),
  'controller-runtime': () => ({ command: peersGoBinary(), args: ['children'] }),
  kopf: kopfOperator(here('.')),
});

let plane;
stopEverythingOnSignal(() => plane?.stop());

const ownerUid = (object) => object.metadata.ownerReferences?.find((ref) => ref.kind === 'Demo' && ref.controller)?.uid;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms) => (ms / 1000).toFixed(2);

async function measure(name, launcher, n) {
  const namespace = `${name}-${n}`.replace(/[^a-z0-9-]/g, '');
  await plane?.stop();
  plane = await startDemoPlane();
  await createDemos(plane, namespace, n);

  // Per parent uid: its child now, and when a child was seen gone and when its successor appeared.
  const childOf = new Map();
  const goneAt = new Map();
  const backAfter = [];
  const connection = { server: plane.server, ...plane.adminCredentials };
  const children = watchObjects(connection, `/api/v1/namespaces/${namespace}/configmaps`, {
    matches: (object) => ownerUid(object) !== undefined,
    onChange: (type, object, at) => {
      const parent = ownerUid(object);
      if (type === 'DELETED') {
        if (childOf.get(parent)?.metadata.uid === object.metadata.uid) childOf.delete(parent);
        goneAt.set(parent, at);
        return;
      }
      childOf.set(parent, object);
      const gone = goneAt.get(parent);
      if (type === 'ADDED' && gone !== undefined) {
        backAfter.push(at - gone);
        goneAt.delete(parent);
      }
    },
  });
  await sleep(2000); // let the apiserver settle after the burst
  const env = { ...process.env, KUBECONFIG: plane.kubeconfigPath, NAMESPACE: namespace };
  const row = { n, name };
  const before = await countRequests(plane, RESOURCES);
  const started = performance.now();
  const operator = launchOperator(launcher, env);
  try {
    const converged = await operator.whileRunning(children.until(() => childOf.size >= n, TIMEOUT_MS));
    if (converged === undefined) {
      row.converge = `never (${childOf.size}/${n} ${operator.whyNot(TIMEOUT_MS)})`;
      console.error(`${name} did not converge; its last lines:\n${operator.tail()}`);
      return row;
    }
    row.converge = seconds(converged - started);
    row.convergeCpu = operator.cpuSeconds().toFixed(1);
    await sleep(3000); // the writes still in flight (status, progress records) belong to converging
    const afterConverge = await countRequests(plane, RESOURCES);
    row.requests = ((afterConverge.total - before.total) / n).toFixed(2);
    row.writes = ((afterConverge.writes - before.writes) / n).toFixed(2);

    // Recover: delete every child at once, as a person with kubectl delete configmaps --all would.
    const victims = [...childOf.values()].map((object) => object.metadata.name);
    const deleting = performance.now();
    await inParallel(victims.length, (i) =>
      plane.request('DELETE', `/api/v1/namespaces/${namespace}/configmaps/${victims[i]}`).catch((error) => {
        if (error.status !== 404) throw error;
      }),
    );
    const recovered = await operator.whileRunning(
      children.until(() => backAfter.length >= victims.length && childOf.size >= n, TIMEOUT_MS),
    );
    if (recovered === undefined) {
      row.recover = `never (${backAfter.length}/${victims.length} ${operator.whyNot(TIMEOUT_MS)})`;
      console.error(`${name} did not recover; its last lines:\n${operator.tail()}`);
      return row;
    }
    row.recoverAll = seconds(recovered - deleting);
    const sorted = backAfter.toSorted((a, b) => a - b);
    row.p50 = seconds(percentile(sorted, 50));
    row.p99 = seconds(percentile(sorted, 99));
    await sleep(3000);
    const afterRecover = await countRequests(plane, RESOURCES);
    // The harness's own DELETEs are taken out.
    row.recoverRequests = ((afterRecover.total - afterConverge.total - victims.length) / victims.length).toFixed(2);
    return row;
  } finally {
    row.peak = Math.round(operator.peakMiB());
    row.cpu = operator.cpuSeconds().toFixed(1);
    row.watches = children.stats.watches;
    await operator.stop();
    await children.close();
  }
}

const rows = [];
try {
  for (const n of ns) {
    for (const [name, launcher] of Object.entries(launchers)) {
      rows.push(await measure(name, launcher, n));
      console.error(JSON.stringify(rows.at(-1)));
    }
  }
} finally {
  await plane?.stop();
}

const cell = (value) => value ?? '–';
console.log(
  '| N | operator | converge (s) | requests / parent | writes / parent | all back (s) | back p50 (s) | back p99 (s) | requests / child back | peak RSS (MiB) | CPU (s) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.n} | ${r.name} | ${r.converge} | ${cell(r.requests)} | ${cell(r.writes)} | ${cell(r.recoverAll ?? r.recover)} | ${cell(r.p50)} | ${cell(r.p99)} | ${cell(r.recoverRequests)} | ${r.peak} | ${r.cpu} |`,
  );
}
