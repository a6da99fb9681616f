import type { PathSegment } from '../../../diagnostics.js';
import { isObject, type Reporter } from '../../report.js';
import type { Context } from './rule.js';

/** At the root, apiVersion and kind are strings; judged as the walker enters each property. */
export function checkRootField(report: Reporter, name: string, schema: unknown, path: PathSegment[], ctx: Context): void {
  if (ctx.root && (name === 'apiVersion' || name === 'kind') && isObject(schema) && schema.type !== undefined && schema.type !== 'string') {
    report.error('root-field', [...path, 'properties', name], `${name} must be of type string`, 'set type: string or remove it');
  }
}
