/**
 * Documents become CEL values the way the apiserver types them from the schema: integer → int
 * (bigint), number → double, date-time → timestamp, duration → duration, byte → bytes,
 * int-or-string → int or string. Property names are escaped (`__dash__`, …), fields the schema does
 * not declare are invisible, and of metadata only name and generateName are visible.
 */
import { isDateTime, parseGoDuration } from '../formats.js';
import { wellKnownTypes } from '../libraries.js';
import { type Node, childOf, isPlainObject } from '../node.js';
import { MeteredMap, meteredList } from './cost.js';

const RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);
const IDENT = /^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/;

/** The name a property has in CEL, or undefined when it cannot be reached from CEL. */
export function escapeProperty(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!IDENT.test(name)) return undefined;
  if (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) && !name.includes('__')) return name;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

/** Untyped data (preserved fields, no schema): numbers that are integers become int. */
function dynamic(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return meteredList(value.map(dynamic));
  if (isPlainObject(value)) return new MeteredMap(Object.keys(value).map((k) => [k, dynamic(value[k])]));
  return value;
}

/** Conversions already made during one document's evaluation: nested rule nodes share their subtrees. */
export type CelCache = WeakMap<object, unknown>;

export function toCel(value: unknown, node: Node | undefined, isResource = false, cache?: CelCache): unknown {
  if (value === null || value === undefined) return null;
  if (!node) return dynamic(value);
  if (typeof value === 'number') {
    if ((node.type === 'integer' || node.intOrString || node.type === undefined) && Number.isInteger(value)) return BigInt(value);
    return value;
  }
  if (typeof value === 'string') {
    if (node.intOrString) return value;
    const format = node.format?.toLowerCase();
    if (format === 'date-time' && isDateTime(value)) return wellKnownTypes().timestampFromDate(new Date(value));
    if (format === 'duration') {
      const ms = parseGoDuration(value);
      if (ms !== undefined) return wellKnownTypes().durationFromMs(ms);
    }
    if (format === 'byte') return new Uint8Array(Buffer.from(value, 'base64'));
    return value;
  }
  if (typeof value === 'object') {
    const cached = cache?.get(value);
    if (cached !== undefined) return cached;
    const converted = Array.isArray(value)
      ? meteredList(value.map((v) => toCel(v, node.items, node.items?.embedded, cache)))
      : toCelObject(value as Record<string, unknown>, node, isResource, cache);
    cache?.set(value, converted);
    return converted;
  }
  return value;
}

/**
 * Objects become Maps, never plain objects: their keys are user data (`__proto__`, `constructor`),
 * and @bufbuild/cel reads a plain object's `constructor` to decide how to convert it.
 */
function toCelObject(value: Record<string, unknown>, node: Node, isResource: boolean, cache: CelCache | undefined): unknown {
  const out = new MeteredMap<string, unknown>();
  const mapLike = !node.properties && node.additionalProperties !== undefined;
  const open = node.preserveUnknown && !node.properties && node.additionalProperties === undefined;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (isResource && key === 'metadata') {
      if (isPlainObject(v))
        out.set('metadata', new MeteredMap(['name', 'generateName'].filter((k) => typeof v[k] === 'string').map((k) => [k, v[k]])));
      continue;
    }
    if (isResource && (key === 'apiVersion' || key === 'kind')) {
      out.set(key, v);
      continue;
    }
    const child = childOf(node, key);
    if (!child) {
      if (open) out.set(key, dynamic(v));
      continue;
    }
    const name = mapLike ? key : escapeProperty(key);
    if (name !== undefined) out.set(name, toCel(v, child, child.embedded, cache));
  }
  return out;
}
