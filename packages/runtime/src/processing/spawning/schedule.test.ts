import { describe, expect, it } from 'vitest';
import { afterChange, firstRun, nextTick, type Timing } from './schedule.js';

// Times in ms from an arbitrary origin; options in seconds.
const s = 1000;

describe('the first run', () => {
  const rows: [what: string, timing: Timing, spawnedAt: number, changedAt: number, expected: number][] = [
    ['at once', { interval: 10 }, 5 * s, 5 * s, 5 * s],
    ['after initialDelay', { interval: 10, initialDelay: 3 }, 5 * s, 5 * s, 8 * s],
    ['after idle from the last change', { interval: 10, idle: 4 }, 5 * s, 2 * s, 6 * s],
    ['idle already passed', { interval: 10, idle: 4 }, 9 * s, 2 * s, 9 * s],
    ['the later of initialDelay and idle (delay)', { interval: 10, idle: 1, initialDelay: 6 }, 5 * s, 5 * s, 11 * s],
    ['the later of initialDelay and idle (idle)', { interval: 10, idle: 6, initialDelay: 1 }, 5 * s, 5 * s, 11 * s],
    ['a daemon: no interval, only initialDelay', { initialDelay: 2 }, 0, 0, 2 * s],
  ];
  it.each(rows)('%s', (_what, timing, spawnedAt, changedAt, expected) => {
    expect(firstRun(timing, spawnedAt, changedAt)).toBe(expected);
  });
});

describe('the next tick', () => {
  const rows: [
    what: string,
    timing: Timing,
    due: number,
    finished: number,
    retryIn: number | undefined,
    changedAt: number,
    expected: number,
  ][] = [
    ['interval after the end', { interval: 10 }, 0, 3 * s, undefined, 0, 13 * s],
    ['sharp: interval after the due time', { interval: 10, sharp: true }, 0, 3 * s, undefined, 0, 10 * s],
    ['sharp, late start: still on the schedule', { interval: 10, sharp: true }, 0, 9.9 * s, undefined, 0, 10 * s],
    ['sharp, longer than an interval: skips to the next point', { interval: 10, sharp: true }, 0, 25 * s, undefined, 0, 30 * s],
    ['sharp, ended exactly on a point: the one after', { interval: 10, sharp: true }, 0, 10 * s, undefined, 0, 20 * s],
    ['a retry waits its delay, not the interval', { interval: 10 }, 0, 3 * s, 2, 0, 5 * s],
    ['a sharp retry waits its delay too', { interval: 10, sharp: true }, 0, 3 * s, 2, 0, 5 * s],
    ['idle: waits for stillness after a recent change', { interval: 2, idle: 5 }, 0, 1 * s, undefined, 0.5 * s, 5.5 * s],
    ['idle: a still object ticks every interval', { interval: 2, idle: 5 }, 20 * s, 21 * s, undefined, 0, 23 * s],
    ['sharp and idle: the later of both', { interval: 2, idle: 5, sharp: true }, 10 * s, 10.5 * s, undefined, 9 * s, 14 * s],
  ];
  it.each(rows)('%s', (_what, timing, due, finished, retryIn, changedAt, expected) => {
    expect(nextTick(timing, { due, finished, ...(retryIn === undefined ? {} : { retryIn }) }, changedAt)).toBe(expected);
  });
});

describe('a change while a tick waits', () => {
  const rows: [what: string, timing: Timing, due: number, changedAt: number, expected: number][] = [
    ['no idle: the tick stays', { interval: 10 }, 7 * s, 6 * s, 7 * s],
    ['idle: the wait for stillness starts again', { interval: 10, idle: 5 }, 7 * s, 6 * s, 11 * s],
    ['idle: a tick due later anyway stays', { interval: 10, idle: 5 }, 20 * s, 6 * s, 20 * s],
  ];
  it.each(rows)('%s', (_what, timing, due, changedAt, expected) => {
    expect(afterChange(timing, due, changedAt)).toBe(expected);
  });
});
