/** on.field, on.event, on.resume, label filters, probes, and namespace scope, on a real apiserver. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type ControlPlane, createIdentity, type Identity, startControlPlane } from '@gen-operator/testing';
import { type ChangeArgs, createOperator, type Diff, type Operator } from '@gen-operator/runtime';
import { createDemo, Demo, demoPath, eventually, getDemo, operatorRules, setUpDemo } from './helpers.js';

const ns = 'features';
let plane: ControlPlane;
let identity: Identity;
let first: Operator;
let second: Operator | undefined;
let scoped: Operator | undefined;
const fieldCalls: { name: string; old: unknown; new: unknown; diff: Diff; reason: string }[] = [];
const events: { name: string; type: string | undefined }[] = [];
const creates: string[] = [];
const resumed: string[] = [];

beforeAll(async () => {
  plane = await startControlPlane({ controllerManager: false });
  identity = await setUpDemo(plane, ns);
  first = createOperator();
  first.on.create(Demo, ({ name }) => void creates.push(name), { labels: { managed: 'yes' } });
  first.on.field(Demo, 'spec.name', ({ name, old, new: current, diff, reason }) => {
    fieldCalls.push({ name, old, new: current, diff, reason });
  });
  first.on.event(Demo, ({ name, type }) => {
    events.push({ name, type });
  });
  first.on.probe(() => 'alive', { id: 'health' });
  await first.start({ kubeConfig: identity.kubeConfig, namespaces: [ns], logLevel: 'silent' });
});

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await scoped?.stop();
  await plane?.stop();
});

describe('handler kinds and filters', () => {
  it('runs create only for objects whose labels match, field handlers with the narrowed diff, and event handlers for every event', async () => {
    await createDemo(plane, ns, 'labelled', { metadata: { name: 'labelled', labels: { managed: 'yes' } } });
    await createDemo(plane, ns, 'plain');
    await eventually('field handler on create', async () => fieldCalls.filter((c) => c.reason === 'create').length === 2);
    await plane.requestWithType('PATCH', demoPath(ns, 'plain'), { spec: { name: 'renamed' } }, 'application/merge-patch+json');
    const update = await eventually('field handler on update', async () => fieldCalls.find((c) => c.reason === 'update'));
    expect(update).toEqual({ name: 'plain', old: 'plain', new: 'renamed', diff: [['change', [], 'plain', 'renamed']], reason: 'update' });
    expect(creates).toEqual(['labelled']);
    await eventually('events seen', async () => events.filter((e) => e.name === 'plain' && e.type === 'MODIFIED').length >= 1);
    expect(events.some((e) => e.name === 'plain' && e.type === 'ADDED')).toBe(true);
    expect(await first.probe()).toEqual({ health: 'alive' });
  });

  it('runs resume handlers once for objects handled before this process started', async () => {
    await eventually('both handled', async () => {
      const objs = await Promise.all(['labelled', 'plain'].map((n) => getDemo(plane, ns, n)));
      return objs.every((o) => (o?.status?.genOperator as { base?: string } | undefined)?.base);
    });
    await first.stop();
    second = createOperator();
    second.on.resume(Demo, ({ name }) => void resumed.push(name));
    second.on.create(Demo, ({ name }) => void creates.push(`second:${name}`));
    await second.start({ kubeConfig: identity.kubeConfig, namespaces: [ns], logLevel: 'silent' });
    await eventually('resumed', async () => resumed.length === 2);
    await createDemo(plane, ns, 'fresh');
    await eventually('fresh created', async () => creates.includes('second:fresh'));
    expect(resumed.sort()).toEqual(['labelled', 'plain']);
    // Already handled objects are not created again by the new process.
    expect(creates.filter((c) => c.startsWith('second:'))).toEqual(['second:fresh']);
  });
});

describe('namespace scope', () => {
  it('watches several namespaces with namespaced permissions only, and nothing outside them', async () => {
    const [a, b, outside] = ['scope-a', 'scope-b', 'scope-outside'];
    const account = await createIdentity(plane, { name: 'scoped', namespace: a, rules: operatorRules, ruleNamespaces: [a, b] });
    await plane.request('POST', '/api/v1/namespaces', { metadata: { name: outside } });
    expect(await can(plane, account, { verb: 'list', resource: 'demo', group: 'devoops.io', namespace: b })).toBe(true);
    expect(await can(plane, account, { verb: 'list', resource: 'demo', group: 'devoops.io' })).toBe(false);
    expect(await can(plane, account, { verb: 'list', resource: 'demo', group: 'devoops.io', namespace: outside })).toBe(false);

    // A synchronous handler that is a bound method of a class instance.
    class Greeter {
      readonly handled: string[] = [];
      onCreate({ namespace, name, patch }: ChangeArgs<Demo>): void {
        this.handled.push(`${namespace}/${name}`);
        patch.status = { phase: 'Ready' };
      }
    }
    const greeter = new Greeter();
    const handled = greeter.handled;
    scoped = createOperator();
    scoped.on.create(Demo, greeter.onCreate.bind(greeter));
    await scoped.start({ credentials: { ...account.credentials, server: plane.server }, namespaces: [a, b], logLevel: 'silent' });
    for (const namespace of [outside, a, b]) await createDemo(plane, namespace, 'scoped');
    for (const namespace of [a, b])
      await eventually(`${namespace}/scoped ready`, async () => (await getDemo(plane, namespace, 'scoped'))?.status?.phase === 'Ready');

    expect(handled.sort()).toEqual([`${a}/scoped`, `${b}/scoped`]);
    expect(scoped.stats().objects).toBe(2);
    const untouched = await getDemo(plane, outside, 'scoped');
    expect(untouched?.status).toBeUndefined();
    expect(untouched?.metadata?.finalizers).toBeUndefined();
  });
});
