import type { JsonSchema } from '../../../model/index.js';
import type { TsNode } from '../node.js';

/**
 * `x-kubernetes-preserve-unknown-fields: true` keeps whatever is written: an open object (known
 * properties stay typed beside an index signature), or `unknown` when the node has no type.
 */
export function preserveUnknownFields(node: JsonSchema, out: TsNode): TsNode {
  if (node['x-kubernetes-preserve-unknown-fields'] !== true) return out;
  if (node.type === undefined && node.properties === undefined) return { tsType: 'unknown' };
  if (node.type === 'object' && out.additionalProperties === undefined) return { ...out, additionalProperties: true };
  return out;
}
