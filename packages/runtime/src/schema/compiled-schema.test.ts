import { describe, expect, it } from 'vitest';
import { compileSchema } from './compiled-schema.js';

const resource = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: { type: 'object', ...spec },
    ...extra,
  },
});
const doc = (spec: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'x.io/v1',
  kind: 'X',
  metadata: { name: 'a' },
  spec,
  ...extra,
});
const rulesOf = (schema: unknown, value: unknown, context = {}) =>
  compileSchema(schema, context)
    .check(value)
    .issues.map((i) => `${i.rule}@${i.path}`);

describe('keywords', () => {
  const cases: [string, Record<string, unknown>, unknown, string[]][] = [
    ['type string ok', { properties: { a: { type: 'string' } } }, { a: 'x' }, []],
    ['type string wrong', { properties: { a: { type: 'string' } } }, { a: 1 }, ['type@spec.a']],
    ['integer accepts 3', { properties: { a: { type: 'integer' } } }, { a: 3 }, []],
    ['integer refuses 2.5', { properties: { a: { type: 'integer' } } }, { a: 2.5 }, ['type@spec.a']],
    ['integer refuses 1e20 (not int64)', { properties: { a: { type: 'integer' } } }, { a: 1e20 }, ['type@spec.a']],
    ['int32 range', { properties: { a: { type: 'integer', format: 'int32' } } }, { a: 3_000_000_000 }, ['type@spec.a']],
    ['number accepts integer', { properties: { a: { type: 'number' } } }, { a: 3 }, []],
    ['boolean wrong', { properties: { a: { type: 'boolean' } } }, { a: 'yes' }, ['type@spec.a']],
    ['int-or-string string', { properties: { a: { 'x-kubernetes-int-or-string': true } } }, { a: '50%' }, []],
    ['int-or-string float', { properties: { a: { 'x-kubernetes-int-or-string': true } } }, { a: 1.5 }, ['type@spec.a']],
    ['enum', { properties: { a: { type: 'string', enum: ['A', 'B'] } } }, { a: 'C' }, ['enum@spec.a']],
    ['maximum', { properties: { a: { type: 'integer', maximum: 3 } } }, { a: 4 }, ['maximum@spec.a']],
    ['exclusiveMinimum', { properties: { a: { type: 'integer', minimum: 3, exclusiveMinimum: true } } }, { a: 3 }, ['minimum@spec.a']],
    ['multipleOf', { properties: { a: { type: 'number', multipleOf: 0.5 } } }, { a: 1.25 }, ['multipleOf@spec.a']],
    ['maxLength counts runes', { properties: { a: { type: 'string', maxLength: 3 } } }, { a: 'ééé' }, []],
    ['maxLength', { properties: { a: { type: 'string', maxLength: 3 } } }, { a: 'abcd' }, ['maxLength@spec.a']],
    ['minLength', { properties: { a: { type: 'string', minLength: 1 } } }, { a: '' }, ['minLength@spec.a']],
    ['pattern is an unanchored RE2 search', { properties: { a: { type: 'string', pattern: '[0-9]' } } }, { a: 'ab1' }, []],
    ['pattern', { properties: { a: { type: 'string', pattern: '^[a-z]+$' } } }, { a: 'A' }, ['pattern@spec.a']],
    ['format date-time', { properties: { a: { type: 'string', format: 'date-time' } } }, { a: 'yesterday' }, ['format@spec.a']],
    ['unknown format ignored', { properties: { a: { type: 'string', format: 'https' } } }, { a: 'x' }, []],
    ['maxItems', { properties: { a: { type: 'array', maxItems: 1, items: { type: 'string' } } } }, { a: ['x', 'y'] }, ['maxItems@spec.a']],
    [
      'minProperties',
      { properties: { a: { type: 'object', minProperties: 1, additionalProperties: { type: 'string' } } } },
      { a: {} },
      ['minProperties@spec.a'],
    ],
    ['required', { required: ['a'], properties: { a: { type: 'string' } } }, {}, ['required@spec.a']],
    [
      'additionalProperties values',
      { properties: { m: { type: 'object', additionalProperties: { type: 'integer' } } } },
      { m: { k: 'x' } },
      ['type@spec.m[k]'],
    ],
    [
      'oneOf none',
      { oneOf: [{ required: ['a'] }, { required: ['b'] }], properties: { a: { type: 'string' }, b: { type: 'string' } } },
      {},
      ['oneOf@spec'],
    ],
    [
      'oneOf both',
      { oneOf: [{ required: ['a'] }, { required: ['b'] }], properties: { a: { type: 'string' }, b: { type: 'string' } } },
      { a: 'x', b: 'y' },
      ['oneOf@spec'],
    ],
    [
      'anyOf',
      { anyOf: [{ required: ['a'] }, { required: ['b'] }], properties: { a: { type: 'string' }, b: { type: 'string' } } },
      {},
      ['anyOf@spec'],
    ],
    ['not', { not: { required: ['a'] }, properties: { a: { type: 'string' } } }, { a: 'x' }, ['not@spec']],
    [
      'list-type set',
      { properties: { l: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } } },
      { l: ['a', 'a'] },
      ['x-kubernetes-list-type@spec.l[1]'],
    ],
    [
      'list-type map keys',
      {
        properties: {
          l: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: { type: 'object', properties: { name: { type: 'string' }, v: { type: 'integer' } } },
          },
        },
      },
      {
        l: [
          { name: 'a', v: 1 },
          { name: 'a', v: 2 },
        ],
      },
      ['x-kubernetes-list-map-keys@spec.l[1]'],
    ],
    [
      'embedded resource needs kind',
      { properties: { e: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } },
      { e: { apiVersion: 'v1' } },
      ['x-kubernetes-embedded-resource@spec.e.kind'],
    ],
  ];
  it.each(cases)('%s', (_name, spec, value, expected) => {
    expect(rulesOf(resource(spec), doc(value))).toEqual(expected);
  });
});

describe('pruning, nulls and defaults in the apiserver order', () => {
  const schema = resource({
    required: ['mode', 'size'],
    properties: {
      mode: { type: 'string', default: 'fast' },
      size: { type: 'integer', default: 1 },
      note: { type: 'string' },
      maybe: { type: 'string', nullable: true, default: 'd' },
      nested: { type: 'object', default: {}, properties: { inner: { type: 'integer', default: 7 } } },
      free: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: { known: { type: 'object', properties: { x: { type: 'string' } } } },
      },
      list: { type: 'array', items: { type: 'object', properties: { k: { type: 'string', default: 'item' } } } },
    },
  });
  const compiled = compileSchema(schema);

  it('fills missing required fields from defaults, top-down into default objects', () => {
    const r = compiled.check(doc({}));
    expect(r.issues).toEqual([]);
    expect((r.value as { spec: unknown }).spec).toEqual({ mode: 'fast', size: 1, maybe: 'd', nested: { inner: 7 } });
  });
  it('drops a null where the field is not nullable, then defaults it; keeps a nullable null', () => {
    const r = compiled.check(doc({ note: null, size: null, maybe: null }));
    expect(r.valid).toBe(true);
    expect((r.value as { spec: Record<string, unknown> }).spec).toMatchObject({ size: 1, maybe: null });
    expect('note' in (r.value as { spec: Record<string, unknown> }).spec).toBe(false);
  });
  it('reports unknown fields at the top level, in spec, in metadata; keeps preserved ones; prunes below preserved properties', () => {
    const r = compiled.check({
      ...doc({ typo: 1, free: { anything: 1, known: { x: 'a', y: 1 } } }),
      extra: 1,
      metadata: { name: 'a', labelz: {} },
    });
    expect(r.issues.map((i) => i.path).sort()).toEqual(['extra', 'metadata.labelz', 'spec.free.known.y', 'spec.typo']);
  });
  it('applies item defaults', () => {
    expect((compiled.check(doc({ list: [{}] })).value as { spec: { list: unknown } }).spec.list).toEqual([{ k: 'item' }]);
  });
  it('withDefaults and prune work on copies', () => {
    const input = doc({ extra: 1 });
    expect((compiled.withDefaults(input) as { spec: Record<string, unknown> }).spec.mode).toBe('fast');
    expect(compiled.prune(input).unknownFields).toEqual(['spec.extra']);
    expect(input.spec).toEqual({ extra: 1 });
  });
  it('default: null fills in nothing (the apiserver decodes it as no default)', () => {
    const s = compileSchema(resource({ properties: { size: { type: 'integer', default: null } } }));
    expect((s.check(doc({})).value as { spec: unknown }).spec).toEqual({});
    expect(s.check(doc({})).valid).toBe(true);
  });
  it('drops status before validation when the CRD has a status subresource, still reporting unknown fields there', () => {
    const withStatus = resource({}, { status: { type: 'object', properties: { phase: { type: 'string' } } } });
    expect(rulesOf(withStatus, doc({}, { status: { phase: 1 } }), { statusSubresource: true })).toEqual([]);
    expect(rulesOf(withStatus, doc({}, { status: { phase: 1 } }))).toEqual(['type@status.phase']);
    expect(rulesOf(withStatus, doc({}, { status: { nope: 1 } }), { statusSubresource: true })).toEqual(['unknown-field@status.nope']);
  });
  it('checks the scale subresource replicas path', () => {
    const s = resource({ properties: { replicas: { type: 'integer' } } });
    const scale = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' };
    expect(rulesOf(s, doc({ replicas: -1 }), { scale })).toEqual(['scale@spec.replicas']);
  });
  it('validate() has the runtime result shape and skips CEL', () => {
    const s = resource({ 'x-kubernetes-validations': [{ rule: 'false', message: 'never' }] });
    expect(compileSchema(s).validate(doc({}))).toMatchObject({ valid: true, issues: [] });
    expect(compileSchema(s).check(doc({})).valid).toBe(false);
  });
});
