// What a conversion webhook adds to the apiserver's work: creates and lists of the two-version Demo
// (crds/conversion/demo-versions.yaml, stored as v1) written and read as v1, where the apiserver
// converts nothing, beside the same as v1alpha1, where each object goes through the runtime's
// conversion code (on.conversion converters, served over HTTPS from this process). Same plane,
// rows alternating. Usage: npm run build && node bench/conversion/run.mjs [objects=2000] [rounds=2]
import { createServer } from 'node:https';
import { fileURLToPath } from 'node:url';
import { bindOn } from '../../packages/runtime/dist/registry/on.js';
import { Registry } from '../../packages/runtime/dist/registry/registry.js';
import { conversionPath, conversionRoutes, conversionWebhookPatch } from '../../packages/runtime/dist/webhooks/conversion.js';
import { defineResource } from '../../packages/runtime/dist/index.js';
import { createCertificateAuthority } from '../../packages/testing/dist/pki/pki.js';
import { installCrds, startControlPlane } from '../../packages/testing/dist/index.js';

const N = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 2);
const CRD = fileURLToPath(new URL('../../crds/conversion/demo-versions.yaml', import.meta.url));
const base = { group: 'conversion.devoops.io', kind: 'Demo', plural: 'demos', singular: 'demo', namespaced: true };
const DemoV1 = defineResource({ ...base, version: 'v1' });
const DemoV1alpha1 = defineResource({ ...base, version: 'v1alpha1' });

const registry = new Registry();
bindOn(registry).conversion(DemoV1, DemoV1alpha1, {
  toHub: ({ spec, ...rest }) => ({ ...rest, spec: { name: spec.name, replicas: spec.size === 'large' ? 3 : 1 } }),
  fromHub: ({ spec, ...rest }) => ({ ...rest, spec: { name: spec.name, size: spec.replicas >= 3 ? 'large' : 'small' } }),
});
const routes = conversionRoutes(registry);
let reviews = 0;

const ca = await createCertificateAuthority('bench-conversion-ca');
const { cert, key } = await ca.issue({ commonName: '127.0.0.1', server: { dns: ['localhost'], ips: ['127.0.0.1'] } });
const server = createServer({ cert, key }, async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  reviews++;
  const answer = await routes(new URL(req.url, 'https://x').pathname)(
    JSON.parse(Buffer.concat(chunks).toString('utf8')),
    new AbortController().signal,
  );
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

const plane = await startControlPlane({ controllerManager: false });
try {
  await installCrds(plane, [CRD]);
  await plane.requestWithType(
    'PATCH',
    '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/demos.conversion.devoops.io',
    conversionWebhookPatch({
      url: `https://127.0.0.1:${server.address().port}${conversionPath(DemoV1)}`,
      caBundle: Buffer.from(ca.cert).toString('base64'),
    }),
    'application/merge-patch+json',
  );
  // Until the apiserver uses the webhook, a v1alpha1 create is stored unconverted.
  for (let i = 0; ; i++) {
    await create('default', 'v1alpha1', `probe-${i}`);
    if ((await plane.request('GET', path('default', 'v1', `probe-${i}`))).spec.replicas === 1) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const rows = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['v1', 'v1alpha1'] : ['v1alpha1', 'v1'];
    for (const version of order) rows.push(await row(version, `r${round}-${version}`));
  }
  console.log(`| written and read as | creates | create p50 | create p99 | list of ${N} | ConversionReviews |`);
  console.log('|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(`| ${r.version} | ${N} | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms | ${r.list.toFixed(0)} ms | ${r.reviews} |`);
} finally {
  await plane.stop();
  server.closeAllConnections();
  server.close();
}

function path(namespace, version, name) {
  return `/apis/conversion.devoops.io/${version}/namespaces/${namespace}/demos${name ? `/${name}` : ''}`;
}

function create(namespace, version, name) {
  const spec = version === 'v1' ? { name, replicas: 1 } : { name, size: 'small' };
  return plane.request('POST', path(namespace, version), {
    apiVersion: `conversion.devoops.io/${version}`,
    kind: 'Demo',
    metadata: { name },
    spec,
  });
}

/** N creates one after another (each one's latency), then one list of them, all in `version`. */
async function row(version, namespace) {
  await plane.request('POST', '/api/v1/namespaces', { metadata: { name: namespace } });
  const before = reviews;
  const latencies = [];
  for (let i = 0; i < N; i++) {
    const start = performance.now();
    await create(namespace, version, `demo-${i}`);
    latencies.push(performance.now() - start);
  }
  const start = performance.now();
  const list = await plane.request('GET', path(namespace, version));
  const listMs = performance.now() - start;
  if (list.items.length !== N) throw new Error(`listed ${list.items.length} of ${N}`);
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { version, p50: at(0.5), p99: at(0.99), list: listMs, reviews: reviews - before };
}
