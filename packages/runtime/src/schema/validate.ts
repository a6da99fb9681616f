/**
 * Schema validation over the pruned, defaulted object: types (with int-or-string and nullable),
 * required, value keywords, junctors, list types and embedded resources — what the apiserver's
 * OpenAPI validator and its list-type and embedded-resource checks report.
 */
import { checkListType } from './listtype.js';
import { checkMetadata } from './metadata.js';
import { type Node, isPlainObject } from './node.js';
import type { SchemaIssue } from './types.js';

/** JSON integers the apiserver decodes as int64; larger ones become float64 and fail `type: integer`. */
const INT64_LIMIT = 2 ** 63;
const INT32_MAX = 2 ** 31 - 1;
export const isInt64 = (v: unknown): boolean => Number.isInteger(v) && (v as number) < INT64_LIMIT && (v as number) >= -INT64_LIMIT;

function typeMatches(value: unknown, node: Node): boolean {
  if (node.intOrString) return typeof value === 'string' || isInt64(value);
  switch (node.type) {
    case undefined:
      return true;
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return isInt64(value);
    case 'number':
      return typeof value === 'number';
    default:
      return typeof value === node.type;
  }
}

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : isInt64(v) ? 'integer' : typeof v);

export function validateNode(value: unknown, node: Node, path: string, issues: SchemaIssue[], isResource = false): void {
  if (value === null && (node.nullable || (node.type === undefined && !node.intOrString))) return;
  if (!typeMatches(value, node)) {
    const expected = node.intOrString ? 'integer or string' : node.type;
    issues.push({ path, message: `Invalid value: ${JSON.stringify(describe(value))}: must be of type ${expected}`, rule: 'type' });
    return;
  }
  if (node.type === 'integer' && node.format === 'int32' && ((value as number) > INT32_MAX || (value as number) < -INT32_MAX - 1)) {
    issues.push({ path, message: `Invalid value: ${value}: must be of type integer with format int32`, rule: 'type' });
    return;
  }
  for (const check of node.checks) check(value, path, issues);
  if (Array.isArray(value)) {
    const items = node.items;
    if (items) for (let i = 0; i < value.length; i++) validateNode(value[i], items, `${path}[${i}]`, issues, items.embedded);
    if (node.listType) checkListType(value, node, path, issues);
  } else if (isPlainObject(value)) {
    for (const key of node.required)
      if (!Object.hasOwn(value, key)) issues.push({ path: path ? `${path}.${key}` : key, message: 'Required value', rule: 'required' });
    const ap = node.additionalProperties;
    for (const key of Object.keys(value)) {
      if (isResource && key === 'metadata') continue;
      const prop = node.properties?.get(key);
      if (prop) validateNode(value[key], prop, path ? `${path}.${key}` : key, issues, prop.embedded);
      else if (ap !== undefined && ap !== true) validateNode(value[key], ap, `${path}[${key}]`, issues, ap.embedded);
    }
    if (node.embedded) checkEmbedded(value, path, issues);
  }
  for (const branch of node.allOf) validateNode(value, branch, path, issues);
  if (node.anyOf.length > 0 && !node.anyOf.some((b) => passes(value, b, path)))
    issues.push({ path, message: 'Invalid value: must validate against at least one schema (anyOf)', rule: 'anyOf' });
  if (node.oneOf.length > 0) {
    const matching = node.oneOf.filter((b) => passes(value, b, path)).length;
    if (matching !== 1)
      issues.push({
        path,
        message: `Invalid value: must validate against exactly one schema (oneOf), but ${matching === 0 ? 'none' : 'more than one'} matched`,
        rule: 'oneOf',
      });
  }
  if (node.not && passes(value, node.not, path))
    issues.push({ path, message: 'Invalid value: must not validate the schema (not)', rule: 'not' });
}

function passes(value: unknown, node: Node, path: string): boolean {
  const scratch: SchemaIssue[] = [];
  validateNode(value, node, path, scratch);
  return scratch.length === 0;
}

/** An x-kubernetes-embedded-resource object needs apiVersion and kind, and valid metadata. */
function checkEmbedded(value: Record<string, unknown>, path: string, issues: SchemaIssue[]): void {
  for (const key of ['apiVersion', 'kind'])
    if (typeof value[key] !== 'string' || value[key] === '')
      issues.push({ path: `${path}.${key}`, message: 'Required value: must not be empty', rule: 'x-kubernetes-embedded-resource' });
  if (value.metadata !== undefined) checkMetadata(value.metadata, `${path}.metadata`, issues, { root: false });
}
