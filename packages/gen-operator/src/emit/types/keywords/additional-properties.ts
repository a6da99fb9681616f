import type { JsonSchema } from '../../../model/index.js';
import { isSchema, type Pass, type TsNode } from '../node.js';

/**
 * `additionalProperties: {schema}` is a record of that type, `true` an open record. Every other
 * object is closed: the apiserver prunes fields the schema does not name.
 */
export function additionalProperties(node: JsonSchema, out: TsNode, pass: Pass, path: readonly string[]): TsNode {
  const extra = node.additionalProperties;
  if (isSchema(extra)) return { ...out, additionalProperties: pass.convert(extra, [...path, 'Value']) };
  if (extra === true) return { ...out, additionalProperties: true };
  return out;
}
