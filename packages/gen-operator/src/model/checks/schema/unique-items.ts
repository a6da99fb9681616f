import type { SchemaRule } from './rule.js';

/** uniqueItems: true is refused; list types say what makes items unique. */
export const uniqueItems: SchemaRule = (report, node, path) => {
  if (node.uniqueItems === true) {
    report.error(
      'forbidden-keyword',
      [...path, 'uniqueItems'],
      'uniqueItems: true is not allowed in a CRD schema',
      'use x-kubernetes-list-type: set (or map with x-kubernetes-list-map-keys) instead',
    );
  }
};
