/**
 * A CRD schema node read once into a plain, typed shape. The walkers (prune, default, validate, CEL)
 * run over these nodes instead of re-reading the loose JSON on every document.
 */
import { type CompiledRule, compileRules } from './cel/compile.js';
import { type ValueCheck, compileChecks } from './keywords.js';

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export interface Node {
  type: SchemaType | undefined;
  nullable: boolean;
  intOrString: boolean;
  preserveUnknown: boolean;
  embedded: boolean;
  hasDefault: boolean;
  default: unknown;
  properties: Map<string, Node> | undefined;
  /** A schema for other keys; `true` means any value is kept (treated like preserve-unknown-fields). */
  additionalProperties: Node | true | undefined;
  items: Node | undefined;
  required: readonly string[];
  listType: 'atomic' | 'set' | 'map' | undefined;
  listMapKeys: readonly string[];
  /** Value checks besides type/required/properties: enum, bounds, pattern, format, … */
  checks: readonly ValueCheck[];
  allOf: readonly Node[];
  anyOf: readonly Node[];
  oneOf: readonly Node[];
  not: Node | undefined;
  rules: readonly CompiledRule[];
  /** Whether this node or anything below carries CEL rules: lets the CEL walk skip whole subtrees. */
  hasRulesBelow: boolean;
  format: string | undefined;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

export function compileNode(raw: unknown, path: string): Node {
  const s: Json = isObject(raw) ? raw : {};
  const type = typeof s.type === 'string' && TYPES.has(s.type) ? (s.type as SchemaType) : undefined;
  const properties = isObject(s.properties)
    ? new Map(Object.entries(s.properties).map(([k, v]) => [k, compileNode(v, path ? `${path}.${k}` : k)]))
    : undefined;
  const ap = s.additionalProperties;
  const additionalProperties = ap === true ? true : isObject(ap) ? compileNode(ap, `${path}[*]`) : undefined;
  const items = isObject(s.items) ? compileNode(s.items, `${path}[*]`) : undefined;
  const junctor = (v: unknown) => (Array.isArray(v) ? v.map((b) => compileNode(b, path)) : []);
  const listType = s['x-kubernetes-list-type'];
  const node: Node = {
    type,
    nullable: s.nullable === true,
    intOrString: s['x-kubernetes-int-or-string'] === true,
    preserveUnknown: s['x-kubernetes-preserve-unknown-fields'] === true,
    embedded: s['x-kubernetes-embedded-resource'] === true,
    hasDefault: 'default' in s,
    default: s.default,
    properties,
    additionalProperties,
    items,
    required: Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [],
    listType: listType === 'set' || listType === 'map' || listType === 'atomic' ? listType : undefined,
    listMapKeys: Array.isArray(s['x-kubernetes-list-map-keys']) ? (s['x-kubernetes-list-map-keys'] as string[]) : [],
    checks: compileChecks(s),
    allOf: junctor(s.allOf),
    anyOf: junctor(s.anyOf),
    oneOf: junctor(s.oneOf),
    not: isObject(s.not) ? compileNode(s.not, path) : undefined,
    rules: compileRules(s['x-kubernetes-validations']),
    hasRulesBelow: false,
    format: typeof s.format === 'string' ? s.format : undefined,
  };
  node.hasRulesBelow =
    node.rules.length > 0 ||
    (properties !== undefined && [...properties.values()].some((p) => p.hasRulesBelow)) ||
    (additionalProperties !== undefined && additionalProperties !== true && additionalProperties.hasRulesBelow) ||
    (items?.hasRulesBelow ?? false);
  return node;
}

/** The schema a key of an object value falls under, or undefined when the key is unknown. */
export function childOf(node: Node, key: string): Node | undefined {
  const p = node.properties?.get(key);
  if (p) return p;
  const ap = node.additionalProperties;
  return ap === undefined || ap === true ? undefined : ap;
}

export const isPlainObject = isObject;
