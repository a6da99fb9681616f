import { defaultJudge } from '@gen-operator/runtime';
import type { PathSegment } from '../../../diagnostics.js';
import { isObject, type Reporter, typeName } from '../../report.js';
import { additionalProperties } from './additional-properties.js';
import { defaults } from './default.js';
import { embeddedResource } from './embedded-resource.js';
import { extensionFalse } from './extension-false.js';
import { checkItemsPresent } from './items.js';
import { checkSpecifiedOutside, JUNCTORS, junctorKeywords } from './junctors.js';
import { keywords } from './keywords.js';
import { listType } from './list-type.js';
import { mapType } from './map-type.js';
import { metadata } from './metadata.js';
import { pattern } from './pattern.js';
import { checkRootField } from './properties.js';
import { required } from './required.js';
import { checkRootType, checkStatusDeclared } from './root.js';
import { type Context, label, type SchemaNode, type SchemaRule } from './rule.js';
import { type } from './type.js';
import { uniqueItems } from './unique-items.js';
import { checkCelRules, validations } from './validations.js';

export type { Context, SchemaRule } from './rule.js';

/** The rules judged on every node, in the order their diagnostics are reported. */
export const RULES: readonly SchemaRule[] = [
  keywords,
  junctorKeywords,
  type,
  listType,
  mapType,
  embeddedResource,
  extensionFalse,
  validations,
  uniqueItems,
  additionalProperties,
  pattern,
  required,
  defaults,
  metadata,
];

/** The structural-schema rules and forbidden keywords for one version's openAPIV3Schema. */
export function checkSchema(report: Reporter, schema: unknown, path: PathSegment[]): void {
  if (!isObject(schema)) {
    report.error(
      'schema-type',
      path,
      `openAPIV3Schema must be a map, not a ${typeName(schema)}`,
      'write the schema as a map: type: object, properties: ...',
    );
    return;
  }
  checkRootType(report, schema, path);
  visit(report, schema, path, { inJunctor: false, root: true, rootMetadata: false, defaults: defaultJudge() });
  checkCelRules(report, schema, path);
  checkStatusDeclared(report, schema, path);
}

/** Applies the rules to one node, then walks its subschemas depth first. */
export function visit(report: Reporter, node: SchemaNode, path: PathSegment[], ctx: Context, rules: readonly SchemaRule[] = RULES): void {
  for (const rule of rules) rule(report, node, path, ctx);

  const child = (schema: unknown, at: PathSegment[], next: Partial<Context> = {}) => {
    if (schema === undefined) return;
    if (!isObject(schema)) {
      if (typeof schema === 'boolean' && at.at(-1) === 'additionalProperties') return;
      report.error(
        'schema-type',
        at,
        `${label(at)} must be a schema (a map), not a ${typeName(schema)}`,
        Array.isArray(schema) && at.at(-1) === 'items'
          ? 'items takes one schema in a CRD, not a list of schemas'
          : 'write it as a map with type: ...',
      );
      return;
    }
    const inherited = { inJunctor: ctx.inJunctor, inAdditionalProperties: ctx.inAdditionalProperties, defaults: ctx.defaults };
    visit(report, schema, at, { ...inherited, root: false, rootMetadata: false, ...next }, rules);
  };
  if (node.properties !== undefined) {
    if (!isObject(node.properties))
      report.error(
        'schema-type',
        [...path, 'properties'],
        'properties must be a map of field name to schema',
        'write each field as name: { type: ... }',
      );
    else
      for (const [name, schema] of Object.entries(node.properties)) {
        checkRootField(report, name, schema, path, ctx);
        child(schema, [...path, 'properties', name], { rootMetadata: ctx.root && name === 'metadata' });
      }
  }
  child(node.items, [...path, 'items']);
  checkItemsPresent(report, node, path);
  if (isObject(node.additionalProperties))
    child(node.additionalProperties, [...path, 'additionalProperties'], { inAdditionalProperties: true });
  for (const junctor of JUNCTORS) {
    const branches = node[junctor];
    if (branches === undefined) continue;
    if (!Array.isArray(branches)) {
      report.error('schema-type', [...path, junctor], `${junctor} must be a list of schemas`, 'write each branch as a list item');
      continue;
    }
    branches.forEach((b, i) => {
      child(b, [...path, junctor, i], { inJunctor: true });
      if (!ctx.inJunctor && isObject(b)) checkSpecifiedOutside(report, node, b, [...path, junctor, i]);
    });
  }
  if (node.not !== undefined) {
    child(node.not, [...path, 'not'], { inJunctor: true });
    if (!ctx.inJunctor && isObject(node.not)) checkSpecifiedOutside(report, node, node.not, [...path, 'not']);
  }
}
