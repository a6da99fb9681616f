// The least a bench's floor or harness needs to talk to the apiserver: JSON over keep-alive HTTPS with
// a bounded number of connections. Floors use it so that they measure the apiserver, not a client library.
import { Agent, request } from 'node:https';

/** `{ server, ca, cert?, key?, token? }` from KUBECONFIG (client-node reads every kind of kubeconfig). */
export async function connectionFromKubeconfig() {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  config.loadFromDefault();
  const options = {};
  await config.applyToHTTPSOptions(options);
  const token = options.headers?.Authorization?.replace(/^Bearer /, '');
  return { server: config.getCurrentCluster().server, ca: options.ca, cert: options.cert, key: options.key, token };
}

/** `call(method, path, body?, contentType?)` resolving with the parsed body, rejecting on a status ≥ 300. */
export function kubeClient(connection, { maxSockets = 16 } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets, ca: connection.ca, cert: connection.cert, key: connection.key });
  const headers = { accept: 'application/json', ...(connection.token ? { authorization: `Bearer ${connection.token}` } : {}) };
  const call = (method, path, body, contentType = 'application/json') => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const sizes = payload ? { 'content-type': contentType, 'content-length': payload.length } : {};
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, connection.server), { method, agent, headers: { ...headers, ...sizes } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if ((res.statusCode ?? 0) < 300) resolve(text ? JSON.parse(text) : undefined);
          else
            reject(Object.assign(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`), { status: res.statusCode }));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  };
  return { call, headers, close: () => agent.destroy() };
}

/** Every item of a collection, page by page; and the list's resourceVersion. */
export async function listAll(call, path, pageSize = 500) {
  const items = [];
  let token;
  let resourceVersion;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const page = await call('GET', `${path}${sep}limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
    resourceVersion ??= page.metadata.resourceVersion;
    items.push(...page.items);
    token = page.metadata.continue;
  } while (token);
  return { items, resourceVersion };
}
