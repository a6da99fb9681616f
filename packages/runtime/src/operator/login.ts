/** Built-in login handlers: a kubeconfig (KUBECONFIG or ~/.kube/config), or the in-cluster service account. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionInfo } from '../api/connection-info.js';
import { loadDefaultKubeConfig } from '../api/kubeconfig.js';
import type { ActivityArgs, LoginResult } from '../registry/types.js';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The kubeconfig named by KUBECONFIG, else ~/.kube/config; undefined when neither exists. */
export async function loginViaKubeconfig(_args?: ActivityArgs): Promise<LoginResult> {
  return loadDefaultKubeConfig();
}

/** The pod's service account (token re-read on every login, so rotated tokens are picked up). */
export async function loginViaServiceAccount(_args?: ActivityArgs): Promise<LoginResult> {
  return serviceAccountCredentials();
}

/**
 * Connection details from a mounted service account: the token and CA in `dir`, the apiserver from the
 * KUBERNETES_SERVICE_HOST/PORT variables every pod gets. Undefined outside a pod.
 */
export function serviceAccountCredentials(dir = SERVICE_ACCOUNT, env: NodeJS.ProcessEnv = process.env): ConnectionInfo | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port || !existsSync(join(dir, 'token'))) return undefined;
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    token: readFileSync(join(dir, 'token'), 'utf8').trim(),
    ca: readFileSync(join(dir, 'ca.crt'), 'utf8'),
  };
}
