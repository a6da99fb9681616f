// The few statistics every bench prints: nearest-rank percentiles, medians and the load average
// the rows were measured under (the machine is shared: each table says how busy it was).
import { loadavg } from 'node:os';

/** The nearest-rank `p`th percentile of `sorted` (ascending); NaN when it is empty. */
export const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

/** The median of `values` (the upper one of an even count), any order. */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The 1-minute load average, one decimal. */
export const load = () => loadavg()[0].toFixed(1);
