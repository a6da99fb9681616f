/**
 * kopf's diff: `[op, path, old, new]` items, where absent and `undefined`/`null` are the same,
 * objects are compared key by key, and lists (and scalars) as whole values.
 */
import type { Diff, DiffItem } from '../registry/types.js';
import { isObject } from '../schema/json.js';

type Json = unknown;

function absent(value: Json): boolean {
  return value === undefined || value === null;
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (absent(a) && absent(b)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!deepEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}

export function diff(old: Json, current: Json, path: readonly string[] = []): Diff {
  const items: DiffItem[] = [];
  walk(old, current, path, items);
  return items;
}

function walk(old: Json, current: Json, path: readonly string[], out: DiffItem[]): void {
  if (absent(old) && absent(current)) return;
  if (absent(old)) {
    out.push(['add', path, undefined, current]);
    return;
  }
  if (absent(current)) {
    out.push(['remove', path, old, undefined]);
    return;
  }
  if (isObject(old) && isObject(current)) {
    const keys = [...Object.keys(old), ...Object.keys(current).filter((key) => !(key in old))];
    for (const key of keys) walk(old[key], current[key], [...path, key], out);
    return;
  }
  if (!deepEqual(old, current)) out.push(['change', path, old, current]);
}

/** The value at `path`, or undefined. */
export function valueAt(obj: Json, path: readonly string[]): Json {
  let value = obj;
  for (const key of path) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** Whether two paths overlap: one is a prefix of the other. */
function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The part of a diff that touches `field`, with paths made relative to it (kopf's field handlers). */
export function narrowDiff(full: Diff, field: readonly string[]): Diff {
  const items: DiffItem[] = [];
  for (const [op, path, oldValue, newValue] of full) {
    if (!overlaps(path, field)) continue;
    if (path.length >= field.length) {
      items.push([op, path.slice(field.length), oldValue, newValue]);
    } else {
      // The change is above the field (e.g. the whole spec was added): narrow the values instead.
      const rest = field.slice(path.length);
      items.push(...diff(valueAt(oldValue, rest), valueAt(newValue, rest)));
    }
  }
  return items;
}
