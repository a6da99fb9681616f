/**
 * The operator's own endpoint against a real apiserver: /readyz only after startup and every first
 * listing, /healthz failing on a failed probe handler and on a stream silent past its inactivity
 * timeout, and /metrics in the text format as Prometheus' own parser and linter read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlPlane, type Identity, startControlPlane } from '@gen-operator/testing';
import { createOperator, type Operator } from '@gen-operator/runtime';
import { captureLogs, createDemo, Demo, eventually, getDemo, setUpDemo, startCuttableProxy, type CuttableProxy } from './helpers.js';
import { lintMetrics, promlintBinary } from './promlint.js';

const ns = 'endpoint';
let plane: ControlPlane;
let identity: Identity;
let proxy: CuttableProxy;
let operator: Operator;
let started: Promise<void>;
let releaseStartup!: () => void;
let probeFails = false;
let promlint: string;
const logs = captureLogs();

const get = async (path: string) => {
  const response = await fetch(`http://127.0.0.1:${operator.port}${path}`);
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') ?? '' };
};

beforeAll(async () => {
  promlint = promlintBinary();
  plane = await startControlPlane();
  identity = await setUpDemo(plane, ns);
  proxy = await startCuttableProxy(plane.server);
  operator = createOperator();
  const gate = new Promise<void>((resolve) => {
    releaseStartup = resolve;
  });
  operator.on.startup(() => gate);
  operator.on.probe(
    () => {
      if (probeFails) throw new Error('the queue behind this operator is unreachable');
      return 'fine';
    },
    { id: 'backend' },
  );
  operator.on.create(Demo, ({ patch }) => {
    patch.status = { phase: 'Ready' };
  });
  started = operator.start({
    credentials: { ...identity.credentials, server: proxy.url },
    namespaces: [ns],
    port: 0,
    host: '127.0.0.1',
    inactivityTimeout: 8,
    logLevel: 'info',
    logDestination: logs.destination,
  });
  await eventually('endpoint listening', async () => operator.port !== undefined);
});

afterAll(async () => {
  releaseStartup?.();
  await operator?.stop();
  await proxy?.close();
  await plane?.stop();
});

describe('the operator endpoint', () => {
  it('is not ready while a startup handler runs, ready once every watch has listed', async () => {
    const before = await get('/readyz');
    expect(before.status).toBe(503);
    expect(before.body).toContain('starting');
    expect((await get('/healthz')).status).toBe(200);
    releaseStartup();
    await started;
    const after = await get('/readyz');
    expect(after).toMatchObject({ status: 200, body: 'ok\n' });
  });

  it('serves metrics that Prometheus parses, named by its conventions, counting what happened', async () => {
    await createDemo(plane, ns, 'counted');
    await eventually('handled', async () => (await getDemo(plane, ns, 'counted'))?.status?.phase === 'Ready');
    const metrics = await eventually('handler counted', async () => {
      const scrape = await get('/metrics');
      return scrape.body.includes('gen_operator_handler_runs_total{') ? scrape : undefined;
    });
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const report = lintMetrics(promlint, metrics.body);
    expect(report.problems).toEqual([]);
    const byName = new Map(report.families.map((f) => [f.name, f]));
    for (const [name, type, labels] of [
      ['gen_operator_handler_runs_total', 'COUNTER', ['resource', 'handler', 'outcome']],
      ['gen_operator_handler_duration_seconds', 'HISTOGRAM', ['resource', 'handler']],
      ['gen_operator_queue_depth', 'GAUGE', []],
      ['gen_operator_queue_wait_seconds', 'HISTOGRAM', []],
      ['gen_operator_watch_events_total', 'COUNTER', ['resource', 'type']],
      ['gen_operator_api_requests_total', 'COUNTER', ['method', 'code']],
      ['gen_operator_api_request_duration_seconds', 'HISTOGRAM', ['method']],
      ['gen_operator_leader', 'GAUGE', []],
      ['process_cpu_seconds_total', 'COUNTER', []],
      ['process_resident_memory_bytes', 'GAUGE', []],
    ] as const) {
      expect(byName.get(name), name).toMatchObject({ type, labels: expect.arrayContaining([...labels]) });
    }
    expect(metrics.body).toMatch(/gen_operator_handler_runs_total\{resource="demo",handler="[^"]+",outcome="success"\} 1\n/);
    expect(metrics.body).toMatch(/gen_operator_api_requests_total\{method="PATCH",code="200"\} [1-9]/);
    expect(metrics.body).toMatch(/gen_operator_watch_events_total\{resource="demo",type="ADDED"\} [1-9]/);
    expect(metrics.body).toMatch(/gen_operator_leader 1\n/);
  });

  it("logs each line about an object with the object's identity, and the handler and attempt", async () => {
    const object = await eventually('handled', async () => getDemo(plane, ns, 'counted'));
    const line = await eventually('the handler logged', async () =>
      logs.lines.find((l) => /^Handler '.*' succeeded\.$/.test(String(l.msg))),
    );
    expect(line).toMatchObject({
      kind: 'Demo',
      namespace: ns,
      name: 'counted',
      uid: object.metadata?.uid,
      handler: expect.any(String),
      attempt: 1,
      level: 30,
    });
  });

  it('fails liveness while a probe handler fails, with its message', async () => {
    probeFails = true;
    const failing = await get('/healthz');
    expect(failing.status).toBe(503);
    expect(failing.body).toMatch(/^probe backend: .*the queue behind this operator is unreachable\n$/);
    probeFails = false;
    expect((await get('/healthz')).status).toBe(200);
  });

  it('fails liveness when a watch is dead past its inactivity timeout, and recovers', async () => {
    proxy.cut();
    const dead = await eventually(
      'liveness failing',
      async () => {
        const answer = await get('/healthz');
        return answer.status === 503 ? answer : undefined;
      },
      60_000,
    );
    expect(dead.body).toMatch(/^demo in endpoint: no sign of life for \d+ s/);
    proxy.restore();
    await eventually('liveness back', async () => (await get('/healthz')).status === 200, 60_000);
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    expect((await get('/nothing')).status).toBe(404);
    const response = await fetch(`http://127.0.0.1:${operator.port}/metrics`, { method: 'POST' });
    expect(response.status).toBe(405);
  });
});
