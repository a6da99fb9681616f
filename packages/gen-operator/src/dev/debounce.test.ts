import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Debouncer } from './debounce.js';

describe('Debouncer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands over one batch after the quiet time, each path once', () => {
    const batches: string[][] = [];
    const debouncer = new Debouncer(100, (paths) => batches.push([...paths]));
    debouncer.add('src/a.ts');
    vi.advanceTimersByTime(60);
    debouncer.add('src/b.ts');
    vi.advanceTimersByTime(60);
    debouncer.add('src/a.ts');
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([['src/a.ts', 'src/b.ts']]);
  });

  it('starts a new batch after a flush', () => {
    const batches: string[][] = [];
    const debouncer = new Debouncer(100, (paths) => batches.push([...paths]));
    debouncer.add('src/a.ts');
    vi.advanceTimersByTime(100);
    debouncer.add('crds/demo.yaml');
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([['src/a.ts'], ['crds/demo.yaml']]);
  });

  it('hands over nothing after cancel()', () => {
    const batches: string[][] = [];
    const debouncer = new Debouncer(100, (paths) => batches.push([...paths]));
    debouncer.add('src/a.ts');
    debouncer.cancel();
    vi.advanceTimersByTime(1_000);
    expect(batches).toEqual([]);
  });
});
