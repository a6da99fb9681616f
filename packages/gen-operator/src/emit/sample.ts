import { re2Search, runeLength } from '@gen-operator/runtime';
import { isObject, type JsonSchema, type ResourceModel } from '../model/index.js';

/**
 * A small object that is valid against the schema: every required field (recursively), using
 * `example`, `default` or the first enum value where the schema gives one.
 */
export function sampleObject(model: ResourceModel): Record<string, unknown> {
  const version = model.versions.find((v) => v.name === model.preferredVersion)!;
  const props = isObject(version.schema.properties) ? version.schema.properties : {};
  const body: Record<string, unknown> = {
    apiVersion: `${model.group}/${version.name}`,
    kind: model.kind,
    metadata: { name: `example-${model.singular}`.slice(0, 63) },
  };
  for (const [key, schema] of Object.entries(props)) {
    if (['apiVersion', 'kind', 'metadata', 'status'].includes(key) || !isObject(schema)) continue;
    const required = Array.isArray(version.schema.required) && version.schema.required.includes(key);
    if (required || key === 'spec') body[key] = sample(schema, key, true);
  }
  return body;
}

function sample(schema: JsonSchema, name: string, fillOptional = false): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema['x-kubernetes-int-or-string'] === true) return 1;
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isObject(schema.properties) ? schema.properties : {};
      const required = new Set(Array.isArray(schema.required) ? schema.required : []);
      for (const [key, child] of Object.entries(props)) {
        // Optional fields only at the first level of spec, and only plain scalars: enough to show the shape.
        const scalar =
          isObject(child) && ['string', 'integer', 'number', 'boolean'].includes(String(child.type)) && child.pattern === undefined;
        if (isObject(child) && (required.has(key) || (fillOptional && scalar))) out[key] = sample(child, key);
      }
      return out;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return isObject(schema.items) && min > 0 ? Array.from({ length: min }, () => sample(schema.items as JsonSchema, name)) : [];
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) + (schema.exclusiveMinimum === true ? 1 : 0) : 1;
    case 'boolean':
      return false;
    case 'string':
      return sampleString(schema, name);
    default:
      return {};
  }
}

function sampleString(schema: JsonSchema, name: string): string {
  const formats: Record<string, string> = {
    'date-time': '2024-01-01T00:00:00Z',
    date: '2024-01-01',
    duration: '1m',
    uri: 'https://example.com',
    email: 'someone@example.com',
    hostname: 'example.com',
    ipv4: '192.0.2.1',
    ipv6: '2001:db8::1',
    uuid: '00000000-0000-4000-8000-000000000000',
    byte: 'ZXhhbXBsZQ==',
  };
  const format = String(schema.format);
  const candidates = [
    Object.hasOwn(formats, format) ? formats[format] : undefined,
    'example',
    name.toLowerCase(),
    'example-1',
    'a',
    '1',
    '1m',
    '100Mi',
  ].filter((c): c is string => c !== undefined);
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined;
  // RE2 and rune lengths, as the apiserver checks the example: linear whatever the pattern.
  const fits = (c: string) => runeLength(c) >= min && runeLength(c) <= max && (!pattern || re2Search(pattern, c) !== false);
  return candidates.find(fits) ?? candidates.map((c) => c.padEnd(min, 'x')).find(fits) ?? 'example';
}
