import type { JsonSchema } from '../../../model/index.js';
import type { TsNode } from '../node.js';

/**
 * `x-kubernetes-embedded-resource: true` is a Kubernetes object: apiVersion, kind and metadata are
 * implied. Without properties it is any object of that shape; with preserve-unknown-fields it also
 * keeps every other field (spec, data, …), so the type stays open beside them.
 */
export function embeddedResource(node: JsonSchema, out: TsNode): TsNode {
  if (node['x-kubernetes-embedded-resource'] !== true) return out;
  if (!out.properties || Object.keys(out.properties).length === 0) {
    const open = node['x-kubernetes-preserve-unknown-fields'] === true;
    return { tsType: open ? '(KubernetesObject & { [k: string]: unknown })' : 'KubernetesObject' };
  }
  return {
    ...out,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { tsType: 'ObjectMeta' },
      ...out.properties,
    },
  };
}
