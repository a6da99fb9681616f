import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkQueue } from './queue.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkQueue', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('serializes per key and coalesces to the latest item', async () => {
    const seen: string[] = [];
    const gates: (() => void)[] = [];
    const queue = new WorkQueue<string>({
      concurrency: 10,
      process: async (key, item) => {
        seen.push(`${key}:${item}`);
        await new Promise<void>((resolve) => gates.push(resolve));
        return undefined;
      },
    });
    queue.push('a', '1');
    queue.push('a', '2');
    queue.push('a', '3');
    await tick();
    expect(seen).toEqual(['a:1']);
    gates.shift()!();
    await tick();
    expect(seen).toEqual(['a:1', 'a:3']);
    gates.shift()!();
    await tick();
    expect(queue.size).toBe(0);
  });

  it('held, it takes and coalesces items but processes none until released', async () => {
    const seen: string[] = [];
    const queue = new WorkQueue<string>({
      concurrency: 10,
      held: true,
      process: async (key, item) => {
        seen.push(`${key}:${item}`);
        return undefined;
      },
    });
    queue.push('a', '1');
    queue.push('b', '1');
    queue.push('a', '2');
    await tick();
    expect(seen).toEqual([]);
    expect(queue.waiting).toBe(2);
    expect(queue.holding).toBe(true);
    queue.release();
    await tick();
    expect(seen).toEqual(['a:2', 'b:1']);
    expect(queue.holding).toBe(false);
  });

  it('bounds concurrency across keys', async () => {
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const queue = new WorkQueue<number>({
      concurrency: 2,
      process: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        return undefined;
      },
    });
    for (let i = 0; i < 5; i++) queue.push(`k${i}`, i);
    await tick();
    expect(running).toBe(2);
    while (gates.length) {
      gates.shift()!();
      await tick();
    }
    expect(peak).toBe(2);
    expect(queue.size).toBe(0);
  });

  it('calls again after the asked delay, unless a newer item comes first', async () => {
    const seen: string[] = [];
    const queue = new WorkQueue<string>({
      concurrency: 1,
      process: async (_key, item) => {
        seen.push(item);
        return item === 'wait' ? 1000 : undefined;
      },
      merge: (a, b) => `${a}+${b}`,
    });
    queue.push('k', 'wait');
    await tick();
    expect(seen).toEqual(['wait']);
    expect(queue.size).toBe(1);
    vi.advanceTimersByTime(999);
    await tick();
    expect(seen).toEqual(['wait']);
    vi.advanceTimersByTime(1);
    await tick();
    expect(seen).toEqual(['wait', 'wait']);
    queue.push('k', 'new');
    await tick();
    expect(seen).toEqual(['wait', 'wait', 'new']);
    vi.advanceTimersByTime(5000);
    await tick();
    expect(seen).toHaveLength(3);
    expect(queue.size).toBe(0);
  });

  it('drains on close and takes nothing afterwards', async () => {
    let release!: () => void;
    const seen: number[] = [];
    const queue = new WorkQueue<number>({
      concurrency: 1,
      process: async (_key, item) => {
        seen.push(item);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return undefined;
      },
    });
    queue.push('a', 1);
    queue.push('b', 2);
    await tick();
    const closed = queue.close();
    queue.push('c', 3);
    release();
    await closed;
    expect(seen).toEqual([1]);
  });
});

describe('WorkQueue backlog', () => {
  it('lets a producer wait until the backlog is small', async () => {
    const gates: (() => void)[] = [];
    const queue = new WorkQueue<number>({
      concurrency: 1,
      process: async () => {
        await new Promise<void>((resolve) => gates.push(resolve));
        return undefined;
      },
    });
    for (let i = 0; i < 5; i++) queue.push(`k${i}`, i);
    await tick();
    expect(queue.waiting).toBe(4);
    let roomy = false;
    void queue.roomFor(2).then(() => {
      roomy = true;
    });
    gates.shift()!();
    await tick();
    expect(roomy).toBe(false);
    gates.shift()!();
    await tick();
    expect(queue.waiting).toBe(2);
    expect(roomy).toBe(true);
    while (gates.length) {
      gates.shift()!();
      await tick();
    }
  });
});
