import { describe, expect, expectTypeOf, it } from 'vitest';
import { AdmissionError } from '../errors.js';
import { type AdmissionHandler, Registry } from '../registry/registry.js';
import { bindOn } from '../registry/on.js';
import type { Logger, MutateArgs, ValidateArgs } from '../registry/types.js';
import { defineResource } from '../resource/define.js';
import type { KubernetesObject } from '../resource/types.js';
import { type AdmissionReview, admissionRequestOf, admit } from './admission.js';
import { WebhookRequestError } from './errors.js';
import { routeLookup, unhandledAdmission } from './routes.js';

interface Demo extends KubernetesObject {
  spec?: { name?: string; size?: number };
}
const Demo = defineResource<Demo>({ group: 'devoops.io', version: 'v1', kind: 'Demo', plural: 'demo', singular: 'demo', namespaced: true });

const lines: { level: string; message: string }[] = [];
const logger: Logger = {
  debug: (message) => lines.push({ level: 'debug', message }),
  info: (message) => lines.push({ level: 'info', message }),
  warn: (message) => lines.push({ level: 'warn', message }),
  error: (message) => lines.push({ level: 'error', message }),
};

const demo = (spec: Demo['spec'], labels?: Record<string, string>): Demo => ({
  apiVersion: 'devoops.io/v1',
  kind: 'Demo',
  metadata: { name: 'd', namespace: 'ns', ...(labels ? { labels } : {}) },
  spec,
});

const review = (request: Record<string, unknown>) => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: { uid: 'u-1', operation: 'CREATE', name: 'd', namespace: 'ns', userInfo: { username: 'alice' }, ...request },
});

const handler = (fn: AdmissionHandler['fn'], options: AdmissionHandler['options'] = {}, id = 'h'): AdmissionHandler => ({
  id,
  fn,
  options,
});
const never = new AbortController().signal;
const decode = (patch: string | undefined) => (patch === undefined ? undefined : JSON.parse(Buffer.from(patch, 'base64').toString('utf8')));

describe('an AdmissionReview request', () => {
  it.each([
    ['a list', [], 'not a JSON object'],
    ['null', null, 'not a JSON object'],
    ['a ConversionReview', { apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview', request: {} }, 'expected apiVersion'],
    ['v1beta1', { ...review({}), apiVersion: 'admission.k8s.io/v1beta1' }, 'expected apiVersion admission.k8s.io/v1'],
    ['no request', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, 'request is missing'],
    ['no uid', review({ uid: undefined }), 'request.uid'],
    ['an empty uid', review({ uid: '' }), 'request.uid'],
    ['a uid that is a number', review({ uid: 7 }), 'request.uid'],
    ['a huge uid', review({ uid: 'x'.repeat(10_000) }), 'request.uid'],
    ['an unknown operation', review({ operation: 'PATCH' }), 'request.operation'],
    ['an object that is a string', review({ object: 'x' }), 'request.object'],
    ['userInfo that is a list', review({ object: demo({}), userInfo: [] }), 'request.userInfo'],
  ])('%s is a 400 that says what is wrong', (_, body, message) => {
    try {
      admissionRequestOf(body);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookRequestError);
      expect((error as WebhookRequestError).status).toBe(400);
      expect((error as Error).message).toContain(message);
    }
  });

  it('gives the handlers what the apiserver sent', () => {
    const request = admissionRequestOf(review({ object: demo({ name: 'a' }), oldObject: null, dryRun: true, subResource: '' }));
    expect(request).toEqual({
      uid: 'u-1',
      operation: 'CREATE',
      object: demo({ name: 'a' }),
      oldObject: undefined,
      userInfo: { username: 'alice' },
      dryRun: true,
      subResource: undefined,
      name: 'd',
      namespace: 'ns',
    });
  });
});

describe('validating handlers', () => {
  const request = (spec: Demo['spec'], extra: Record<string, unknown> = {}) => admissionRequestOf(review({ object: demo(spec), ...extra }));

  it.each([
    ['admit when no handler throws', [handler(() => undefined)], { uid: 'u-1', allowed: true }],
    [
      'refuse with an AdmissionError: its message and code',
      [handler(() => Promise.reject(new AdmissionError('spec.name must not be "bad"', { code: 422 })))],
      { uid: 'u-1', allowed: false, status: { code: 422, message: 'spec.name must not be "bad"' } },
    ],
    [
      'refuse with any other error: its message, code 500',
      [
        handler(() => {
          throw new TypeError('boom');
        }),
      ],
      { uid: 'u-1', allowed: false, status: { code: 500, message: 'boom' } },
    ],
    [
      'refuse with an empty message: the handler is named instead',
      [handler(() => Promise.reject(new AdmissionError('')))],
      { uid: 'u-1', allowed: false, status: { code: 400, message: "admission handler 'h' refused" } },
    ],
    [
      'stop at the first refusal',
      [
        handler(
          () => {
            throw new AdmissionError('first');
          },
          {},
          'a',
        ),
        handler(
          () => {
            throw new AdmissionError('second');
          },
          {},
          'b',
        ),
      ],
      { uid: 'u-1', allowed: false, status: { code: 400, message: 'first' } },
    ],
    [
      'pass over handlers of other operations',
      [
        handler(
          () => {
            throw new AdmissionError('deletes only');
          },
          { operations: ['DELETE'] },
        ),
      ],
      { uid: 'u-1', allowed: true },
    ],
    [
      'return warnings, admitted or not',
      [
        handler(({ warnings }) => {
          warnings.push('spec.size is deprecated');
        }),
      ],
      { uid: 'u-1', allowed: true, warnings: ['spec.size is deprecated'] },
    ],
  ])('%s', async (_, handlers, expected) => {
    expect(await admit('validate', handlers, request({ name: 'bad' }), never, logger)).toEqual(expected);
  });

  it('escapes control characters and bounds the length of what kubectl shows', async () => {
    const hostile = `\u001b]0;pwned\u0007${'x'.repeat(5000)}`;
    const response = await admit(
      'validate',
      [
        handler(({ warnings }) => {
          for (let i = 0; i < 100; i++) warnings.push(hostile);
          throw new AdmissionError(hostile);
        }),
      ],
      request({}),
      never,
      logger,
    );
    expect(response.status?.message).not.toContain('\u001b');
    expect(response.status?.message.length).toBeLessThanOrEqual(1024);
    expect(response.warnings?.every((w) => !w.includes('\u0007') && w.length <= 256)).toBe(true);
    expect(response.warnings?.join('').length).toBeLessThanOrEqual(4096);
  });

  it('answers a handler that never returns at its timeout, per failurePolicy', async () => {
    const hang = () => new Promise(() => undefined);
    const request = admissionRequestOf(review({ object: demo({}) }));
    const stopped = new AbortController();
    stopped.abort();
    // The request's signal (the apiserver's deadline) is already over: no waiting at all.
    const fail = await admit('validate', [handler(hang)], request, stopped.signal, logger);
    expect(fail).toEqual({
      uid: 'u-1',
      allowed: false,
      status: { code: 504, message: "admission handler 'h' did not answer in time (10 s)" },
    });
    const ignore = await admit(
      'validate',
      [handler(hang, { failurePolicy: 'Ignore', timeoutSeconds: 3 })],
      request,
      stopped.signal,
      logger,
    );
    expect(ignore).toEqual({
      uid: 'u-1',
      allowed: true,
      warnings: ["admission handler 'h' did not answer in time (3 s); admitted (failurePolicy Ignore)"],
    });
  });

  it('hands the handler a signal that aborts when the request is over', async () => {
    const over = new AbortController();
    let seen: AbortSignal | undefined;
    const answered = admit(
      'validate',
      [
        handler(({ signal }) => {
          seen = signal;
          return new Promise(() => undefined);
        }),
      ],
      request({}),
      over.signal,
      logger,
    );
    await expect.poll(() => seen).toBeDefined();
    expect(seen?.aborted).toBe(false);
    over.abort();
    expect((await answered).allowed).toBe(false);
    expect(seen?.aborted).toBe(true);
  });

  it('passes dryRun, the user, the old object and the operation', async () => {
    let args: ValidateArgs<KubernetesObject> | undefined;
    const update = admissionRequestOf(
      review({ operation: 'UPDATE', object: demo({ size: 2 }), oldObject: demo({ size: 1 }), dryRun: true }),
    );
    await admit(
      'validate',
      [
        handler((given) => {
          args = given;
        }),
      ],
      update,
      never,
      logger,
    );
    expect(args).toMatchObject({
      operation: 'UPDATE',
      dryRun: true,
      userInfo: { username: 'alice' },
      oldObject: demo({ size: 1 }),
      object: demo({ size: 2 }),
    });
  });

  it('gives a DELETE handler the object being deleted', async () => {
    let seen: unknown;
    const deletion = admissionRequestOf(review({ operation: 'DELETE', object: null, oldObject: demo({ name: 'gone' }) }));
    await admit(
      'validate',
      [
        handler(
          ({ object }) => {
            seen = object;
          },
          { operations: ['DELETE'] },
        ),
      ],
      deletion,
      never,
      logger,
    );
    expect(seen).toEqual(demo({ name: 'gone' }));
  });
});

describe('mutating handlers', () => {
  const create = (object: Demo) => admissionRequestOf(review({ object }));

  it('answer one JSON patch of every handler’s changes, each seeing the previous ones', async () => {
    let seenBySecond: unknown;
    const response = await admit(
      'mutate',
      [
        handler(
          ({ object }) => {
            (object as Demo).spec!.size = 3;
          },
          {},
          'a',
        ),
        handler(
          ({ object }) => {
            seenBySecond = (object as Demo).spec?.size;
            object.metadata!.labels = { ...object.metadata!.labels, 'example.com/a~b': 'x' };
          },
          {},
          'b',
        ),
      ],
      create(demo({ name: 'n' })),
      never,
      logger,
    );
    expect(seenBySecond).toBe(3);
    expect(response).toMatchObject({ uid: 'u-1', allowed: true, patchType: 'JSONPatch' });
    expect(decode(response.patch)).toEqual([
      { op: 'add', path: '/spec/size', value: 3 },
      { op: 'add', path: '/metadata/labels', value: { 'example.com/a~b': 'x' } },
    ]);
  });

  it('answer no patch when nothing changed, or the operation stores nothing', async () => {
    const touch = handler(
      ({ object }) => {
        object.metadata!.annotations = { a: 'b' };
      },
      { operations: ['CREATE', 'DELETE'] },
    );
    const unchanged = await admit('mutate', [handler(() => undefined)], create(demo({})), never, logger);
    expect(unchanged).toEqual({ uid: 'u-1', allowed: true });
    const deletion = admissionRequestOf(review({ operation: 'DELETE', object: null, oldObject: demo({}) }));
    expect(await admit('mutate', [touch], deletion, never, logger)).toEqual({ uid: 'u-1', allowed: true });
  });

  it('refuse, not crash, when a handler leaves something JSON cannot carry', async () => {
    const response = await admit(
      'mutate',
      [
        handler(({ object }) => {
          (object as Record<string, unknown>).when = new Date(0);
        }),
      ],
      create(demo({})),
      never,
      logger,
    );
    expect(response.allowed).toBe(false);
    expect(response.status?.message).toContain('/when');
  });

  it('refuse when a handler throws, with no patch', async () => {
    const response = await admit(
      'mutate',
      [
        handler(({ object }) => {
          object.metadata!.labels = { changed: 'yes' };
          throw new AdmissionError('no');
        }),
      ],
      create(demo({})),
      never,
      logger,
    );
    expect(response).toEqual({ uid: 'u-1', allowed: false, status: { code: 400, message: 'no' } });
  });
});

describe('on.validate and on.mutate', () => {
  it('type the object by the resource', () => {
    const on = bindOn(new Registry());
    on.validate(Demo, ({ object, oldObject }) => {
      expectTypeOf(object).toEqualTypeOf<Demo>();
      expectTypeOf(oldObject).toEqualTypeOf<Demo | undefined>();
    });
    on.mutate(Demo, (args) => {
      expectTypeOf(args).toEqualTypeOf<MutateArgs<Demo>>();
      // @ts-expect-error spec.name is a string
      args.object.spec = { name: 1 };
    });
    // @ts-expect-error not an operation
    expect(() => on.validate(Demo, () => undefined, { operations: ['PATCH'] })).toThrow("'operations'");
  });

  it('refuse options the apiserver would refuse, naming the handler', () => {
    const on = bindOn(new Registry());
    expect(() => on.validate(Demo, () => undefined, { timeoutSeconds: 31 })).toThrow(
      "on.validate(Demo): 'timeoutSeconds' must be a whole number of seconds from 1 to 30",
    );
    expect(() => on.mutate(Demo, () => undefined, { operations: [] })).toThrow("on.mutate(Demo): 'operations'");
    expect(() => on.mutate(Demo, () => undefined, { failurePolicy: 'Maybe' as 'Fail' })).toThrow("'failurePolicy'");
  });

  it('keep admission handlers apart from the watched resources, with unique ids', () => {
    const registry = new Registry();
    const on = bindOn(registry);
    on.validate(Demo, function check() {});
    on.validate(Demo, function check() {});
    on.mutate(Demo, () => undefined);
    expect(registry.resources.size).toBe(0);
    const entry = registry.admission.get('devoops.io/v1/demo');
    expect(entry?.validate.map((h) => h.id)).toEqual(['check', 'check-2']);
    expect(entry?.mutate.map((h) => h.id)).toEqual(['mutate']);
  });
});

describe('an admission path without handlers', () => {
  const lookup = routeLookup([new Map([['/validate/devoops.io/v1/demo', async () => 'handled']])], unhandledAdmission(logger));

  it('admits unchanged with a warning that names it, and logs once', async () => {
    lines.length = 0;
    for (let i = 0; i < 2; i++) {
      const route = lookup('/mutate/devoops.io/v1/demo');
      expect(route).toBeTypeOf('function');
      const answer = (await route!(review({ object: demo({ name: 'x' }) }), never)) as AdmissionReview;
      expect(answer.response).toEqual({
        uid: 'u-1',
        allowed: true,
        warnings: ['no on.mutate handler in this operator for /mutate/devoops.io/v1/demo: admitted unchanged'],
      });
    }
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    await expect(lookup('/mutate/devoops.io/v1/demo')!({ not: 'a review' }, never)).rejects.toBeInstanceOf(WebhookRequestError);
  });

  it('leaves the paths that have handlers to them, and other paths unrouted (404)', async () => {
    expect(await lookup('/validate/devoops.io/v1/demo')!({}, never)).toBe('handled');
    for (const path of ['/validate/devoops.io/v1', '/other/devoops.io/v1/demo', '/mutate/devoops.io/v1/demo/x', '/mutate/DEVOOPS/v1/demo'])
      expect(lookup(path)).toBeUndefined();
  });
});
