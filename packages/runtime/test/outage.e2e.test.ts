/** The apiserver going away under a running operator, and a 410 Gone that forces a relist. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlPlane, type Identity, startControlPlane } from '@gen-operator/testing';
import { createOperator, type Operator } from '@gen-operator/runtime';
import { createDemo, Demo, demoPath, eventually, getDemo, setUpDemo, startCuttableProxy } from './helpers.js';

const ns = 'outage';
let plane: ControlPlane;
let identity: Identity;
let operator: Operator;
let proxy: Awaited<ReturnType<typeof startCuttableProxy>>;
const created: string[] = [];
const started: string[] = [];
const deleted: { name: string | undefined; uid: string }[] = [];

beforeAll(async () => {
  plane = await startControlPlane();
  identity = await setUpDemo(plane, ns);
  proxy = await startCuttableProxy(plane.server);
  operator = createOperator();
  operator.on.create(
    Demo,
    async ({ name }) => {
      started.push(name);
      if (name.startsWith('slow')) await new Promise((resolve) => setTimeout(resolve, 1500));
      created.push(name);
      return 'handled';
    },
    { id: 'handled' },
  );
  // Optional: no finalizer, so deletions can happen while the operator is blind.
  operator.on.delete(
    Demo,
    async ({ name, uid }) => {
      deleted.push({ name, uid });
    },
    { optional: true },
  );
  await operator.start({
    credentials: { ...identity.credentials, server: proxy.url },
    namespaces: [ns],
    logLevel: (process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent',
    inactivityTimeout: 20,
    port: 0,
  });
});

afterAll(async () => {
  await operator?.stop();
  await proxy?.close();
  await plane?.stop();
});

/** gen_operator_watch_restarts_total of the Demo stream for `reason`, from /metrics. */
async function restarts(reason: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${operator.port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('gen_operator_watch_restarts_total{') && l.includes(`reason="${reason}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const handled = (name: string) =>
  eventually(`${name} handled`, async () => (await getDemo(plane, ns, name))?.status?.handled === 'handled', 90_000);

describe('faults', () => {
  it('finishes a handler whose write meets a stopped apiserver, and watches again after it is back', async () => {
    await createDemo(plane, ns, 'slow-1');
    await eventually('handler started', async () => started.includes('slow-1'));
    await plane.stopApiServer();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await plane.startApiServer();
    await handled('slow-1');
    expect(started.filter((n) => n === 'slow-1')).toHaveLength(1);
    await createDemo(plane, ns, 'after-restart');
    await handled('after-restart');
    expect(await restarts('failed')).toBeGreaterThanOrEqual(1);
  });

  it('relists after 410 Gone: objects deleted in the gap count as deleted, objects created in it as created', async () => {
    await createDemo(plane, ns, 'doomed');
    await handled('doomed');
    const doomed = await getDemo(plane, ns, 'doomed');
    proxy.cut();
    await plane.request('DELETE', demoPath(ns, 'doomed'));
    await createDemo(plane, ns, 'born-in-gap');
    await plane.expireHistory();
    proxy.restore();
    await handled('born-in-gap');
    const gone = await eventually('synthetic deletion', async () => deleted.find((d) => d.uid === doomed?.metadata?.uid));
    expect(gone.name).toBe('doomed');
    expect(created.filter((n) => n === 'born-in-gap')).toHaveLength(1);
    expect(created.filter((n) => n === 'doomed')).toHaveLength(1);
    expect(await restarts('expired')).toBeGreaterThanOrEqual(1);
  });
});
