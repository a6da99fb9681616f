import { formatPath, type PathSegment } from '../../../diagnostics.js';
import { isObject, type Reporter } from '../../report.js';
import type { SchemaNode, SchemaRule } from './rule.js';

export const JUNCTORS = ['allOf', 'anyOf', 'oneOf'] as const;
const NOT_IN_JUNCTORS = [
  'description',
  'type',
  'default',
  'additionalProperties',
  'nullable',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
];

/** Structural rule 3: inside allOf, anyOf, oneOf and not, only value validations (the int-or-string branches excepted). */
export const junctorKeywords: SchemaRule = (report, node, path, ctx) => {
  if (!ctx.inJunctor) return;
  for (const key of NOT_IN_JUNCTORS) {
    if (Object.hasOwn(node, key) && !isIntOrStringBranch(node)) {
      report.error(
        'junctor-keyword',
        [...path, key],
        `"${key}" is not allowed inside allOf, anyOf, oneOf or not`,
        `move "${key}" to the schema that holds the ${String(path.find((p) => typeof p === 'string' && JUNCTORS.includes(p as never)) ?? 'junctor')}`,
      );
    }
  }
};

/** Structural rule 2: every field a junctor talks about is also declared outside it. */
export function checkSpecifiedOutside(report: Reporter, outer: SchemaNode, inner: SchemaNode, at: PathSegment[]): void {
  if (!isObject(inner.properties)) return;
  if (outer['x-kubernetes-preserve-unknown-fields'] === true && !isObject(outer.properties)) return;
  const declared = isObject(outer.properties) ? outer.properties : {};
  for (const name of Object.keys(inner.properties)) {
    if (!Object.hasOwn(declared, name)) {
      report.error(
        'junctor-field',
        [...at, 'properties', name],
        `"${name}" is used inside ${formatPath(at.slice(-2))} but not declared in the properties outside it`,
        `declare ${name} (with its type) in the properties next to ${String(at.at(-2))}`,
      );
    }
  }
}

function isIntOrStringBranch(node: SchemaNode): boolean {
  const keys = Object.keys(node);
  return keys.length === 1 && (node.type === 'integer' || node.type === 'string');
}
