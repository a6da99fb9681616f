/** on.timer and on.daemon: what they record, what they refuse, and how their types read. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createOperator, defineResource, type KubernetesObject } from '../../index.js';
import { bindOn } from '../../registry/on.js';
import { Registry, resourceKey } from '../../registry/registry.js';

interface Demo extends KubernetesObject {
  kind: 'Demo';
  spec?: { name: string };
  status?: { ticks?: number };
}
const Demo = defineResource<Demo>({ group: 'devoops.io', version: 'v1', kind: 'Demo', plural: 'demo', singular: 'demo', namespaced: true });
const key = resourceKey(Demo);

function registered() {
  const registry = new Registry();
  return { registry, on: bindOn(registry) };
}

describe('on.timer and on.daemon', () => {
  it('record timers and daemons with unique ids, and add no finalizer unless asked', () => {
    const { registry, on } = registered();
    on.timer(Demo, function tick() {}, { interval: 10 });
    on.timer(Demo, function tick() {}, { interval: 5 });
    on.daemon(Demo, function watch() {});
    const entry = registry.resources.get(key)!;
    expect(entry.spawned.map((h) => [h.kind, h.id])).toEqual([
      ['timer', 'tick'],
      ['timer', 'tick-2'],
      ['daemon', 'watch'],
    ]);
    expect(entry.changes).toEqual([]);
    expect(registry.requiresFinalizer(key)).toBe(false);
  });

  it('with finalizer: true, add a delete handler with the same label and annotation filters that waits for the stop', async () => {
    const { registry, on } = registered();
    on.daemon(Demo, function guard() {}, { finalizer: true, labels: { app: 'x' }, annotations: { a: true } });
    const entry = registry.resources.get(key)!;
    expect(registry.requiresFinalizer(key)).toBe(true);
    expect(entry.changes.map((h) => [h.kind, h.id, h.options])).toEqual([
      ['delete', 'guard/stop', { id: 'guard/stop', labels: { app: 'x' }, annotations: { a: true } }],
    ]);
    const asked: [string, readonly string[]][] = [];
    entry.stopSpawned = async (uid, ids) => void asked.push([uid, ids]);
    await entry.changes[0]!.fn({ uid: 'u-1', signal: new AbortController().signal } as never);
    expect(asked).toEqual([['u-1', ['guard']]]);
  });

  it.each([
    ['an interval of 0', { interval: 0 }, "on.timer(Demo): 'interval' must be a number of seconds above 0 (got 0)."],
    ['a negative idle', { interval: 1, idle: -1 }, "on.timer(Demo): 'idle' must be a number of seconds, 0 or more (got -1)."],
    ['an infinite initial delay', { interval: 1, initialDelay: Number.POSITIVE_INFINITY }, "'initialDelay' must be a number"],
    ['a NaN interval', { interval: Number.NaN }, "'interval' must be a number of seconds above 0 (got NaN)"],
  ])('refuse %s with what, where and the value given', (_what, options, message) => {
    const { on } = registered();
    expect(() => on.timer(Demo, () => {}, options)).toThrow(message);
  });

  it('refuse a daemon whose cancellationTimeout is not a number of seconds', () => {
    const { on } = registered();
    expect(() => on.daemon(Demo, () => {}, { cancellationTimeout: -2 })).toThrow(
      "on.daemon(Demo): 'cancellationTimeout' must be a number of seconds, 0 or more (got -2).",
    );
  });

  it('type their arguments from the resource, and need an interval for a timer', () => {
    const operator = createOperator();
    operator.on.timer(
      Demo,
      ({ body, spec, status, retry, scheduled, signal, patch }) => {
        expectTypeOf(body).toEqualTypeOf<Demo>();
        expectTypeOf(spec).toEqualTypeOf<{ name: string }>();
        expectTypeOf(status).toEqualTypeOf<{ ticks?: number }>();
        expectTypeOf(retry).toEqualTypeOf<number>();
        expectTypeOf(scheduled).toEqualTypeOf<Date>();
        expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
        patch.status = { ticks: 1 };
        // @ts-expect-error: not a field of Demo's status
        patch.status = { phase: 'Ready' };
      },
      { interval: 1, when: ({ spec }) => spec.name !== '' },
    );
    operator.on.daemon(Demo, ({ signal, retry, started }) => {
      expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
      expectTypeOf(retry).toEqualTypeOf<number>();
      expectTypeOf(started).toEqualTypeOf<Date>();
    });
    // @ts-expect-error: a timer needs its interval
    expect(() => operator.on.timer(Demo, () => {}, {})).toThrow('interval');
    // @ts-expect-error: idle is a timer's option, not a daemon's
    operator.on.daemon(Demo, () => {}, { idle: 3 });
  });
});
