// The cost of metrics: bench/converge's gen-operator converging N Demo objects, once with /metrics
// served and scraped every second by this process, once without a port, back to back, each on a
// fresh control plane. Time runs from the operator's launch until every object is Ready
// (bench/lib/watch-objects.mjs); the ratio of the two times is the throughput ratio.
// Usage: npm run build && node bench/metrics/run.mjs [N ...]   (default 1000 10000; PAIRS=2 repeats each pair)
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { stageDemos, startDemoPlane } from '../lib/demo-plane.mjs';
import { launchOperator, stopEverythingOnSignal } from '../lib/operator-process.mjs';
import { load } from '../lib/stats.mjs';

const operatorScript = fileURLToPath(new URL('../converge/operator.mjs', import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const ns = sizes.length ? sizes : [1000, 10000];
const pairs = Number(process.env.PAIRS ?? 1);
const TIMEOUT_MS = 900_000;
const SCRAPE_MS = 1000;

let plane;
stopEverythingOnSignal(() => plane?.stop());

/** GET /metrics on `port` every second until stop(); counts the scrapes that answered 200 and their bytes. */
function scrapeEverySecond(port) {
  const stats = { scrapes: 0, failed: 0, bytes: 0 };
  const scrapeOnce = () =>
    new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
        let bytes = 0;
        res.on('data', (chunk) => {
          bytes += chunk.length;
        });
        res.on('end', () => {
          if (res.statusCode === 200) {
            stats.scrapes++;
            stats.bytes = bytes;
          } else stats.failed++;
          resolve();
        });
      });
      req.on('error', () => {
        stats.failed++;
        resolve();
      });
      req.end();
    });
  const timer = setInterval(scrapeOnce, SCRAPE_MS);
  scrapeOnce();
  return { stats, stop: () => clearInterval(timer) };
}

/** The port from the operator's {"port": …} line, once it has printed it; undefined if it exits first. */
async function portOf(operator) {
  let exited = false;
  operator.process.exited.then(() => {
    exited = true;
  });
  while (!exited) {
    for (const line of operator.process.lines) {
      try {
        const { port } = JSON.parse(line);
        if (Number.isInteger(port)) return port;
      } catch {
        // Not the line we wait for.
      }
    }
    await sleep(20);
  }
  return undefined;
}

const rows = [];
try {
  for (const n of ns) {
    for (let pair = 0; pair < pairs; pair++) {
      // Every other pair runs the scraped row first: a row's place in the run can favour it.
      for (const scraped of pair % 2 ? [true, false] : [false, true]) {
        const loadBefore = load();
        const namespace = `metrics-${n}-${scraped ? 'scraped' : 'none'}`;
        await plane?.stop();
        plane = await startDemoPlane();
        const { ready } = await stageDemos(plane, namespace, n);
        const env = { ...process.env, KUBECONFIG: plane.kubeconfigPath, NAMESPACE: namespace };
        if (scraped) env.GEN_OPERATOR_PORT = '0';
        else delete env.GEN_OPERATOR_PORT;
        const started = performance.now();
        const operator = launchOperator({ command: process.execPath, args: [operatorScript] }, env);
        // The scraper starts as soon as the port is known and runs until every object is Ready.
        const scraper = scraped ? portOf(operator).then((port) => port && scrapeEverySecond(port)) : undefined;
        const finished = await operator.whileRunning(ready.until((counted) => counted.size >= n, TIMEOUT_MS));
        const scrapes = await scraper;
        scrapes?.stop();
        const peak = operator.peakMiB();
        const cpu = operator.cpuSeconds();
        if (finished === undefined) console.error(`the operator did not converge; its last lines:\n${operator.tail()}`);
        await operator.stop();
        await ready.close();
        rows.push({
          n,
          pair,
          metrics: scraped ? 'served, scraped every 1 s' : 'no port',
          seconds: finished === undefined ? NaN : (finished - started) / 1000,
          peak: Math.round(peak),
          cpu,
          scrapes: scrapes ? `${scrapes.stats.scrapes} (${Math.round(scrapes.stats.bytes / 1024)} KiB last)` : '–',
          load: `${loadBefore} → ${load()}`,
        });
        console.error(JSON.stringify(rows.at(-1)));
      }
    }
  }
} finally {
  await plane?.stop();
}

console.log('| N | metrics | time (s) | peak RSS (MiB) | CPU (s) | scrapes | load before → after |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.n} | ${r.metrics} | ${r.seconds.toFixed(1)} | ${r.peak} | ${r.cpu.toFixed(2)} | ${r.scrapes} | ${r.load} |`);
// Each pair: throughput with metrics scraped against without (1.00 = no cost).
for (const n of ns) {
  for (let pair = 0; pair < pairs; pair++) {
    const row = (scraped) => rows.find((r) => r.n === n && r.pair === pair && r.metrics.startsWith(scraped ? 'served' : 'no'));
    const [none, scraped] = [row(false), row(true)];
    if (none && scraped)
      console.log(`N=${n}, pair ${pair + 1}: throughput with /metrics scraped = ${(none.seconds / scraped.seconds).toFixed(3)} × without`);
  }
}
// Over all pairs of a size: total time and total CPU (CPU moves less with the machine's load than time).
for (const n of ns) {
  const of = (scraped) => rows.filter((r) => r.n === n && r.metrics.startsWith(scraped ? 'served' : 'no'));
  const sum = (list, key) => list.reduce((total, r) => total + Number(r[key]), 0);
  const [none, scraped] = [of(false), of(true)];
  console.log(
    `N=${n}, ${none.length} pairs: throughput ${(sum(none, 'seconds') / sum(scraped, 'seconds')).toFixed(3)} × without, CPU ${(sum(scraped, 'cpu') / sum(none, 'cpu')).toFixed(3)} × without`,
  );
}
