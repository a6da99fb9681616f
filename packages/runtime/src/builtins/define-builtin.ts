/**
 * Built-in kinds as resource definitions: the object types come from @kubernetes/client-node's
 * models (types only: nothing of client-node is loaded here), as the runtime's API layer returns
 * them, i.e. plain JSON.
 */
import type { SchemaIssue, ValidationResult } from '../resource/types.js';
import type { KubernetesObject, ResourceDefinition, ResourceSpec } from '../resource/types.js';
import { defineResource } from '../resource/define.js';
import { checkMetadata } from '../schema/metadata.js';
import { isObject } from '../schema/json.js';

/**
 * A client-node model as it is on the wire: client-node's models say `Date` where the JSON holds an
 * RFC 3339 string (its own ObjectSerializer converts them; the runtime does not deserialize).
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer E)[]
    ? Wire<E>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** A model with its apiVersion and kind narrowed to literals, as generated resources have them. */
export type BuiltinObject<Model, ApiVersion extends string, Kind extends string> = Omit<Wire<Model>, 'apiVersion' | 'kind'> & {
  apiVersion: ApiVersion;
  kind: Kind;
};

type BuiltinSpec = Pick<ResourceSpec, 'group' | 'version' | 'kind' | 'plural' | 'singular' | 'namespaced' | 'shortNames' | 'categories'>;

/**
 * defineResource() for a kind the apiserver defines itself. The runtime holds no schema for it (the
 * apiserver validates and defaults built-in kinds in its own code), so:
 * - validate() checks what is known without one: an object, apiVersion and kind (when set) naming
 *   this kind, and metadata as the apiserver checks it on create (name, namespace, labels,
 *   annotations, finalizers, owner references). The rest of the object is not checked: a dry-run
 *   create (`?dryRun=All`) is the full check.
 * - withDefaults() throws, saying so: there are no defaults to apply from a schema.
 */
export function defineBuiltin<T extends KubernetesObject>(spec: BuiltinSpec): ResourceDefinition<T> {
  const definition = defineResource<T>(spec);
  const validate = (obj: unknown): ValidationResult<T> => {
    const issues = checkBuiltin(definition, obj);
    return issues.length ? { valid: false, issues } : { valid: true, value: obj as T, issues: [] };
  };
  const withDefaults = (): T => {
    throw new Error(
      `${spec.kind} is a built-in kind: the apiserver defaults it in its own code and the runtime has no schema for it. Create it with dryRun to see the defaults.`,
    );
  };
  return Object.freeze({ ...definition, validate, withDefaults });
}

function checkBuiltin(definition: ResourceDefinition<KubernetesObject>, obj: unknown): SchemaIssue[] {
  if (!isObject(obj)) return [{ path: '', message: `must be an object (a ${definition.kind})`, rule: 'type' }];
  const issues: SchemaIssue[] = [];
  for (const [key, expected] of [
    ['apiVersion', definition.apiVersion],
    ['kind', definition.kind],
  ] as const) {
    const value = obj[key];
    if (value !== undefined && value !== expected)
      issues.push({ path: key, message: `Invalid value: ${JSON.stringify(value)}: must be ${JSON.stringify(expected)}`, rule: key });
  }
  checkMetadata(obj.metadata, 'metadata', issues, { root: true, namespaced: definition.namespaced });
  return issues;
}
