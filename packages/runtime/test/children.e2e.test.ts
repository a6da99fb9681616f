/**
 * Children on a real control plane (with kube-controller-manager, for the garbage collector), under
 * an identity with only the rights the runtime README lists for children: adopt + server-side apply,
 * conflicts and force, on.child re-triggering the parent (a child deleted or changed by hand is put
 * back; our own applies do not re-trigger it), children.set() pruning, and deletion of the parent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlPlane, createIdentity, type Identity, installCrds, RestError, startControlPlane } from '@gen-operator/testing';
import { child, ChildConflictError, ConfigMap, createOperator, type KubernetesObject, type Operator, Secret } from '@gen-operator/runtime';
import { createDemo, Demo, demoCrd, demoPath, eventually, operatorRules } from './helpers.js';

const ns = 'children';
/** What the runtime README asks a user to grant for children: apply (create, patch), on.child (list, watch), set (list, delete). */
const childRules = [{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['create', 'patch', 'list', 'watch', 'delete'] }];

let plane: ControlPlane;
let identity: Identity;
let operator: Operator;
const childCalls: { parent: string; type: string; child: string; greeting: string | undefined }[] = [];
const conflicts: ChildConflictError[] = [];
const secretCalls: { parent: string; type: string; retry: number }[] = [];

const cmPath = (name?: string) => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
async function getConfigMap(name: string): Promise<ConfigMap | undefined> {
  try {
    return await plane.request<ConfigMap>('GET', cmPath(name));
  } catch (error) {
    if (error instanceof RestError && error.status === 404) return undefined;
    throw error;
  }
}

beforeAll(async () => {
  plane = await startControlPlane();
  await installCrds(plane, [demoCrd]);
  identity = await createIdentity(plane, { name: 'children-operator', namespace: ns, rules: [...operatorRules, ...childRules] });
  operator = createOperator();
  // kind=single: one ConfigMap named after the parent, kept as the handler says.
  operator.on.create(
    Demo,
    async ({ children, spec }) => {
      await children.apply(ConfigMap, { data: { greeting: `hello ${spec.name}` } });
    },
    { id: 'single', labels: { kind: 'single' } },
  );
  operator.on.child(
    Demo,
    ConfigMap,
    async ({ body, child: event, children, spec }) => {
      childCalls.push({
        parent: body.metadata!.name!,
        type: event.type,
        child: event.object.metadata!.name!,
        greeting: event.object.data?.greeting,
      });
      // force: a hand edit made its author the owner of data.greeting; the operator takes it back.
      if (body.metadata?.labels?.kind === 'single')
        await children.apply(ConfigMap, { data: { greeting: `hello ${spec.name}` } }, { force: true });
    },
    { id: 'keepConfigMap' },
  );
  // kind=conflict: another manager owns data.greeting; the first apply must fail naming it, then force.
  operator.on.create(
    Demo,
    async ({ children, name }) => {
      try {
        await children.apply(ConfigMap, { metadata: { name: `${name}-contested` }, data: { greeting: 'ours' } });
      } catch (error) {
        if (!(error instanceof ChildConflictError)) throw error;
        conflicts.push(error);
        await children.apply(ConfigMap, { metadata: { name: `${name}-contested` }, data: { greeting: 'ours' } }, { force: true });
      }
    },
    { id: 'contested', labels: { kind: 'conflict' } },
  );
  // kind=set: spec.name lists the ConfigMaps; a Secret is made once, then pruned as it is never in the set.
  operator.on.create(
    Demo,
    async ({ children, name }) => {
      await children.apply(Secret, { metadata: { name: `${name}-secret` }, stringData: { token: 't' } });
    },
    { id: 'secret', labels: { kind: 'set' } },
  );
  const declare = async ({
    children,
    spec,
    name,
  }: {
    children: import('@gen-operator/runtime').Children;
    spec: { name?: string };
    name: string;
  }) => {
    const wanted = (spec.name ?? '').split(',').filter(Boolean);
    await children.set(
      wanted.map((item) => child(ConfigMap, { metadata: { name: `${name}-${item}` }, data: { item } })),
      { kinds: [Secret] },
    );
  };
  operator.on.update(Demo, declare, { id: 'declareOnUpdate', labels: { kind: 'set' } });
  // kind=flaky: an on.child handler that fails once per event, then succeeds on the retry.
  operator.on.create(
    Demo,
    async ({ children, name }) => {
      await children.apply(Secret, { metadata: { name: `${name}-secret` }, stringData: { token: 't' } });
    },
    { id: 'flakySecret', labels: { kind: 'flaky' } },
  );
  operator.on.child(
    Demo,
    Secret,
    ({ name, child: event, retry }) => {
      secretCalls.push({ parent: name, type: event.type, retry });
      if (retry === 0) throw new Error('the first attempt fails');
    },
    { id: 'flakyOnSecret' },
  );
  await operator.start({ kubeConfig: identity.kubeConfig, namespaces: [ns], logLevel: 'silent' });
});

afterAll(async () => {
  await operator?.stop();
  await plane?.stop();
});

describe('children.apply', () => {
  it('writes the adopted child with one server-side apply under the operator field manager', async () => {
    const parent = await createDemo(plane, ns, 'alpha', {
      metadata: { name: 'alpha', labels: { kind: 'single' } },
      spec: { name: 'alpha' },
    });
    const cm = await eventually('the child', () => getConfigMap('alpha'));
    expect(cm.data).toEqual({ greeting: 'hello alpha' });
    expect(cm.metadata?.labels).toEqual({ 'gen-operator.dev/parent': parent.metadata!.uid });
    expect(cm.metadata?.ownerReferences).toEqual([
      { apiVersion: 'devoops.io/v1', kind: 'Demo', name: 'alpha', uid: parent.metadata!.uid, controller: true, blockOwnerDeletion: true },
    ]);
    const managers = ((cm.metadata?.managedFields ?? []) as { manager: string; operation: string }[]).map(
      (f) => `${f.manager}:${f.operation}`,
    );
    expect(managers).toEqual(['gen-operator:Apply']);
  });

  it('reports a conflict with the other manager by name, and takes the field over with force', async () => {
    await plane.requestWithType(
      'PATCH',
      `${cmPath('beta-contested')}?fieldManager=someone-else`,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'beta-contested' }, data: { greeting: 'theirs' } },
      'application/apply-patch+yaml',
    );
    await createDemo(plane, ns, 'beta', { metadata: { name: 'beta', labels: { kind: 'conflict' } } });
    await eventually('the forced apply', async () => (await getConfigMap('beta-contested'))?.data?.greeting === 'ours');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.managers).toEqual(['someone-else']);
    expect(conflicts[0]!.fields).toEqual(['.data.greeting']);
    expect(conflicts[0]!.message).toMatch(/ConfigMap children\/beta-contested: \.data\.greeting is owned by 'someone-else'.*force: true/);
  });
});

describe('on.child', () => {
  it('puts back a child deleted or changed by hand, and is not triggered by its own applies', async () => {
    const before = await eventually('the child', () => getConfigMap('alpha'));
    await plane.request('DELETE', cmPath('alpha'));
    const back = await eventually('the child back', async () => {
      const cm = await getConfigMap('alpha');
      return cm && cm.metadata?.uid !== before.metadata?.uid ? cm : undefined;
    });
    expect(back.data).toEqual({ greeting: 'hello alpha' });
    await plane.requestWithType('PATCH', cmPath('alpha'), { data: { greeting: 'changed by hand' } }, 'application/merge-patch+json');
    await eventually('the change undone', async () => (await getConfigMap('alpha'))?.data?.greeting === 'hello alpha');
    const calls = childCalls.filter((c) => c.parent === 'alpha');
    // The create handler's apply and both re-applies are ours: their events do not come back as calls.
    expect(calls).toEqual([
      { parent: 'alpha', type: 'DELETED', child: 'alpha', greeting: 'hello alpha' },
      { parent: 'alpha', type: 'MODIFIED', child: 'alpha', greeting: 'changed by hand' },
    ]);
  });

  it('ignores ConfigMaps that no Demo controls', async () => {
    await plane.request('POST', cmPath(), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'stray', labels: { 'gen-operator.dev/parent': 'nobody' } },
    });
    await plane.request('DELETE', cmPath('stray'));
    // A witness after it: a change to alpha's child arrives on the same stream, later.
    await plane.requestWithType('PATCH', cmPath('alpha'), { data: { greeting: 'again' } }, 'application/merge-patch+json');
    await eventually('alpha repaired', async () => (await getConfigMap('alpha'))?.data?.greeting === 'hello alpha');
    expect(childCalls.some((c) => c.child === 'stray')).toBe(false);
  });
});

describe('on.child errors', () => {
  it('retries a failed handler with backoff, with the retry count in its arguments', async () => {
    await createDemo(plane, ns, 'delta', { metadata: { name: 'delta', labels: { kind: 'flaky' } } });
    const path = `/api/v1/namespaces/${ns}/secrets/delta-secret`;
    await eventually('the secret', () =>
      plane.request('GET', path).then(
        () => true,
        () => false,
      ),
    );
    await plane.requestWithType('PATCH', path, { metadata: { labels: { touched: 'yes' } } }, 'application/merge-patch+json');
    await eventually('the retry', async () => secretCalls.some((c) => c.retry === 1));
    expect(secretCalls).toEqual([
      { parent: 'delta', type: 'MODIFIED', retry: 0 },
      { parent: 'delta', type: 'MODIFIED', retry: 1 },
    ]);
  });
});

describe('children.set', () => {
  it('applies the declared set and deletes the parent’s other children, of every kind it is told, and nothing else', async () => {
    const parent = await createDemo(plane, ns, 'gamma', { metadata: { name: 'gamma', labels: { kind: 'set' } }, spec: { name: 'init' } });
    await eventually('the secret', async () => {
      const secrets = await plane.request<{ items: KubernetesObject[] }>('GET', `/api/v1/namespaces/${ns}/secrets`);
      return secrets.items.some((s) => s.metadata?.name === 'gamma-secret');
    });
    // Labelled as gamma's child but controlled by nobody: never pruned.
    await plane.request('POST', cmPath(), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'gamma-lookalike', labels: { 'gen-operator.dev/parent': parent.metadata!.uid } },
    });
    await plane.requestWithType('PATCH', demoPath(ns, 'gamma'), { spec: { name: 'a,b' } }, 'application/merge-patch+json');
    await eventually('a and b', async () => (await getConfigMap('gamma-a')) && (await getConfigMap('gamma-b')));
    await plane.requestWithType('PATCH', demoPath(ns, 'gamma'), { spec: { name: 'a' } }, 'application/merge-patch+json');
    await eventually('b pruned', async () => (await getConfigMap('gamma-b')) === undefined);
    expect((await getConfigMap('gamma-a'))?.data).toEqual({ item: 'a' });
    expect(await getConfigMap('gamma-lookalike')).toBeDefined();
    const secrets = await plane.request<{ items: KubernetesObject[] }>('GET', `/api/v1/namespaces/${ns}/secrets`);
    expect(secrets.items.map((s) => s.metadata?.name)).not.toContain('gamma-secret');
    // Applying and pruning gamma's Secret were the operator's own writes: no on.child call for them.
    expect(secretCalls.filter((c) => c.parent === 'gamma')).toEqual([]);
  });
});

describe('deleting the parent', () => {
  it('lets the garbage collector remove its children', async () => {
    await eventually('alpha child', () => getConfigMap('alpha'));
    await plane.request('DELETE', demoPath(ns, 'alpha'));
    await plane.request('DELETE', demoPath(ns, 'gamma'));
    await eventually(
      'the children gone',
      async () => (await getConfigMap('alpha')) === undefined && (await getConfigMap('gamma-a')) === undefined,
      120_000,
    );
    expect(await getConfigMap('gamma-lookalike')).toBeDefined();
  });
});
