import type { JsonSchema } from '../../../model/index.js';
import type { TsNode } from '../node.js';

/** `x-kubernetes-int-or-string: true` is `number | string`, with or without the `anyOf` controller-gen adds. */
export function intOrString(node: JsonSchema): TsNode | undefined {
  return node['x-kubernetes-int-or-string'] === true ? { tsType: 'number | string' } : undefined;
}
