import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { ensureBinaries } from '../binaries/ensure.js';
import type { Binaries } from '../binaries/binaries.js';
import { createCertificateAuthority, createServiceAccountSigningKey } from '../pki/pki.js';
import { freePort } from '../process/ports.js';
import { ManagedProcess, ProcessExitedError } from '../process/managed-process.js';
import { Reaper } from '../process/reaper.js';
import { apiServerArgs, controllerManagerArgs, etcdArgs, type PlaneLayout } from './flags.js';
import { writeKubeconfig } from './kubeconfig.js';
import { type Credentials, RestError, restCall, restOk } from './rest.js';
import { waitFor } from './wait.js';

export interface ControlPlaneOptions {
  /** Run kube-controller-manager (garbage collector, namespaces, service accounts). Default true. */
  controllerManager?: boolean;
  /** Extra kube-apiserver flags without the leading dashes, e.g. `{ 'min-request-timeout': '10' }`. */
  apiServerFlags?: Record<string, string>;
  /** Ports to try first; a taken port is replaced by a free one. */
  ports?: { apiServer?: number; etcdClient?: number; etcdPeer?: number };
  /** Default 60 s (envtest: 20 s; a loaded two-core CI machine needs more). */
  startTimeoutMs?: number;
  /** Where to find or build the binaries; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Keep the folder (logs, data) after stop, for debugging or for the next start; the watchdog then leaves it too. */
  keepDir?: boolean;
  /** Use this folder (created when missing) instead of a fresh temp one; etcd's data found in it is reused. */
  dir?: string;
}

async function loadKubeConfig(path: string): Promise<KubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  config.loadFromFile(path);
  return config;
}

const PORT_RACE = /address already in use|bind: address/;

export class ControlPlane {
  /** `https://127.0.0.1:<port>` */
  readonly server: string;
  /** Admin (system:masters) kubeconfig file. */
  readonly kubeconfigPath: string;
  /** The same admin credentials, loaded. */
  kubeConfig!: KubeConfig;
  readonly adminCredentials: Credentials;

  private stopped = false;

  constructor(
    readonly layout: PlaneLayout,
    private readonly etcd: ManagedProcess,
    private readonly apiServer: ManagedProcess,
    private readonly controllerManager: ManagedProcess | undefined,
    private readonly reaper: Reaper,
    adminCredentials: Credentials,
    readonly binaries: Binaries,
    private readonly options: ControlPlaneOptions,
  ) {
    this.server = `https://127.0.0.1:${layout.apiServerPort}`;
    this.kubeconfigPath = layout.adminKubeconfig;
    this.adminCredentials = adminCredentials;
  }

  get dir(): string {
    return this.layout.dir;
  }

  get etcdUrl(): string {
    return `http://127.0.0.1:${this.layout.etcdClientPort}`;
  }

  /** Process ids, for tests that check nothing is left behind. */
  get pids(): number[] {
    return [this.etcd.pid, this.apiServer.pid, this.controllerManager?.pid].filter((pid): pid is number => !!pid);
  }

  /** GET/POST/… with the admin identity; throws on a non-2xx answer. */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return restOk<T>(this.server, this.adminCredentials, method, path, body);
  }

  /** Whether the object at `path` exists (GET answers 2xx); a 404 is false, any other failure throws. */
  async exists(path: string): Promise<boolean> {
    const response = await restCall(this.server, this.adminCredentials, 'GET', path);
    if (response.status === 404) return false;
    if (response.status >= 200 && response.status < 300) return true;
    throw new RestError(response.status, 'GET', path, response.body);
  }

  /** Like request(), with an explicit content type (apply, JSON or strategic-merge patches). */
  requestWithType<T = unknown>(method: string, path: string, body: unknown, contentType: string): Promise<T> {
    return restOk<T>(this.server, this.adminCredentials, method, path, body, contentType);
  }

  async waitReady(timeoutMs: number): Promise<void> {
    const check = () => {
      this.etcd.assertRunning();
      this.apiServer.assertRunning();
    };
    await waitFor(
      'etcd /health',
      async () => (await restCall(this.etcdUrl, { ca: '' }, 'GET', '/health', undefined, 2000)).status === 200,
      {
        timeoutMs,
        check,
      },
    );
    await waitFor(
      'kube-apiserver /healthz',
      async () => (await restCall(this.server, { ca: this.adminCredentials.ca }, 'GET', '/healthz', undefined, 2000)).status === 200,
      { timeoutMs, check },
    );
    await waitFor(
      'the default namespace',
      async () => (await restCall(this.server, this.adminCredentials, 'GET', '/api/v1/namespaces/default')).status === 200,
      { timeoutMs, intervalMs: 50, check },
    );
  }

  /** Stops kube-apiserver only (etcd keeps the data), to test clients against an outage. */
  async stopApiServer(): Promise<void> {
    await this.apiServer.stop();
  }

  /** Starts kube-apiserver again on the same port and waits until it serves. */
  async startApiServer(): Promise<void> {
    this.apiServer.start();
    this.reaper.watch(this.apiServer.pid);
    await this.waitReady(this.options.startTimeoutMs ?? 60_000);
  }

  /** etcd's current revision. */
  async etcdRevision(): Promise<number> {
    const response = await restOk<{ header: { revision: string } }>(this.etcdUrl, { ca: '' }, 'POST', '/v3/kv/range', {
      key: Buffer.from('\0').toString('base64'),
    });
    return Number(response.header.revision);
  }

  /**
   * Compacts etcd at its current revision. Requests that reach etcd with an older resourceVersion
   * then get 410 Gone; the apiserver's watch cache, however, still serves its recent window — so a
   * watch sees 410 only with `apiServerFlags: { 'watch-cache': 'false' }`, or after expireHistory().
   */
  async compactEtcd(): Promise<number> {
    const revision = await this.etcdRevision();
    await restOk(this.etcdUrl, { ca: '' }, 'POST', '/v3/kv/compaction', { revision: String(revision), physical: true });
    return revision;
  }

  /**
   * Compacts etcd and restarts kube-apiserver: open watches break, and every watch or list resumed
   * from an older resourceVersion gets 410 Gone ("too old resource version") — what an operator
   * meets in a real cluster after a long disconnect.
   */
  async expireHistory(): Promise<number> {
    const revision = await this.compactEtcd();
    await this.stopApiServer();
    await this.startApiServer();
    return revision;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.controllerManager?.stop();
    await this.apiServer.stop();
    await this.etcd.stop();
    this.reaper.release();
    if (!this.options.keepDir) rmSync(this.layout.dir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/**
 * Starts etcd, kube-apiserver and (by default) kube-controller-manager on free loopback ports in a
 * fresh temp folder, and waits until the apiserver serves and the `default` namespace exists.
 */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const binaries = await ensureBinaries(options.env ? { env: options.env } : {});
  const ca = await createCertificateAuthority('gen-operator-testing-ca');
  const serving = await ca.issue({ commonName: 'localhost', server: { dns: ['localhost'], ips: ['127.0.0.1'] } });
  const admin = await ca.issue({ commonName: 'admin', organizations: ['system:masters'] });
  const saKey = createServiceAccountSigningKey();
  const adminCredentials: Credentials = { ca: ca.cert, cert: admin.cert, key: admin.key };

  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'gen-operator-cp-'));
    const certDir = join(dir, 'certs');
    mkdirSync(certDir, { recursive: true });
    const layout: PlaneLayout = {
      dir,
      certDir,
      etcdDataDir: join(dir, 'etcd'),
      etcdClientPort: await freePort(options.ports?.etcdClient),
      etcdPeerPort: await freePort(options.ports?.etcdPeer),
      apiServerPort: await freePort(options.ports?.apiServer),
      caFile: join(certDir, 'ca.crt'),
      saPublicKeyFile: join(certDir, 'sa-signer.pub'),
      saPrivateKeyFile: join(certDir, 'sa-signer.key'),
      adminKubeconfig: join(dir, 'admin.kubeconfig'),
    };
    writeFileSync(layout.caFile, ca.cert);
    // kube-apiserver serves with <cert-dir>/apiserver.{crt,key} instead of self-signing.
    writeFileSync(join(certDir, 'apiserver.crt'), serving.cert);
    writeFileSync(join(certDir, 'apiserver.key'), serving.key, { mode: 0o600 });
    writeFileSync(layout.saPublicKeyFile, saKey.publicKey);
    writeFileSync(layout.saPrivateKeyFile, saKey.privateKey, { mode: 0o600 });
    const server = `https://127.0.0.1:${layout.apiServerPort}`;
    writeKubeconfig(layout.adminKubeconfig, server, adminCredentials, 'admin');

    const reaper = new Reaper(options.keepDir ? undefined : dir);
    const etcd = new ManagedProcess({ name: 'etcd', binary: binaries.etcd, args: etcdArgs(layout), logFile: join(dir, 'etcd.log') });
    const apiServer = new ManagedProcess({
      name: 'kube-apiserver',
      binary: binaries.kubeApiServer,
      args: apiServerArgs(layout, options.apiServerFlags ?? {}),
      logFile: join(dir, 'kube-apiserver.log'),
    });
    const wantControllerManager = options.controllerManager !== false && !!binaries.kubeControllerManager;
    const controllerManager = wantControllerManager
      ? new ManagedProcess({
          name: 'kube-controller-manager',
          binary: binaries.kubeControllerManager as string,
          args: controllerManagerArgs(layout),
          logFile: join(dir, 'kube-controller-manager.log'),
        })
      : undefined;
    const plane = new ControlPlane(layout, etcd, apiServer, controllerManager, reaper, adminCredentials, binaries, options);
    try {
      etcd.start();
      reaper.watch(etcd.pid);
      apiServer.start();
      reaper.watch(apiServer.pid);
      await plane.waitReady(options.startTimeoutMs ?? 60_000);
      if (controllerManager) {
        controllerManager.start();
        reaper.watch(controllerManager.pid);
      }
      plane.kubeConfig = await loadKubeConfig(layout.adminKubeconfig);
      return plane;
    } catch (error) {
      await plane.stop();
      // Another process took a port between our check and the bind: try again with new ports.
      if (error instanceof ProcessExitedError && PORT_RACE.test(error.logTail) && attempt < attempts) continue;
      throw error;
    }
  }
}
