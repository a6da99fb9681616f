/**
 * The apiserver pushing back and connections going bad: 429 with Retry-After from API Priority and
 * Fairness, a 401 after the operator's token is revoked, and a watch that goes silent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ControlPlane, createIdentity, type Identity, startControlPlane } from '@gen-operator/testing';
import { createOperator, type Operator, type RunOptions } from '@gen-operator/runtime';
import { serviceAccountCredentials } from '../src/operator/login.js';
import { captureLogs, createDemo, Demo, eventually, getDemo, operatorRules, setUpDemo, startCuttableProxy } from './helpers.js';

let plane: ControlPlane;
const operators: Operator[] = [];
const flowcontrol = '/apis/flowcontrol.apiserver.k8s.io/v1';

beforeAll(async () => {
  plane = await startControlPlane({ controllerManager: false });
});

afterEach(async () => {
  for (const operator of operators.splice(0)) await operator.stop();
});

afterAll(async () => {
  await plane?.stop();
});

/**
 * Starts an operator whose create handler counts its runs per object and sets status; its warnings
 * are captured. `prepare` registers more before the start.
 */
async function startCounting(options: RunOptions, prepare?: (operator: Operator) => void) {
  const operator = createOperator();
  operators.push(operator);
  const runs = new Map<string, number>();
  operator.on.create(Demo, ({ name, patch }) => {
    runs.set(name, (runs.get(name) ?? 0) + 1);
    patch.status = { phase: 'Ready' };
  });
  prepare?.(operator);
  const logs = captureLogs();
  await operator.start({ logLevel: 'warn', logDestination: logs.destination, ...options });
  return { operator, runs, logs };
}

const ready = (ns: string, name: string, timeoutMs = 60_000) =>
  eventually(`${ns}/${name} ready`, async () => (await getDemo(plane, ns, name))?.status?.phase === 'Ready', timeoutMs);

const retries = (lines: Record<string, unknown>[]) => lines.filter((l) => l.msg === 'API call failed; retrying.');

describe('the apiserver pushing back', () => {
  it('waits out Retry-After on 429 from API Priority and Fairness, and every object still converges once', async () => {
    const ns = 'throttled';
    const identity = await setUpDemo(plane, ns);
    // The operator's requests get a priority level of one nominal seat that neither lends nor
    // borrows and rejects instead of queueing: a burst of writes meets real 429s.
    await plane.request('POST', `${flowcontrol}/prioritylevelconfigurations`, {
      metadata: { name: 'throttled-operator' },
      spec: {
        type: 'Limited',
        limited: { nominalConcurrencyShares: 1, lendablePercent: 0, borrowingLimitPercent: 0, limitResponse: { type: 'Reject' } },
      },
    });
    await plane.request('POST', `${flowcontrol}/flowschemas`, {
      metadata: { name: 'throttled-operator' },
      spec: {
        priorityLevelConfiguration: { name: 'throttled-operator' },
        matchingPrecedence: 1000,
        rules: [
          {
            subjects: [{ kind: 'ServiceAccount', serviceAccount: { name: `operator-${ns}`, namespace: ns } }],
            resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true }],
          },
        ],
      },
    });
    const names = Array.from({ length: 80 }, (_, i) => `burst-${i}`);
    await Promise.all(names.map((name) => createDemo(plane, ns, name)));
    const { operator, runs, logs } = await startCounting({
      credentials: { ...identity.credentials, server: plane.server },
      namespaces: [ns],
      concurrency: 64,
    });
    for (const name of names) await ready(ns, name);

    const throttled = retries(logs.lines).filter((l) => l.reason === 'HTTP 429');
    expect(throttled.length).toBeGreaterThan(0);
    // The backoff alone would wait 100 ms before a first retry; the apiserver asked for a second.
    for (const line of throttled) expect(line.delayMs).toBeGreaterThanOrEqual(1000);
    const metrics = String(await plane.request('GET', '/metrics'));
    const rejected = metrics
      .split('\n')
      .filter((l) => l.startsWith('apiserver_flowcontrol_rejected_requests_total{') && l.includes('priority_level="throttled-operator"'))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    expect(rejected).toBeGreaterThanOrEqual(throttled.length);
    expect(operator.stats().retries).toBeGreaterThanOrEqual(throttled.length);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(runs.size).toBe(names.length);
  });

  it('re-runs the login handlers on a 401 and carries on with the new credentials', async () => {
    const ns = 'relogin';
    await setUpDemo(plane, ns);
    const account = { name: 'revocable', namespace: ns, rules: operatorRules };
    let identity: Identity = await createIdentity(plane, account);
    const logins: string[] = [];
    const { runs, logs } = await startCounting({ namespaces: [ns] }, (operator) =>
      operator.on.login(() => {
        logins.push(identity.token);
        return { ...identity.credentials, server: plane.server };
      }),
    );
    await createDemo(plane, ns, 'before');
    await ready(ns, 'before');
    expect(logins).toHaveLength(1);

    // Deleting the ServiceAccount revokes its tokens; the recreated one (same name, so the same
    // RBAC) has a new uid and a new token. The operator's open watch keeps running meanwhile.
    await plane.request('DELETE', `/api/v1/namespaces/${ns}/serviceaccounts/revocable`);
    const revoked = identity;
    identity = await createIdentity(plane, account);
    await eventually('the old token refused', async () => {
      const answer = await fetchStatus(revoked.token, `/apis/devoops.io/v1/namespaces/${ns}/demo`);
      return answer === 401;
    });

    await createDemo(plane, ns, 'after');
    await ready(ns, 'after');
    expect(logins).toEqual([revoked.token, identity.token]);
    // The write that met the 401 logged in again at once instead of retrying with the dead token.
    expect(logs.lines.some((l) => String(l.msg).includes('refused the credentials (401)'))).toBe(true);
    expect(retries(logs.lines).filter((l) => l.reason === 'HTTP 401')).toEqual([]);
    expect(runs.get('after')).toBe(1);
    expect(runs.get('before')).toBe(1);
  });
});

describe('logging in', () => {
  it('logs in as a pod does: the mounted service account token and CA, the apiserver from the environment', async () => {
    const ns = 'in-cluster';
    const identity = await setUpDemo(plane, ns);
    const mount = mkdtempSync(join(tmpdir(), 'serviceaccount-'));
    try {
      writeFileSync(join(mount, 'token'), `${identity.token}\n`);
      writeFileSync(join(mount, 'ca.crt'), plane.adminCredentials.ca ?? '');
      const server = new URL(plane.server);
      const podEnv = { KUBERNETES_SERVICE_HOST: server.hostname, KUBERNETES_SERVICE_PORT: server.port };
      expect(serviceAccountCredentials(mount, {})).toBeUndefined();
      expect(serviceAccountCredentials(mount, { ...podEnv, KUBERNETES_SERVICE_HOST: '::1' })?.server).toBe(`https://[::1]:${server.port}`);

      const { runs } = await startCounting({ namespaces: [ns] }, (operator) =>
        operator.on.login(() => serviceAccountCredentials(mount, podEnv)),
      );
      await createDemo(plane, ns, 'in-pod');
      await ready(ns, 'in-pod');
      expect(runs.get('in-pod')).toBe(1);
    } finally {
      rmSync(mount, { recursive: true, force: true });
    }
  });
});

describe('a watch that goes silent', () => {
  it('is abandoned after the inactivity timeout and watched again, so changes made meanwhile are handled', async () => {
    const ns = 'silent';
    const identity = await setUpDemo(plane, ns);
    const proxy = await startCuttableProxy(plane.server);
    try {
      const { runs, logs } = await startCounting({
        credentials: { ...identity.credentials, server: proxy.url },
        namespaces: [ns],
        inactivityTimeout: 15,
        requestTimeout: 5,
      });
      await createDemo(plane, ns, 'before');
      await ready(ns, 'before');

      // Open connections now swallow every byte and never close, the watch's included: only the
      // operator's own inactivity timer can notice.
      proxy.silence();
      await createDemo(plane, ns, 'during');
      await ready(ns, 'during', 90_000);
      const restarts = logs.lines.filter((l) => l.msg === 'watch failed; reconnecting');
      expect(restarts.some((l) => /no watch traffic for 15 s/.test(String(l.error)))).toBe(true);
      expect(runs.get('during')).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});

/** The HTTP status the apiserver gives a GET with this bearer token. */
async function fetchStatus(token: string, path: string): Promise<number> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, plane.server),
      { ca: plane.adminCredentials.ca, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
