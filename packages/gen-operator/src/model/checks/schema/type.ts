import { isObject } from '../../report.js';
import { closest } from '../../suggest.js';
import { label, type SchemaRule } from './rule.js';

const TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean'];

/** Structural rule 1: every node outside a junctor has one known type, or is int-or-string / preserve-unknown-fields. */
export const type: SchemaRule = (report, node, path, ctx) => {
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const type = node.type;
  if (type === undefined) {
    if (!ctx.inJunctor && !intOrString && !preserve) {
      const guess = isObject(node.properties) ? 'object' : node.items !== undefined ? 'array' : undefined;
      report.error(
        'missing-type',
        path.length ? path : [],
        `${label(path)} has no type`,
        guess
          ? `add type: ${guess}`
          : 'add type: one of object, array, string, integer, number, boolean (or x-kubernetes-int-or-string / x-kubernetes-preserve-unknown-fields)',
      );
    }
  } else if (typeof type !== 'string' || !TYPES.includes(type)) {
    const near = typeof type === 'string' ? closest(type, TYPES) : undefined;
    report.error(
      'invalid-type',
      [...path, 'type'],
      `type ${JSON.stringify(type)} is not one of ${TYPES.join(', ')}`,
      near
        ? `did you mean "${near}"?`
        : Array.isArray(type)
          ? 'a CRD node has one type; use nullable: true for null, x-kubernetes-int-or-string for number or string'
          : 'use one of those',
    );
  } else if (intOrString) {
    report.error(
      'int-or-string',
      [...path, 'type'],
      'a node with x-kubernetes-int-or-string must not set type',
      'remove type (optionally keep anyOf: [{type: integer}, {type: string}])',
    );
  }
};
