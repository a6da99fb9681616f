/**
 * The fields of one version's schema, flat and in document order, each with its type, whether it
 * is required, its description and its constraints as display-ready facts. The Markdown and HTML
 * emitters read only this; neither walks a schema.
 */
import { isObject, type JsonSchema } from '../../model/index.js';

/** One constraint or property of a field: a label and, optionally, code values (each shown as code) and text. */
export interface FieldFact {
  label: string;
  code?: string[];
  text?: string;
}

export interface DocsField {
  /** The property name as written in the schema. */
  name: string;
  /**
   * From the root: `spec.containers[].name`; `[]` steps into list items, `{}` into map values. A path
   * over MAX_PATH characters keeps its end, after `…`.
   */
  path: string;
  /** What the path adds to its parent's: `.name`, `[].name`, `["a.b"]` (`name` at the top). */
  step: string;
  /** Index of the parent field in the same list, or -1 for a top-level field. */
  parent: number;
  depth: number;
  /** `string`, `integer`, `object`, `[]string`, `map[string]object`, `int-or-string`, `any`. */
  type: string;
  required: boolean;
  description?: string;
  facts: FieldFact[];
}

/** Long JSON (a default object, a junctor branch) is cut here: the page shows it, the CRD holds it all. */
const MAX_JSON = 400;

/**
 * Paths longer than this keep their end. Each field's row shows its whole path, so deep nesting
 * with long names would otherwise cost depth × length per row: 200 levels of 1 000-character names
 * would make 20 MB of paths from a 200 KB CRD.
 */
export const MAX_PATH = 300;

export function elidePath(path: string): string {
  return path.length > MAX_PATH ? `…${path.slice(-(MAX_PATH - 1))}` : path;
}

/** Every field below the root of a version's schema, parents before their children. */
export function schemaFields(root: JsonSchema): DocsField[] {
  const fields: DocsField[] = [];
  const visit = (container: JsonSchema, prefix: string, parent: number, depth: number) => {
    const { node, step } = propertyHolder(container);
    const properties = isObject(node.properties) ? node.properties : {};
    const required = new Set(Array.isArray(node.required) ? node.required.filter((r) => typeof r === 'string') : []);
    for (const name of Object.keys(properties)) {
      const child = properties[name];
      if (!isObject(child)) continue;
      const own = `${step}${segment(name, prefix + step === '')}`;
      const path = elidePath(`${prefix}${own}`);
      const index = fields.length;
      const description = typeof child.description === 'string' ? child.description.trim() : '';
      fields.push({
        name,
        path,
        step: own,
        parent,
        depth,
        type: typeName(child),
        required: required.has(name),
        ...(description ? { description } : {}),
        facts: fieldFacts(child),
      });
      visit(child, path, index, depth + 1);
    }
  };
  visit(root, '', -1, 0);
  return fields;
}

/** The node whose properties are a field's children: the field itself, or its list items or map values, however deep. */
function propertyHolder(node: JsonSchema): { node: JsonSchema; step: string } {
  let step = '';
  let at = node;
  for (;;) {
    if (at.type === 'array' && isObject(at.items)) {
      step += '[]';
      at = at.items;
    } else if (isObject(at.additionalProperties) && !isObject(at.properties)) {
      step += '{}';
      at = at.additionalProperties;
    } else return { node: at, step };
  }
}

const PLAIN_NAME = /^[A-Za-z_$][\w$-]*$/;

/** A path step: `.name`, or `["a.b"]` for a name a dot would make ambiguous. */
function segment(name: string, first: boolean): string {
  if (PLAIN_NAME.test(name)) return first ? name : `.${name}`;
  return `[${JSON.stringify(name)}]`;
}

/** The type as Kubernetes' reference docs write it: `[]string`, `map[string]integer`, `int-or-string`. */
export function typeName(node: JsonSchema): string {
  if (node['x-kubernetes-int-or-string'] === true) return 'int-or-string';
  if (node.type === 'array') return `[]${isObject(node.items) ? typeName(node.items) : 'any'}`;
  if (node.type === 'object' || node.type === undefined) {
    if (isObject(node.additionalProperties) && !isObject(node.properties)) return `map[string]${typeName(node.additionalProperties)}`;
    if (node.type === undefined) return isObject(node.properties) ? 'object' : 'any';
    return 'object';
  }
  return typeof node.type === 'string' ? node.type : 'any';
}

/** The facts of a field, and of its list items or map values when those hold no fields of their own. */
export function fieldFacts(node: JsonSchema, label = ''): FieldFact[] {
  const facts = ownFacts(node).map((f) => (label ? { ...f, label: `${label} ${f.label}` } : f));
  if (node.type === 'array' && isObject(node.items) && !isObject(node.items.properties))
    facts.push(...fieldFacts(node.items, `${label ? `${label} ` : ''}item`));
  else if (isObject(node.additionalProperties) && !isObject(node.additionalProperties.properties) && !isObject(node.properties))
    facts.push(...fieldFacts(node.additionalProperties, `${label ? `${label} ` : ''}value`));
  return facts;
}

function ownFacts(node: JsonSchema): FieldFact[] {
  const facts: FieldFact[] = [];
  if (node.default !== undefined) facts.push({ label: 'default', code: [json(node.default)] });
  if (Array.isArray(node.enum)) facts.push({ label: 'enum', code: node.enum.map(enumValue) });
  if (typeof node.format === 'string') facts.push({ label: 'format', code: [node.format] });
  if (typeof node.pattern === 'string') facts.push({ label: 'pattern', code: [node.pattern] });
  for (const [label, min, max] of [
    ['length', 'minLength', 'maxLength'],
    ['items', 'minItems', 'maxItems'],
    ['properties', 'minProperties', 'maxProperties'],
  ] as const) {
    const text = bounds(node[min], false, node[max], false);
    if (text) facts.push({ label, text });
  }
  const value = bounds(node.minimum, node.exclusiveMinimum === true, node.maximum, node.exclusiveMaximum === true);
  if (value) facts.push({ label: 'value', text: value });
  if (typeof node.multipleOf === 'number') facts.push({ label: 'multiple of', code: [String(node.multipleOf)] });
  if (node.uniqueItems === true) facts.push({ label: 'unique items' });
  if (typeof node['x-kubernetes-list-type'] === 'string') facts.push({ label: 'list type', code: [node['x-kubernetes-list-type']] });
  if (Array.isArray(node['x-kubernetes-list-map-keys']))
    facts.push({ label: 'list map keys', code: node['x-kubernetes-list-map-keys'].map(String) });
  if (typeof node['x-kubernetes-map-type'] === 'string') facts.push({ label: 'map type', code: [node['x-kubernetes-map-type']] });
  if (node.nullable === true) facts.push({ label: 'nullable' });
  if (node['x-kubernetes-preserve-unknown-fields'] === true) facts.push({ label: 'preserves unknown fields' });
  if (node['x-kubernetes-embedded-resource'] === true) facts.push({ label: 'embedded resource' });
  for (const junctor of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = node[junctor];
    // controller-gen writes int-or-string as anyOf [integer, string]; the type already says so.
    if (!Array.isArray(branches) || (junctor === 'anyOf' && node['x-kubernetes-int-or-string'] === true)) continue;
    facts.push({ label: junctor.replace('Of', ' of'), code: branches.map(json) });
  }
  if (node.not !== undefined) facts.push({ label: 'not', code: [json(node.not)] });
  for (const rule of Array.isArray(node['x-kubernetes-validations']) ? node['x-kubernetes-validations'] : []) {
    if (!isObject(rule) || typeof rule.rule !== 'string') continue;
    const text = [
      typeof rule.message === 'string' ? rule.message : '',
      typeof rule.messageExpression === 'string' ? `message from ${rule.messageExpression}` : '',
      typeof rule.reason === 'string' ? `reason ${rule.reason}` : '',
      typeof rule.fieldPath === 'string' ? `at ${rule.fieldPath}` : '',
    ].filter(Boolean);
    facts.push({ label: 'rule', code: [rule.rule], ...(text.length ? { text: text.join('; ') } : {}) });
  }
  return facts;
}

/** `≥ 1 and ≤ 253`, `> 0`, or undefined when neither bound is set. */
function bounds(min: unknown, minExclusive: boolean, max: unknown, maxExclusive: boolean): string | undefined {
  const parts: string[] = [];
  if (typeof min === 'number') parts.push(`${minExclusive ? '>' : '≥'} ${min}`);
  if (typeof max === 'number') parts.push(`${maxExclusive ? '<' : '≤'} ${max}`);
  return parts.length ? parts.join(' and ') : undefined;
}

/** Enum strings as written (readable), other values and the empty string as JSON. */
function enumValue(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : json(value);
}

function json(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_JSON ? `${text.slice(0, MAX_JSON)}…` : text;
}
