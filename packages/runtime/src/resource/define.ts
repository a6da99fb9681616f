/** defineResource: one constant that is both a resource's description and its typed client. */
import type { KubeConfig } from '@kubernetes/client-node';
import { resourceClient } from '../api/resource-client.js';
import { type CompiledSchema, compileSchema } from '../schema/index.js';
import type { KubernetesObject, ResourceDefinition, ResourceSpec, ValidationResult } from './types.js';

export function defineResource<T extends KubernetesObject>(spec: ResourceSpec): ResourceDefinition<T> {
  let compiled: CompiledSchema | undefined;
  // Compiled on first use: most operators never call withDefaults/validate at run time.
  const schema = () => {
    if (!spec.schema) throw new Error(`${spec.kind} has no schema: withDefaults() and validate() need defineResource({ schema }).`);
    compiled ??= compileSchema(spec.schema, {
      namespaced: spec.namespaced,
      statusSubresource: spec.subresources?.status === true,
      ...(spec.subresources?.scale ? { scale: spec.subresources.scale } : {}),
    });
    return compiled;
  };
  const definition: ResourceDefinition<T> = {
    ...spec,
    apiVersion: spec.group ? `${spec.group}/${spec.version}` : spec.version,
    api: (config: KubeConfig) => resourceClient<T>(definition, config),
    withDefaults: (obj: T) => schema().withDefaults(obj),
    validate: (obj: unknown): ValidationResult<T> => schema().validate<T>(obj),
  };
  return Object.freeze(definition);
}
