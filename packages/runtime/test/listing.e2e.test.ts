/**
 * The first listing of many objects is paced by the queue, and the watch runs beside it: a change
 * made while the listing waits for room reaches the operator as it happens, and the older listed
 * state of that object is not delivered after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlPlane, type Identity, startControlPlane } from '@gen-operator/testing';
import { createOperator, type Operator } from '@gen-operator/runtime';
import { createDemo, Demo, demoPath, eventually, setUpDemo } from './helpers.js';

const ns = 'listing';
const OBJECTS = 300;
let plane: ControlPlane;
let identity: Identity;
let operator: Operator | undefined;

beforeAll(async () => {
  plane = await startControlPlane();
  identity = await setUpDemo(plane, ns);
  const names = Array.from({ length: OBJECTS }, (_, i) => `item-${String(i).padStart(3, '0')}`);
  // Objects are listed in name order: zz-last is on the last page.
  for (let i = 0; i < names.length; i += 20) await Promise.all(names.slice(i, i + 20).map((name) => createDemo(plane, ns, name)));
  await createDemo(plane, ns, 'zz-last', { spec: { name: 'as created' } });
});

afterAll(async () => {
  await operator?.stop();
  await plane?.stop();
});

describe('a long first listing', () => {
  it('delivers a change made meanwhile at once, and not the older listed state after it', async () => {
    const calls: { reason: string; name: string; spec: string | undefined; listingDone: boolean }[] = [];
    let listingDone = false;
    operator = createOperator();
    operator.on.create(Demo, async ({ name, spec }) => {
      calls.push({ reason: 'create', name, spec: spec.name, listingDone });
      // One worker, 40 ms a handler: the listing of 301 objects in pages of 100 waits for room
      // about three times 100 handlers.
      await new Promise((resolve) => setTimeout(resolve, 40));
    });
    operator.on.update(Demo, async ({ name, spec }) => {
      calls.push({ reason: 'update', name, spec: spec.name, listingDone });
    });
    const starting = operator
      .start({
        credentials: { ...identity.credentials, server: plane.server },
        namespaces: [ns],
        concurrency: 1,
        logLevel: 'silent',
        port: 0,
      })
      .then(() => {
        listingDone = true;
      });

    await eventually('the first handler', async () => calls.length > 0);
    await plane.requestWithType(
      'PATCH',
      demoPath(ns, 'zz-last'),
      { spec: { name: 'changed while listing' } },
      'application/merge-patch+json',
    );
    await eventually('zz-last handled', async () => calls.some((c) => c.name === 'zz-last'), 60_000);
    await starting;
    await eventually('every object handled', async () => new Set(calls.map((c) => c.name)).size === OBJECTS + 1, 60_000);

    const last = calls.filter((c) => c.name === 'zz-last');
    // The watch's state, before the listing reached the last page; never the listed one.
    expect(last).toEqual([{ reason: 'create', name: 'zz-last', spec: 'changed while listing', listingDone: false }]);
    expect(calls.filter((c) => c.reason === 'create')).toHaveLength(OBJECTS + 1);
    expect(calls.filter((c) => c.reason === 'update')).toHaveLength(0);
  });
});
