/**
 * CRD version conversion through the real apiserver: crds/conversion/demo-versions.yaml (v1alpha1
 * and v1, stored as v1) with its conversion webhook pointing at on.conversion's converters. Objects
 * written in one version are read in the other, both ways; a converter that throws fails the
 * request with its message, and the webhook goes on answering.
 */
import { type ControlPlane, installCrds, RestError, startControlPlane } from '@gen-operator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindOn } from '../src/registry/on.js';
import { Registry } from '../src/registry/registry.js';
import { conversionPath, conversionRoutes, conversionWebhookPatch } from '../src/webhooks/conversion.js';
import { DemoV1, DemoV1alpha1, demoConverters, demoVersionsCrd, REFUSED_PREFIX, REPLICAS_ANNOTATION } from './conversion-demo.js';
import { serveConversionWebhook, type TestWebhookServer } from './conversion-server.js';
import { eventually } from './helpers.js';

const ns = 'default';
const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/demos.conversion.devoops.io';
const path = (version: string, name?: string) => `/apis/conversion.devoops.io/${version}/namespaces/${ns}/demos${name ? `/${name}` : ''}`;

interface Demo {
  apiVersion: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

let plane: ControlPlane;
let webhook: TestWebhookServer;
let calls = 0;

beforeAll(async () => {
  const registry = new Registry();
  bindOn(registry).conversion(DemoV1, DemoV1alpha1, demoConverters);
  const routes = conversionRoutes(registry);
  [plane, webhook] = await Promise.all([
    startControlPlane(),
    serveConversionWebhook((p) => {
      const route = routes(p);
      return (
        route &&
        ((body, signal) => {
          calls++;
          return route(body, signal);
        })
      );
    }),
  ]);
  await installCrds(plane, [demoVersionsCrd]);
  await plane.requestWithType(
    'PATCH',
    crdPath,
    conversionWebhookPatch({ url: webhook.url(conversionPath(DemoV1)), caBundle: webhook.caBundle }),
    'application/merge-patch+json',
  );
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
  await plane?.stop();
  await webhook?.close();
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
