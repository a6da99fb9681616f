/**
 * The public types make misuse fail to compile. Checked by `npm run lint` (tsconfig.test.json);
 * the runtime assertions check that registration records what the types promise.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ConfigMap,
  child,
  createOperator,
  defineResource,
  type ChangeArgs,
  type ChildArgs,
  type Index,
  type KubernetesObject,
} from './index.js';

interface DemoSpec {
  name: string;
  replicas?: number;
}
interface DemoStatus {
  phase?: 'Pending' | 'Ready';
}
interface Demo extends KubernetesObject {
  apiVersion: 'devoops.io/v1';
  kind: 'Demo';
  spec?: DemoSpec;
  status?: DemoStatus;
}
const Demo = defineResource<Demo>({ group: 'devoops.io', version: 'v1', kind: 'Demo', plural: 'demo', singular: 'demo', namespaced: true });

interface Other extends KubernetesObject {
  kind: 'Other';
  spec?: { size: number };
}
const Other = defineResource<Other>({ group: 'x.io', version: 'v1', kind: 'Other', plural: 'others', singular: 'other', namespaced: true });

describe('public typing', () => {
  it('types handler arguments from the resource', () => {
    const operator = createOperator();
    operator.on.create(Demo, ({ spec, status, body, patch, diff }) => {
      expectTypeOf(spec).toEqualTypeOf<DemoSpec>();
      expectTypeOf(status).toEqualTypeOf<DemoStatus>();
      expectTypeOf(body).toEqualTypeOf<Demo>();
      expectTypeOf(diff).toEqualTypeOf<
        readonly (readonly [op: 'add' | 'change' | 'remove', path: readonly string[], old: unknown, new: unknown])[]
      >();
      patch.status = { phase: 'Ready' };
      // @ts-expect-error: not a phase of Demo
      patch.status = { phase: 'Nope' };
      // @ts-expect-error: Demo's spec has no field 'size'
      return spec.size;
    });
    // @ts-expect-error: a handler for Other is not a handler for Demo
    operator.on.update(Demo, (args: ChangeArgs<Other>) => args.spec.size);
    operator.on.delete(Other, ({ spec }) => spec.size + 1, { optional: true, retries: 3, timeout: 5 });
    // @ts-expect-error: errors mode is one of three words
    operator.on.create(Demo, () => undefined, { errors: 'sometimes' });
    expect(Demo.apiVersion).toBe('devoops.io/v1');
    expect(Object.isFrozen(Demo)).toBe(true);
  });

  it('rejects option combinations kopf rejects', () => {
    const operator = createOperator();
    expect(() => operator.on.field(Demo, 'spec.name', () => undefined, { value: 'a', old: 'b' })).toThrow(/cannot be combined/);
    expect(() => operator.on.create(Demo, () => undefined, { optional: true })).toThrow(/on.delete only/);
  });

  it('accepts metadata as kubectl writes it (creationTimestamp: null)', () => {
    const written: Demo = {
      apiVersion: 'devoops.io/v1',
      kind: 'Demo',
      metadata: { name: 'a', creationTimestamp: null },
      spec: { name: 'a' },
    };
    expectTypeOf(written.metadata?.creationTimestamp).toEqualTypeOf<string | null | undefined>();
    // @ts-expect-error: a timestamp is a string, not a number
    const wrong: Demo = { apiVersion: 'devoops.io/v1', kind: 'Demo', metadata: { name: 'a', creationTimestamp: 0 } };
    expect([written.metadata?.creationTimestamp, wrong.kind]).toEqual([null, 'Demo']);
  });

  it('types an index from its function, and sub-handlers from their parent', () => {
    const operator = createOperator();
    const byName = operator.on.index(Demo, ({ spec, name }) => ({ [spec.name]: { object: name, replicas: spec.replicas ?? 1 } }));
    expectTypeOf(byName).toEqualTypeOf<Index<string, { object: string; replicas: number }>>();
    expectTypeOf(byName.get('a')).toEqualTypeOf<readonly { object: string; replicas: number }[]>();
    const sizes = operator.on.index(Other, ({ spec }) => (spec.size > 0 ? { big: spec.size } : undefined), { labels: { a: true } });
    expectTypeOf(sizes.get('big')).toEqualTypeOf<readonly number[]>();
    // @ts-expect-error: an index function runs synchronously
    operator.on.index(Demo, async ({ name }) => ({ [name]: 1 }));
    // @ts-expect-error: an index function gets no patch
    operator.on.index(Demo, ({ patch }) => ({ a: patch }));
    // @ts-expect-error: Demo's spec has no field 'size'
    operator.on.index(Demo, ({ spec }) => ({ a: spec.size }));
    operator.on.create(Demo, ({ subhandler }) => {
      subhandler(
        'a',
        ({ spec, patch }) => {
          expectTypeOf(spec).toEqualTypeOf<DemoSpec>();
          patch.status = { phase: 'Ready' };
        },
        { retries: 3, backoff: 1 },
      );
      // @ts-expect-error: a sub-handler of a Demo handler gets a Demo
      subhandler('b', (args: ChangeArgs<Other>) => args.spec.size);
      // @ts-expect-error: a sub-handler's id is its first argument, not an option
      subhandler('c', () => undefined, { id: 'x' });
    });
    expect(byName.size).toBe(0);
    expect(sizes.get('big')).toEqual([]);
  });

  it('types children and on.child from the parent and child resources', () => {
    const operator = createOperator();
    operator.on.create(Demo, async ({ children }) => {
      const written = await children.apply(ConfigMap, { data: { greeting: 'hello' } });
      expectTypeOf(written).toEqualTypeOf<ConfigMap>();
      // @ts-expect-error: data values are strings
      await children.apply(ConfigMap, { data: { replicas: 3 } });
      // @ts-expect-error: apiVersion and kind come from the resource
      await children.apply(ConfigMap, { kind: 'ConfigMap' });
      await children.set([child(ConfigMap, { metadata: { name: 'a' } }), child(Other, { spec: { size: 1 } })], { kinds: [Demo] });
      // @ts-expect-error: Other's spec.size is a number
      child(Other, { spec: { size: 'big' } });
    });
    operator.on.child(Demo, ConfigMap, ({ body, spec, child: event, children }) => {
      expectTypeOf(body).toEqualTypeOf<Demo>();
      expectTypeOf(spec).toEqualTypeOf<DemoSpec>();
      expectTypeOf(event.object).toEqualTypeOf<ConfigMap>();
      expectTypeOf(event.type).toEqualTypeOf<'ADDED' | 'MODIFIED' | 'DELETED'>();
      expectTypeOf(children.apply).toBeFunction();
    });
    operator.on.child(Demo, ConfigMap, () => undefined, { when: ({ child: event, spec }) => event.object.data?.a === spec.name });
    // @ts-expect-error: the filter sees ConfigMaps, which have no spec
    operator.on.child(Demo, ConfigMap, () => undefined, { when: ({ child: event }) => event.object.spec === 1 });
    // @ts-expect-error: a handler for Other's children is not one for Demo's
    operator.on.child(Demo, ConfigMap, (args: ChildArgs<Other, ConfigMap>) => args.spec.size);
    const Cluster = defineResource<KubernetesObject>({
      group: 'x.io',
      version: 'v1',
      kind: 'Cluster',
      plural: 'clusters',
      singular: 'cluster',
      namespaced: false,
    });
    expect(() => operator.on.child(Demo, Cluster, () => undefined)).toThrow(/cluster-scoped .* garbage collector/);
  });
});
