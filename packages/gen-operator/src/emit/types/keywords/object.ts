import type { JsonSchema } from '../../../model/index.js';
import { isSchema, type Pass, type TsNode } from '../node.js';
import { setField } from '@gen-operator/runtime';

/** `properties` and `required`; an object that names no field and keeps none is an empty object. */
export function object(node: JsonSchema, pass: Pass, path: readonly string[]): TsNode {
  const out: TsNode = { type: 'object' };
  if (isSchema(node.properties)) {
    // Keyed by field names from the CRD: no prototype, so `__proto__` or `toString` are fields like any other.
    const properties = Object.create(null) as Record<string, TsNode>;
    for (const [name, child] of Object.entries(node.properties)) {
      if (isSchema(child)) setField(properties, name, pass.convert(child, [...path, name]));
    }
    out.properties = properties;
    const names = Array.isArray(node.required)
      ? node.required.filter((r): r is string => typeof r === 'string' && Object.hasOwn(properties, r))
      : [];
    if (names.length > 0) out.required = [...new Set(names)];
  }
  return out;
}

export function isEmptyClosedObject(out: TsNode): boolean {
  return out.type === 'object' && !out.properties && out.additionalProperties === undefined;
}
