import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBERNETES_VERSION } from '../versions.js';
import { installCrds } from './crds.js';
import { can, createIdentity } from './identity.js';
import { identityFromManifests } from './manifest-identity.js';
import { type ControlPlane, startControlPlane } from './plane.js';
import { RestError } from './rest.js';
import { startProcess, stopProcesses } from '../process/test-process.js';
import { processRunning } from '../process/proc.js';
import { waitFor } from './wait.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const demoCrd = join(repoRoot, 'crds', 'demo.yaml');

function kubectl(kubeconfig: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a control plane', () => {
  let plane: ControlPlane;
  beforeAll(async () => {
    plane = await startControlPlane();
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it('reports the version it was built as', async () => {
    const version = await plane.request<{ gitVersion: string }>('GET', '/version');
    expect(version.gitVersion).toBe(KUBERNETES_VERSION);
  });

  it('works with kubectl: applies the demo CRD, creates a Demo, lists it with the printer columns', async () => {
    const apply = kubectl(plane.kubeconfigPath, ['apply', '-f', demoCrd]);
    expect(apply.stderr.replace(/.*version difference.*\n?/gi, '')).not.toMatch(/error/i);
    expect(apply.status).toBe(0);
    // Just after the apply the CRD may have no conditions yet, and kubectl wait then fails at once.
    await expect
      .poll(() => kubectl(plane.kubeconfigPath, ['wait', '--for=condition=Established', 'crd/demo.devoops.io', '--timeout=10s']).status, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(0);
    const create = kubectl(
      plane.kubeconfigPath,
      ['apply', '-f', '-'],
      'apiVersion: devoops.io/v1\nkind: Demo\nmetadata: {name: hello, namespace: default}\nspec: {name: world}\n',
    );
    expect(create.status, create.stderr).toBe(0);
    const list = kubectl(plane.kubeconfigPath, ['get', 'd', '-n', 'default']);
    expect(list.status, list.stderr).toBe(0);
    const [header, row] = list.stdout.trim().split('\n');
    expect(header?.split(/\s{2,}/)).toEqual(['NAME', 'SPEC NAME', 'PHASE', 'AGE']);
    // kubectl prints an empty cell for a column whose path is not set (no status yet).
    expect(row).toMatch(/^hello\s+world\s+\d+s$/);
  });

  it('gives client-node a working KubeConfig', async () => {
    const { CoreV1Api } = await import('@kubernetes/client-node');
    const core = plane.kubeConfig.makeApiClient(CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((ns) => ns.metadata?.name)).toContain('default');
  });

  it('installs CRDs idempotently and waits until they are served', async () => {
    expect(await installCrds(plane, [demoCrd])).toEqual(['demo.devoops.io']);
    expect(await installCrds(plane, [demoCrd])).toEqual(['demo.devoops.io']);
    const list = await plane.request<{ kind: string }>('GET', '/apis/devoops.io/v1/namespaces/default/demo');
    expect(list.kind).toBe('DemoList');
  });

  it('runs a non-admin identity under RBAC: allowed what its role grants, refused the rest', async () => {
    const identity = await createIdentity(plane, {
      name: 'reader',
      namespace: 'rbac-test',
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
    });
    expect(identity.username).toBe('system:serviceaccount:rbac-test:reader');
    expect(await can(plane, identity, { verb: 'list', resource: 'configmaps', namespace: 'rbac-test' })).toBe(true);
    expect(await can(plane, identity, { verb: 'create', resource: 'configmaps', namespace: 'rbac-test' })).toBe(false);
    expect(await can(plane, identity, { verb: 'list', resource: 'configmaps', namespace: 'default' })).toBe(false);

    const allowed = kubectl(identity.kubeconfigPath, ['get', 'configmaps', '-n', 'rbac-test']);
    expect(allowed.status, allowed.stderr).toBe(0);
    const refused = kubectl(identity.kubeconfigPath, ['get', 'secrets', '-n', 'rbac-test']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/forbidden.*system:serviceaccount:rbac-test:reader/i);
  });

  it('builds an identity from RBAC manifests: their rights, in the namespace kustomize would give them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-identity-'));
    try {
      const rbac = join(dir, 'rbac.yaml');
      writeFileSync(
        rbac,
        `apiVersion: v1
kind: ServiceAccount
metadata: { name: watcher }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: watcher }
rules: [{ apiGroups: [""], resources: [namespaces], verbs: [get, list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: watcher }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: watcher }
subjects: [{ kind: ServiceAccount, name: watcher, namespace: watcher-system }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: leases }
rules: [{ apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: leases }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: leases }
subjects: [{ kind: ServiceAccount, name: watcher }]
`,
      );
      const other = join(dir, 'deployment.yaml');
      writeFileSync(other, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: not-applied }\n');
      const identity = await identityFromManifests(plane, [rbac, other], { namespace: 'watcher-system' });
      expect(identity.username).toBe('system:serviceaccount:watcher-system:watcher');
      expect(await can(plane, identity, { verb: 'list', resource: 'namespaces' })).toBe(true);
      expect(await can(plane, identity, { verb: 'delete', resource: 'namespaces' })).toBe(false);
      expect(
        await can(plane, identity, { verb: 'create', resource: 'leases', group: 'coordination.k8s.io', namespace: 'watcher-system' }),
      ).toBe(true);
      expect(await can(plane, identity, { verb: 'create', resource: 'leases', group: 'coordination.k8s.io', namespace: 'default' })).toBe(
        false,
      );
      await expect(plane.request('GET', '/apis/apps/v1/namespaces/watcher-system/deployments/not-applied')).rejects.toMatchObject({
        status: 404,
      });
      // Applying again (every test file of a suite may) changes nothing and still gives a token.
      expect((await identityFromManifests(plane, [rbac], { namespace: 'watcher-system' })).username).toBe(identity.username);

      const none = join(dir, 'none.yaml');
      writeFileSync(none, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n');
      await expect(identityFromManifests(plane, [none])).rejects.toThrow(/exactly one ServiceAccount \(found none\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the garbage collector: a deleted owner takes its child with it', async () => {
    const owner = await plane.request<{ metadata: { uid: string } }>('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'owner' },
    });
    await plane.request('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'child', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid }] },
    });
    await plane.request('DELETE', '/api/v1/namespaces/default/configmaps/owner');
    await waitFor('the child to be collected', async () => !(await plane.exists('/api/v1/namespaces/default/configmaps/child')), {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
  });

  it('creates default ServiceAccounts and really deletes namespaces', async () => {
    await plane.request('POST', '/api/v1/namespaces', { metadata: { name: 'short-lived' } });
    await waitFor(
      'the default ServiceAccount',
      async () => {
        await plane.request('GET', '/api/v1/namespaces/short-lived/serviceaccounts/default');
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await plane.request('DELETE', '/api/v1/namespaces/short-lived');
    await waitFor('the namespace to be gone', async () => !(await plane.exists('/api/v1/namespaces/short-lived')), {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
  });

  it('forces 410 Gone for an old resourceVersion: compaction for reads from etcd, expireHistory() for watches', async () => {
    const list = await plane.request<{ metadata: { resourceVersion: string } }>('GET', '/api/v1/namespaces/default/configmaps');
    const old = list.metadata.resourceVersion;
    for (let i = 0; i < 3; i++)
      await plane.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { generateName: 'churn-' } });
    await plane.expireHistory();
    const exact = await plane
      .request('GET', `/api/v1/namespaces/default/configmaps?resourceVersion=${old}&resourceVersionMatch=Exact`)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(exact).toBeInstanceOf(RestError);
    expect((exact as RestError).status).toBe(410);
    // A watch answers 200 and sends one ERROR event carrying the 410.
    const watch = await plane.request<string | { type: string; object: { code: number; reason: string } }>(
      'GET',
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${old}&timeoutSeconds=1`,
    );
    const event = typeof watch === 'string' ? JSON.parse(watch.split('\n')[0] as string) : watch;
    expect(event).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });

  it('survives an apiserver restart with its data', async () => {
    await plane.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'before-restart' } });
    await plane.stopApiServer();
    await expect(plane.request('GET', '/version')).rejects.toThrow();
    await plane.startApiServer();
    const kept = await plane.request<{ metadata: { name: string } }>('GET', '/api/v1/namespaces/default/configmaps/before-restart');
    expect(kept.metadata.name).toBe('before-restart');
  });
});

describe('control planes side by side, and faults', () => {
  it('runs two planes at once with separate state', async () => {
    const [a, b] = await Promise.all([startControlPlane({ controllerManager: false }), startControlPlane({ controllerManager: false })]);
    try {
      expect(a.server).not.toBe(b.server);
      await a.request('POST', '/api/v1/namespaces', { metadata: { name: 'only-in-a' } });
      await expect(b.request('GET', '/api/v1/namespaces/only-in-a')).rejects.toMatchObject({ status: 404 });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    for (const pid of [...a.pids, ...b.pids]) expect(alive(pid)).toBe(false);
    expect(existsSync(a.dir)).toBe(false);
  });

  it('chooses another port when the asked-for one is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const plane = await startControlPlane({ controllerManager: false, ports: { apiServer: taken } });
      try {
        expect(new URL(plane.server).port).not.toBe(String(taken));
        expect((await plane.request<{ gitVersion: string }>('GET', '/version')).gitVersion).toBe(KUBERNETES_VERSION);
      } finally {
        await plane.stop();
      }
    } finally {
      blocker.close();
    }
  });

  it('starts again from a kept folder of its own: the data is still there, and the folder stays', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'gen-operator-kept-')), 'plane');
    try {
      const first = await startControlPlane({ controllerManager: false, dir, keepDir: true });
      try {
        expect(first.dir).toBe(dir);
        await first.request('POST', '/api/v1/namespaces', { metadata: { name: 'kept' } });
      } finally {
        await first.stop();
      }
      expect(existsSync(join(dir, 'etcd'))).toBe(true);
      const second = await startControlPlane({ controllerManager: false, dir, keepDir: true });
      try {
        expect(await second.exists('/api/v1/namespaces/kept')).toBe(true);
      } finally {
        await second.stop();
      }
      expect(existsSync(join(dir, 'etcd'))).toBe(true);
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });

  it('reports the last lines of the log when a binary dies at start', async () => {
    const error = await startControlPlane({ controllerManager: false, apiServerFlags: { 'no-such-flag': 'x' } }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('Error');
    expect(error?.message).toMatch(/kube-apiserver exited at start/);
    expect(error?.message).toMatch(/unknown flag: --no-such-flag/);
  });

  it('leaves no process and no folder behind when the test process is killed', async () => {
    const script = join(repoRoot, 'packages', 'testing', 'test', 'fixtures', 'start-and-wait.mjs');
    const child = spawnSync(process.execPath, [script, 'self-kill'], { encoding: 'utf8', timeout: 120_000 });
    expect(child.signal).toBe('SIGKILL');
    const report = JSON.parse(child.stdout.trim().split('\n').pop() as string) as { pids: number[]; dir: string };
    expect(report.pids.length).toBe(3);
    await waitFor('the reaper to clean up', async () => report.pids.every((pid) => !alive(pid)) && !existsSync(report.dir), {
      timeoutMs: 20_000,
      intervalMs: 200,
    });
  });
});

describe('in a plain script', () => {
  it('starts, survives an apiserver restart and stops: exit code 0, no SIGKILL, no timer or process left', async () => {
    const script = join(repoRoot, 'packages', 'testing', 'test', 'fixtures', 'plain-script.mjs');
    const child = startProcess(process.execPath, [script]);
    try {
      const code = await child.exited;
      expect(code, child.output()).toBe(0);
      // The package says so on stderr when a process needed SIGKILL after its grace period.
      expect(child.stderr).not.toMatch(/SIGKILL/);
      const steps = child.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { step: string; ms: number; pids?: number[]; dir?: string; active?: string[] });
      expect(steps.map((s) => s.step)).toEqual(['start', 'create', 'stopApiServer', 'startApiServer', 'read', 'stop', 'end']);
      const end = steps.at(-1)!;
      // After stop() nothing of the package holds the script open (the grace timer used to, for 10 s).
      expect(end.active?.filter((resource) => resource === 'Timeout')).toEqual([]);
      expect(end.pids).toHaveLength(3);
      for (const pid of end.pids ?? []) expect(processRunning(pid)).toBe(false);
      expect(existsSync(end.dir as string)).toBe(false);
    } finally {
      await stopProcesses();
    }
  });
});

describe('finding binaries', () => {
  it('explains what to install when there is no Go and nothing cached', async () => {
    const { ensureBinaries } = await import('../binaries/ensure.js');
    const empty = join(repoRoot, 'node_modules', '.cache', `no-binaries-${process.pid}`);
    const env = { PATH: '/nonexistent', HOME: empty, GEN_OPERATOR_CACHE_DIR: empty };
    const lines: string[] = [];
    const error = await ensureBinaries({ env, log: (line) => lines.push(line) }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/Go is not available/);
    expect(error?.message).toMatch(/install Go/);
    expect(error?.message).toMatch(/KUBEBUILDER_ASSETS/);
  });

  it('prefers TEST_ASSET_* and says which variable names a missing binary', async () => {
    const { binariesFromEnvironment } = await import('../binaries/binaries.js');
    const fake = join(repoRoot, 'node_modules', '.cache', 'fake-etcd');
    writeFileSync(fake, '');
    expect(() => binariesFromEnvironment({ TEST_ASSET_ETCD: fake, TEST_ASSET_KUBE_APISERVER: '/nope/kube-apiserver' })).toThrow(
      /kube-apiserver not found: \/nope\/kube-apiserver\. Set TEST_ASSET_KUBE_APISERVER/,
    );
    expect(binariesFromEnvironment({ TEST_ASSET_ETCD: fake, TEST_ASSET_KUBE_APISERVER: fake })).toMatchObject({
      etcd: fake,
      kubeApiServer: fake,
      source: 'environment',
    });
    expect(binariesFromEnvironment({})).toBeUndefined();
  });
});
