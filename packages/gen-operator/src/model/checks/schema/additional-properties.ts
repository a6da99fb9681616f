import { isObject } from '../../report.js';
import type { SchemaRule } from './rule.js';

/** additionalProperties is never false, and never beside properties. */
export const additionalProperties: SchemaRule = (report, node, path) => {
  if (node.additionalProperties === false) {
    report.error(
      'forbidden-keyword',
      [...path, 'additionalProperties'],
      'additionalProperties: false is not allowed in a CRD schema',
      'remove it: unknown fields are pruned anyway, and the types are closed',
    );
  } else if (node.additionalProperties !== undefined && isObject(node.properties)) {
    report.error(
      'forbidden-keyword',
      [...path, 'additionalProperties'],
      'additionalProperties cannot be used together with properties',
      'keep properties for known fields, or additionalProperties for a map, not both',
    );
  }
};
