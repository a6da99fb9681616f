// The floor: list every object, then one status merge patch each, 16 workers, nothing else.
import { Agent, request } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

const config = new KubeConfig();
config.loadFromDefault();
const options = {};
await config.applyToHTTPSOptions(options);
const server = new URL(config.getCurrentCluster().server);
const agent = new Agent({ keepAlive: true, maxSockets: 16, ca: options.ca, cert: options.cert, key: options.key });
const headers = { accept: 'application/json', ...(options.headers ?? {}) };
const base = `/apis/devoops.io/v1/namespaces/${process.env.NAMESPACE}/demo`;

function call(method, path, body, contentType) {
  const payload = body ? Buffer.from(JSON.stringify(body)) : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, server),
      { method, agent, headers: { ...headers, ...(payload ? { 'content-type': contentType, 'content-length': payload.length } : {}) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          res.statusCode < 300 ? resolve(JSON.parse(Buffer.concat(chunks).toString())) : reject(new Error(`${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const items = [];
let token;
do {
  const page = await call('GET', `${base}?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
  items.push(...page.items);
  token = page.metadata.continue;
} while (token);
let next = 0;
await Promise.all(
  Array.from({ length: 16 }, async () => {
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
