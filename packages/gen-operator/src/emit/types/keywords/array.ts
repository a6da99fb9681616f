import type { JsonSchema } from '../../../model/index.js';
import { isSchema, type Pass, type TsNode } from '../node.js';

/** `items` is the element type; min/maxItems never become tuples (CRDs set maxItems for CEL cost). */
export function array(node: JsonSchema, pass: Pass, path: readonly string[]): TsNode {
  return { type: 'array', items: isSchema(node.items) ? pass.convert(node.items, [...path, 'Item']) : { tsType: 'unknown' } };
}
