/**
 * Null pruning and defaulting in the apiserver's order: a null where the schema is not nullable is
 * dropped, then a default fills any missing field (or the dropped null); defaults apply top-down,
 * so a default object receives the defaults of its own properties. Works in place.
 */
import { setField } from './json.js';
import { type Node, childOf, isPlainObject } from './node.js';

export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) setField(out, k, cloneJson((value as Record<string, unknown>)[k]));
  return out as T;
}

export function applyDefaults(value: unknown, node: Node, isResource: boolean): void {
  if (Array.isArray(value)) {
    const items = node.items;
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      if (value[i] === null && !items.nullable && items.hasDefault) value[i] = cloneJson(items.default);
      applyDefaults(value[i], items, items.embedded);
    }
    return;
  }
  if (!isPlainObject(value)) return;
  if (node.properties)
    for (const [key, prop] of node.properties)
      if (prop.hasDefault && !(isResource && key === 'metadata') && (!Object.hasOwn(value, key) || (value[key] === null && !prop.nullable)))
        setField(value, key, cloneJson(prop.default));
  for (const key of Object.keys(value)) {
    if (isResource && key === 'metadata') continue;
    const child = childOf(node, key);
    if (!child) continue;
    if (value[key] === null && !child.nullable) {
      if (child.hasDefault) setField(value, key, cloneJson(child.default));
      else {
        delete value[key];
        continue;
      }
    }
    applyDefaults(value[key], child, child.embedded);
  }
}
