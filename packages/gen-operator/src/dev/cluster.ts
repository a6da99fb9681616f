import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signalGroup, startControlPlane } from '@gen-operator/testing';

/** Where `--keep` keeps the plane (etcd's data, certificates, logs), relative to the project. */
export const KEPT_PLANE_DIR = '.gen-operator/dev/plane';
const PORTS_FILE = 'ports.json';

/** The cluster dev works on: a plane it started, or one the user named with --kubeconfig. */
export interface DevCluster {
  kubeconfigPath: string;
  /** Whether dev started it (and so stops it). */
  started: boolean;
  /** Where the plane's data lives when it is kept. */
  keptDir?: string;
  /** The plane's process groups (none for an external cluster). */
  pids: number[];
  stop(): Promise<void>;
  /** SIGKILL to every process group at once (a second Ctrl-C). */
  kill(): void;
}

export interface ClusterOptions {
  project: string;
  kubeconfig?: string;
  keep: boolean;
}

type Ports = { apiServer?: number; etcdClient?: number; etcdPeer?: number };

/** The ports of the last kept plane, so its kubeconfig's server (and etcd's peer address) stay the same. */
function readPorts(dir: string): Ports {
  try {
    const ports = JSON.parse(readFileSync(join(dir, PORTS_FILE), 'utf8')) as Record<string, unknown>;
    const port = (v: unknown) => (Number.isInteger(v) && (v as number) > 0 && (v as number) < 65_536 ? (v as number) : undefined);
    const kept: Ports = {};
    for (const key of ['apiServer', 'etcdClient', 'etcdPeer'] as const) {
      const value = port(ports[key]);
      if (value) kept[key] = value;
    }
    return kept;
  } catch {
    return {};
  }
}

/** Connects to `--kubeconfig`, or starts a control plane (kept in the project with `--keep`). */
export async function openCluster(options: ClusterOptions): Promise<DevCluster> {
  if (options.kubeconfig) {
    const kubeconfigPath = resolve(options.project, options.kubeconfig);
    if (!existsSync(kubeconfigPath)) throw new ClusterError(`--kubeconfig ${options.kubeconfig}: no such file`);
    return { kubeconfigPath, started: false, pids: [], stop: async () => {}, kill: () => {} };
  }
  const keptDir = options.keep ? join(options.project, KEPT_PLANE_DIR) : undefined;
  if (keptDir) mkdirSync(keptDir, { recursive: true });
  // With the controller-manager (the default): garbage collection and namespace deletion, as in a cluster.
  const plane = await startControlPlane(keptDir ? { dir: keptDir, keepDir: true, ports: readPorts(keptDir) } : {}).catch((error: Error) => {
    throw new ClusterError(
      `the control plane did not start: ${error.message}${keptDir ? `\n(is another gen-operator dev --keep running in this project? Else remove ${KEPT_PLANE_DIR} to start afresh)` : ''}`,
    );
  });
  if (keptDir) {
    const { apiServerPort, etcdClientPort, etcdPeerPort } = plane.layout;
    writeFileSync(
      join(keptDir, PORTS_FILE),
      `${JSON.stringify({ apiServer: apiServerPort, etcdClient: etcdClientPort, etcdPeer: etcdPeerPort })}\n`,
    );
  }
  return {
    kubeconfigPath: plane.kubeconfigPath,
    started: true,
    ...(keptDir ? { keptDir } : {}),
    pids: plane.pids,
    stop: () => plane.stop(),
    kill: () => {
      for (const pid of plane.pids) signalGroup(pid, 'SIGKILL');
    },
  };
}

/** The cluster cannot be reached or started; dev prints the message and exits 1. */
export class ClusterError extends Error {}
