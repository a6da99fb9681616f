import type { JsonSchema } from '../../../model/index.js';
import { docText } from '../../escape.js';
import type { TsNode } from '../node.js';

/** The description and the default become the TSDoc of the field. */
export function docs(node: JsonSchema, out: TsNode): TsNode {
  const parts: string[] = [];
  if (typeof node.description === 'string' && node.description.trim()) parts.push(node.description.trim());
  if (node.default !== undefined) parts.push(`@default ${JSON.stringify(node.default)}`);
  if (parts.length === 0) return out;
  return { ...out, description: docText(parts.join('\n\n')) };
}
