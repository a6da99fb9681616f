import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../load/index.js';
import { Reporter } from '../../report.js';
import { additionalProperties } from './additional-properties.js';
import { defaults } from './default.js';
import { embeddedResource } from './embedded-resource.js';
import { extensionFalse } from './extension-false.js';
import { type Context, RULES, type SchemaRule, visit } from './index.js';
import { junctorKeywords } from './junctors.js';
import { keywords } from './keywords.js';
import { listType } from './list-type.js';
import { mapType } from './map-type.js';
import { metadata } from './metadata.js';
import { pattern } from './pattern.js';
import { required } from './required.js';
import { type } from './type.js';
import { uniqueItems } from './unique-items.js';
import { validations } from './validations.js';

// One row per rule module: the walker applies only that rule (or, for the checks it makes while it
// descends, no node rule at all) to one schema node, which must yield exactly these codes.
type Row = [module: string, rules: readonly SchemaRule[], node: Record<string, unknown>, codes: string[], ctx?: Partial<Context>];

const rows: Row[] = [
  ['keywords', [keywords], { type: 'string', tpye: 'string', $ref: '#/x' }, ['unknown-keyword', 'forbidden-keyword']],
  ['junctors', [junctorKeywords], { type: 'string', description: 'd' }, ['junctor-keyword', 'junctor-keyword'], { inJunctor: true }],
  ['junctors (declared outside)', [], { type: 'object', properties: {}, anyOf: [{ properties: { a: {} } }] }, ['junctor-field']],
  ['type', [type], { type: 'strnig' }, ['invalid-type']],
  ['list-type', [listType], { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'map' }, ['list-map-keys']],
  ['map-type', [mapType], { type: 'string', 'x-kubernetes-map-type': 'atomic' }, ['map-type']],
  ['embedded-resource', [embeddedResource], { type: 'string', 'x-kubernetes-embedded-resource': true }, ['embedded-resource']],
  ['extension-false', [extensionFalse], { type: 'object', 'x-kubernetes-preserve-unknown-fields': false }, ['extension-false']],
  ['validations', [validations], { type: 'string', 'x-kubernetes-validations': [{ rule: ' ' }] }, ['validations']],
  ['unique-items', [uniqueItems], { type: 'array', items: { type: 'string' }, uniqueItems: true }, ['forbidden-keyword']],
  ['additional-properties', [additionalProperties], { type: 'object', additionalProperties: false }, ['forbidden-keyword']],
  ['pattern', [pattern], { type: 'string', pattern: '(?=a)' }, ['pattern']],
  ['required', [required], { type: 'object', properties: { a: { type: 'string' } }, required: ['b'] }, ['required-unknown']],
  ['default', [defaults], { type: 'integer', default: 'x' }, ['default-invalid']],
  [
    'default (CEL rule)',
    [defaults],
    { type: 'integer', default: 5, 'x-kubernetes-validations': [{ rule: 'self < 3' }] },
    ['default-invalid'],
  ],
  ['default (null: no default)', [defaults], { type: 'integer', default: null }, ['default-null']],
  [
    'default (set duplicates: objects refused)',
    [defaults],
    { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set', default: ['a', 'a'] },
    ['default-object-invalid'],
  ],
  [
    'default (below additionalProperties: not checked by the apiserver)',
    [defaults],
    { type: 'object', additionalProperties: { type: 'string', default: 5 } },
    ['default-additional-properties'],
  ],
  ['default (root metadata)', [defaults], { type: 'object', default: {} }, ['default-metadata'], { rootMetadata: true }],
  ['metadata', [metadata], { type: 'object', properties: { labels: { type: 'object' } } }, ['metadata-schema'], { rootMetadata: true }],
  ['properties (root fields)', [], { type: 'object', properties: { kind: { type: 'integer' } } }, ['root-field'], { root: true }],
  ['items', [], { type: 'array' }, ['missing-items']],
];

function codes(rules: readonly SchemaRule[], node: Record<string, unknown>, ctx: Partial<Context> = {}): string[] {
  const [document] = parseFile('schema.yaml', '{}').documents;
  if (!document) throw new Error('no document');
  const report = new Reporter(document);
  visit(report, node, [], { inJunctor: false, root: false, rootMetadata: false, ...ctx }, rules);
  return report.diagnostics.map((d) => d.code);
}

describe('schema rules, each applied alone by the walker', () => {
  it.each(rows)('%s', (_module, rules, node, expected, ctx) => {
    expect(codes(rules, node, ctx)).toEqual(expected);
  });

  it('has a row for every rule the walker applies', () => {
    const tested = new Set(rows.flatMap(([, rules]) => rules));
    expect(RULES.filter((rule) => !tested.has(rule))).toEqual([]);
  });

  it('a valid node yields nothing under all the rules', () => {
    expect(codes(RULES, { type: 'object', properties: { a: { type: 'string', pattern: '^a$' } }, required: ['a'] })).toEqual([]);
  });
});
