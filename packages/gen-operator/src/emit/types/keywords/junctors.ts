import type { JsonSchema } from '../../../model/index.js';

/**
 * allOf/anyOf/oneOf/not only constrain values in a structural schema (every field they name is
 * declared outside them), so they add nothing to the type; dropping them also avoids
 * json-schema-to-typescript turning value-only branches into `{ [k: string]: unknown }` unions.
 */
export function withoutJunctors(node: JsonSchema): JsonSchema {
  if (!('allOf' in node || 'anyOf' in node || 'oneOf' in node || 'not' in node)) return node;
  const { allOf: _a, anyOf: _b, oneOf: _c, not: _d, ...rest } = node;
  return rest;
}
