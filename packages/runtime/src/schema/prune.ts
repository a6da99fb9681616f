/**
 * Structural pruning as the apiserver decodes a custom resource: fields the schema does not declare
 * are dropped (and, with strict field validation, reported), except under
 * x-kubernetes-preserve-unknown-fields. apiVersion, kind and metadata of the object and of embedded
 * resources are kept; metadata keys are checked against ObjectMeta instead of the schema.
 */
import { unknownMetadataFields } from './metadata.js';
import { type Node, isPlainObject } from './node.js';

const RESOURCE_KEYS = new Set(['apiVersion', 'kind', 'metadata']);

/** Removes unknown fields in place; returns their paths. */
export function pruneUnknown(value: unknown, node: Node, path: string, isResource: boolean, unknown: string[]): void {
  if (Array.isArray(value)) {
    if (node.items)
      for (let i = 0; i < value.length; i++) pruneUnknown(value[i], node.items, `${path}[${i}]`, node.items.embedded, unknown);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const key of Object.keys(value)) {
    const child = value[key];
    const at = path ? `${path}.${key}` : key;
    if (isResource && RESOURCE_KEYS.has(key)) {
      if (key === 'metadata' && isPlainObject(child)) {
        for (const extra of unknownMetadataFields(child, at)) {
          unknown.push(extra);
          delete child[extra.slice(at.length + 1)];
        }
      }
      continue;
    }
    const prop = node.properties?.get(key);
    if (prop) {
      pruneUnknown(child, prop, at, prop.embedded, unknown);
      continue;
    }
    const ap = node.additionalProperties;
    if (ap !== undefined && ap !== true) pruneUnknown(child, ap, `${path}[${key}]`, ap.embedded, unknown);
    else if (ap !== true && !node.preserveUnknown) {
      unknown.push(at);
      delete value[key];
    }
  }
}
