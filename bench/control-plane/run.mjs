// Control plane from cache to ready, and its memory: N starts, one at a time.
// Usage: node bench/control-plane/run.mjs [runs=5]
import { readFileSync } from 'node:fs';
import { startControlPlane } from '../../packages/testing/dist/index.js';
import { median } from '../lib/stats.mjs';

const runs = Number(process.argv[2] ?? 5);
const rssMiB = (pid) => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Math.round(Number(line.split(/\s+/)[1]) / 1024);
  } catch {
    return NaN;
  }
};
const rows = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const plane = await startControlPlane();
  const ready = performance.now() - started;
  await new Promise((r) => setTimeout(r, 5000)); // let the controller-manager settle
  const [etcd, apiserver, kcm] = plane.pids.map(rssMiB);
  rows.push({ ready, etcd, apiserver, kcm });
  await plane.stop();
}
console.log('| run | ready (s) | etcd RSS (MiB) | kube-apiserver RSS (MiB) | kube-controller-manager RSS (MiB) |');
console.log('|---|---|---|---|---|');
for (const [i, r] of rows.entries()) console.log(`| ${i + 1} | ${(r.ready / 1000).toFixed(2)} | ${r.etcd} | ${r.apiserver} | ${r.kcm} |`);
console.log(
  `| median | ${(median(rows.map((r) => r.ready)) / 1000).toFixed(2)} | ${median(rows.map((r) => r.etcd))} | ${median(rows.map((r) => r.apiserver))} | ${median(rows.map((r) => r.kcm))} |`,
);
