// N Demo objects; the same operator (bench/converge's create handler) without and with a 10 s timer
// per object, each for DURATION seconds after its first listing, each on a fresh control plane, in
// one run. Reports tick lateness (start minus due time) p50/p99/max, peak RSS (and when it came) and CPU.
// Usage: npm run build && node bench/timers/run.mjs [N]   (default 10000; DURATION=60, INTERVAL=10)
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createDemos, startDemoPlane } from '../lib/demo-plane.mjs';
import { launchOperator, stopEverythingOnSignal } from '../lib/operator-process.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const n = Number(process.argv[2] ?? 10000);
const duration = Number(process.env.DURATION ?? 60);
const interval = Number(process.env.INTERVAL ?? 10);
const variants = [
  { name: 'without timers', timers: '0' },
  { name: `with a ${interval} s timer`, timers: '1' },
];

const rows = [];
let plane;
stopEverythingOnSignal(() => plane?.stop());
try {
  for (const variant of variants) {
    await plane?.stop();
    plane = await startDemoPlane();
    const namespace = `timers-${variant.timers}`;
    await createDemos(plane, namespace, n);
    await new Promise((r) => setTimeout(r, 2000)); // let the apiserver settle after the burst
    const load = loadavg()[0];
    const env = {
      ...process.env,
      KUBECONFIG: plane.kubeconfigPath,
      NAMESPACE: namespace,
      TIMERS: variant.timers,
      DURATION: String(duration),
      INTERVAL: String(interval),
      LAUNCHED_AT: String(Date.now()),
    };
    // The operator prints its summary as the last line on stdout and exits after DURATION.
    const operator = launchOperator({ command: process.execPath, args: [here('./operator.mjs')] }, env);
    const code = await operator.process.exited;
    const peak = operator.peakMiB();
    const cpu = operator.cpuSeconds();
    await operator.stop();
    const output = operator.process.stdout;
    const summary = code === 0 ? JSON.parse(output.trim().split('\n').pop()) : {};
    rows.push({ n, variant: variant.name, load: load.toFixed(1), peak: Math.round(peak), cpu: cpu.toFixed(1), code, ...summary });
    console.error(JSON.stringify(rows.at(-1)));
  }
} finally {
  await plane?.stop();
}

console.log(
  `| N | operator | load avg (1 min) before | listed after (s) | ticks in ${duration} s | lateness p50 (ms) | p99 (ms) | max (ms) | peak RSS (MiB) | peak at (s from listed) | heap used at the end (MiB) | CPU (s) |`,
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const listed = r.listedAfterMs === undefined ? '' : (r.listedAfterMs / 1000).toFixed(1);
  const late = (v) => (v === undefined ? '–' : v);
  console.log(
    `| ${r.n} | ${r.variant} | ${r.load} | ${listed} | ${r.ticks ?? '–'} | ${late(r.p50)} | ${late(r.p99)} | ${late(r.max === undefined ? undefined : Math.round(r.max))} | ${r.peak} | ${r.peakAtS} | ${r.heapUsedMiB} | ${r.cpu} |`,
  );
}
const [without, withTimers] = rows;
if (without?.peak && withTimers?.peak) console.log(`peak RSS with timers = ${(withTimers.peak / without.peak).toFixed(2)} × without`);
