/** The recorder's buffering, series aggregation and refusal handling, against a sink in memory. */
import { describe, expect, it } from 'vitest';
import type { Logger } from '../registry/types.js';
import { bindEvents } from './events.js';
import { EventRecorder, type EventSink } from './recorder.js';

const reporter = { controller: 'gen-operator.dev/operator', instance: 'operator-0' };
const demo = { apiVersion: 'devoops.io/v1', kind: 'Demo', metadata: { name: 'demo-1', namespace: 'ns', uid: 'u-1' } };

interface Write {
  op: 'create' | 'patch';
  namespace: string;
  name: string;
  body: Record<string, unknown>;
}

/** A sink that keeps Events in a map, like the apiserver would; `refuse` answers every write with that status. */
function memorySink(options: { refuse?: number; slow?: () => Promise<void> } = {}) {
  const writes: Write[] = [];
  const stored = new Map<string, Record<string, unknown>>();
  const refused = () => Object.assign(new Error(`HTTP ${options.refuse}`), { status: options.refuse });
  const sink: EventSink = {
    create: async (namespace, body) => {
      await options.slow?.();
      if (options.refuse) throw refused();
      const name = (body.metadata as { name: string }).name;
      writes.push({ op: 'create', namespace, name, body });
      stored.set(`${namespace}/${name}`, structuredClone(body));
      return body;
    },
    patch: async (namespace, name, patch) => {
      await options.slow?.();
      if (options.refuse) throw refused();
      const event = stored.get(`${namespace}/${name}`);
      if (!event) throw Object.assign(new Error('HTTP 404'), { status: 404 });
      writes.push({ op: 'patch', namespace, name, body: patch });
      Object.assign(event, patch);
      return event;
    },
  };
  return { sink, writes, stored };
}

function memoryLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push({ level, message, fields });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(condition()).toBe(true);
}

describe('EventRecorder', () => {
  it('buffers until attached, then writes an events.k8s.io/v1 Event about the object', async () => {
    const recorder = new EventRecorder({}, () => Date.parse('2026-12-02T10:00:00.123Z'));
    const events = bindEvents(recorder);
    events.info(demo, 'Created', 'Made the demo.');
    expect(recorder.pending).toBe(1);
    const { sink, stored } = memorySink();
    recorder.attach({ sink, reporter, logger: memoryLogger().logger });
    await until(() => stored.size === 1);
    const [event] = [...stored.values()];
    expect(event).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { namespace: 'ns' },
      eventTime: '2026-12-02T10:00:00.123000Z',
      reportingController: 'gen-operator.dev/operator',
      reportingInstance: 'operator-0',
      type: 'Normal',
      reason: 'Created',
      action: 'Created',
      note: 'Made the demo.',
      regarding: { apiVersion: 'devoops.io/v1', kind: 'Demo', name: 'demo-1', namespace: 'ns', uid: 'u-1' },
    });
    expect((event!.metadata as { name: string }).name).toMatch(/^demo-1\.[0-9a-f]+$/);
    expect(event).not.toHaveProperty('series');
  });

  it('aggregates 100 repeats into one Event whose series counts them all', async () => {
    let now = 1_000_000;
    const recorder = new EventRecorder({ seriesWriteMs: 5 }, () => now);
    const events = bindEvents(recorder);
    const { sink, writes, stored } = memorySink();
    recorder.attach({ sink, reporter, logger: memoryLogger().logger });
    for (let i = 0; i < 100; i++) {
      now += 10;
      events.warn(demo, 'HandlerFailed', "Handler 'create' failed (will retry): boom");
      if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => recorder.pending === 0);
    expect(stored.size).toBe(1);
    const [event] = [...stored.values()];
    expect(event!.series).toEqual({ count: 100, lastObservedTime: new Date(now).toISOString().replace('Z', '000Z') });
    expect(writes[0]!.op).toBe('create');
    // Repeats that arrive while a write is in flight or within seriesWriteMs share the next write.
    expect(writes.length).toBeLessThan(100);
  });

  it('writes a series at most once per interval, and what is left on close', async () => {
    const recorder = new EventRecorder({ seriesWriteMs: 60_000 });
    const events = bindEvents(recorder);
    const { sink, writes } = memorySink();
    recorder.attach({ sink, reporter, logger: memoryLogger().logger });
    events.warn(demo, 'HandlerFailed', 'boom');
    await until(() => writes.length === 1);
    for (let i = 0; i < 49; i++) events.warn(demo, 'HandlerFailed', 'boom');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(writes.map((w) => w.op)).toEqual(['create']);
    expect(recorder.pending).toBe(1);
    await recorder.close(1_000);
    expect(writes.map((w) => [w.op, (w.body.series as { count?: number } | undefined)?.count])).toEqual([
      ['create', undefined],
      ['patch', 50],
    ]);
    expect(recorder.pending).toBe(0);
  });

  it('keeps different reasons, types, messages and objects in different Events', async () => {
    const recorder = new EventRecorder();
    const events = bindEvents(recorder);
    const { sink, stored } = memorySink();
    recorder.attach({ sink, reporter, logger: memoryLogger().logger });
    events.info(demo, 'A', 'one');
    events.info(demo, 'B', 'one');
    events.warn(demo, 'A', 'one');
    events.info(demo, 'A', 'two');
    events.info({ ...demo, metadata: { ...demo.metadata, name: 'demo-2', uid: 'u-2' } }, 'A', 'one');
    await until(() => recorder.pending === 0);
    expect(stored.size).toBe(5);
  });

  it('drops Events the API refuses with one log line, and logs again only after a write succeeded', async () => {
    const recorder = new EventRecorder();
    const events = bindEvents(recorder);
    const refusing = memorySink({ refuse: 403 });
    const { logger, lines } = memoryLogger();
    recorder.attach({ sink: refusing.sink, reporter, logger });
    for (let i = 0; i < 20; i++) events.warn(demo, `Reason${i}`, 'refused');
    await until(() => recorder.pending === 0);
    expect(lines.filter((line) => line.level === 'warn')).toEqual([
      {
        level: 'warn',
        message: 'Event dropped: the API refused it. Further drops are not logged until an Event is written.',
        fields: { error: 'HTTP 403' },
      },
    ]);
  });

  it('never holds more than its buffer, and says how many were dropped before login', async () => {
    const recorder = new EventRecorder({ buffer: 10 });
    const events = bindEvents(recorder);
    for (let i = 0; i < 50; i++) events.info(demo, `Reason${i}`, 'x');
    expect(recorder.pending).toBe(10);
    const { sink, stored } = memorySink();
    const { logger, lines } = memoryLogger();
    recorder.attach({ sink, reporter, logger });
    await until(() => recorder.pending === 0);
    expect(stored.size).toBe(10);
    expect(lines.map((line) => line.message)).toEqual(['40 Events were dropped before login: the buffer holds 10.']);
  });

  it('posts an Event again when its series was deleted meanwhile (Events expire)', async () => {
    const recorder = new EventRecorder({ seriesWriteMs: 0 });
    const events = bindEvents(recorder);
    const { sink, stored } = memorySink();
    recorder.attach({ sink, reporter, logger: memoryLogger().logger });
    events.info(demo, 'Again', 'x');
    await until(() => stored.size === 1);
    stored.clear();
    events.info(demo, 'Again', 'x');
    await until(() => recorder.pending === 0 && stored.size === 1);
    expect([...stored.values()][0]!.series).toMatchObject({ count: 2 });
  });

  it('on close, writes what it can within the bound and drops the rest with one line', async () => {
    const recorder = new EventRecorder();
    const events = bindEvents(recorder);
    const { sink } = memorySink({ slow: () => new Promise(() => undefined) });
    const { logger, lines } = memoryLogger();
    recorder.attach({ sink, reporter, logger });
    for (let i = 0; i < 6; i++) events.info(demo, `R${i}`, 'x');
    await recorder.close(50);
    expect(lines.map((line) => line.message)).toEqual(['6 Events were not written within 0.05 s of stopping; dropped.']);
    expect(recorder.pending).toBe(4);
  });

  it('posts nothing about Events and never throws on odd input', () => {
    const recorder = new EventRecorder();
    const events = bindEvents(recorder);
    events.info({ apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' } }, 'R', 'm');
    expect(recorder.pending).toBe(0);
    expect(() => events.exception(undefined as never, undefined as never, Symbol('odd'))).not.toThrow();
    expect(() =>
      events.info({}, 'R', {
        toString: () => {
          throw new Error('hostile');
        },
      } as never),
    ).not.toThrow();
  });
});
