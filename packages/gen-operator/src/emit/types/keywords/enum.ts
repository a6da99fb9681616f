import type { JsonSchema } from '../../../model/index.js';
import type { TsNode } from '../node.js';

/** `enum` is a union of literals (never a TS enum); repeated values are written once. */
export function enumeration(node: JsonSchema, out: TsNode): TsNode {
  if (!Array.isArray(node.enum) || node.enum.length === 0) return out;
  const seen = new Set<string>();
  const values = node.enum.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return v === null || ['string', 'number', 'boolean'].includes(typeof v);
  });
  if (values.length === 0) return out;
  const { type: _type, ...rest } = out;
  return { ...rest, enum: values };
}
