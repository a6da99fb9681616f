/** Handler filters: labels and annotations (value, present, absent, predicate) and field values. */
import type { MetaFilter, ValueFilter } from './types.js';

export function matchesMeta(filters: Record<string, MetaFilter> | undefined, actual: Record<string, string> | undefined): boolean {
  if (!filters) return true;
  for (const [key, filter] of Object.entries(filters)) {
    const value = actual?.[key];
    if (
      filter === true
        ? value === undefined
        : filter === false
          ? value !== undefined
          : typeof filter === 'function'
            ? !filter(value)
            : value !== filter
    ) {
      return false;
    }
  }
  return true;
}

/** A value filter is a literal compared by JSON equality, or a predicate. */
export function matchesValue(filter: ValueFilter, value: unknown): boolean {
  if (typeof filter === 'function') return Boolean((filter as (v: unknown) => unknown)(value));
  return JSON.stringify(filter) === JSON.stringify(value);
}
