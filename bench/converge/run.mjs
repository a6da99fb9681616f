// Converge N Demo objects: gen-operator beside kopf, the TypeScript peers (peers.mjs) and a floor
// script, in one run, each row on a fresh control plane.
// Time runs from the operator's launch until a watch has seen every object with status.phase Ready.
// Usage: npm run build && node bench/converge/run.mjs [N ...]   (default 1000 10000)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { installCrds, startControlPlane } from '../../packages/testing/dist/index.js';
import { cpuSeconds, createDemoObjects, procStatus } from '../demo-plane.mjs';
import { preparePeers } from './peers.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const ns = sizes.length ? sizes : [1000, 10000];
const kopf = here('./.venv/bin/kopf');
const operators = {
  floor: (env) => spawn(process.execPath, [here('./floor.mjs')], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
  'gen-operator': (env) => spawn(process.execPath, [here('./operator.mjs')], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
  ...(existsSync(kopf)
    ? {
        kopf: (env) =>
          spawn(kopf, ['run', '--standalone', '--quiet', '--namespace', env.NAMESPACE, here('./kopf_operator.py')], {
            env,
            stdio: ['ignore', 'ignore', 'ignore'],
          }),
      }
    : {}),
};

// OPERATORS=floor,gen-operator runs a subset (for iterating; the published table runs all).
const only = process.env.OPERATORS?.split(',');
for (const name of Object.keys(operators)) if (only && !only.includes(name)) delete operators[name];
Object.assign(operators, preparePeers(only));

// Every row gets a fresh control plane: objects left by earlier rows would slow the apiserver (its
// watch cache and etcd grow) for whichever operator happens to run later.
let plane;
async function freshPlane() {
  await plane?.stop();
  plane = await startControlPlane({ controllerManager: false });
  await installCrds(plane, [here('../../crds/demo.yaml')]);
}

async function demoRequests() {
  const text = await plane.request('GET', '/metrics');
  let total = 0;
  let writes = 0;
  for (const line of String(text).split('\n')) {
    if (!line.startsWith('apiserver_request_total{') || !line.includes('resource="demo"')) continue;
    const value = Number(line.split(' ').pop());
    total += value;
    if (/verb="(PATCH|PUT|POST|DELETE|UPDATE|CREATE|APPLY)"/.test(line)) writes += value;
  }
  return { total, writes };
}

/** Counts objects whose status.phase is Ready, through one watch from `rv`. */
function watchReady(namespace, rv, n) {
  const creds = plane.adminCredentials;
  const ready = new Set();
  let resolveDone;
  const done = new Promise((resolve) => {
    resolveDone = resolve;
  });
  const url = new URL(
    `/apis/devoops.io/v1/namespaces/${namespace}/demo?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`,
    plane.server,
  );
  const req = request(
    url,
    { ca: creds.ca, cert: creds.cert, key: creds.key, headers: creds.token ? { authorization: `Bearer ${creds.token}` } : {} },
    (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let i = buffer.indexOf('\n');
        while (i >= 0) {
          const event = JSON.parse(buffer.slice(0, i));
          buffer = buffer.slice(i + 1);
          if (event.object?.status?.phase === 'Ready') ready.add(event.object.metadata.uid);
          if (ready.size >= n) resolveDone(performance.now());
          i = buffer.indexOf('\n');
        }
      });
    },
  );
  req.on('error', () => undefined);
  req.end();
  return { done, ready, close: () => req.destroy() };
}

const rows = [];
try {
  for (const n of ns) {
    for (const [name, launch] of Object.entries(operators)) {
      const namespace = `${name}-${n}`.replace(/[^a-z0-9-]/g, '');
      await freshPlane();
      const rv = await createDemoObjects(plane, namespace, n);
      const watcher = watchReady(namespace, rv, n);
      await new Promise((r) => setTimeout(r, 2000)); // let the apiserver settle after the burst
      const before = await demoRequests();
      const env = { ...process.env, KUBECONFIG: plane.kubeconfigPath, NAMESPACE: namespace };
      const started = performance.now();
      const child = launch(env);
      let peak = 0;
      const sampler = setInterval(() => {
        try {
          peak = Math.max(peak, procStatus(child.pid, 'VmHWM'));
        } catch {}
      }, 100);
      const timeoutMs = 600_000;
      let timer;
      const finished = await Promise.race([watcher.done, new Promise((r) => (timer = setTimeout(() => r(undefined), timeoutMs)))]);
      clearTimeout(timer); // else the process outlives the last row by up to timeoutMs
      clearInterval(sampler);
      let cpu = NaN;
      try {
        peak = Math.max(peak, procStatus(child.pid, 'VmHWM'));
        cpu = cpuSeconds(child.pid);
      } catch {}
      await new Promise((r) => setTimeout(r, 1000)); // count the writes still in flight
      const after = await demoRequests();
      child.kill('SIGKILL');
      watcher.close();
      rows.push({
        n,
        name,
        seconds:
          finished === undefined
            ? `never (${watcher.ready.size}/${n} after ${timeoutMs / 1000} s)`
            : ((finished - started) / 1000).toFixed(1),
        peak: Math.round(peak),
        cpu: cpu.toFixed(1),
        requests: ((after.total - before.total) / n).toFixed(2),
        writes: ((after.writes - before.writes) / n).toFixed(2),
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
