/**
 * Where and how to reach the apiserver: its URL, a keep-alive agent with the TLS material, and the
 * auth headers. Built from a client-node KubeConfig (any 1.x/2.x: only `getCurrentCluster` and
 * `applyToHTTPSOptions` are used) or from plain credentials.
 */
import { createRequire } from 'node:module';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConnectionInfo } from './connection-info.js';

export interface Connection {
  server: URL;
  agent: HttpsAgent | HttpAgent;
  headers: Record<string, string>;
}

export interface ConnectionOptions {
  /** Sockets kept per apiserver; bounded so a burst queues instead of opening thousands. */
  maxSockets?: number;
  /** Who writes: the apiserver names the field manager of a write without one after it. Default `gen-operator`. */
  manager?: string;
}

// The same path from src/api and dist/api.
const RUNTIME_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * The User-Agent, as client-go writes it: `<manager>/<version> (<platform>/<arch>) node/<version>`.
 * The apiserver takes what comes before the first `/` as the field manager of every write that
 * names none (without it, managedFields say "unknown"); a name that cannot be one is replaced.
 */
export function userAgent(manager = 'gen-operator'): string {
  const name = /^[\x21-\x2e\x30-\x7e]{1,128}$/.test(manager) ? manager : 'gen-operator';
  return `${name}/${RUNTIME_VERSION} (${process.platform}/${process.arch}) node/${process.versions.node}`;
}

export function connectionFromInfo(credentials: ConnectionInfo, options: ConnectionOptions = {}): Connection {
  const server = new URL(credentials.server);
  const headers: Record<string, string> = { 'user-agent': userAgent(options.manager) };
  if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
  else if (credentials.basicAuth) headers.authorization = `Basic ${Buffer.from(credentials.basicAuth).toString('base64')}`;
  const common = { keepAlive: true, maxSockets: options.maxSockets ?? 64, scheduling: 'lifo' as const };
  const agent =
    server.protocol === 'http:'
      ? new HttpAgent(common)
      : new HttpsAgent({
          ...common,
          ...(credentials.ca ? { ca: credentials.ca } : {}),
          ...(credentials.cert ? { cert: credentials.cert, key: credentials.key } : {}),
          ...(credentials.insecureSkipTlsVerify ? { rejectUnauthorized: false } : {}),
        });
  return { server, agent, headers };
}

/** Reads the current context of a KubeConfig into plain credentials (token, client certificate, CA). */
export async function connectionInfoFromKubeConfig(config: KubeConfig): Promise<ConnectionInfo> {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig has no current cluster: set a current-context that names a cluster.');
  const options: RequestOptions & { headers?: Record<string, unknown> } = {};
  await config.applyToHTTPSOptions(options);
  const text = (value: unknown): string | undefined =>
    value === undefined || value === null ? undefined : Buffer.isBuffer(value) ? value.toString() : String(value);
  const authorization = text(options.headers?.Authorization ?? options.headers?.authorization);
  const credentials: ConnectionInfo = { server: cluster.server };
  const ca = text(options.ca);
  const cert = text(options.cert);
  const key = text(options.key);
  if (ca) credentials.ca = ca;
  if (cert) credentials.cert = cert;
  if (key) credentials.key = key;
  if (authorization?.startsWith('Bearer ')) credentials.token = authorization.slice('Bearer '.length);
  if (options.rejectUnauthorized === false || cluster.skipTLSVerify) credentials.insecureSkipTlsVerify = true;
  if (options.auth) credentials.basicAuth = options.auth;
  return credentials;
}

export function isKubeConfig(value: unknown): value is KubeConfig {
  return typeof value === 'object' && value !== null && typeof (value as KubeConfig).applyToHTTPSOptions === 'function';
}
