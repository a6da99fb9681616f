/** Shared pieces of the runtime's end-to-end tests: the Demo resource, RBAC, waiting. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, afterEach } from 'vitest';
import { type ControlPlane, createIdentity, type Identity, installCrds, stopProcesses } from '@gen-operator/testing';
import { defineResource, type KubernetesObject } from '@gen-operator/runtime';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const demoCrd = join(repoRoot, 'crds/demo.yaml');

export interface Demo extends KubernetesObject {
  apiVersion: 'devoops.io/v1';
  kind: 'Demo';
  spec?: { name?: string };
  status?: { phase?: 'Pending' | 'Ready' | 'Failed'; message?: string } & Record<string, unknown>;
}

export const Demo = defineResource<Demo>({
  group: 'devoops.io',
  version: 'v1',
  kind: 'Demo',
  plural: 'demo',
  singular: 'demo',
  namespaced: true,
  subresources: { status: true },
});

/** Exactly what a namespaced operator on Demo needs, and nothing cluster-wide. */
export const operatorRules = [
  { apiGroups: ['devoops.io'], resources: ['demo'], verbs: ['get', 'list', 'watch', 'patch', 'update'] },
  { apiGroups: ['devoops.io'], resources: ['demo/status'], verbs: ['get', 'patch', 'update'] },
];

export async function setUpDemo(plane: ControlPlane, namespace: string): Promise<Identity> {
  await installCrds(plane, [demoCrd]);
  await plane
    .request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } })
    .catch(() => undefined);
  return createIdentity(plane, { name: `operator-${namespace}`, namespace, rules: operatorRules });
}

export const demoPath = (namespace: string, name?: string) => `/apis/devoops.io/v1/namespaces/${namespace}/demo${name ? `/${name}` : ''}`;

export function createDemo(plane: ControlPlane, namespace: string, name: string, extra: Partial<Demo> = {}): Promise<Demo> {
  return plane.request<Demo>('POST', demoPath(namespace), {
    apiVersion: 'devoops.io/v1',
    kind: 'Demo',
    metadata: { name, ...(extra.metadata ?? {}) },
    spec: extra.spec ?? { name },
  });
}

export async function getDemo(plane: ControlPlane, namespace: string, name: string): Promise<Demo | undefined> {
  try {
    return await plane.request<Demo>('GET', demoPath(namespace, name));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/** Polls until `check` returns a value other than undefined/false, or fails with the last value seen. */
export async function eventually<V>(what: string, check: () => Promise<V | undefined | false>, timeoutMs = 30_000): Promise<V> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Log lines of an in-process operator (RunOptions.logDestination), parsed. */
export function captureLogs(): { lines: Record<string, unknown>[]; destination: { write(line: string): void } } {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) } };
}

export interface CuttableProxy {
  url: string;
  /** Drops every connection and refuses new ones. */
  cut(): void;
  /** Accepts connections again. */
  restore(): void;
  /** Every open connection goes silent (bytes swallowed both ways, nothing closed); new ones work. */
  silence(): void;
  close(): Promise<void>;
}

/**
 * A TCP pass-through to the apiserver that a test can cut (every connection dropped, new ones
 * refused) and restore, or silence like a load balancer that lost its connection state.
 */
export async function startCuttableProxy(target: string): Promise<CuttableProxy> {
  const { createServer, connect } = await import('node:net');
  const targetUrl = new URL(target);
  const sockets = new Set<import('node:net').Socket>();
  const pairs = new Set<[import('node:net').Socket, import('node:net').Socket]>();
  const silenced = new WeakSet<import('node:net').Socket>();
  let open = true;
  const server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(Number(targetUrl.port), targetUrl.hostname);
    const pair: [typeof client, typeof upstream] = [client, upstream];
    pairs.add(pair);
    for (const s of pair) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    // A silenced connection hides the apiserver's close too, as a load balancer that lost it would.
    upstream.on('close', () => silenced.has(client) || client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `https://127.0.0.1:${port}`,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      open = true;
    },
    silence() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        silenced.add(client);
        for (const s of [client, upstream]) s.on('data', () => undefined);
      }
      pairs.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One handler call that an operator process (fixtures/operator.mjs) appended to its calls file. */
export interface HandlerCall {
  pid: number;
  handler: string;
  name?: string;
  phase?: string;
  retry?: number;
  at: number;
}

export function readCalls(file: string): HandlerCall[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HandlerCall);
}

/** For files that run operator processes: each test ends them all; the file's end stops the plane and removes the folder. */
export function endProcessesAfterEachTest(state: () => { plane?: ControlPlane; dir?: string }): void {
  afterEach(async () => {
    await stopProcesses(0);
  });
  afterAll(async () => {
    await stopProcesses(0);
    const { plane, dir } = state();
    await plane?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
}
