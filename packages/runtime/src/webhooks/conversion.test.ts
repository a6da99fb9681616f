import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DemoV1,
  DemoV1alpha1,
  demoConverters,
  REFUSED_PREFIX,
  REPLICAS_ANNOTATION,
  type DemoV1alpha1 as DemoV1alpha1Type,
} from '../../test/conversion-demo.js';
import { createOperator, defineResource, type KubernetesObject } from '../index.js';
import { bindOn } from '../registry/on.js';
import { Registry } from '../registry/registry.js';
import type { Converted } from '../registry/types.js';
import { type ConversionResponse, conversionRoutes, conversionWebhookPatch, convertReview } from './conversion.js';
import { conversionPath } from './routes.js';
import { WebhookRequestError } from './errors.js';

/** A third version, v1beta1 (`count`), to convert spoke to spoke through the hub. */
interface DemoV1beta1 extends KubernetesObject {
  apiVersion: 'conversion.devoops.io/v1beta1';
  kind: 'Demo';
  spec?: { name: string; count?: number };
}
const DemoV1beta1 = defineResource<DemoV1beta1>({ ...DemoV1, version: 'v1beta1' });

function registry() {
  const r = new Registry();
  const on = bindOn(r);
  on.conversion(DemoV1, DemoV1alpha1, demoConverters);
  on.conversion(DemoV1, DemoV1beta1, {
    toHub: ({ spec, ...rest }) => ({ ...rest, ...(spec ? { spec: { name: spec.name, replicas: spec.count } } : {}) }),
    fromHub: ({ spec, ...rest }) => ({ ...rest, ...(spec ? { spec: { name: spec.name, count: spec.replicas } } : {}) }),
  });
  return r;
}
const set = registry().conversions.get('conversion.devoops.io/demos')!;

const meta = (name: string, extra: object = {}) => ({
  name,
  namespace: 'default',
  uid: `uid-${name}`,
  resourceVersion: '7',
  generation: 2,
  creationTimestamp: '2026-01-01T00:00:00Z',
  ...extra,
});
const alpha = (name: string, size?: 'small' | 'large', extra: object = {}) => ({
  apiVersion: 'conversion.devoops.io/v1alpha1',
  kind: 'Demo',
  metadata: meta(name, extra),
  spec: { name, ...(size ? { size } : {}) },
});
const v1 = (name: string, replicas?: number, extra: object = {}) => ({
  apiVersion: 'conversion.devoops.io/v1',
  kind: 'Demo',
  metadata: meta(name, extra),
  spec: { name, ...(replicas !== undefined ? { replicas } : {}) },
});
const review = (desiredAPIVersion: string, objects: unknown[], uid = 'review-1') => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'ConversionReview',
  request: { uid, desiredAPIVersion, objects },
});

async function convert(desired: string, objects: unknown[]): Promise<ConversionResponse['response']> {
  return (await convertReview(review(`conversion.devoops.io/${desired}`, objects), set)).response;
}
async function converted(desired: string, objects: unknown[]): Promise<unknown[]> {
  const response = await convert(desired, objects);
  expect(response.result).toEqual({ status: 'Success' });
  return response.convertedObjects;
}

describe('convertReview: the answer to a ConversionReview', () => {
  it('echoes the uid and answers in the review kind, objects in order', async () => {
    const answer = await convertReview(review('conversion.devoops.io/v1', [alpha('a', 'small'), alpha('b', 'large')], 'u-42'), set);
    expect(answer.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(answer.kind).toBe('ConversionReview');
    expect(answer.response.uid).toBe('u-42');
    expect(answer.response.convertedObjects.map((o) => [o.metadata?.name, (o as { spec: unknown }).spec])).toEqual([
      ['a', { name: 'a', replicas: 1 }],
      ['b', { name: 'b', replicas: 3 }],
    ]);
  });

  it.each([
    ['spoke to hub (toHub)', [alpha('a', 'large')], 'v1', v1('a', 3)],
    ['hub to spoke (fromHub)', [v1('a', 1)], 'v1alpha1', alpha('a', 'small')],
    [
      'hub to spoke, an inexact count kept in an annotation',
      [v1('a', 2)],
      'v1alpha1',
      alpha('a', 'small', { annotations: { [REPLICAS_ANNOTATION]: '2' } }),
    ],
    [
      'spoke to spoke, through the hub',
      [alpha('a', 'large')],
      'v1beta1',
      { ...v1('a'), apiVersion: 'conversion.devoops.io/v1beta1', spec: { name: 'a', count: 3 } },
    ],
    ['the same version: the object as it came', [alpha('a', 'large')], 'v1alpha1', alpha('a', 'large')],
  ])('%s', async (_, objects, desired, expected) => {
    expect(await converted(desired, objects)).toEqual([expected]);
  });

  it('an empty list converts to an empty list', async () => {
    expect(await converted('v1', [])).toEqual([]);
  });

  it('old → hub → old is the identity, both ways round', async () => {
    for (const object of [alpha('a'), alpha('b', 'small'), alpha('c', 'large', { labels: { app: 'x' }, annotations: { note: 'kept' } })]) {
      const [hub] = await converted('v1', [object]);
      expect(await converted('v1alpha1', [hub])).toEqual([object]);
    }
    for (const object of [v1('a'), v1('b', 0), v1('c', 2), v1('d', 3), v1('e', 7, { annotations: { note: 'kept' } })]) {
      const [spoke] = await converted('v1alpha1', [object]);
      expect(await converted('v1', [spoke])).toEqual([object]);
    }
  });

  it('sets apiVersion and kind itself, and keeps all metadata but the labels and annotations a converter changes', async () => {
    const local = new Registry();
    bindOn(local).conversion(DemoV1, DemoV1alpha1, {
      toHub: () => ({ metadata: { name: 'renamed', uid: 'other', labels: { added: 'yes' } }, spec: { name: 'x' } }),
      fromHub: () => ({ apiVersion: 'wrong/v9', kind: 'Wrong', spec: { name: 'x' } }),
    });
    const own = local.conversions.get('conversion.devoops.io/demos')!;
    const [hub] = (await convertReview(review('conversion.devoops.io/v1', [alpha('a', 'small', { labels: { old: 'gone' } })]), own))
      .response.convertedObjects;
    expect(hub).toEqual({ ...v1('a', undefined, { labels: { added: 'yes' } }), spec: { name: 'x' } });
    const [spoke] = (await convertReview(review('conversion.devoops.io/v1alpha1', [v1('a', 1, { labels: { app: 'y' } })]), own)).response
      .convertedObjects;
    // No metadata in the converter's result: the incoming metadata, labels included, as it was.
    expect(spoke).toEqual({ ...alpha('a', undefined, { labels: { app: 'y' } }), spec: { name: 'x' } });
  });

  it('a converter that throws gives a Failure with its message, naming the object and the versions', async () => {
    const response = await convert('v1', [alpha('ok', 'small'), alpha(`${REFUSED_PREFIX}me`, 'small')]);
    expect(response.result.status).toBe('Failure');
    expect(response.convertedObjects).toEqual([]);
    expect((response.result as { message: string }).message).toBe(
      'converting Demo default/refuse-me from v1alpha1 to v1 failed: spec.name "refuse-me" cannot be converted to v1',
    );
  });

  it.each([
    ['a non-Error thrown', () => Promise.reject('plain text'), 'failed: plain text'],
    ['null returned', () => null, 'the converter returned null, not an object'],
    ['a list returned', () => [], 'the converter returned a list, not an object'],
    ['a 10 000-character message', () => Promise.reject(new Error('x'.repeat(10_000))), '…'],
    [
      'a message with terminal escapes',
      () => Promise.reject(new Error('\u001b]0;owned\u0007\nsecond line')),
      '\\x1b]0;owned\\x07\\nsecond line',
    ],
    [
      'a thrown object whose toString throws',
      () =>
        Promise.reject({
          toString: () => {
            throw new Error('no');
          },
        }),
      'an error that cannot be shown',
    ],
    ['a BigInt in the result', () => ({ spec: { name: 'a', replicas: 1n } }), 'the converter returned what JSON cannot hold'],
  ])('%s: a Failure, never a crash', async (_, toHub, expected) => {
    const local = new Registry();
    bindOn(local).conversion(DemoV1, DemoV1alpha1, { toHub: toHub as never, fromHub: (o) => o as never });
    const own = local.conversions.get('conversion.devoops.io/demos')!;
    const { result } = (await convertReview(review('conversion.devoops.io/v1', [alpha('a')]), own)).response;
    expect(result.status).toBe('Failure');
    const message = (result as { message: string }).message;
    expect(message).toContain(expected);
    expect(message.length).toBeLessThanOrEqual(1025);
  });

  it.each([
    ['an unknown desired version', 'conversion.devoops.io/v2', alpha('a'), 'desiredAPIVersion "conversion.devoops.io/v2" has no converter'],
    ['another group', 'other.io/v1', alpha('a'), 'desiredAPIVersion "other.io/v1" has no converter'],
    [
      'an object of an unknown version',
      'conversion.devoops.io/v1',
      { ...alpha('a'), apiVersion: 'conversion.devoops.io/v0' },
      'Demo default/a: apiVersion "conversion.devoops.io/v0" has no converter',
    ],
    ['an object without apiVersion', 'conversion.devoops.io/v1', { metadata: { name: 'a' } }, 'Demo a: apiVersion is undefined'],
  ])('%s: a Failure naming it and the versions there are', async (_, desired, object, expected) => {
    const { result } = (await convertReview(review(desired, [object]), set)).response;
    expect(result.status).toBe('Failure');
    expect((result as { message: string }).message).toContain(expected);
    expect((result as { message: string }).message).toContain(
      'conversion.devoops.io/v1, conversion.devoops.io/v1alpha1, conversion.devoops.io/v1beta1',
    );
  });

  it.each([
    ['not an object', 'text'],
    ['null', null],
    ['a list', []],
    ['another kind', { ...review('conversion.devoops.io/v1', []), kind: 'AdmissionReview' }],
    ['an old apiVersion', { ...review('conversion.devoops.io/v1', []), apiVersion: 'apiextensions.k8s.io/v1beta1' }],
    ['no request', { apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview' }],
    ['no uid', { ...review('conversion.devoops.io/v1', []), request: { desiredAPIVersion: 'conversion.devoops.io/v1', objects: [] } }],
    [
      'objects not a list',
      { ...review('conversion.devoops.io/v1', []), request: { uid: 'u', desiredAPIVersion: 'conversion.devoops.io/v1', objects: {} } },
    ],
    ['an object that is a string', review('conversion.devoops.io/v1', ['x'])],
    ['desiredAPIVersion not a string', { ...review('x', []), request: { uid: 'u', desiredAPIVersion: 1, objects: [] } }],
  ])('a malformed review (%s) is a WebhookRequestError(400)', async (_, body) => {
    const error = await convertReview(body, set).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookRequestError);
    expect((error as WebhookRequestError).status).toBe(400);
  });

  it('hostile objects stay data: __proto__ keys, deep nesting', async () => {
    const hostile = JSON.parse(
      `{"apiVersion":"conversion.devoops.io/v1alpha1","kind":"Demo","metadata":{"name":"h","__proto__":{"polluted":true}},"spec":{"name":"h","__proto__":{"x":1}}}`,
    );
    const [hub] = await converted('v1', [hostile]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((hub as { metadata: object }).metadata).toHaveProperty('name', 'h');
    // 100 000 levels: more than a recursive copy survives; an answer either way, never a throw.
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100_000; i++) {
      const next: Record<string, unknown> = {};
      deep.x = next;
      deep = next;
    }
    const response = await convert('v1', [{ ...alpha('d', 'small'), spec: { name: 'd', nested: root } }]);
    expect(['Success', 'Failure']).toContain(response.result.status);
  });

  it('a conversion still running when the signal aborts is a Failure', async () => {
    const local = new Registry();
    bindOn(local).conversion(DemoV1, DemoV1alpha1, { toHub: () => new Promise(() => {}), fromHub: (o) => o as never });
    const own = local.conversions.get('conversion.devoops.io/demos')!;
    const controller = new AbortController();
    const pending = convertReview(review('conversion.devoops.io/v1', [alpha('a')]), own, controller.signal);
    controller.abort();
    const { result } = (await pending).response;
    expect(result).toEqual({ status: 'Failure', message: expect.stringContaining('cancelled') });
  });
});

describe('operator.convert: one object, as the webhook converts it (for unit tests of converters)', () => {
  it("converts with the operator's converters, and throws a failure's message", async () => {
    const operator = createOperator();
    operator.on.conversion(DemoV1, DemoV1alpha1, demoConverters);
    const hub = await operator.convert(alpha('a', 'large'), DemoV1);
    expectTypeOf(hub).toEqualTypeOf<DemoV1>();
    expect(hub).toEqual(v1('a', 3));
    expect(await operator.convert(hub, DemoV1alpha1)).toEqual(alpha('a', 'large'));
    await expect(operator.convert(alpha(`${REFUSED_PREFIX}x`), DemoV1)).rejects.toThrow('cannot be converted to v1');
    await expect(createOperator().convert(alpha('a'), DemoV1)).rejects.toThrow('no on.conversion is registered for Demo');
  });
});

describe('conversion routes', () => {
  it('serve /convert/<group>/<plural> of each kind with conversions, and nothing else', async () => {
    const routes = conversionRoutes(registry());
    expect(conversionPath(DemoV1)).toBe('/convert/conversion.devoops.io/demos');
    expect(conversionPath({ group: '', plural: 'pods' })).toBe('/convert/core/pods');
    const route = routes.get('/convert/conversion.devoops.io/demos');
    expect(route).toBeTypeOf('function');
    const answer = (await route!(
      review('conversion.devoops.io/v1', [alpha('a', 'large')]),
      new AbortController().signal,
    )) as ConversionResponse;
    expect(answer.response.convertedObjects).toEqual([v1('a', 3)]);
    const service = { name: 'demo-operator-webhook', namespace: 'demo-operator', path: conversionPath(DemoV1), port: 443 };
    expect(conversionWebhookPatch({ service, caBundle: 'Q0E=' })).toEqual({
      spec: {
        conversion: {
          strategy: 'Webhook',
          webhook: { conversionReviewVersions: ['v1'], clientConfig: { service, caBundle: 'Q0E=', url: null } },
        },
      },
    });
    for (const path of [
      '/convert/conversion.devoops.io/others',
      '/convert/conversion.devoops.io',
      '/validate/conversion.devoops.io/v1/demos',
      '/convert/conversion.devoops.io/demos/x',
    ])
      expect(routes.get(path)).toBeUndefined();
  });
});

describe('on.conversion', () => {
  const Other = defineResource<KubernetesObject>({ ...DemoV1, kind: 'Other', version: 'v1alpha1' });
  const OtherGroup = defineResource<KubernetesObject>({ ...DemoV1, group: 'x.io', version: 'v1alpha1' });
  const noop = { toHub: (o: object) => o as never, fromHub: (o: object) => o as never };

  it.each([
    ['another kind', () => bindOn(new Registry()).conversion(DemoV1, Other, noop), 'must be two versions of one kind'],
    ['another group', () => bindOn(new Registry()).conversion(DemoV1, OtherGroup, noop), 'must be two versions of one kind'],
    ['the same version', () => bindOn(new Registry()).conversion(DemoV1, DemoV1, noop as never), 'are the same version'],
    [
      'a converter missing',
      () => bindOn(new Registry()).conversion(DemoV1, DemoV1alpha1, { toHub: noop.toHub } as never),
      'give both converters',
    ],
    [
      'a second hub for the kind',
      () => {
        const on = bindOn(new Registry());
        on.conversion(DemoV1, DemoV1alpha1, demoConverters);
        on.conversion(DemoV1beta1, DemoV1alpha1, noop as never);
      },
      'already converts through conversion.devoops.io/v1',
    ],
    [
      'a version registered twice',
      () => {
        const on = bindOn(new Registry());
        on.conversion(DemoV1, DemoV1alpha1, demoConverters);
        on.conversion(DemoV1, DemoV1alpha1, demoConverters);
      },
      'already has its converters',
    ],
  ])('refuses %s at registration', (_, register, message) => {
    expect(register).toThrow(TypeError);
    expect(register).toThrow(message);
  });

  it('lists conversions per group and plural, apart from the watched resources', () => {
    const r = registry();
    expect([...r.conversions.keys()]).toEqual(['conversion.devoops.io/demos']);
    expect([...r.conversions.get('conversion.devoops.io/demos')!.spokes.keys()]).toEqual(['v1alpha1', 'v1beta1']);
    expect(r.resources.size).toBe(0);
  });

  it('types the converters by the two versions', () => {
    // A registry each: a version registers once.
    const on = () => bindOn(new Registry());
    expectTypeOf(demoConverters.toHub).returns.toEqualTypeOf<Converted<DemoV1> | Promise<Converted<DemoV1>>>();
    on().conversion(DemoV1, DemoV1alpha1, {
      toHub: (object) => {
        expectTypeOf(object).toEqualTypeOf<DemoV1alpha1Type>();
        return { spec: { name: object.spec?.name ?? '', replicas: 1 } };
      },
      fromHub: (object) => ({ spec: { name: object.spec?.name ?? '', size: 'small' } }),
    });
    on().conversion(DemoV1, DemoV1alpha1, {
      // @ts-expect-error toHub returns the hub: its replicas are a number, not the spoke's size
      toHub: (object) => ({ spec: { name: 'x', replicas: object.spec?.size } }),
      fromHub: (object) => ({ spec: { name: object.spec?.name ?? '' } }),
    });
    on().conversion(DemoV1, DemoV1alpha1, {
      toHub: (object) => ({ spec: { name: object.spec?.name ?? '' } }),
      // @ts-expect-error fromHub returns the spoke: a size is a word, not a number
      fromHub: () => ({ spec: { name: 'x', size: 3 } }),
    });
  });
});
