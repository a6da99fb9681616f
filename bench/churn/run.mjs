// Churn: N Demo objects converge, then the bench writes RATE spec changes per second for SECONDS
// seconds, spread over the objects. Each change puts its wall-clock write time (ms) into spec.name
// (stamp.mjs); each operator's handler records, at its start, now − stamp for the first start that
// sees a stamp (gen-operator: a field handler on spec.name; controller-runtime: in Reconcile). Both
// append to LATENCY_FILE; the bench reads the file after the run. Each row on a fresh control plane.
// Usage: npm run build && node bench/churn/run.mjs [N] [SECONDS] [RATE]   (default 10000 60 100)
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { countRequests } from '../lib/apiserver-requests.mjs';
import { stageDemos, startDemoPlane } from '../lib/demo-plane.mjs';
import { kubeClient } from '../lib/kube-client.mjs';
import { chooseOperators, launchOperator, stopEverythingOnSignal } from '../lib/operator-process.mjs';
import { peersGoBinary } from '../lib/peers-go.mjs';
import { stamped } from './stamp.mjs';
import { load, percentile } from '../lib/stats.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const [n = 10_000, seconds = 60, rate = 100] = process.argv.slice(2).map(Number);
const CONVERGE_TIMEOUT_MS = 900_000;
// After the last write, the handlers get this long to catch up; the wait ends early once every change is seen.
const DRAIN_MS = 60_000;
// Enough connections that a write never waits in this process for a free one: its stamp is taken
// as it is sent, so time spent queued here would count against the operator.
const WRITER_SOCKETS = 512;

const { launchers } = chooseOperators({
  'gen-operator': () => ({ command: process.execPath, args: [here('./operator.mjs')] }),
  'controller-runtime': () => ({ command: peersGoBinary(), args: ['churn'] }),
});

let plane;
stopEverythingOnSignal(() => plane?.stop());

/** "ended / expired / failed" from gen-operator's last {"watchRestarts": …} line; '–' for an operator that prints none. */
function watchRestartsOf(lines) {
  for (const line of lines.toReversed()) {
    try {
      const { watchRestarts: r } = JSON.parse(line);
      if (r) return `${r.ended} / ${r.expired} / ${r.failed}`;
    } catch {
      // Not that line.
    }
  }
  return '–';
}

/** RATE merge patches of spec.name per second for SECONDS, object k % N for the k-th; their outcomes. */
async function churn(client, namespace) {
  const total = Math.round(rate * seconds);
  const writes = [];
  const start = performance.now();
  let behind = 0; // the most the writer fell behind its schedule, ms
  for (let k = 0; k < total; k++) {
    const due = start + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else behind = Math.max(behind, -wait);
    const name = `demo-${k % n}`;
    const sent = performance.now();
    writes.push(
      client
        .call(
          'PATCH',
          `/apis/devoops.io/v1/namespaces/${namespace}/demo/${name}`,
          { spec: { name: stamped(name, Date.now()) } },
          'application/merge-patch+json',
        )
        .then(
          () => ({ ok: true, ms: performance.now() - sent }),
          (error) => ({ ok: false, ms: performance.now() - sent, error: error.message }),
        ),
    );
  }
  const outcomes = await Promise.all(writes);
  return { outcomes, behind, elapsed: (performance.now() - start) / 1000 };
}

const latenciesIn = (file) => {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => Number(line.split(' ')[2]));
  } catch {
    return [];
  }
};

const rows = [];
try {
  for (const [name, launcher] of Object.entries(launchers)) {
    const loadBefore = load();
    const namespace = `churn-${name}`.replace(/[^a-z0-9-]/g, '');
    const latencyFile = join(tmpdir(), `churn-latencies-${process.pid}-${namespace}.txt`);
    rmSync(latencyFile, { force: true });
    await plane?.stop();
    plane = await startDemoPlane();
    const { connection, ready } = await stageDemos(plane, namespace, n);
    const env = { ...process.env, KUBECONFIG: plane.kubeconfigPath, NAMESPACE: namespace, LATENCY_FILE: latencyFile };
    const started = performance.now();
    const operator = launchOperator(launcher, env);
    const converged = await operator.whileRunning(ready.until((counted) => counted.size >= n, CONVERGE_TIMEOUT_MS));
    await ready.close();
    const row = { name, loadBefore, converge: converged === undefined ? 'never' : ((converged - started) / 1000).toFixed(1) };
    if (converged === undefined) {
      console.error(`${name} did not converge; its last lines:\n${operator.tail()}`);
    } else {
      const cpuBefore = operator.cpuSeconds();
      const client = kubeClient(connection, { maxSockets: WRITER_SOCKETS });
      const before = await countRequests(plane, ['demo']);
      const { outcomes, behind, elapsed } = await operator.whileRunning(churn(client, namespace));
      client.close();
      const written = outcomes.filter((o) => o.ok).length;
      const drainUntil = performance.now() + DRAIN_MS;
      while (latenciesIn(latencyFile).length < written && performance.now() < drainUntil) await sleep(250);
      const cpu = operator.cpuSeconds() - cpuBefore;
      const after = await countRequests(plane, ['demo']);
      const latencies = latenciesIn(latencyFile).sort((a, b) => a - b);
      const writeMs = outcomes.map((o) => o.ms).sort((a, b) => a - b);
      Object.assign(row, {
        written,
        failed: outcomes.length - written,
        seen: latencies.length,
        writeSeconds: elapsed.toFixed(1),
        writerBehindMs: Math.round(behind),
        writeP50: Math.round(percentile(writeMs, 50)),
        writeP99: Math.round(percentile(writeMs, 99)),
        // The apiserver's count of writes to Demo objects, less the bench's own, per change written.
        operatorWrites: ((after.writes - before.writes - outcomes.length) / Math.max(1, written)).toFixed(2),
        operatorRequests: ((after.total - before.total - outcomes.length) / Math.max(1, written)).toFixed(2),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1),
        churnCpu: cpu.toFixed(1),
      });
      for (const o of outcomes.filter((o) => !o.ok).slice(0, 3)) console.error(`a write failed: ${o.error}`);
    }
    row.peak = Math.round(operator.peakMiB());
    row.cpu = operator.cpuSeconds().toFixed(1);
    await operator.stop();
    row.restarts = watchRestartsOf(operator.process.lines);
    rmSync(latencyFile, { force: true });
    row.loadAfter = load();
    rows.push(row);
    console.error(JSON.stringify(rows.at(-1)));
  }
} finally {
  await plane?.stop();
}

console.log(`N = ${n}, ${rate} changes/s for ${seconds} s`);
console.log('');
console.log(
  "| operator | converge (s) | changes seen / written | p50 (ms) | p99 (ms) | max (ms) | operator requests / writes per change | CPU in churn (s) | CPU total (s) | peak RSS (MiB) | the bench's write p50 / p99 (ms) | writes done after (s) | watch opened again: ended / expired / failed | load before → after |",
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.converge} | ${r.seen ?? '–'} / ${r.written ?? '–'} | ${r.p50 ?? '–'} | ${r.p99 ?? '–'} | ${r.max ?? '–'} | ${r.operatorRequests ?? '–'} / ${r.operatorWrites ?? '–'} | ${r.churnCpu ?? '–'} | ${r.cpu} | ${r.peak} | ${r.writeP50 ?? '–'} / ${r.writeP99 ?? '–'} | ${r.writeSeconds ?? '–'} | ${r.restarts} | ${r.loadBefore} → ${r.loadAfter} |`,
  );
