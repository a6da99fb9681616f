import type { PathSegment } from '../../../diagnostics.js';
import { isObject, type Reporter } from '../../report.js';
import type { SchemaNode } from './rule.js';

/** The root is an object. */
export function checkRootType(report: Reporter, schema: SchemaNode, path: PathSegment[]): void {
  if (schema.type !== 'object') {
    report.error(
      'root-type',
      [...path, 'type'],
      'the root of openAPIV3Schema must have type: object',
      'set type: object at the top of the schema',
    );
  }
}

/** Without a status property the apiserver prunes what the operator writes there. */
export function checkStatusDeclared(report: Reporter, schema: SchemaNode, path: PathSegment[]): void {
  if (
    isObject(schema.properties) &&
    !Object.hasOwn(schema.properties, 'status') &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    report.warning(
      'no-status',
      [...path, 'properties'],
      'the schema has no status property, so the apiserver prunes every status the operator writes (handler results included)',
      'add status: { type: object, x-kubernetes-preserve-unknown-fields: true } under properties, or describe its fields',
    );
  }
}
