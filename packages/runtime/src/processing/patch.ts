/** JSON merge patches: folding several into one, and telling an empty one. */

export type Fragment = Record<string, unknown>;

function isPlainObject(value: unknown): value is Fragment {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `b` applied over `a` as a merge patch would be, keeping nulls (they mean "remove" in the write). */
export function mergeFragments(a: Fragment, b: Fragment): Fragment {
  const out: Fragment = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (value === undefined) continue;
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? mergeFragments(out[key] as Fragment, value) : value;
  }
  return out;
}

export function isEmptyFragment(fragment: Fragment | undefined): boolean {
  if (!fragment) return true;
  for (const value of Object.values(fragment)) {
    if (value === undefined) continue;
    if (isPlainObject(value) && isEmptyFragment(value)) continue;
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
