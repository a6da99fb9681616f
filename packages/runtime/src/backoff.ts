/**
 * The runtime's one retry schedule, for API requests and watch reconnects: 100 ms, then doubling
 * from 250 ms up to 8 s. `maxMs` caps it lower; `jitter` spreads each delay over its upper half, so
 * that the many watches that failed together do not reconnect together.
 */
const SCHEDULE_MS = [100, 250, 500, 1000, 2000, 4000, 8000] as const;

/** The delay before retry number `attempt` (0 for the first retry). */
export function backoffMs(attempt: number, options: { maxMs?: number; jitter?: boolean } = {}): number {
  const step = Math.min(Math.max(Math.floor(attempt), 0), SCHEDULE_MS.length - 1);
  const delay = Math.min(SCHEDULE_MS[step]!, options.maxMs ?? Number.POSITIVE_INFINITY);
  return options.jitter ? delay * (0.5 + Math.random() / 2) : delay;
}

/** Per object, after a cycle failed: seconds before the next try, by failures in a row (the last repeats). */
export const ERROR_DELAYS_S = [1, 1, 2, 3, 5, 8, 13, 21, 34, 55] as const;
