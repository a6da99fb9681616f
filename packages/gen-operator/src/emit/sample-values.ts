import { isObject, type JsonSchema } from '../model/index.js';
import { patternSamples, re2Matcher } from './pattern-sample.js';
import { setField } from '@gen-operator/runtime';

export interface SampleOptions {
  /** Also fill the optional scalars of this object (the first level of spec: enough to show the shape). */
  fillOptional?: boolean;
  /** Members to fill wherever they are optional: the ones a failing CEL rule names. */
  named?: ReadonlySet<string>;
}

/**
 * A small value valid against the schema: every required field (recursively), using `example`,
 * `default` or the first enum value where the schema gives one.
 */
export function sampleValue(schema: JsonSchema, name: string, options: SampleOptions = {}): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema['x-kubernetes-int-or-string'] === true) return 1;
  const inner = { named: options.named };
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isObject(schema.properties) ? schema.properties : {};
      const required = new Set(Array.isArray(schema.required) ? schema.required : []);
      for (const [key, child] of Object.entries(props)) {
        if (!isObject(child)) continue;
        const scalar = ['string', 'integer', 'number', 'boolean'].includes(String(child.type)) && child.pattern === undefined;
        if (required.has(key) || options.named?.has(key) || (options.fillOptional && scalar))
          setField(out, key, sampleValue(child, key, inner));
      }
      // minProperties on an object whose members are all optional: fill the first ones.
      const least = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
      for (const [key, child] of Object.entries(props)) {
        if (Object.keys(out).length >= least) break;
        if (isObject(child) && !Object.hasOwn(out, key)) setField(out, key, sampleValue(child, key, inner));
      }
      return out;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return isObject(schema.items) && min > 0
        ? Array.from({ length: min }, () => sampleValue(schema.items as JsonSchema, name, inner))
        : [];
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) + (schema.exclusiveMinimum === true ? 1 : 0) : 1;
    case 'boolean':
      return false;
    case 'string':
      return stringCandidates(schema, name)[0] ?? 'example';
    default:
      return {};
  }
}

const FORMATS: Record<string, string> = {
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

/** Strings that fit the schema's format, pattern and lengths, best first; `extra` are tried after the format's. */
export function stringCandidates(schema: JsonSchema, name: string, extra: readonly string[] = []): string[] {
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined;
  const matches = pattern === undefined ? undefined : re2Matcher(pattern);
  const base = [FORMATS[String(schema.format)], ...extra, ...(pattern ? patternSamples(pattern) : [])];
  const candidates = [...base, 'example', name.toLowerCase(), 'example-1', 'a', '1', '1m', '100Mi'].filter(
    (c): c is string => c !== undefined,
  );
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  // Go counts characters (runes), as the apiserver does for minLength/maxLength.
  const fits = (c: string) => [...c].length >= min && [...c].length <= max && (!matches || matches(c));
  const padded = candidates.map((c) => c.padEnd(min, 'x'));
  return [...new Set([...candidates, ...padded].filter(fits))];
}
