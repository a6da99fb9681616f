/**
 * Documents become CEL values the way the apiserver types them from the schema: integer → int
 * (bigint), number → double, date-time → timestamp, duration → duration, byte → bytes,
 * int-or-string → int or string. Property names are escaped (`__dash__`, …), fields the schema does
 * not declare are invisible, and of metadata only name and generateName are visible.
 */
import { wellKnownTypes } from '../libraries.js';
import { isDateTime } from '../formats.js';
import { type Node, childOf, isPlainObject } from '../node.js';

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

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };

function goDurationMs(s: string): number | undefined {
  const m = /^([-+]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(s);
  if (!m) return s === '0' ? 0 : undefined;
  let total = 0;
  for (const part of (m[2] ?? '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g))
    total += Number(part[1]) * (UNITS[part[2] ?? ''] ?? 0);
  return m[1] === '-' ? -total : total;
}

/** Untyped data (preserved fields, no schema): numbers that are integers become int. */
function dynamic(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(dynamic);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dynamic(v)]));
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
      const ms = goDurationMs(value);
      if (ms !== undefined) return wellKnownTypes().durationFromMs(ms);
    }
    if (format === 'byte') return new Uint8Array(Buffer.from(value, 'base64'));
    return value;
  }
  if (typeof value === 'object') {
    const cached = cache?.get(value);
    if (cached !== undefined) return cached;
    const converted = Array.isArray(value)
      ? value.map((v) => toCel(v, node.items, node.items?.embedded, cache))
      : toCelObject(value as Record<string, unknown>, node, isResource, cache);
    cache?.set(value, converted);
    return converted;
  }
  return value;
}

function toCelObject(value: Record<string, unknown>, node: Node, isResource: boolean, cache: CelCache | undefined): unknown {
  const out: Record<string, unknown> = {};
  const mapLike = !node.properties && node.additionalProperties !== undefined;
  const open = node.preserveUnknown && !node.properties && node.additionalProperties === undefined;
  for (const [key, v] of Object.entries(value)) {
    if (isResource && key === 'metadata') {
      if (isPlainObject(v))
        out.metadata = Object.fromEntries(['name', 'generateName'].filter((k) => typeof v[k] === 'string').map((k) => [k, v[k]]));
      continue;
    }
    if (isResource && (key === 'apiVersion' || key === 'kind')) {
      out[key] = v;
      continue;
    }
    const child = childOf(node, key);
    if (!child) {
      if (open) out[key] = dynamic(v);
      continue;
    }
    const name = mapLike ? key : escapeProperty(key);
    if (name !== undefined) out[name] = toCel(v, child, child.embedded, cache);
  }
  return out;
}
