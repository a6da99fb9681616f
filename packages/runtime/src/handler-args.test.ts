import { describe, expect, it } from 'vitest';
import { changeArgs } from './handler-args.js';
import type { Diff } from './registry/types.js';
import type { KubernetesObject } from './resource/types.js';

interface Widget extends KubernetesObject {
  spec?: { size: number };
  status?: { phase?: string };
}

const widget: Widget = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'ns', uid: 'u-1', labels: { a: 'b' }, annotations: { c: 'd' } },
  spec: { size: 3 },
};

describe('changeArgs, the arguments a unit test gives a handler', () => {
  it('are those of a first create attempt, read from the object', () => {
    const args = changeArgs(widget);
    expect(args).toMatchObject({
      body: widget,
      meta: widget.metadata,
      spec: { size: 3 },
      status: {},
      name: 'w',
      namespace: 'ns',
      uid: 'u-1',
      labels: { a: 'b' },
      annotations: { c: 'd' },
      patch: {},
      memo: {},
      reason: 'create',
      old: undefined,
      new: widget,
      diff: [],
      retry: 0,
    });
    expect(args.signal.aborted).toBe(false);
    expect(args.started).toBeInstanceOf(Date);
    expect(args.runtime).toBeGreaterThanOrEqual(0);
    expect(() => args.logger.info('quiet', { x: 1 })).not.toThrow();
  });

  it('take overrides, and a fresh patch and memo each time', () => {
    const diff: Diff = [['change', ['spec', 'size'], 3, 4]];
    const args = changeArgs(widget, { reason: 'update', diff, retry: 2 });
    expect(args).toMatchObject({ reason: 'update', diff, retry: 2, name: 'w' });
    args.patch.status = { phase: 'Ready' };
    args.memo.seen = true;
    expect(changeArgs(widget).patch).toEqual({});
    expect(changeArgs(widget).memo).toEqual({});
  });

  it('handle an object with no metadata, spec or status', () => {
    const bare = changeArgs({ apiVersion: 'v1', kind: 'Thing' });
    expect(bare).toMatchObject({ name: '', namespace: undefined, uid: '', labels: {}, annotations: {}, spec: {}, status: {} });
  });
});
