/**
 * When timers tick and daemons start, as pure functions of the options and the clock (epoch ms),
 * tested by tables. Options are in seconds, as the user gives them.
 */

export interface Timing {
  /** Timers only: seconds between ticks. */
  interval?: number;
  idle?: number;
  sharp?: boolean;
  initialDelay?: number;
}

const ms = (seconds: number | undefined) => (seconds ?? 0) * 1000;

/** Not before the object has been still for `idle` (from its last change). */
function idled(timing: Timing, due: number, changedAt: number): number {
  return timing.idle === undefined ? due : Math.max(due, changedAt + ms(timing.idle));
}

/** The first run of a timer or daemon spawned at `spawnedAt` for an object last changed at `changedAt`. */
export function firstRun(timing: Timing, spawnedAt: number, changedAt: number): number {
  return idled(timing, spawnedAt + ms(timing.initialDelay), changedAt);
}

/** How a tick ended, for the next one. */
export interface Tick {
  /** When it was due (the schedule's anchor for `sharp`). */
  due: number;
  /** When it ended. */
  finished: number;
  /** Seconds to wait before a retry, when it failed and is retried; undefined after a success. */
  retryIn?: number;
}

/**
 * The next tick after one ended. A retry waits its own delay, schedule or not (kopf's rule). After
 * a success: `interval` after the end, or with `sharp` the next point of `due + k·interval` after
 * the end (ticks that took longer than an interval skip points rather than run back to back); and
 * never before the object has been still for `idle`.
 */
export function nextTick(timing: Timing, tick: Tick, changedAt: number): number {
  if (tick.retryIn !== undefined) return tick.finished + ms(tick.retryIn);
  const interval = ms(timing.interval);
  const next = timing.sharp
    ? tick.due + interval * (Math.floor(Math.max(0, tick.finished - tick.due) / interval) + 1)
    : tick.finished + interval;
  return idled(timing, next, changedAt);
}

/** A change to the object while a tick waits: an idle timer starts its wait for stillness again. */
export function afterChange(timing: Timing, due: number, changedAt: number): number {
  return idled(timing, due, changedAt);
}
