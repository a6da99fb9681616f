/** JSON merge patches: folding several into one, and telling an empty one. */
import { isObject } from '../schema/json.js';

export type Fragment = Record<string, unknown>;

/** `b` applied over `a` as a merge patch would be, keeping nulls (they mean "remove" in the write). */
export function mergeFragments(a: Fragment, b: Fragment): Fragment {
  const out: Fragment = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (value === undefined) continue;
    out[key] = isObject(value) && isObject(out[key]) ? mergeFragments(out[key] as Fragment, value) : value;
  }
  return out;
}

export function isEmptyFragment(fragment: Fragment | undefined): boolean {
  if (!fragment) return true;
  for (const value of Object.values(fragment)) {
    if (value === undefined) continue;
    if (isObject(value) && isEmptyFragment(value)) continue;
    return false;
  }
  return true;
}

/** Whether resourceVersion `seen` is at or after `expected` (numeric in practice; equality otherwise). */
export function reached(seen: string | undefined, expected: string): boolean {
  if (seen === undefined) return false;
  if (/^\d+$/.test(seen) && /^\d+$/.test(expected)) return BigInt(seen) >= BigInt(expected);
  return seen === expected;
}
