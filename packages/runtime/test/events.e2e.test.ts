/**
 * Events on a real apiserver, under least-privilege identities: what handlers post is visible
 * through events.k8s.io/v1, the core/v1 view, `kubectl events` and `kubectl describe`; repeated
 * failures aggregate into a series; a refused write is dropped with one log line and the handler
 * is not affected.
 */
import { spawnSync } from 'node:child_process';
import { type ControlPlane, createIdentity, startControlPlane } from '@gen-operator/testing';
import { ConfigMap, createOperator, Deployment, type Operator, Pod, TemporaryError } from '@gen-operator/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs, createDemo, Demo, eventually, getDemo, operatorRules, setUpDemo } from './helpers.js';

const ns = 'events';
const deniedNs = 'events-denied';
const eventRules = [{ apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] }];
let plane: ControlPlane;
const operators: Operator[] = [];
const deniedLogs = captureLogs();

interface EventV1 {
  metadata: { name: string; namespace: string };
  type: string;
  reason: string;
  note?: string;
  reportingController: string;
  reportingInstance: string;
  regarding: { kind?: string; name?: string; uid?: string };
  series?: { count: number; lastObservedTime: string };
}
interface CoreEvent {
  involvedObject: { kind?: string; name?: string; uid?: string };
  type: string;
  reason: string;
  message?: string;
  series?: { count: number };
}

const beforeLogin = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'before-login', namespace: ns, uid: 'uid-before-login' } };
const hostile = {
  apiVersion: 'devoops.io/v1',
  kind: 'Demo',
  metadata: { name: `a${'.b'.repeat(126)}`, namespace: ns, uid: 'uid-hostile' },
};

const eventsAbout = async (namespace: string, uid: string) =>
  (await plane.request<{ items: EventV1[] }>('GET', `/apis/events.k8s.io/v1/namespaces/${namespace}/events`)).items.filter(
    (e) => e.regarding.uid === uid,
  );

function kubectl(...args: string[]): string {
  const result = spawnSync('kubectl', ['--kubeconfig', plane.kubeconfigPath, ...args], { encoding: 'utf8', timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

beforeAll(async () => {
  plane = await startControlPlane();
  await setUpDemo(plane, ns);
  const identity = await createIdentity(plane, { name: 'events-writer', namespace: ns, rules: [...operatorRules, ...eventRules] });
  const operator = createOperator();
  operators.push(operator);
  operator.on.create(
    Demo,
    ({ body, name }) => {
      operator.events.info(body, 'Greeted', `Hello, ${name}.`);
      operator.events.warn(body, 'Careful', 'Something looks odd.');
      operator.events.exception(body, 'Failed', new RangeError('out of range'), 'While counting:');
      return 'posted';
    },
    { id: 'post', when: ({ name }) => name.startsWith('post-') },
  );
  operator.on.create(
    Demo,
    () => {
      throw new TemporaryError('boom', { delay: 0 });
    },
    { id: 'fail', retries: 100, when: ({ name }) => name.startsWith('fail-') },
  );
  // Posted before login: buffered until the operator has a connection.
  operator.events.info(beforeLogin, 'Early', 'Posted before login.');
  // The limits and escaping, checked by the apiserver itself: a name at the limit, a reason and a note far beyond theirs.
  operator.events.warn(hostile, `${'R'.repeat(300)}\u001b[2J`, `€\u202e\u0007`.repeat(3000));
  await operator.start({ kubeConfig: identity.kubeConfig, namespaces: [ns], logLevel: 'silent' });

  // The same operator without any rights on Events.
  const denied = await setUpDemo(plane, deniedNs);
  const quiet = createOperator();
  operators.push(quiet);
  quiet.on.create(
    Demo,
    ({ body }) => {
      quiet.events.info(body, 'Greeted', 'Nobody will see this.');
      return 'done';
    },
    { id: 'greet' },
  );
  await quiet.start({ kubeConfig: denied.kubeConfig, namespaces: [deniedNs], logDestination: deniedLogs.destination, logLevel: 'info' });
});

afterAll(async () => {
  for (const operator of operators) await operator.stop();
  await plane?.stop();
});

describe('Events', () => {
  it('info, warn and exception show through events.k8s.io/v1 and core/v1, with the operator as reporting controller', async () => {
    const demo = await createDemo(plane, ns, 'post-1');
    const uid = demo.metadata!.uid!;
    const events = await eventually('three Events about post-1', async () => {
      const found = await eventsAbout(ns, uid);
      return found.length === 3 ? found : undefined;
    });
    const byReason = Object.fromEntries(events.map((e) => [e.reason, e]));
    expect(byReason.Greeted).toMatchObject({ type: 'Normal', note: 'Hello, post-1.', regarding: { kind: 'Demo', name: 'post-1' } });
    expect(byReason.Careful).toMatchObject({ type: 'Warning', note: 'Something looks odd.' });
    expect(byReason.Failed).toMatchObject({ type: 'Warning', note: 'While counting: RangeError: out of range' });
    for (const event of events) {
      expect(event.reportingController).toBe('gen-operator.dev/operator');
      expect(event.reportingInstance).not.toBe('');
      expect(event.metadata.name).toMatch(/^post-1\.[0-9a-f]+$/);
    }
    const core = await plane.request<{ items: CoreEvent[] }>(
      'GET',
      `/api/v1/namespaces/${ns}/events?fieldSelector=involvedObject.uid=${uid}`,
    );
    expect(core.items.map((e) => `${e.type} ${e.reason}: ${e.message}`).sort()).toEqual([
      'Normal Greeted: Hello, post-1.',
      'Warning Careful: Something looks odd.',
      'Warning Failed: While counting: RangeError: out of range',
    ]);
  });

  it('show in kubectl events and kubectl describe', async () => {
    const uid = (await createDemo(plane, ns, 'post-2')).metadata!.uid!;
    await eventually('the Events of post-2', async () => (await eventsAbout(ns, uid)).length === 3);
    const listed = kubectl('events', '-n', ns, '--for', 'demo/post-2');
    expect(listed).toContain('Greeted');
    expect(listed).toContain('Hello, post-2.');
    expect(listed).toContain('While counting: RangeError: out of range');
    const described = kubectl('describe', 'demo', 'post-2', '-n', ns);
    expect(described).toMatch(/Events:[\s\S]*Normal\s+Greeted\s+.*gen-operator\.dev\/operator\s+Hello, post-2\./);
    expect(described).toMatch(/Warning\s+Careful/);
  });

  it('aggregate 100 failures of one handler into at most 2 Events with the series count', async () => {
    const demo = await createDemo(plane, ns, 'fail-1');
    const uid = demo.metadata!.uid!;
    await eventually(
      'the handler to fail permanently',
      async () => (await getDemo(plane, ns, 'fail-1'))?.status?.genOperator !== undefined && (await eventsAbout(ns, uid)).length > 0,
    );
    const total = (events: EventV1[]) => events.reduce((sum, e) => sum + (e.series?.count ?? 1), 0);
    const events = await eventually(
      '100 failures counted',
      async () => {
        const found = await eventsAbout(ns, uid);
        return total(found) === 100 ? found : undefined;
      },
      120_000,
    );
    expect(events.length).toBeLessThanOrEqual(2);
    const retrying = events.find((e) => e.note?.includes('(will retry)'));
    expect(retrying).toMatchObject({ type: 'Warning', reason: 'HandlerFailed', note: "Handler 'fail' failed (will retry): boom" });
    expect(retrying?.series?.count).toBe(99);
    expect(events.find((e) => e.note?.includes('permanently'))?.note).toMatch(
      /^Handler 'fail' failed permanently: gave up after 100 attempts/,
    );
    // The core/v1 view carries the series too, and kubectl describe shows it.
    expect(kubectl('describe', 'demo', 'fail-1', '-n', ns)).toMatch(/Warning\s+HandlerFailed\s+.*\(x99 over .*\(will retry\): boom/);
    const core = await plane.request<{ items: CoreEvent[] }>(
      'GET',
      `/api/v1/namespaces/${ns}/events?fieldSelector=involvedObject.uid=${uid}`,
    );
    expect(core.items.map((e) => e.series?.count ?? 1).sort((a, b) => a - b)).toEqual(
      events.map((e) => e.series?.count ?? 1).sort((a, b) => a - b),
    );
  });

  it('are buffered before login and written after it', async () => {
    const [event] = await eventually('the Event posted before login', async () => {
      const found = await eventsAbout(ns, 'uid-before-login');
      return found.length ? found : undefined;
    });
    expect(event).toMatchObject({ type: 'Normal', reason: 'Early', note: 'Posted before login.', regarding: { name: 'before-login' } });
  });

  it('stay within the apiserver limits, with hostile strings escaped', async () => {
    const [event] = await eventually('the hostile Event', async () => {
      const found = await eventsAbout(ns, 'uid-hostile');
      return found.length ? found : undefined;
    });
    expect(hostile.metadata.name.length).toBe(253);
    expect(event!.metadata.name.length).toBeLessThanOrEqual(253);
    expect(Buffer.byteLength(event!.reason)).toBeLessThanOrEqual(128);
    expect(event!.reason).toMatch(/^R+…$/);
    expect(Buffer.byteLength(event!.note!)).toBeLessThanOrEqual(1024);
    expect(event!.note).toMatch(/^(€\\u202e\\x07)+.*…$/);
    expect(event!.note!.includes('\u0007') || event!.note!.includes('\u202e')).toBe(false);
  });

  it('drop Events the API refuses with one log line; the handler succeeds all the same', async () => {
    for (const name of ['denied-1', 'denied-2', 'denied-3']) await createDemo(plane, deniedNs, name);
    for (const name of ['denied-1', 'denied-2', 'denied-3'])
      await eventually(`${name} handled`, async () => (await getDemo(plane, deniedNs, name))?.status?.greet === 'done');
    await eventually('the drop logged', async () => deniedLogs.lines.some((line) => String(line.msg).startsWith('Event dropped')));
    expect(deniedLogs.lines.filter((line) => String(line.msg).startsWith('Event dropped'))).toMatchObject([
      { level: 40, msg: 'Event dropped: the API refused it. Further drops are not logged until an Event is written.' },
    ]);
    expect(String(deniedLogs.lines.find((line) => String(line.msg).startsWith('Event dropped'))?.error)).toMatch(/HTTP 403/);
    const events = await plane.request<{ items: EventV1[] }>('GET', `/apis/events.k8s.io/v1/namespaces/${deniedNs}/events`);
    expect(events.items.filter((e) => e.reportingController === 'gen-operator.dev/operator')).toEqual([]);
  });

  it('built-in kinds work through .api() like generated resources', async () => {
    const configMaps = ConfigMap.api(plane.kubeConfig);
    const created = await configMaps.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: ns },
      data: { greeting: 'hello' },
    });
    expect(created.data).toEqual({ greeting: 'hello' });
    expect(typeof created.metadata?.creationTimestamp).toBe('string');
    const patched = await configMaps.patch('settings', { data: { greeting: 'hi' } }, { type: 'merge', namespace: ns });
    expect(patched.data?.greeting).toBe('hi');

    const deployments = Deployment.api(plane.kubeConfig);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns, labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      },
    } satisfies Deployment;
    expect(Deployment.validate(deployment).valid).toBe(true);
    await deployments.create(deployment);
    const got = await deployments.get('web', ns);
    expect(got.spec?.replicas).toBe(2);
    // Defaulted by the apiserver, typed by client-node's model.
    expect(got.spec?.strategy?.type).toBe('RollingUpdate');
    const listed = await Pod.api(plane.kubeConfig).list({ namespace: ns });
    expect(Array.isArray(listed.items)).toBe(true);
    await deployments.delete('web', ns);
    await configMaps.delete('settings', ns);
  });
});
