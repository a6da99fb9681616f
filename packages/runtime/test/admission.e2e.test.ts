/**
 * Admission webhooks with the real apiserver calling the operator: kubectl's own view of a refusal,
 * a mutation, warnings and dry runs; a malformed review answered 400 with the operator serving on;
 * a handler that never returns answered with the runtime's message before the apiserver's timeout;
 * and, with the operator stopped, the registered failurePolicy (Fail refuses, Ignore admits).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlPlane, createIdentity, type Identity, installCrds, startControlPlane } from '@gen-operator/testing';
import { AdmissionError, createOperator, type Operator } from '@gen-operator/runtime';
import { ApiClient } from '../src/api/client.js';
import { connectionFromInfo } from '../src/api/connection.js';
import { registerConversion } from '../src/webhooks/registration.js';
import { developmentTls } from '../src/webhooks/tls.js';
import { captureLogs, Demo, demoCrd, eventually, getDemo, operatorRules } from './helpers.js';
import { lintMetrics, promlintBinary } from './promlint.js';

const ns = 'admission';
const configurationName = 'admission-test.gen-operator.dev';
const webhookRules = [
  {
    apiGroups: ['admissionregistration.k8s.io'],
    resources: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'],
    verbs: ['get', 'create', 'update', 'patch'],
  },
];

let plane: ControlPlane;
let identity: Identity;
let operator: Operator;
const logs = captureLogs();
const seen: { name: string | undefined; dryRun: boolean; operation: string; user: string | undefined }[] = [];

/** kubectl, asynchronously: the operator answering its webhook calls runs in this very process. */
function kubectl(args: string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', plane.kubeconfigPath, ...args],
      { encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

const manifest = (name: string, spec: Record<string, unknown> = { name }) =>
  JSON.stringify({ apiVersion: 'devoops.io/v1', kind: 'Demo', metadata: { name, namespace: ns }, spec });

const apply = (name: string, spec?: Record<string, unknown>, ...flags: string[]) =>
  kubectl(['apply', '-f', '-', ...flags], manifest(name, spec));

function withHandlers(target: Operator, failurePolicy: 'Fail' | 'Ignore'): void {
  target.on.validate(
    Demo,
    ({ object, warnings, name, dryRun, operation, userInfo }) => {
      seen.push({ name, dryRun, operation, user: userInfo.username });
      if (object.spec?.name === 'invalid') throw new AdmissionError('spec.name "invalid" is not allowed: choose another name');
      if (object.spec?.name?.startsWith('warn')) warnings.push('spec.name starting with "warn" is deprecated');
    },
    { id: 'checkName', failurePolicy },
  );
  target.on.validate(
    Demo,
    // Ignores its signal and never settles: the runtime must answer without it.
    ({ object }) => (object.spec?.name === 'hang' ? new Promise(() => undefined) : undefined),
    { id: 'slow', timeoutSeconds: 3, failurePolicy },
  );
  target.on.mutate(
    Demo,
    ({ object }) => {
      object.metadata!.labels = { ...object.metadata?.labels, 'example.com/mutated': 'yes' };
      object.spec = { ...object.spec, name: object.spec?.name || 'defaulted' };
    },
    { id: 'defaults', failurePolicy },
  );
}

async function startOperator(target: Operator): Promise<void> {
  await target.start({
    kubeConfig: identity.kubeConfig,
    namespaces: [ns],
    webhooks: { port: 0, name: configurationName },
    port: 0,
    host: '127.0.0.1',
    logLevel: 'info',
    logDestination: logs.destination,
  });
}

/** POSTs raw bytes to the operator's webhook port, trusting its CA as the apiserver does. */
async function post(path: string, body: string): Promise<{ status: number; text: string }> {
  const configuration = await plane.request<{ webhooks: { clientConfig: { caBundle: string } }[] }>(
    'GET',
    `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${configurationName}`,
  );
  const ca = Buffer.from(configuration.webhooks[0]!.clientConfig.caBundle, 'base64').toString('utf8');
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: operator.webhookPort, path, method: 'POST', ca, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  plane = await startControlPlane();
  await installCrds(plane, [demoCrd]);
  identity = await createIdentity(plane, {
    name: 'admission-operator',
    namespace: ns,
    rules: [...operatorRules, { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }],
    clusterRules: webhookRules,
  });
  operator = createOperator();
  withHandlers(operator, 'Fail');
  await startOperator(operator);
});

afterAll(async () => {
  await operator?.stop();
  await plane?.stop();
});

describe('admission webhooks through the apiserver', () => {
  it('register one configuration of each kind, pointing at the operator with its CA', async () => {
    const validating = await plane.request<{ webhooks: Record<string, unknown>[] }>(
      'GET',
      `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${configurationName}`,
    );
    expect(validating.webhooks).toHaveLength(1);
    expect(validating.webhooks[0]).toMatchObject({
      name: 'v1.demo.devoops.io',
      clientConfig: { url: `https://127.0.0.1:${operator.webhookPort}/validate/devoops.io/v1/demo` },
      rules: [
        { apiGroups: ['devoops.io'], apiVersions: ['v1'], resources: ['demo'], operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' },
      ],
      failurePolicy: 'Fail',
      sideEffects: 'None',
      timeoutSeconds: 10,
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [ns] }] },
    });
  });

  it('refuse an invalid object: kubectl shows the handler message', async () => {
    const result = await apply('invalid');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('denied the request: spec.name "invalid" is not allowed: choose another name');
    expect(await getDemo(plane, ns, 'invalid')).toBeUndefined();
  });

  it('mutate: the stored object carries what the mutating handler set', async () => {
    const result = await apply('mutated', {});
    expect(result.status, result.stderr).toBe(0);
    const stored = await getDemo(plane, ns, 'mutated');
    expect(stored?.metadata?.labels?.['example.com/mutated']).toBe('yes');
    expect(stored?.spec?.name).toBe('defaulted');
  });

  it('pass warnings to kubectl, and the user who asked to the handler', async () => {
    const result = await apply('warned', { name: 'warn-me' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('Warning: spec.name starting with "warn" is deprecated');
    expect(seen.find((s) => s.name === 'warned')?.user).toBe('admin'); // the plane's admin kubeconfig
  });

  it('pass dryRun for a server-side dry run, and store nothing', async () => {
    const result = await apply('dry', { name: 'fine' }, '--dry-run=server');
    expect(result.status, result.stderr).toBe(0);
    expect(seen.filter((s) => s.name === 'dry').map((s) => s.dryRun)).toEqual([true]);
    expect(await getDemo(plane, ns, 'dry')).toBeUndefined();
  });

  it('see UPDATE with the old object', async () => {
    const result = await apply('mutated', { name: 'invalid' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('spec.name "invalid" is not allowed');
    expect(seen.at(-1)).toMatchObject({ name: 'mutated', operation: 'UPDATE' });
  });

  it('answer a handler that never returns at its timeout, with the runtime’s message, not the apiserver’s', async () => {
    const result = await apply('hang');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("admission handler 'slow' did not answer in time (3 s)");
    expect(result.stderr).not.toContain('deadline exceeded');
  });

  it('answer a malformed AdmissionReview with 400 and keep serving', async () => {
    const path = '/validate/devoops.io/v1/demo';
    expect(await post(path, '{"apiVersion": "admission.k8s.io/v1", "kind": ')).toMatchObject({ status: 400 });
    expect(
      await post(path, JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { operation: 'CREATE' } })),
    ).toMatchObject({
      status: 400,
      text: expect.stringContaining('request.uid'),
    });
    // Not a webhook path at all (an admission path of this form without handlers admits instead: see the webhooks unit tests).
    expect(await post('/validate/devoops.io/demo', '{}')).toMatchObject({ status: 404 });
    const after = await apply('after-malformed');
    expect(after.status, after.stderr).toBe(0);
  });

  it('count reviews by result and bad requests by code in /metrics, named as Prometheus wants', async () => {
    const text = await (await fetch(`http://127.0.0.1:${operator.port}/metrics`)).text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    expect(
      value('gen_operator_admission_reviews_total{resource="demo.devoops.io",kind="validate",result="refused"}'),
    ).toBeGreaterThanOrEqual(2);
    expect(
      value('gen_operator_admission_reviews_total{resource="demo.devoops.io",kind="validate",result="timeout"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(value('gen_operator_admission_reviews_total{resource="demo.devoops.io",kind="mutate",result="allowed"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(value('gen_operator_webhook_bad_requests_total{code="400"}')).toBe(2);
    expect(value('gen_operator_webhook_bad_requests_total{code="404"}')).toBe(1);
    expect(text).toContain('gen_operator_admission_review_duration_seconds_bucket{');
    const report = lintMetrics(promlintBinary(), text);
    expect(report.problems.filter((problem) => /admission|webhook/.test(problem))).toEqual([]);
  });

  it('with the operator stopped: failurePolicy Fail refuses, and a restart with Ignore admits', async () => {
    await operator.stop();
    const refused = await apply('while-down');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/failed calling webhook/);
    expect(await getDemo(plane, ns, 'while-down')).toBeUndefined();

    // The same configurations, applied again by an operator whose handlers tolerate its absence.
    operator = createOperator();
    withHandlers(operator, 'Ignore');
    await startOperator(operator);
    expect((await apply('invalid')).stderr).toContain('spec.name "invalid" is not allowed');
    await operator.stop();
    const admitted = await apply('while-down');
    expect(admitted.status, admitted.stderr).toBe(0);
    await eventually('the object admitted unchecked', () => getDemo(plane, ns, 'while-down'));
    expect((await getDemo(plane, ns, 'while-down'))?.metadata?.labels?.['example.com/mutated']).toBeUndefined();
  });
});

describe('readiness with webhooks', () => {
  it('is 503 until the webhook server listens, then 200', async () => {
    const gated = createOperator();
    let releaseLogin!: () => void;
    const login = new Promise<void>((resolve) => {
      releaseLogin = resolve;
    });
    gated.on.login(async () => {
      await login;
      return identity.kubeConfig;
    });
    gated.on.validate(Demo, () => undefined);
    const started = gated.start({
      namespaces: [ns],
      port: 0,
      host: '127.0.0.1',
      webhooks: { port: 0, register: false },
      logLevel: 'silent',
    });
    try {
      await eventually('the endpoint to listen', async () => gated.port !== undefined);
      const before = await fetch(`http://127.0.0.1:${gated.port}/readyz`);
      expect(before.status).toBe(503);
      expect(await before.text()).toContain('webhooks not served yet');
      releaseLogin();
      await started;
      expect(gated.webhookPort).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${gated.port}/readyz`)).status).toBe(200);
    } finally {
      releaseLogin();
      await gated.stop();
    }
  });
});

describe('development registration of a conversion webhook', () => {
  it('points the CRD at the server with its CA, and the apiserver accepts it', async () => {
    const api = new ApiClient(connectionFromInfo({ server: plane.server, ...plane.adminCredentials }));
    const crd = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/demo.devoops.io';
    const { ca } = await developmentTls();
    try {
      await registerConversion(api, [{ group: 'devoops.io', plural: 'demo' }], { url: 'https://127.0.0.1:9443', caPem: ca });
      const stored = await plane.request<{ spec: { conversion: Record<string, unknown> } }>('GET', crd);
      expect(stored.spec.conversion).toEqual({
        strategy: 'Webhook',
        webhook: {
          clientConfig: { url: 'https://127.0.0.1:9443/convert/devoops.io/demo', caBundle: Buffer.from(ca).toString('base64') },
          conversionReviewVersions: ['v1'],
        },
      });
    } finally {
      await plane.request('PATCH', crd, { spec: { conversion: { strategy: 'None', webhook: null } } });
      api.connection.agent.destroy();
    }
  });
});

describe('certificates from a directory', () => {
  it('serves the mounted certificate, and says so when the port is taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'admission-certs-'));
    const deployed = createOperator();
    withHandlers(deployed, 'Fail');
    try {
      const tls = await developmentTls();
      writeFileSync(join(dir, 'tls.crt'), tls.cert);
      writeFileSync(join(dir, 'tls.key'), tls.key);
      writeFileSync(join(dir, 'ca.crt'), tls.ca);
      // register: true as well, so that the apiserver (trusting ca.crt) can show the server is the one answering.
      await deployed.start({
        kubeConfig: identity.kubeConfig,
        namespaces: [ns],
        webhooks: { port: 0, certDir: dir, register: true, name: 'certdir-test.gen-operator.dev' },
        logLevel: 'silent',
      });
      const configuration = await plane.request<{ webhooks: { clientConfig: { caBundle: string } }[] }>(
        'GET',
        '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/certdir-test.gen-operator.dev',
      );
      expect(Buffer.from(configuration.webhooks[0]!.clientConfig.caBundle, 'base64').toString('utf8')).toBe(tls.ca);
      expect((await apply('invalid')).stderr).toContain('spec.name "invalid" is not allowed');

      const blocker = createServer();
      const port = await new Promise<number>((resolve) =>
        blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
      );
      try {
        const second = createOperator();
        second.on.validate(Demo, () => undefined);
        await expect(
          second.start({
            kubeConfig: identity.kubeConfig,
            namespaces: [ns],
            webhooks: { port, host: '127.0.0.1', register: false },
            logLevel: 'silent',
          }),
        ).rejects.toThrow(
          `Webhook port 127.0.0.1:${port} is taken by another process: set webhooks.port (GEN_OPERATOR_WEBHOOK_PORT) to a free one.`,
        );
      } finally {
        blocker.close();
      }
    } finally {
      await deployed.stop();
      // Its configuration (failurePolicy Fail) would refuse the namespace's creates from now on.
      await plane
        .request('DELETE', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/certdir-test.gen-operator.dev')
        .catch(() => undefined);
      await plane
        .request('DELETE', '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/certdir-test.gen-operator.dev')
        .catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a standby replica', () => {
  it('serves webhooks while it waits for the lease: the apiserver calls whichever pod it reaches', async () => {
    const now = new Date().toISOString().replace(/\.\d+Z$/, '.000000Z');
    await plane.request('POST', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'held-elsewhere' },
      spec: { holderIdentity: 'another-replica', leaseDurationSeconds: 3600, acquireTime: now, renewTime: now },
    });
    const standby = createOperator();
    withHandlers(standby, 'Fail');
    const started = standby.start({
      kubeConfig: identity.kubeConfig,
      namespaces: [ns],
      leaderElection: true,
      leaseName: 'held-elsewhere',
      leaseNamespace: ns,
      webhooks: { port: 0, name: 'standby-test.gen-operator.dev' },
      logLevel: 'silent',
    });
    try {
      await eventually('the standby to serve webhooks', async () => standby.webhookPort !== undefined);
      await eventually('the standby to wait for the lease', async () => {
        const lease = await plane.request<{ spec: { holderIdentity?: string } }>(
          'GET',
          `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/held-elsewhere`,
        );
        return lease.spec.holderIdentity === 'another-replica';
      });
      const refused = await apply('invalid');
      expect(refused.stderr).toContain('spec.name "invalid" is not allowed');
    } finally {
      await standby.stop();
      await started;
    }
  });
});
