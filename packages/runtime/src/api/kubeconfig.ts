/**
 * Loading a kubeconfig the way kubectl does (KUBECONFIG, else ~/.kube/config). A plain kubeconfig
 * (token, client certificate, CA — what clusters and tests hand out) is read here directly: loading
 * client-node costs about 70 MiB of memory for the life of the process. Anything else (exec and
 * auth-provider plugins, several merged files) goes through client-node's KubeConfig.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import type { ConnectionInfo } from './connection-info.js';

interface Named<T> {
  name: string;
  [key: string]: unknown;
  value?: T;
}

interface KubeConfigFile {
  'current-context'?: string;
  contexts?: Named<unknown>[];
  clusters?: Named<unknown>[];
  users?: Named<unknown>[];
}

export function kubeconfigPaths(): string[] {
  const fromEnv = (process.env.KUBECONFIG ?? '').split(':').filter(Boolean);
  return (fromEnv.length ? fromEnv : [resolve(homedir(), '.kube', 'config')]).filter((path) => existsSync(path));
}

export async function loadDefaultKubeConfig(): Promise<ConnectionInfo | KubeConfig | undefined> {
  const paths = kubeconfigPaths();
  if (paths.length === 0) return undefined;
  if (paths.length === 1) {
    const plain = readPlainKubeconfig(paths[0]!);
    if (plain) return plain;
  }
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  config.loadFromDefault();
  return config;
}

/** Connection details of the current context, or undefined when it needs more than static data. */
export function readPlainKubeconfig(path: string): ConnectionInfo | undefined {
  const file = parse(readFileSync(path, 'utf8')) as KubeConfigFile;
  const pick = (list: Named<unknown>[] | undefined, name: unknown, key: string) =>
    list?.find((entry) => entry.name === name)?.[key] as Record<string, unknown> | undefined;
  const context = pick(file.contexts, file['current-context'], 'context');
  const cluster = pick(file.clusters, context?.cluster, 'cluster');
  const user = pick(file.users, context?.user, 'user') ?? {};
  if (!cluster || typeof cluster.server !== 'string') return undefined;
  if (user.exec || user['auth-provider']) return undefined;
  const dir = dirname(path);
  const data = (inline: unknown, file: unknown): string | undefined => {
    if (typeof inline === 'string') return Buffer.from(inline, 'base64').toString();
    if (typeof file === 'string') return readFileSync(resolve(dir, file), 'utf8');
    return undefined;
  };
  const credentials: ConnectionInfo = { server: cluster.server };
  const ca = data(cluster['certificate-authority-data'], cluster['certificate-authority']);
  const cert = data(user['client-certificate-data'], user['client-certificate']);
  const key = data(user['client-key-data'], user['client-key']);
  const token =
    typeof user.token === 'string'
      ? user.token
      : typeof user.tokenFile === 'string'
        ? readFileSync(resolve(dir, user.tokenFile), 'utf8').trim()
        : undefined;
  if (ca) credentials.ca = ca;
  if (cert) credentials.cert = cert;
  if (key) credentials.key = key;
  if (token) credentials.token = token;
  if (typeof user.username === 'string') credentials.basicAuth = `${user.username}:${String(user.password ?? '')}`;
  if (cluster['insecure-skip-tls-verify'] === true) credentials.insecureSkipTlsVerify = true;
  return credentials;
}
