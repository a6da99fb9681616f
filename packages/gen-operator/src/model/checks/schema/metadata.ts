import { isObject } from '../../report.js';
import type { SchemaRule } from './rule.js';

const ALLOWED = new Set(['type', 'properties', 'description']);

/** The root's metadata schema may only restrict name and generateName, as strings. */
export const metadata: SchemaRule = (report, node, path, ctx) => {
  if (!ctx.rootMetadata) return;
  for (const key of Object.keys(node)) {
    if (!ALLOWED.has(key))
      report.error(
        'metadata-schema',
        [...path, key],
        `the root metadata schema may only restrict name and generateName, not set "${key}"`,
        'remove it: metadata is always the standard ObjectMeta',
      );
  }
  if (isObject(node.properties)) {
    for (const [name, prop] of Object.entries(node.properties)) {
      if (name !== 'name' && name !== 'generateName') {
        report.error(
          'metadata-schema',
          [...path, 'properties', name],
          `the root metadata schema may only restrict name and generateName, not "${name}"`,
          'remove it: metadata is always the standard ObjectMeta',
        );
      } else if (isObject(prop) && prop.type !== 'string') {
        report.error('metadata-schema', [...path, 'properties', name], `metadata.${name} must be of type string`, 'set type: string');
      }
    }
  }
};
