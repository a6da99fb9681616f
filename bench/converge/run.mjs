// Converge N Demo objects: gen-operator beside controller-runtime, kopf, the TypeScript peers
// (peers.mjs) and a floor script, in one run, each row on a fresh control plane.
// Time runs from the operator's launch until every object has status.phase Ready (bench/lib/watch-objects.mjs).
// Usage: npm run build && node bench/converge/run.mjs [N ...]   (default 1000 10000)
import { fileURLToPath } from 'node:url';
import { countRequests } from '../lib/apiserver-requests.mjs';
import { stageDemos, startDemoPlane } from '../lib/demo-plane.mjs';
import { chooseOperators, kopfOperator, launchOperator, stopEverythingOnSignal } from '../lib/operator-process.mjs';
import { peersGoBinary } from '../lib/peers-go.mjs';
import { PEER_NAMES, preparePeers } from './peers.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const ns = sizes.length ? sizes : [1000, 10000];
const TIMEOUT_MS = 600_000;

// OPERATORS=floor,gen-operator runs a subset (for iterating; the published table runs all).
const { launchers, only } = chooseOperators(
  {
    floor: () => ({ command: process.execPath, args: [here('./floor.mjs')] }),
    // The floor plus the watch every operator keeps: what seeing the objects costs on top of the writes.
    'floor+watch': () => ({ command: process.execPath, args: [here('./floor.mjs')], env: { FLOOR_WATCH: '1' } }),
    'gen-operator': () => ({ command: process.execPath, args: [here('./operator.mjs')] }),
    'controller-runtime': () => ({ command: peersGoBinary(), args: ['converge'] }),
    kopf: kopfOperator(here('.')),
  },
  PEER_NAMES,
);
Object.assign(launchers, preparePeers(only));

let plane;
stopEverythingOnSignal(() => plane?.stop());
const demoRequests = () => countRequests(plane, ['demo']);

const rows = [];
try {
  for (const n of ns) {
    for (const [name, launcher] of Object.entries(launchers)) {
      const namespace = `${name}-${n}`.replace(/[^a-z0-9-]/g, '');
      await plane?.stop();
      plane = await startDemoPlane();
      const { ready } = await stageDemos(plane, namespace, n);
      const before = await demoRequests();
      const env = { ...process.env, KUBECONFIG: plane.kubeconfigPath, NAMESPACE: namespace };
      const started = performance.now();
      const operator = launchOperator(launcher, env);
      const finished = await operator.whileRunning(ready.until((counted) => counted.size >= n, TIMEOUT_MS));
      const peak = operator.peakMiB();
      const cpu = operator.cpuSeconds();
      await new Promise((r) => setTimeout(r, 1000)); // count the writes still in flight
      const after = await demoRequests();
      if (finished === undefined) console.error(`${name} did not converge; its last lines:\n${operator.tail()}`);
      await operator.stop();
      await ready.close();
      rows.push({
        n,
        name,
        seconds:
          finished === undefined
            ? `never (${ready.counted.size}/${n} ${operator.whyNot(TIMEOUT_MS)})`
            : ((finished - started) / 1000).toFixed(1),
        peak: Math.round(peak),
        cpu: cpu.toFixed(1),
        // The harness's own LIST and WATCH requests are in the count; each extra one is in watches.
        requests: ((after.total - before.total) / n).toFixed(2),
        writes: ((after.writes - before.writes) / n).toFixed(2),
        watches: ready.stats.watches,
      });
      console.error(JSON.stringify(rows.at(-1)));
    }
  }
} finally {
  await plane?.stop();
}

console.log('| N | operator | time (s) | peak RSS (MiB) | CPU (s) | API requests / object | API writes / object |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.n} | ${r.name} | ${r.seconds} | ${r.peak} | ${r.cpu} | ${r.requests} | ${r.writes} |`);
// Ratios: each operator's throughput against the floor's, and gen-operator's against each framework's
// (with peak RSS). Rows that never converged have no time and are left out.
for (const n of ns) {
  const done = rows.filter((r) => r.n === n && Number.isFinite(Number(r.seconds)));
  const t = (r) => Number(r.seconds);
  const floor = done.find((r) => r.name === 'floor');
  const ours = done.find((r) => r.name === 'gen-operator');
  for (const r of floor ? done : []) {
    if (r !== floor) console.log(`N=${n}: ${r.name} throughput = ${(t(floor) / t(r)).toFixed(2)} × the floor`);
  }
  for (const r of ours ? done : []) {
    if (r !== ours && r !== floor)
      console.log(
        `N=${n}: gen-operator = ${(t(r) / t(ours)).toFixed(2)} × ${r.name}'s throughput at ${(ours.peak / r.peak).toFixed(2)} × its peak RSS`,
      );
  }
}
