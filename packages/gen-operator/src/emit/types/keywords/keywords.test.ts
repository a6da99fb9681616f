import { describe, expect, it } from 'vitest';
import { fieldType, typesFor } from '../../../../test/helpers.js';

// One table per Kubernetes keyword: the schema at spec.field → the TypeScript type of the field.
type Row = [name: string, schema: Record<string, unknown>, type: string];

const tables: Record<string, Row[]> = {
  'x-kubernetes-int-or-string': [
    ['alone', { 'x-kubernetes-int-or-string': true }, 'number | string'],
    [
      'with the anyOf controller-gen writes',
      { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      'number | string',
    ],
    ['nullable', { 'x-kubernetes-int-or-string': true, nullable: true }, 'number | string | null'],
  ],
  'x-kubernetes-preserve-unknown-fields': [
    ['object without properties', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, '{ [k: string]: unknown }'],
    ['no type at all', { 'x-kubernetes-preserve-unknown-fields': true }, 'unknown'],
    [
      'object with properties keeps them typed',
      { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } },
      'WidgetSpecField',
    ],
  ],
  'x-kubernetes-embedded-resource': [
    [
      'open object: any fields beside apiVersion, kind and metadata',
      { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      '(KubernetesObject & { [k: string]: unknown })',
    ],
    ['no properties and not open: the object header only', { type: 'object', 'x-kubernetes-embedded-resource': true }, 'KubernetesObject'],
    [
      'with properties',
      {
        type: 'object',
        'x-kubernetes-embedded-resource': true,
        properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
      'WidgetSpecField',
    ],
  ],
  nullable: [
    ['string', { type: 'string', nullable: true }, '(string | null)'],
    ['object', { type: 'object', nullable: true, properties: { a: { type: 'string' } } }, 'WidgetSpecField | null'],
    ['enum', { type: 'string', nullable: true, enum: ['a', 'b'] }, '(("a" | "b") | null)'],
  ],
  enum: [
    ['strings become a literal union', { type: 'string', enum: ['Always', 'Never'] }, '("Always" | "Never")'],
    ['repeated values once', { type: 'string', enum: ['a', 'a', 'b'] }, '("a" | "b")'],
    ['numbers', { type: 'integer', enum: [1, 2] }, '(1 | 2)'],
  ],
  additionalProperties: [
    ['a schema makes a record', { type: 'object', additionalProperties: { type: 'string' } }, '{ [k: string]: string }'],
    ['true makes an open record', { type: 'object', additionalProperties: true }, '{ [k: string]: unknown }'],
    [
      'a record of objects',
      { type: 'object', additionalProperties: { type: 'object', properties: { a: { type: 'integer' } } } },
      '{ [k: string]: WidgetSpecFieldValue }',
    ],
  ],
  'closed objects': [
    ['properties and nothing else', { type: 'object', properties: { a: { type: 'string' } } }, 'WidgetSpecField'],
    ['no fields at all is an empty object', { type: 'object' }, '{ [k: string]: never }'],
  ],
  'allOf/anyOf/oneOf/not': [
    [
      'value-only oneOf is dropped',
      { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, oneOf: [{ required: ['a'] }, { required: ['b'] }] },
      'WidgetSpecField',
    ],
    ['not is dropped', { type: 'string', not: { enum: ['x'] } }, 'string'],
  ],
  'type and items': [
    ['integer is number', { type: 'integer', format: 'int64' }, 'number'],
    ['date-time stays string', { type: 'string', format: 'date-time' }, 'string'],
    ['maxItems never makes tuples', { type: 'array', maxItems: 3, items: { type: 'string' } }, 'string[]'],
    ['array of objects', { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } }, 'WidgetSpecFieldItem[]'],
  ],
};

describe.each(Object.entries(tables))('%s', (_keyword, rows) => {
  it.each(rows)('%s', async (_name, schema, type) => {
    expect(await fieldType(schema)).toBe(type);
  });
});

describe('field details', () => {
  it('required fields are not optional, others are', async () => {
    const source = await typesFor({ type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'string' } } });
    expect(source).toMatch(/a: string;\n/);
    expect(source).toMatch(/b\?: string;\n/);
  });

  it('description and default become TSDoc', async () => {
    const source = await typesFor({ type: 'integer', description: 'How many.', default: 3 });
    expect(source).toContain('* How many.\n');
    expect(source).toContain('* @default 3\n');
  });

  it('a comment end inside a description is escaped', async () => {
    expect(await typesFor({ type: 'string', description: 'globs like a/*/b' })).toContain('a/*\\/b');
  });

  it('objects with equal fields share one type, named after the first path', async () => {
    const shape = { type: 'object', properties: { x: { type: 'string' } } };
    const source = await typesFor({ type: 'object', properties: { one: shape, two: shape } });
    expect(source).toContain('one?: WidgetSpecFieldOne;');
    expect(source).toContain('two?: WidgetSpecFieldOne;');
    expect(source.match(/export interface WidgetSpecFieldOne /g)).toHaveLength(1);
  });

  it('colliding path names get a stable numeric suffix', async () => {
    const source = await typesFor({
      type: 'object',
      properties: {
        fooBar: { type: 'object', properties: { a: { type: 'string' } } },
        foo: { type: 'object', properties: { bar: { type: 'object', properties: { b: { type: 'integer' } } } } },
      },
    });
    expect(source).toContain('fooBar?: WidgetSpecFieldFooBar;\n');
    expect(source).toContain('bar?: WidgetSpecFieldFooBar2;\n');
  });
});
