import type { PathSegment } from '../../../diagnostics.js';
import type { Reporter } from '../../report.js';
import { label, type SchemaNode } from './rule.js';

/** An array describes its elements; judged after the walker has been through the node's properties. */
export function checkItemsPresent(report: Reporter, node: SchemaNode, path: PathSegment[]): void {
  if (node.items === undefined && node.type === 'array') {
    report.error('missing-items', [...path], `${label(path)} is an array without items`, 'add items: { type: ... } describing one element');
  }
}
