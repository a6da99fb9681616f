import type { JsonSchema } from '../../../model/index.js';
import type { TsNode } from '../node.js';

/** `x-kubernetes-embedded-resource: true` is a Kubernetes object: apiVersion, kind and metadata are implied. */
export function embeddedResource(node: JsonSchema, out: TsNode): TsNode {
  if (node['x-kubernetes-embedded-resource'] !== true) return out;
  if (!out.properties || Object.keys(out.properties).length === 0) return { tsType: 'KubernetesObject' };
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
