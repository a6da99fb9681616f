// The floor: list every object, then one status merge patch each, 16 workers, nothing else.
// With FLOOR_WATCH=1 (the `floor+watch` row), it also watches the collection from the list's
// resourceVersion and parses every event, as any operator must to see its objects and its own writes:
// the least an operator pays on top of the writes.
import { request } from 'node:https';
import { connectionFromKubeconfig, kubeClient, listAll } from '../lib/kube-client.mjs';

const WORKERS = 16;
const connection = await connectionFromKubeconfig();
const { call, headers } = kubeClient(connection, { maxSockets: WORKERS });
const base = `/apis/devoops.io/v1/namespaces/${process.env.NAMESPACE}/demo`;

const { items, resourceVersion } = await listAll(call, base);
if (process.env.FLOOR_WATCH) watchFrom(resourceVersion);
let next = 0;
await Promise.all(
  Array.from({ length: WORKERS }, async () => {
    while (next < items.length) {
      const obj = items[next++];
      await call(
        'PATCH',
        `${base}/${obj.metadata.name}/status`,
        { status: { phase: 'Ready', message: `hello ${obj.spec?.name}` } },
        'application/merge-patch+json',
      );
    }
  }),
);
// Stay alive like an operator would, until stopped.
setInterval(() => {}, 1 << 30);

/** WATCH from `version`, every event parsed and dropped; opened again from the last version seen when it ends. */
function watchFrom(version) {
  const url = new URL(`${base}?watch=1&allowWatchBookmarks=true&resourceVersion=${version}`, connection.server);
  const tls = { ca: connection.ca, cert: connection.cert, key: connection.key };
  request(url, { headers, ...tls }, (res) => {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
        const event = JSON.parse(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        version = event.object?.metadata?.resourceVersion ?? version;
      }
    });
    res.on('end', () => watchFrom(version));
  })
    .on('error', () => setTimeout(() => watchFrom(version), 200))
    .end();
}
