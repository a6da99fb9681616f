/** create → update (with the diff) → delete (finalizer added, handler run, finalizer removed), under least privilege. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlPlane, type Identity, startControlPlane } from '@gen-operator/testing';
import { createOperator, type Diff, type Operator } from '@gen-operator/runtime';
import { createDemo, Demo, demoPath, eventually, getDemo, setUpDemo } from './helpers.js';

const ns = 'lifecycle';
let plane: ControlPlane;
let identity: Identity;
let operator: Operator;
const calls: { reason: string; name: string; diff?: Diff; old?: unknown; new?: unknown }[] = [];

beforeAll(async () => {
  plane = await startControlPlane();
  identity = await setUpDemo(plane, ns);
  operator = createOperator();
  operator.on.create(
    Demo,
    async ({ name, spec, patch }) => {
      calls.push({ reason: 'create', name });
      patch.status = { phase: 'Ready', message: `hello ${spec.name}` };
      return { greeted: spec.name };
    },
    { id: 'greet' },
  );
  operator.on.update(Demo, async ({ name, diff, old, new: current }) => {
    calls.push({ reason: 'update', name, diff, old, new: current });
    return { changes: diff.length };
  });
  operator.on.delete(Demo, async ({ name }) => {
    calls.push({ reason: 'delete', name });
  });
  await operator.start({ kubeConfig: identity.kubeConfig, namespaces: [ns], logLevel: 'warn' });
});

afterAll(async () => {
  await operator?.stop();
  await plane?.stop();
});

describe('an object through its life', () => {
  it('runs create once, writes status in one status write, and adds the finalizer', async () => {
    const before = operator.stats().writes;
    await createDemo(plane, ns, 'one');
    const done = await eventually('status written', async () => {
      const obj = await getDemo(plane, ns, 'one');
      return obj?.status?.phase === 'Ready' && obj.status.greet ? obj : undefined;
    });
    expect(done.status).toMatchObject({ phase: 'Ready', message: 'hello one', greet: { greeted: 'one' } });
    expect(done.metadata?.finalizers).toEqual(['gen-operator.dev/finalizer']);
    const state = done.status?.genOperator as { base: string; progress?: unknown };
    expect(JSON.parse(state.base)).toEqual({ spec: { name: 'one' } });
    expect(state.progress).toBeUndefined();
    // Both writes are under the operator's name (its User-Agent), not "unknown".
    const managers = ((done.metadata?.managedFields ?? []) as { manager?: string; subresource?: string }[])
      .filter((entry) => entry.manager === 'gen-operator')
      .map((entry) => entry.subresource ?? 'main');
    expect(managers.sort()).toEqual(['main', 'status']);
    expect(calls.filter((c) => c.reason === 'create')).toEqual([{ reason: 'create', name: 'one' }]);
    // One write for the finalizer (metadata), one for status + results + state.
    await eventually('writes settle', async () => operator.stats().writes - before >= 2);
    expect(operator.stats().writes - before).toBe(2);
  });

  it('runs update with a kopf-shaped diff of the essence only', async () => {
    await plane.requestWithType(
      'PATCH',
      demoPath(ns, 'one'),
      { spec: { name: 'two' }, metadata: { labels: { tier: 'x' } } },
      'application/merge-patch+json',
    );
    const call = await eventually('update handler', async () => calls.find((c) => c.reason === 'update'));
    expect(call.diff).toEqual([
      ['change', ['spec', 'name'], 'one', 'two'],
      ['add', ['metadata'], undefined, { labels: { tier: 'x' } }],
    ]);
    expect(call.old).toEqual({ spec: { name: 'one' } });
    expect(call.new).toEqual({ spec: { name: 'two' }, metadata: { labels: { tier: 'x' } } });
    await eventually('update result', async () => (await getDemo(plane, ns, 'one'))?.status?.update);
    const obj = await getDemo(plane, ns, 'one');
    expect(obj?.status?.update).toEqual({ changes: 2 });
    // The operator's own status writes never count as changes.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(calls.filter((c) => c.reason === 'update')).toHaveLength(1);
    expect(calls.filter((c) => c.reason === 'create')).toHaveLength(1);
  });

  it('runs delete, then removes the finalizer so the object goes', async () => {
    await plane.request('DELETE', demoPath(ns, 'one'));
    await eventually('object gone', async () => (await getDemo(plane, ns, 'one')) === undefined);
    expect(calls.filter((c) => c.reason === 'delete')).toEqual([{ reason: 'delete', name: 'one' }]);
  });

  it('handles an object near the size limits through create, update and delete (kopf #1087)', async () => {
    // 200 KiB of annotations: a copy of the object in an annotation (kopf's last-handled
    // configuration) would pass the apiserver's 256 KiB annotation limit and block deletion forever.
    const payload = (fill: string) => fill.repeat(200 * 1024);
    await createDemo(plane, ns, 'large', { metadata: { name: 'large', annotations: { 'example.com/payload': payload('a') } } });
    const created = await eventually('large created', async () => {
      const obj = await getDemo(plane, ns, 'large');
      return (obj?.status?.genOperator as { base?: string } | undefined)?.base ? obj : undefined;
    });
    expect((created.status?.genOperator as { base?: string } | undefined)?.base).toMatch(/^sha256:/);
    expect(created.status?.greet).toEqual({ greeted: 'large' });

    await plane.requestWithType(
      'PATCH',
      demoPath(ns, 'large'),
      { metadata: { annotations: { 'example.com/payload': payload('b') } } },
      'application/merge-patch+json',
    );
    const update = await eventually('large updated', async () => calls.find((c) => c.reason === 'update' && c.name === 'large'));
    // Beyond the stored size the base is a digest: the handler learns that something changed, not what.
    expect(update.diff).toHaveLength(1);

    await plane.request('DELETE', demoPath(ns, 'large'));
    await eventually('large gone', async () => (await getDemo(plane, ns, 'large')) === undefined);
    expect(calls.filter((c) => c.name === 'large').map((c) => c.reason)).toEqual(['create', 'update', 'delete']);
  });
});
