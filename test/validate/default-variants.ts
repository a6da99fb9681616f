/**
 * CRD variants for the defaults differential test: each corpus CRD with one `default` changed so
 * that it breaks one rule (or is valid in a way a JavaScript check would get wrong), and probe
 * fields added under `spec` for the rules the corpus does not exercise (RE2 against RegExp,
 * lengths in runes, transition rules, enum equality, list types, additionalProperties, null).
 */
import type { Crd, Json } from './corpus.js';

export interface Variant {
  /** `<crd name> | <category> | <where>` */
  id: string;
  /** The rule the variant is about (a row of the agreement table). */
  category: string;
  crd: Crd;
  raw: Json;
}

type Segment = string | number;
interface Site {
  path: Segment[];
  node: Json;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Schema nodes where a default is judged: properties and items, outside junctors, additionalProperties and root metadata. */
function sites(schema: Json, path: Segment[], out: Site[], depth = 0): void {
  if (depth > 40) return;
  out.push({ path, node: schema });
  if (isObject(schema.properties))
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (depth === 0 && name === 'metadata') continue;
      if (schema['x-kubernetes-embedded-resource'] === true && ['apiVersion', 'kind', 'metadata'].includes(name)) continue;
      if (isObject(sub)) sites(sub, [...path, 'properties', name], out, depth + 1);
    }
  if (isObject(schema.items)) sites(schema.items, [...path, 'items'], out, depth + 1);
}

const hasRules = (n: Json) => Array.isArray(n['x-kubernetes-validations']) && n['x-kubernetes-validations'].length > 0;
const plainString = (n: Json) =>
  n.type === 'string' && n.enum === undefined && n.pattern === undefined && n.format === undefined && !hasRules(n);

/** Up to `k` sites spread over the list (first, then evenly), so each CRD contributes a few of each. */
function spread<T>(items: T[], k: number): T[] {
  if (items.length <= k) return items;
  return Array.from({ length: k }, (_, i) => items[Math.floor((i * items.length) / k)] as T);
}

function at(root: Json, path: Segment[]): Json {
  let node: unknown = root;
  for (const s of path) node = (node as Record<string | number, unknown>)[s];
  return node as Json;
}

type Mutation = { category: string; where: (s: Site) => boolean; change: (node: Json) => void };

const OTHER_TYPE: Record<string, unknown> = { string: 12345, integer: 'seven', number: 'seven', boolean: 'yes', object: 'x', array: 'x' };
const EMOJI = '\u{1F600}';

/** A number one step past the node's maximum or minimum. */
function beyond(bound: 'maximum' | 'minimum', step: number): Mutation {
  return {
    category: 'bounds',
    where: ({ node }) => (node.type === 'integer' || node.type === 'number') && typeof node[bound] === 'number' && node.enum === undefined,
    change: (n) => {
      n.default = (n[bound] as number) + step;
    },
  };
}

const MUTATIONS: Mutation[] = [
  {
    category: 'wrong-type',
    where: ({ node }) => typeof node.type === 'string' && node.type in OTHER_TYPE && node['x-kubernetes-int-or-string'] !== true,
    change: (n) => {
      n.default = OTHER_TYPE[n.type as string];
    },
  },
  {
    category: 'int-or-string',
    where: ({ node }) => node['x-kubernetes-int-or-string'] === true,
    change: (n) => {
      n.default = 1.5;
    },
  },
  {
    category: 'enum-outside',
    where: ({ node }) => Array.isArray(node.enum) && node.type === 'string',
    change: (n) => {
      n.default = 'NotAnEnumValue';
    },
  },
  {
    category: 'enum-member',
    where: ({ node }) => Array.isArray(node.enum) && node.enum.length > 0 && node.enum.at(-1) !== null && !hasRules(node),
    change: (n) => {
      n.default = (n.enum as unknown[]).at(-1);
    },
  },
  {
    category: 'pattern-unicode',
    where: ({ node }) => node.type === 'string' && typeof node.pattern === 'string',
    change: (n) => {
      n.default = `a${EMOJI}b`;
    },
  },
  {
    category: 'maxLength-runes-fit',
    where: ({ node }) => plainString(node) && typeof node.maxLength === 'number' && node.maxLength >= 1 && node.maxLength <= 200,
    change: (n) => {
      // UTF-16 length twice maxLength, rune length exactly maxLength: the apiserver accepts it.
      n.default = EMOJI.repeat(n.maxLength as number);
    },
  },
  {
    category: 'maxLength-runes-over',
    where: ({ node }) => plainString(node) && typeof node.maxLength === 'number' && node.maxLength <= 200,
    change: (n) => {
      n.default = EMOJI.repeat((n.maxLength as number) + 1);
    },
  },
  {
    category: 'minLength-runes-short',
    where: ({ node }) => plainString(node) && typeof node.minLength === 'number' && node.minLength >= 2 && node.minLength <= 200,
    change: (n) => {
      // UTF-16 length at least minLength, rune length below it: the apiserver refuses it.
      n.default = EMOJI.repeat(Math.ceil((n.minLength as number) / 2));
    },
  },
  {
    category: 'format',
    where: ({ node }) => node.type === 'string' && typeof node.format === 'string' && node.pattern === undefined && node.enum === undefined,
    change: (n) => {
      n.default = 'not valid ~ at all';
    },
  },
  beyond('maximum', 1),
  beyond('minimum', -1),
  {
    category: 'unknown-field',
    where: ({ node }) =>
      node.type === 'object' &&
      isObject(node.properties) &&
      node['x-kubernetes-preserve-unknown-fields'] !== true &&
      node.additionalProperties === undefined &&
      !(Array.isArray(node.required) && node.required.length > 0),
    change: (n) => {
      n.default = { zzNotDeclared: 'x' };
    },
  },
  {
    category: 'unknown-field-preserved',
    where: ({ node }) =>
      node.type === 'object' &&
      node['x-kubernetes-preserve-unknown-fields'] === true &&
      !(Array.isArray(node.required) && node.required.length > 0) &&
      !hasRules(node),
    change: (n) => {
      n.default = { zzNotDeclared: 'x' };
    },
  },
  {
    category: 'required-missing',
    where: ({ node }) => node.type === 'object' && Array.isArray(node.required) && node.required.length > 0,
    change: (n) => {
      n.default = {};
    },
  },
  {
    category: 'required-with-nested-default',
    where: ({ node }) =>
      node.type === 'object' &&
      isObject(node.properties) &&
      Array.isArray(node.required) &&
      node.required.length > 0 &&
      node.required.every(
        (k) => isObject((node.properties as Json)[k as string]) && ((node.properties as Json)[k as string] as Json).default !== undefined,
      ),
    change: (n) => {
      n.default = {};
    },
  },
  {
    category: 'nested-null',
    where: ({ node }) =>
      node.type === 'object' &&
      isObject(node.properties) &&
      !(Array.isArray(node.required) && node.required.length > 0) &&
      Object.values(node.properties).some((p) => isObject(p) && typeof p.type === 'string' && p.type !== 'object'),
    change: (n) => {
      const key = Object.keys(n.properties as Json).find((k) => {
        const p = (n.properties as Json)[k];
        return isObject(p) && typeof p.type === 'string' && p.type !== 'object';
      }) as string;
      n.default = { [key]: null };
    },
  },
  {
    category: 'null-default',
    where: ({ node, path }) => path.length > 0 && typeof node.type === 'string' && node.nullable !== true,
    change: (n) => {
      n.default = null;
    },
  },
  {
    category: 'cel-existing',
    where: ({ node }) => hasRules(node) && typeof node.type === 'string' && !node['x-kubernetes-int-or-string'],
    change: (n) => {
      const boundary: Record<string, unknown> = { string: '', integer: 0, number: 0, boolean: false, array: [], object: {} };
      n.default = boundary[n.type as string];
    },
  },
];

/** Fields added under `spec`, one per variant: the rules where a JavaScript check and the apiserver differ. */
export const PROBES: { category: string; name: string; schema: Json }[] = [
  { category: 'pattern-re2', name: 'runes-dot-fit', schema: { type: 'string', pattern: '^.{3}$', default: `a${EMOJI}b` } },
  { category: 'pattern-re2', name: 'runes-dot-over', schema: { type: 'string', pattern: '^.{4}$', default: `a${EMOJI}b` } },
  { category: 'pattern-re2', name: 'unicode-class', schema: { type: 'string', pattern: '^\\p{Greek}+$', default: 'αβγ' } },
  { category: 'pattern-re2', name: 'end-of-text', schema: { type: 'string', pattern: '^[a-z]+\\z', default: 'abc' } },
  { category: 'pattern-re2', name: 'inline-flag', schema: { type: 'string', pattern: '(?i)^abc$', default: 'ABC' } },
  { category: 'pattern-re2', name: 'dot-newline', schema: { type: 'string', pattern: '^a.c$', default: 'a\nc' } },
  { category: 'pattern-re2', name: 'dollar-newline', schema: { type: 'string', pattern: '^abc$', default: 'abc\n' } },
  { category: 'maxLength-runes-fit', name: 'emoji-3', schema: { type: 'string', maxLength: 3, default: EMOJI.repeat(3) } },
  { category: 'maxLength-runes-over', name: 'emoji-4', schema: { type: 'string', maxLength: 3, default: EMOJI.repeat(4) } },
  { category: 'minLength-runes-short', name: 'emoji-2', schema: { type: 'string', minLength: 3, default: EMOJI.repeat(2) } },
  { category: 'minLength-runes-short', name: 'combining', schema: { type: 'string', maxLength: 1, default: 'e\u0301' } },
  {
    category: 'enum-member',
    name: 'object-key-order',
    schema: {
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'integer' } },
      enum: [{ a: 1, b: 2 }],
      default: { b: 2, a: 1 },
    },
  },
  { category: 'enum-outside', name: 'number-vs-string', schema: { type: 'integer', enum: [1, 2], default: 3 } },
  { category: 'format', name: 'date-time-ok', schema: { type: 'string', format: 'date-time', default: '2024-01-02T03:04:05Z' } },
  { category: 'format', name: 'date-time-bad', schema: { type: 'string', format: 'date-time', default: '2024-13-45' } },
  { category: 'format', name: 'int32-on-string', schema: { type: 'string', format: 'int32', default: 'abc' } },
  { category: 'format', name: 'uuid-bad', schema: { type: 'string', format: 'uuid', default: 'not-a-uuid' } },
  { category: 'format', name: 'int32-overflow', schema: { type: 'integer', format: 'int32', default: 2147483648 } },
  { category: 'bounds', name: 'exclusive-max', schema: { type: 'integer', maximum: 5, exclusiveMaximum: true, default: 5 } },
  { category: 'bounds', name: 'multiple-of', schema: { type: 'number', multipleOf: 0.5, default: 1.25 } },
  { category: 'bounds', name: 'max-items', schema: { type: 'array', items: { type: 'string' }, maxItems: 1, default: ['a', 'b'] } },
  {
    category: 'list-type',
    name: 'set-duplicates',
    schema: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set', default: ['a', 'a'] },
  },
  {
    category: 'list-type',
    name: 'map-duplicates',
    schema: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      default: [{ name: 'a' }, { name: 'a' }],
    },
  },
  {
    category: 'unknown-field',
    name: 'nested',
    schema: { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } }, default: { a: { c: 'x' } } },
  },
  {
    category: 'unknown-field',
    name: 'in-list-item',
    schema: { type: 'array', items: { type: 'object', properties: { b: { type: 'string' } } }, default: [{ c: 'x' }] },
  },
  {
    category: 'required-missing',
    name: 'nested',
    schema: {
      type: 'object',
      properties: { a: { type: 'object', required: ['b'], properties: { b: { type: 'string' }, c: { type: 'string' } } } },
      default: { a: { c: 'x' } },
    },
  },
  {
    category: 'required-with-nested-default',
    name: 'defaulted-required',
    schema: { type: 'object', required: ['b'], properties: { b: { type: 'string', default: 'x' } }, default: {} },
  },
  { category: 'null-default', name: 'not-nullable', schema: { type: 'string', default: null } },
  { category: 'null-default', name: 'nullable', schema: { type: 'string', nullable: true, default: null } },
  {
    category: 'nested-null',
    name: 'not-nullable',
    schema: { type: 'object', properties: { a: { type: 'string' } }, default: { a: null } },
  },
  {
    category: 'nested-null',
    name: 'nullable',
    schema: { type: 'object', properties: { a: { type: 'string', nullable: true } }, default: { a: null } },
  },
  { category: 'wrong-type', name: 'big-integer', schema: { type: 'integer', default: 1e20 } },
  { category: 'wrong-type', name: 'float-as-integer', schema: { type: 'integer', default: 1.5 } },
  { category: 'int-or-string', name: 'percent', schema: { 'x-kubernetes-int-or-string': true, default: '50%' } },
  { category: 'cel', name: 'fails', schema: { type: 'integer', default: 5, 'x-kubernetes-validations': [{ rule: 'self < 3' }] } },
  { category: 'cel', name: 'holds', schema: { type: 'integer', default: 5, 'x-kubernetes-validations': [{ rule: 'self > 3' }] } },
  {
    category: 'cel',
    name: 'message-expression',
    schema: {
      type: 'string',
      maxLength: 10,
      default: 'b',
      'x-kubernetes-validations': [{ rule: "self.startsWith('a')", messageExpression: "'must start with a, not ' + self" }],
    },
  },
  {
    category: 'cel',
    name: 'nested-rule-fails',
    schema: {
      type: 'object',
      properties: { a: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self < 3' }] } },
      default: { a: 5 },
    },
  },
  {
    category: 'cel',
    name: 'object-rule-has',
    schema: {
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'integer' } },
      'x-kubernetes-validations': [{ rule: 'has(self.b)' }],
      default: { a: 1 },
    },
  },
  {
    category: 'cel',
    name: 'list-rule',
    schema: {
      type: 'array',
      maxItems: 5,
      items: { type: 'integer' },
      'x-kubernetes-validations': [{ rule: 'self.all(x, x > 0)' }],
      default: [1, 0],
    },
  },
  {
    category: 'cel-transition',
    name: 'unchanged-holds',
    schema: {
      type: 'string',
      maxLength: 10,
      default: 'x',
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }],
    },
  },
  {
    category: 'cel-transition',
    name: 'changed-fails',
    schema: { type: 'string', maxLength: 10, default: 'x', 'x-kubernetes-validations': [{ rule: 'self != oldSelf' }] },
  },
  {
    category: 'additional-properties',
    name: 'default-below',
    schema: { type: 'object', additionalProperties: { type: 'string', default: 5 } },
  },
  {
    category: 'additional-properties',
    name: 'map-default',
    schema: { type: 'object', additionalProperties: { type: 'integer' }, default: { a: 'x' } },
  },
  {
    category: 'embedded-resource',
    name: 'complete',
    schema: {
      type: 'object',
      'x-kubernetes-embedded-resource': true,
      'x-kubernetes-preserve-unknown-fields': true,
      default: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
    },
  },
  {
    category: 'embedded-resource',
    name: 'without-kind',
    schema: {
      type: 'object',
      'x-kubernetes-embedded-resource': true,
      'x-kubernetes-preserve-unknown-fields': true,
      default: { apiVersion: 'v1', metadata: { name: 'x' } },
    },
  },
  {
    category: 'embedded-resource',
    name: 'bad-name',
    schema: {
      type: 'object',
      'x-kubernetes-embedded-resource': true,
      'x-kubernetes-preserve-unknown-fields': true,
      default: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_A_Name' } },
    },
  },
];

const versionBase = (index: number): Segment[] => ['spec', 'versions', index, 'schema', 'openAPIV3Schema'];

/** Every variant of one CRD: `perRule` corpus sites per mutation, and the probes when asked. */
export function defaultVariants(crd: Crd, perRule: number, probes: boolean): Variant[] {
  const out: Variant[] = [];
  const versions = (crd.raw.spec as Json).versions as Json[];
  versions.forEach((version, vi) => {
    const schema = (version.schema as Json | undefined)?.openAPIV3Schema;
    if (!isObject(schema)) return;
    // Versions with the same schema get the same change: the apiserver keeps what all versions share
    // in one place (selectableFields too), and a change to one of them alone is refused for that.
    const text = JSON.stringify(schema);
    const twins = versions.flatMap((v, i) => (JSON.stringify((v.schema as Json | undefined)?.openAPIV3Schema) === text ? [i] : []));
    const all: Site[] = [];
    sites(schema, [], all);
    const used = new Set<string>();
    MUTATIONS.forEach((m, mi) => {
      // Versions often repeat one schema: only the first version of each CRD gets corpus mutations.
      if (vi > 0) return;
      for (const site of spread(all.filter(m.where), perRule)) {
        const key = `${mi}:${site.path.join('.')}`;
        if (used.has(key)) continue;
        used.add(key);
        const raw = structuredClone(crd.raw);
        for (const v of twins) m.change(at(raw, [...versionBase(v), ...site.path]));
        out.push({
          id: `${crd.name} | ${m.category} | ${version.name}:${site.path.join('.') || '(root)'}`,
          category: m.category,
          crd,
          raw,
        });
      }
    });
    const spec = isObject(schema.properties) ? (schema.properties.spec as Json | undefined) : undefined;
    if (!probes || vi > 0 || !isObject(spec) || !isObject(spec.properties) || spec['x-kubernetes-preserve-unknown-fields'] === true) return;
    for (const probe of PROBES) {
      const raw = structuredClone(crd.raw);
      for (const v of twins)
        at(raw, [...versionBase(v), 'properties', 'spec', 'properties']).zzDefaultProbe = structuredClone(probe.schema);
      out.push({ id: `${crd.name} | ${probe.category} | probe ${probe.name}`, category: probe.category, crd, raw });
    }
  });
  return out;
}
