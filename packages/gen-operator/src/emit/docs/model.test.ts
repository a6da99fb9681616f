import { describe, expect, it } from 'vitest';
import { parseFile } from '../../load/index.js';
import { buildModels, type JsonSchema, type ResourceModel } from '../../model/index.js';
import { type FieldFact, MAX_PATH, schemaFields, typeName } from './fields.js';
import { docsModel } from './model.js';

const field = (schema: JsonSchema) => schemaFields({ type: 'object', properties: { f: schema } })[0]!;

describe('typeName', () => {
  it.each<[JsonSchema, string]>([
    [{ type: 'string' }, 'string'],
    [{ type: 'integer', format: 'int64' }, 'integer'],
    [{ type: 'array', items: { type: 'string' } }, '[]string'],
    [{ type: 'array', items: { type: 'array', items: { type: 'integer' } } }, '[][]integer'],
    [{ type: 'object', additionalProperties: { type: 'string' } }, 'map[string]string'],
    [{ type: 'object', additionalProperties: { type: 'array', items: { type: 'object', properties: {} } } }, 'map[string][]object'],
    [{ type: 'object', properties: { a: { type: 'string' } } }, 'object'],
    [{ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }, 'int-or-string'],
    [{ 'x-kubernetes-preserve-unknown-fields': true }, 'any'],
    [{ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, 'object'],
  ])('%j is %s', (schema, want) => {
    expect(typeName(schema)).toBe(want);
  });
});

describe('the facts of a field', () => {
  it.each<[string, JsonSchema, FieldFact[]]>([
    [
      'default and enum',
      { type: 'string', default: 'a', enum: ['a', 'b', ''] },
      [
        { label: 'default', code: ['"a"'] },
        { label: 'enum', code: ['a', 'b', '""'] },
      ],
    ],
    [
      'format and pattern',
      { type: 'string', format: 'date-time', pattern: '^x$' },
      [
        { label: 'format', code: ['date-time'] },
        { label: 'pattern', code: ['^x$'] },
      ],
    ],
    ['length', { type: 'string', minLength: 1, maxLength: 253 }, [{ label: 'length', text: '≥ 1 and ≤ 253' }]],
    [
      'exclusive value bounds',
      { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1 },
      [{ label: 'value', text: '> 0 and ≤ 1' }],
    ],
    [
      'items and list keys',
      {
        type: 'array',
        items: { type: 'object', properties: { name: { type: 'string' } } },
        maxItems: 8,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
      },
      [
        { label: 'items', text: '≤ 8' },
        { label: 'list type', code: ['map'] },
        { label: 'list map keys', code: ['name'] },
      ],
    ],
    [
      'constraints of scalar items',
      { type: 'array', items: { type: 'string', enum: ['x'], maxLength: 3 } },
      [
        { label: 'item enum', code: ['x'] },
        { label: 'item length', text: '≤ 3' },
      ],
    ],
    [
      'constraints of map values',
      { type: 'object', additionalProperties: { type: 'string', pattern: 'a' }, maxProperties: 2 },
      [
        { label: 'properties', text: '≤ 2' },
        { label: 'value pattern', code: ['a'] },
      ],
    ],
    [
      'flags',
      { type: 'object', nullable: true, 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-embedded-resource': true },
      [{ label: 'nullable' }, { label: 'preserves unknown fields' }, { label: 'embedded resource' }],
    ],
    [
      'int-or-string: its anyOf is the type, not a fact',
      { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      [],
    ],
    [
      'a oneOf',
      { type: 'object', properties: {}, oneOf: [{ required: ['a'] }, { required: ['b'] }] },
      [{ label: 'one of', code: ['{"required":["a"]}', '{"required":["b"]}'] }],
    ],
    [
      'CEL rules with their messages',
      {
        type: 'string',
        'x-kubernetes-validations': [
          { rule: 'self.size() > 1', message: 'too short' },
          { rule: 'self != oldSelf', messageExpression: "'was ' + oldSelf", reason: 'FieldValueForbidden', fieldPath: '.x' },
          { rule: 'true' },
        ],
      },
      [
        { label: 'rule', code: ['self.size() > 1'], text: 'too short' },
        { label: 'rule', code: ['self != oldSelf'], text: "message from 'was ' + oldSelf; reason FieldValueForbidden; at .x" },
        { label: 'rule', code: ['true'] },
      ],
    ],
  ])('%s', (_, schema, want) => {
    expect(field(schema).facts).toEqual(want);
  });

  it('cuts a long default, which the CRD holds whole', () => {
    const [fact] = field({ type: 'string', default: 'x'.repeat(5000) }).facts;
    expect(fact!.code![0]!.length).toBe(401);
    expect(fact!.code![0]!.endsWith('…')).toBe(true);
  });
});

describe('schemaFields', () => {
  const root: JsonSchema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['containers'],
        description: '  The spec.  ',
        properties: {
          containers: {
            type: 'array',
            items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, 'a.b': { type: 'string' } } },
          },
          labels: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'integer' } } } },
        },
      },
    },
  };

  it('lists fields parents first, with paths through list items ([]) and map values ({})', () => {
    const fields = schemaFields(root);
    expect(fields.map((f) => [f.path, f.type, f.required, f.parent, f.depth])).toEqual([
      ['spec', 'object', false, -1, 0],
      ['spec.containers', '[]object', true, 0, 1],
      ['spec.containers[].name', 'string', true, 1, 2],
      ['spec.containers[]["a.b"]', 'string', false, 1, 2],
      ['spec.labels', 'map[string]object', false, 0, 1],
      ['spec.labels{}.v', 'integer', false, 4, 2],
    ]);
    expect(fields[0]!.description).toBe('The spec.');
  });

  it('keeps __proto__ as a field name', () => {
    const proto = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}') as JsonSchema;
    expect(schemaFields(proto).map((f) => f.path)).toEqual(['__proto__']);
  });

  it('keeps the end of a path past MAX_PATH characters, so deep long names cost no more than their length', () => {
    let schema: JsonSchema = { type: 'string' };
    for (let i = 0; i < 200; i++) schema = { type: 'object', properties: { [`${i}`.padStart(1000, 'n')]: schema } };
    const fields = schemaFields(schema);
    expect(fields.length).toBe(200);
    expect(Math.max(...fields.map((f) => f.path.length))).toBe(MAX_PATH);
    const last = fields.at(-1)!;
    expect(last.path).toBe(`…${last.step.slice(-(MAX_PATH - 1))}`);
    expect([fields[0]!.step, fields[1]!.step]).toEqual([fields[0]!.name, `.${fields[1]!.name}`]);
  });

  it('walks 500 levels of nesting (load stops at 512)', () => {
    let schema: JsonSchema = { type: 'string' };
    for (let i = 0; i < 500; i++) schema = { type: 'object', properties: { n: schema } };
    const fields = schemaFields(schema);
    expect(fields.length).toBe(500);
    expect(fields.at(-1)!.depth).toBe(499);
  });
});

function models(yaml: string): ResourceModel[] {
  const built = buildModels(parseFile('crds.yaml', yaml).documents);
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return built.resources;
}

const version = (name: string, served: boolean, storage: boolean, props: string) => `
  - name: ${name}
    served: ${served}
    storage: ${storage}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties: ${props}
          status: { type: object, x-kubernetes-preserve-unknown-fields: true }`;

const crd = (kind: string, group: string, versions: string, plural = `${kind.toLowerCase()}s`) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ${plural}.${group} }
spec:
  group: ${group}
  scope: Namespaced
  names: { kind: ${kind}, plural: ${plural} }
  versions:${versions}
`;

describe('docsModel', () => {
  it('orders served versions by priority, shares identical schemas and lists the fields that differ side by side', () => {
    const [kind] = docsModel(
      models(
        crd(
          'Widget',
          'example.com',
          version('v1alpha1', true, false, '{ size: { type: integer }, old: { type: string } }') +
            version('v1', true, true, '{ size: { type: integer, minimum: 1 }, color: { type: string } }') +
            version('v1beta1', true, false, '{ size: { type: integer }, old: { type: string } }') +
            version('v0', false, false, '{ gone: { type: string } }'),
        ),
      ),
    );
    expect(kind!.versions.map((v) => [v.name, v.served, v.sameAs])).toEqual([
      ['v1', true, undefined],
      ['v1beta1', true, undefined],
      ['v1alpha1', true, 'v1beta1'],
      ['v0', false, undefined],
    ]);
    expect(kind!.versions[3]!.fields).toEqual([]);
    expect(kind!.page).toBe('example.com/widget.md');
    expect(kind!.differences).toEqual([
      { path: 'spec.size', cells: ['integer', 'integer; constraints differ', 'integer; constraints differ'] },
      { path: 'spec.color', cells: ['string', undefined, undefined] },
      { path: 'spec.old', cells: [undefined, 'string', 'string'] },
    ]);
  });

  it('has no differences when the served versions agree', () => {
    const same = '{ size: { type: integer } }';
    const [kind] = docsModel(models(crd('Widget', 'example.com', version('v1', true, true, same) + version('v1beta1', true, false, same))));
    expect(kind!.differences).toEqual([]);
    expect(kind!.versions[1]!.sameAs).toBe('v1');
  });

  it('gives kinds whose names differ only in case their own pages, sorted by group and kind', () => {
    const v = version('v1', true, true, '{}');
    const kinds = docsModel(
      models(
        `${crd('Widget', 'b.example.com', v)}---\n${crd('WIDGET', 'b.example.com', v, 'bigwidgets')}---\n${crd('Widget', 'a.example.com', v)}`,
      ),
    );
    expect(kinds.map((k) => k.page)).toEqual([
      'a.example.com/widget.md',
      'b.example.com/widget.md',
      'b.example.com/widget-b-example-com.md',
    ]);
  });
});
