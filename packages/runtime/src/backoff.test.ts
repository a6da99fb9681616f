import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff.js';

describe('backoffMs', () => {
  it('starts at 100 ms, doubles from 250 ms and stays at 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((attempt) => backoffMs(attempt))).toEqual([100, 250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('stays at or below maxMs', () => {
    expect([0, 4, 5, 9].map((attempt) => backoffMs(attempt, { maxMs: 3000 }))).toEqual([100, 2000, 3000, 3000]);
  });

  it('with jitter, waits between half and all of the delay', () => {
    const delays = Array.from({ length: 200 }, () => backoffMs(6, { maxMs: 5000, jitter: true }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(5000);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});
