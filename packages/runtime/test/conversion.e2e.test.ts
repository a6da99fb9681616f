/**
 * CRD version conversion through the real apiserver: crds/conversion/demo-versions.yaml (v1alpha1
 * and v1, stored as v1), and an operator whose on.conversion converters answer its conversion
 * webhook, served and registered (the CRD's strategy, URL and CA) by the runtime in development
 * mode. Objects written in one version are read in the other, both ways; a converter that throws
 * fails the request with its message, and the operator goes on answering.
 */
import { type ControlPlane, createIdentity, installCrds, RestError, startControlPlane } from '@gen-operator/testing';
import { createOperator, type Operator } from '@gen-operator/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoV1, DemoV1alpha1, demoConverters, demoVersionsCrd, REFUSED_PREFIX, REPLICAS_ANNOTATION } from './conversion-demo.js';
import { eventually } from './helpers.js';

const ns = 'default';
const path = (version: string, name?: string) => `/apis/conversion.devoops.io/${version}/namespaces/${ns}/demos${name ? `/${name}` : ''}`;

interface Demo {
  apiVersion: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

let plane: ControlPlane;
let operator: Operator;
let calls = 0;

beforeAll(async () => {
  plane = await startControlPlane();
  await installCrds(plane, [demoVersionsCrd]);
  // Development registration patches the CRD's conversion: that, and nothing else, is what it may do.
  const identity = await createIdentity(plane, {
    name: 'conversion-operator',
    namespace: ns,
    rules: [],
    clusterRules: [{ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['patch'] }],
  });
  operator = createOperator();
  operator.on.conversion(DemoV1, DemoV1alpha1, {
    toHub: (object) => {
      calls++;
      return demoConverters.toHub(object);
    },
    fromHub: (object) => {
      calls++;
      return demoConverters.fromHub(object);
    },
  });
  await operator.start({ kubeConfig: identity.kubeConfig, webhooks: { port: 0 }, logLevel: 'silent' });
  // The apiserver takes up the new conversion a moment after the write: until a v1alpha1 object
  // reads back as v1 with its size converted, it may still store it unconverted.
  let probe = 0;
  await eventually(
    'the conversion webhook to be in use',
    async () => {
      const name = `probe-${probe++}`;
      await create('v1alpha1', name, { name, size: 'large' });
      const stored = await plane.request<Demo>('GET', path('v1', name));
      await plane.request('DELETE', path('v1', name));
      return stored.spec.replicas === 3;
    },
    60_000,
  );
}, 180_000);

afterAll(async () => {
  await operator?.stop();
  await plane?.stop();
});

function create(version: string, name: string, spec: Record<string, unknown>): Promise<Demo> {
  return plane.request<Demo>('POST', path(version), {
    apiVersion: `conversion.devoops.io/${version}`,
    kind: 'Demo',
    metadata: { name },
    spec,
  });
}

describe('conversion through the apiserver', () => {
  it('created as v1alpha1, read as v1: size becomes replicas', async () => {
    const before = calls;
    await create('v1alpha1', 'alpha', { name: 'alpha', size: 'large' });
    const asV1 = await plane.request<Demo>('GET', path('v1', 'alpha'));
    expect(asV1.apiVersion).toBe('conversion.devoops.io/v1');
    expect(asV1.spec).toEqual({ name: 'alpha', replicas: 3 });
    expect(asV1.metadata.annotations ?? {}).not.toHaveProperty(REPLICAS_ANNOTATION);
    const asAlpha = await plane.request<Demo>('GET', path('v1alpha1', 'alpha'));
    expect(asAlpha.apiVersion).toBe('conversion.devoops.io/v1alpha1');
    expect(asAlpha.spec).toEqual({ name: 'alpha', size: 'large' });
    expect(calls).toBeGreaterThan(before);
  });

  it('created as v1, read as v1alpha1: replicas become a size, and a count with no size of its own rides in an annotation', async () => {
    await create('v1', 'hub', { name: 'hub', replicas: 2 });
    const asAlpha = await plane.request<Demo>('GET', path('v1alpha1', 'hub'));
    expect(asAlpha.spec).toEqual({ name: 'hub', size: 'small' });
    expect(asAlpha.metadata.annotations).toEqual({ [REPLICAS_ANNOTATION]: '2' });
    // Written back as v1alpha1 unchanged, it is still 2 replicas as v1.
    await plane.request('PUT', path('v1alpha1', 'hub'), asAlpha);
    expect((await plane.request<Demo>('GET', path('v1', 'hub'))).spec).toEqual({ name: 'hub', replicas: 2 });
    // A list in the other version converts every item.
    const list = await plane.request<{ items: Demo[] }>('GET', path('v1alpha1'));
    expect(list.items.map((d) => [d.metadata.name, d.spec.size])).toEqual([
      ['alpha', 'large'],
      ['hub', 'small'],
    ]);
  });

  it('a converter that throws: the apiserver refuses with its message, and the webhook goes on answering', async () => {
    const name = `${REFUSED_PREFIX}me`;
    const error = await create('v1alpha1', name, { name, size: 'small' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    const message = (error as RestError).message;
    expect(message).toContain(
      `conversion webhook for conversion.devoops.io/v1alpha1, Kind=Demo failed: converting Demo default/${name} from v1alpha1 to v1 failed: spec.name`,
    );
    expect(message).toContain('cannot be converted to v1');
    expect(await plane.exists(path('v1', name))).toBe(false);
    await create('v1alpha1', 'after', { name: 'after', size: 'small' });
    expect((await plane.request<Demo>('GET', path('v1', 'after'))).spec).toEqual({ name: 'after', replicas: 1 });
  });
});
