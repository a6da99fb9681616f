/**
 * on.index() and sub-handlers on a real apiserver: an index is complete before the first handler
 * runs and follows creations, changes and deletions; sub-handlers run once each, a failing one is
 * retried alone, and a new operator process resumes only the unfinished one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlPlane, createIdentity, type Identity, startControlPlane } from '@gen-operator/testing';
import { type ChangeArgs, createOperator, ConfigMap, type Index, type Operator, TemporaryError } from '@gen-operator/runtime';
import { createDemo, Demo, eventually, getDemo, operatorRules, setUpDemo } from './helpers.js';

const indexNs = 'indexes';
const subNs = 'subhandlers';
/** More than one LIST page (100), so the ConfigMap listing takes several round trips. */
const CONFIG_MAPS = 150;

let plane: ControlPlane;
let indexIdentity: Identity;
let subIdentity: Identity;
const running: Operator[] = [];

async function start(operator: Operator, identity: Identity, namespace: string): Promise<Operator> {
  running.push(operator);
  await operator.start({ kubeConfig: identity.kubeConfig, namespaces: [namespace], logLevel: 'silent' });
  return operator;
}

const configMapPath = (name?: string) => `/api/v1/namespaces/${indexNs}/configmaps${name ? `/${name}` : ''}`;
const createConfigMap = (name: string, app: string) =>
  plane.request('POST', configMapPath(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app } } });

beforeAll(async () => {
  plane = await startControlPlane({ controllerManager: false });
  await setUpDemo(plane, indexNs);
  subIdentity = await setUpDemo(plane, subNs);
  indexIdentity = await createIdentity(plane, {
    name: 'indexer',
    namespace: indexNs,
    rules: [...operatorRules, { apiGroups: [''], resources: ['configmaps'], verbs: ['list', 'watch'] }],
  });
  for (let start = 0; start < CONFIG_MAPS; start += 25) {
    await Promise.all(Array.from({ length: Math.min(25, CONFIG_MAPS - start) }, (_, i) => createConfigMap(`cm-${start + i}`, 'web')));
  }
  await createDemo(plane, indexNs, 'pre-1', { metadata: { name: 'pre-1', labels: { owner: 'ann' } } });
  await createDemo(plane, indexNs, 'pre-2', { metadata: { name: 'pre-2', labels: { owner: 'ann' } } });
  await createDemo(plane, indexNs, 'pre-3', { metadata: { name: 'pre-3', labels: { owner: 'bob' } } });
});

afterAll(async () => {
  for (const operator of running) await operator.stop();
  await plane?.stop();
});

describe('indexes', () => {
  let byApp: Index<string, string>;
  let byOwner: Index<string, string>;
  const seen: { name: string; web: number; ann: string[] }[] = [];

  it('are complete before the first handler runs: every handler sees every pre-existing object', async () => {
    const operator = createOperator();
    byApp = operator.on.index(ConfigMap, ({ labels, name }) => (labels.app ? { [labels.app]: name } : undefined));
    byOwner = operator.on.index(Demo, ({ labels, name }) => (labels.owner ? { [labels.owner]: name } : undefined), { id: 'byOwner' });
    operator.on.create(Demo, ({ name }) => {
      seen.push({ name, web: byApp.get('web').length, ann: [...byOwner.get('ann')].sort() });
    });
    await start(operator, indexIdentity, indexNs);
    await eventually('the pre-existing objects handled', async () => seen.length === 3);
    expect(seen.map((s) => s.web)).toEqual([CONFIG_MAPS, CONFIG_MAPS, CONFIG_MAPS]);
    expect(seen.map((s) => s.ann)).toEqual([
      ['pre-1', 'pre-2'],
      ['pre-1', 'pre-2'],
      ['pre-1', 'pre-2'],
    ]);
    expect([...byOwner.keys()].sort()).toEqual(['ann', 'bob']);
  });

  it('follow creations, changes and deletions', async () => {
    await createConfigMap('late', 'db');
    await eventually('a created object in the index', async () => byApp.get('db').includes('late'));
    await plane.requestWithType('PATCH', configMapPath('late'), { metadata: { labels: { app: 'web' } } }, 'application/merge-patch+json');
    await eventually('a changed object under its new key', async () => byApp.get('web').length === CONFIG_MAPS + 1 && !byApp.has('db'));
    await plane.request('DELETE', configMapPath('cm-0'));
    await plane.requestWithType('PATCH', configMapPath('cm-1'), { metadata: { labels: { app: null } } }, 'application/merge-patch+json');
    await eventually('deleted and unlabelled objects gone', async () => byApp.get('web').length === CONFIG_MAPS - 1);
    expect(byApp.get('web')).not.toContain('cm-0');
    expect(byApp.get('web')).not.toContain('cm-1');
    await createDemo(plane, indexNs, 'new-1', { metadata: { name: 'new-1', labels: { owner: 'ann' } } });
    const created = await eventually('the new object handled', async () => seen.find((s) => s.name === 'new-1'));
    expect(created.ann).toEqual(['new-1', 'pre-1', 'pre-2']);
  });
});

/** How a sub-handler test's handlers behave, and what they were called for. */
interface Script {
  calls: string[];
  /** b fails with a short TemporaryError while this says so. */
  bFails: (attempt: number) => boolean;
}

function registerParent(operator: Operator, script: Script): void {
  operator.on.create(
    Demo,
    function parent({ subhandler, name }: ChangeArgs<Demo>) {
      script.calls.push(`${name}:parent`);
      subhandler('a', ({ name }) => {
        script.calls.push(`${name}:a`);
        return { done: 'a' };
      });
      subhandler('b', ({ name, retry }) => {
        script.calls.push(`${name}:b`);
        if (script.bFails(retry)) throw new TemporaryError('b is not ready', { delay: 0.5 });
        return { done: 'b', retry };
      });
      return { registered: 2 };
    },
    { labels: { test: true } },
  );
}

const count = (script: Script, call: string) => script.calls.filter((c) => c === call).length;
const state = (obj: Demo | undefined) =>
  obj?.status?.genOperator as { base?: string; progress?: Record<string, Record<string, unknown>> } | undefined;

describe('sub-handlers', () => {
  it('run once each; a failing one is retried alone; the parent finishes with them', async () => {
    const script: Script = { calls: [], bFails: (attempt) => attempt < 2 };
    const operator = createOperator();
    registerParent(operator, script);
    await start(operator, subIdentity, subNs);
    await createDemo(plane, subNs, 'once', { metadata: { name: 'once', labels: { test: 'once' } } });
    const done = await eventually('the parent finished', async () => {
      const obj = await getDemo(plane, subNs, 'once');
      return state(obj)?.base ? obj : undefined;
    });
    expect(done.status).toMatchObject({ parent: { registered: 2 }, 'parent/a': { done: 'a' }, 'parent/b': { done: 'b', retry: 2 } });
    expect(state(done)?.progress).toBeUndefined();
    expect(count(script, 'once:a')).toBe(1);
    expect(count(script, 'once:b')).toBe(3);
    // Called again on each attempt, to register its sub-handlers.
    expect(count(script, 'once:parent')).toBe(3);
    await operator.stop();
  });

  it('keep their progress across a restart: a new operator runs only the unfinished one', async () => {
    const first: Script = { calls: [], bFails: () => true };
    const operator = createOperator();
    registerParent(operator, first);
    await start(operator, subIdentity, subNs);
    await createDemo(plane, subNs, 'restart', { metadata: { name: 'restart', labels: { test: 'restart' } } });
    await eventually('a done and b retried on record', async () => {
      const progress = state(await getDemo(plane, subNs, 'restart'))?.progress;
      return progress?.['parent/a']?.success === true && Number(progress?.['parent/b']?.retries) >= 1;
    });
    await operator.stop();
    expect(count(first, 'restart:a')).toBe(1);

    const second: Script = { calls: [], bFails: () => false };
    const next = createOperator();
    registerParent(next, second);
    await start(next, subIdentity, subNs);
    const done = await eventually('the parent finished', async () => {
      const obj = await getDemo(plane, subNs, 'restart');
      return state(obj)?.base ? obj : undefined;
    });
    expect(count(second, 'restart:a')).toBe(0);
    expect(count(second, 'restart:b')).toBe(1);
    expect(done.status).toMatchObject({ parent: { registered: 2 }, 'parent/a': { done: 'a' }, 'parent/b': { done: 'b' } });
    // The first object, finished before, is not touched again.
    expect(second.calls.filter((c) => c.startsWith('once:'))).toEqual([]);
  });
});
