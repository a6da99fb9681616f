import { closest } from '../../suggest.js';
import type { SchemaRule } from './rule.js';

/** Keys of the apiserver's JSONSchemaProps; any other key is an unknown field. */
const KEYWORDS = new Set([
  'id',
  '$schema',
  '$ref',
  'description',
  'type',
  'format',
  'title',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'enum',
  'maxProperties',
  'minProperties',
  'required',
  'items',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'properties',
  'additionalProperties',
  'patternProperties',
  'dependencies',
  'additionalItems',
  'definitions',
  'externalDocs',
  'example',
  'nullable',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);

/** Known to JSON Schema but refused in a CRD, with what to write instead. */
const FORBIDDEN: Record<string, string> = {
  $ref: 'CRD schemas cannot reference other schemas; write the referenced schema inline',
  definitions: 'CRD schemas cannot hold definitions; inline each schema where it is used',
  dependencies: 'express the dependency with x-kubernetes-validations (CEL), e.g. rule: "!has(self.a) || has(self.b)"',
  id: 'remove it',
  $schema: 'remove it',
  patternProperties: 'use additionalProperties with a schema, and x-kubernetes-validations to check key names',
  additionalItems: 'remove it; items is a single schema in a CRD',
};

/** Every key must be a JSONSchemaProps field, and not one a CRD refuses. */
export const keywords: SchemaRule = (report, node, path) => {
  for (const key of Object.keys(node)) {
    if (!KEYWORDS.has(key)) {
      const near = closest(key, KEYWORDS);
      report.error(
        'unknown-keyword',
        [...path, key],
        `unknown schema keyword "${key}"`,
        near
          ? `did you mean "${near}"?`
          : key.startsWith('x-kubernetes')
            ? 'remove it; see the x-kubernetes-* extensions the apiserver knows'
            : 'remove it; if it is a field of your resource, put it under properties',
      );
    } else if (Object.hasOwn(FORBIDDEN, key) && node[key] !== undefined) {
      report.error('forbidden-keyword', [...path, key], `"${key}" is not allowed in a CRD schema`, FORBIDDEN[key]);
    }
  }
};
