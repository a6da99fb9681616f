import type { JsonSchema } from '../../../model/index.js';
import type { TsNode } from '../node.js';

/** `nullable: true` adds `| null`; the description stays on the outer node so TSDoc keeps it. */
export function nullable(node: JsonSchema, out: TsNode): TsNode {
  if (node.nullable !== true) return out;
  if (out.tsType !== undefined) return { ...out, tsType: `${out.tsType} | null` };
  const { description, ...inner } = out;
  return { anyOf: [inner, { type: 'null' }], ...(description ? { description } : {}) };
}
