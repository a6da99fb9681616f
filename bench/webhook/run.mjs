// Webhook: CREATES Demo objects, one after another, through the apiserver with no admission webhook,
// with gen-operator's on.validate handler, and with controller-runtime's admission webhook (the
// peer), on one control plane with both servers running all along. The rows take turns in blocks
// of BLOCK creates, so that a drift in the machine's load spreads over all of them; before each
// block only that row's ValidatingWebhookConfiguration exists, and a probe create that only a
// webhook refuses shows that it (or none) is in the path. Latency is the client's, per create.
// Usage: npm run build && node bench/webhook/run.mjs [CREATES] [BLOCK]   (default 2000 250)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startDemoPlane } from '../lib/demo-plane.mjs';
import { kubeClient } from '../lib/kube-client.mjs';
import { chooseOperators, launchOperator, stopEverythingOnSignal } from '../lib/operator-process.mjs';
import { peersGoBinary } from '../lib/peers-go.mjs';
import { load, percentile } from '../lib/stats.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const [creates = 2000, block = 250] = process.argv.slice(2).map(Number);
const NAMESPACE = 'webhook';
const CONFIGURATIONS = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations';
const DEMOS = `/apis/devoops.io/v1/namespaces/${NAMESPACE}/demo`;
const START_TIMEOUT_MS = 120_000;
const PROBE_TIMEOUT_MS = 30_000;
const OURS_PORT = 19443;
const PEER_PORT = 19444;

const { launchers } = chooseOperators({
  'gen-operator': () => ({ command: process.execPath, args: [here('./operator.mjs')] }),
  'controller-runtime': () => ({ command: peersGoBinary(), args: ['webhook'] }),
});

let plane;
stopEverythingOnSignal(() => plane?.stop());

const demo = (name, specName = name) => ({ apiVersion: 'devoops.io/v1', kind: 'Demo', metadata: { name }, spec: { name: specName } });

async function until(what, check, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The peer's configuration, as a user would apply it: its server, its self-signed certificate as the CA. */
const peerConfiguration = (caPem) => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name: 'bench-webhook-peer' },
  webhooks: [
    {
      name: 'v1.demo.devoops.io',
      clientConfig: { url: `https://127.0.0.1:${PEER_PORT}/validate/devoops.io/v1/demo`, caBundle: Buffer.from(caPem).toString('base64') },
      rules: [
        { apiGroups: ['devoops.io'], apiVersions: ['v1'], resources: ['demo'], operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' },
      ],
      failurePolicy: 'Fail',
      sideEffects: 'None',
      timeoutSeconds: 10,
      admissionReviewVersions: ['v1'],
    },
  ],
});

const rows = [];
const operators = [];
let certDir;
try {
  const loadBefore = load();
  plane = await startDemoPlane();
  await plane.request('POST', '/api/v1/namespaces', { metadata: { name: NAMESPACE } });
  const client = kubeClient({ server: plane.server, ...plane.adminCredentials }, { maxSockets: 1 });
  const saved = {}; // row name → its configuration, re-created before each of its blocks
  certDir = mkdtempSync(join(tmpdir(), 'bench-webhook-'));
  const env = { ...process.env, KUBECONFIG: plane.kubeconfigPath, NAMESPACE, CERT_DIR: certDir };
  for (const [name, launcher] of Object.entries(launchers)) {
    const port = name === 'gen-operator' ? OURS_PORT : PEER_PORT;
    const operator = launchOperator(launcher, { ...env, WEBHOOK_PORT: String(port) });
    operators.push(operator);
    if (name === 'gen-operator') {
      saved[name] = await operator.whileRunning(
        until('the operator to register', () => plane.request('GET', `${CONFIGURATIONS}/bench-webhook`), START_TIMEOUT_MS),
      );
    } else {
      await operator.whileRunning(until('the peer to serve', async () => operator.process.lines.includes('serving'), START_TIMEOUT_MS));
      saved[name] = peerConfiguration(readFileSync(join(certDir, 'tls.crt'), 'utf8'));
    }
    if (!saved[name]) throw new Error(`${name} did not start:\n${operator.tail()}`);
    const { metadata } = saved[name];
    saved[name] = { ...saved[name], metadata: { name: metadata.name } };
  }

  /** Only `row`'s configuration (none for 'none'); resolves once a probe create shows it is in effect. */
  let probes = 0;
  let lastAnswer = '';
  async function activate(row) {
    for (const [name, configuration] of Object.entries(saved)) {
      const path = `${CONFIGURATIONS}/${configuration.metadata.name}`;
      if (name === row)
        await plane.request('POST', CONFIGURATIONS, configuration).catch((e) => (e.status === 409 ? undefined : Promise.reject(e)));
      else await plane.request('DELETE', path).catch((e) => (e.status === 404 ? undefined : Promise.reject(e)));
    }
    await until(
      `${row} to be in the path`,
      async () => {
        const probe = `probe-${probes++}`;
        try {
          await client.call('POST', DEMOS, demo(probe, 'refuse'));
          await client.call('DELETE', `${DEMOS}/${probe}`);
          return row === 'none';
        } catch (error) {
          lastAnswer = error.message;
          return row !== 'none' && /denied the request: spec.name must not be refuse/.test(error.message);
        }
      },
      PROBE_TIMEOUT_MS,
    ).catch((error) => Promise.reject(new Error(`${error.message}; the last answer: ${lastAnswer}`)));
  }

  const names = ['none', ...Object.keys(launchers)];
  const latencies = Object.fromEntries(names.map((name) => [name, []]));
  const failures = Object.fromEntries(names.map((name) => [name, 0]));
  for (let done = 0; done < creates; done += block) {
    for (const row of names) {
      await activate(row);
      for (let i = done; i < Math.min(creates, done + block); i++) {
        const started = performance.now();
        try {
          await client.call('POST', DEMOS, demo(`${row}-${i}`));
          latencies[row].push(performance.now() - started);
        } catch {
          failures[row]++;
        }
      }
    }
  }
  client.close();
  const base = latencies.none.sort((a, b) => a - b);
  for (const row of names) {
    const sorted = latencies[row].sort((a, b) => a - b);
    const p = (q) => percentile(sorted, q);
    rows.push({
      row,
      creates: sorted.length,
      failed: failures[row],
      p50: p(50).toFixed(2),
      p99: p(99).toFixed(2),
      addedP50: row === 'none' ? '' : (p(50) - percentile(base, 50)).toFixed(2),
      addedP99: row === 'none' ? '' : (p(99) - percentile(base, 99)).toFixed(2),
      cpu: row === 'none' ? '' : operators[names.indexOf(row) - 1].cpuSeconds().toFixed(1),
      rss: row === 'none' ? '' : Math.round(operators[names.indexOf(row) - 1].peakMiB()),
    });
  }
  console.log(`load average (1 min) before ${loadBefore}, after ${load()}; ${creates} creates per row, blocks of ${block} taking turns\n`);
  console.log('| row | creates | failed | p50 ms | p99 ms | added p50 ms | added p99 ms | server CPU s (all rows) | peak RSS MiB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(`| ${r.row} | ${r.creates} | ${r.failed} | ${r.p50} | ${r.p99} | ${r.addedP50} | ${r.addedP99} | ${r.cpu} | ${r.rss} |`);
} finally {
  for (const operator of operators) await operator.stop();
  await plane?.stop();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
}
