import type { SchemaRule } from './rule.js';

const TRUE_OR_ABSENT = ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string'];

/** The boolean extensions (preserve-unknown-fields, embedded-resource, int-or-string) are true or absent, never false. */
export const extensionFalse: SchemaRule = (report, node, path) => {
  for (const key of TRUE_OR_ABSENT) {
    if (node[key] === false) report.error('extension-false', [...path, key], `${key} must be true or absent`, 'remove the line');
  }
};
