/** defineResource: one constant that is both a resource's description and its typed client. */
import type { KubeConfig } from '@kubernetes/client-node';
import { resourceClient } from '../api/resource-client.js';
import { compileSchemaLazily } from './schema-seam.js';
import type { KubernetesObject, ResourceDefinition, ResourceSpec, ValidationResult } from './types.js';

export function defineResource<T extends KubernetesObject>(spec: ResourceSpec): ResourceDefinition<T> {
  const schema = compileSchemaLazily(spec.schema, spec.kind);
  const definition: ResourceDefinition<T> = {
    ...spec,
    apiVersion: spec.group ? `${spec.group}/${spec.version}` : spec.version,
    api: (config: KubeConfig) => resourceClient<T>(definition, config),
    withDefaults: (obj: T) => schema().withDefaults(structuredClone(obj)),
    validate: (obj: unknown): ValidationResult<T> => {
      const issues = schema().validate(obj);
      return issues.length === 0 ? { valid: true, value: obj as T, issues: [] } : { valid: false, issues };
    },
  };
  return Object.freeze(definition);
}
