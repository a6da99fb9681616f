/**
 * x-kubernetes-list-type: `set` items must be unique; `map` items must be unique by their
 * x-kubernetes-list-map-keys. The apiserver reports each repeated item as a duplicate value.
 */
import { jsonEqual } from './keywords.js';
import { type Node, isPlainObject } from './node.js';
import type { SchemaIssue } from './types.js';

const scalarKey = (v: unknown) => (v === null || typeof v !== 'object' ? `${typeof v}:${String(v)}` : undefined);

export function checkListType(value: unknown[], node: Node, path: string, issues: SchemaIssue[]): void {
  if (node.listType === 'set') {
    const seen = new Set<string>();
    const objects: unknown[] = [];
    value.forEach((item, i) => {
      const key = scalarKey(item);
      const dup = key === undefined ? objects.some((o) => jsonEqual(o, item)) : seen.has(key);
      if (dup) issues.push({ path: `${path}[${i}]`, message: `Duplicate value: ${JSON.stringify(item)}`, rule: 'x-kubernetes-list-type' });
      else if (key === undefined) objects.push(item);
      else seen.add(key);
    });
  } else if (node.listType === 'map' && node.listMapKeys.length > 0) {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      if (!isPlainObject(item)) return;
      const field = (k: string) => (Object.hasOwn(item, k) ? item[k] : undefined);
      const key = JSON.stringify(node.listMapKeys.map((k) => field(k) ?? null));
      if (seen.has(key)) {
        const shown = Object.fromEntries(node.listMapKeys.map((k) => [k, field(k)]));
        issues.push({ path: `${path}[${i}]`, message: `Duplicate value: ${JSON.stringify(shown)}`, rule: 'x-kubernetes-list-map-keys' });
      } else seen.add(key);
    });
  }
}
