import type { SchemaRule } from './rule.js';

/** x-kubernetes-map-type on objects only, granular or atomic. */
export const mapType: SchemaRule = (report, node, path) => {
  const mapType = node['x-kubernetes-map-type'];
  if (mapType === undefined) return;
  if (node.type !== 'object')
    report.error(
      'map-type',
      [...path, 'x-kubernetes-map-type'],
      'x-kubernetes-map-type is only allowed on objects',
      'remove it, or set type: object',
    );
  else if (mapType !== 'granular' && mapType !== 'atomic')
    report.error(
      'map-type',
      [...path, 'x-kubernetes-map-type'],
      `x-kubernetes-map-type "${String(mapType)}" is not granular or atomic`,
      'use one of those',
    );
};
