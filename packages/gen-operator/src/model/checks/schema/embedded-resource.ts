import { isObject } from '../../report.js';
import type { SchemaRule } from './rule.js';

/** An embedded resource is an object that either describes its fields or keeps unknown ones. */
export const embeddedResource: SchemaRule = (report, node, path) => {
  if (node['x-kubernetes-embedded-resource'] !== true) return;
  if (node.type !== 'object')
    report.error(
      'embedded-resource',
      [...path, 'x-kubernetes-embedded-resource'],
      'x-kubernetes-embedded-resource needs type: object',
      'add type: object',
    );
  else if (!isObject(node.properties) && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    report.error(
      'embedded-resource',
      [...path, 'x-kubernetes-embedded-resource'],
      'x-kubernetes-embedded-resource needs properties or x-kubernetes-preserve-unknown-fields: true',
      'add x-kubernetes-preserve-unknown-fields: true to accept any object',
    );
  }
};
