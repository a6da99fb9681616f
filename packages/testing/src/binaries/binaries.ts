/**
 * Finding the control-plane binaries: environment overrides first (so users of setup-envtest can
 * point at theirs), then the per-version cache, then a build from Go modules (build.ts).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ETCD_VERSION, KUBERNETES_VERSION } from '../versions.js';

export type BinaryName = 'etcd' | 'kube-apiserver' | 'kube-controller-manager';
export const BINARY_NAMES: readonly BinaryName[] = ['etcd', 'kube-apiserver', 'kube-controller-manager'];

export interface Binaries {
  etcd: string;
  kubeApiServer: string;
  /** Absent when the user pointed at assets without it (setup-envtest ships none). */
  kubeControllerManager?: string;
  /** Where they came from, for messages. */
  source: 'environment' | 'cache' | 'build';
}

const ENV_VARIABLE: Record<BinaryName, string> = {
  etcd: 'TEST_ASSET_ETCD',
  'kube-apiserver': 'TEST_ASSET_KUBE_APISERVER',
  'kube-controller-manager': 'TEST_ASSET_KUBE_CONTROLLER_MANAGER',
};

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GEN_OPERATOR_CACHE_DIR) return env.GEN_OPERATOR_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'gen-operator');
}

export function versionedCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'control-plane', `k8s-${KUBERNETES_VERSION}-etcd-${ETCD_VERSION}`);
}

/** Binaries named by environment variables, or `undefined` when none are set. */
export function binariesFromEnvironment(env: NodeJS.ProcessEnv = process.env): Binaries | undefined {
  const found: Partial<Record<BinaryName, string>> = {};
  for (const name of BINARY_NAMES) {
    const explicit = env[ENV_VARIABLE[name]];
    if (explicit) found[name] = explicit;
    else if (env.KUBEBUILDER_ASSETS && existsSync(join(env.KUBEBUILDER_ASSETS, name))) {
      found[name] = join(env.KUBEBUILDER_ASSETS, name);
    }
  }
  if (!found.etcd && !found['kube-apiserver']) return undefined;
  for (const name of ['etcd', 'kube-apiserver'] as const) {
    const path = found[name];
    if (!path || !existsSync(path)) {
      throw new Error(
        `${name} not found: ${path ?? `neither ${ENV_VARIABLE[name]} nor KUBEBUILDER_ASSETS names it`}. ` +
          `Set ${ENV_VARIABLE[name]} to the binary's path, point KUBEBUILDER_ASSETS at a folder that holds it, ` +
          'or unset both to use the cached build (npx gen-operator-testing install).',
      );
    }
  }
  return {
    etcd: found.etcd as string,
    kubeApiServer: found['kube-apiserver'] as string,
    ...(found['kube-controller-manager'] ? { kubeControllerManager: found['kube-controller-manager'] } : {}),
    source: 'environment',
  };
}

export function binariesInCache(dir: string): Binaries | undefined {
  const paths = BINARY_NAMES.map((name) => join(dir, 'bin', name));
  if (!paths.every((path) => existsSync(path))) return undefined;
  const [etcd, kubeApiServer, kubeControllerManager] = paths as [string, string, string];
  return { etcd, kubeApiServer, kubeControllerManager, source: 'cache' };
}
