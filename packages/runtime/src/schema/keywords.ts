/**
 * Value keywords of a schema node compiled into small closures, so checking a document does not
 * re-read the schema. Type, required, properties and junctors are handled by the walker (validate.ts).
 */
import { formatValidator } from './formats.js';
import { re2 } from './patterns.js';
import type { SchemaIssue } from './types.js';
import { isObject } from './json.js';

export type ValueCheck = (value: unknown, path: string, issues: SchemaIssue[]) => void;

type Json = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Length in Unicode code points, as Go counts runes. */
export function runeLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

/** JSON equality (key order ignored), as Go's reflect.DeepEqual on decoded JSON. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a as Json);
  const kb = Object.keys(b as Json);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b as Json, k) && jsonEqual((a as Json)[k], (b as Json)[k]));
}

const show = (v: unknown) => JSON.stringify(v);

export function compileChecks(s: Json): ValueCheck[] {
  const checks: ValueCheck[] = [];
  if (Array.isArray(s.enum)) {
    const allowed = s.enum as unknown[];
    const list = allowed.map(show).join(', ');
    checks.push((v, path, issues) => {
      if (!allowed.some((a) => jsonEqual(a, v)))
        issues.push({ path, message: `Unsupported value: ${show(v)}: supported values: ${list}`, rule: 'enum' });
    });
  }
  const max = num(s.maximum);
  if (max !== undefined) {
    const exclusive = s.exclusiveMaximum === true;
    checks.push((v, path, issues) => {
      if (typeof v === 'number' && (exclusive ? v >= max : v > max))
        issues.push({ path, message: `Invalid value: ${v}: must be less than ${exclusive ? '' : 'or equal to '}${max}`, rule: 'maximum' });
    });
  }
  const min = num(s.minimum);
  if (min !== undefined) {
    const exclusive = s.exclusiveMinimum === true;
    checks.push((v, path, issues) => {
      if (typeof v === 'number' && (exclusive ? v <= min : v < min))
        issues.push({
          path,
          message: `Invalid value: ${v}: must be greater than ${exclusive ? '' : 'or equal to '}${min}`,
          rule: 'minimum',
        });
    });
  }
  const multipleOf = num(s.multipleOf);
  if (multipleOf !== undefined && multipleOf > 0) {
    checks.push((v, path, issues) => {
      if (typeof v !== 'number') return;
      const q = v / multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9)
        issues.push({ path, message: `Invalid value: ${v}: must be a multiple of ${multipleOf}`, rule: 'multipleOf' });
    });
  }
  const maxLength = num(s.maxLength);
  if (maxLength !== undefined) {
    checks.push((v, path, issues) => {
      if (typeof v === 'string' && v.length > maxLength && runeLength(v) > maxLength)
        issues.push({ path, message: `Too long: may not be more than ${maxLength} bytes`, rule: 'maxLength' });
    });
  }
  const minLength = num(s.minLength);
  if (minLength !== undefined) {
    checks.push((v, path, issues) => {
      if (typeof v === 'string' && runeLength(v) < minLength)
        issues.push({ path, message: `Invalid value: ${show(v)}: should be at least ${minLength} chars long`, rule: 'minLength' });
    });
  }
  if (typeof s.pattern === 'string') {
    const pattern = s.pattern;
    const compiled = re2(pattern);
    checks.push((v, path, issues) => {
      if (typeof v !== 'string') return;
      if (compiled instanceof Error)
        issues.push({ path, message: `pattern ${show(pattern)} does not compile: ${compiled.message}`, rule: 'pattern' });
      else if (!compiled.test(v)) issues.push({ path, message: `Invalid value: ${show(v)}: should match '${pattern}'`, rule: 'pattern' });
    });
  }
  if (typeof s.format === 'string') {
    const format = s.format;
    const valid = formatValidator(format);
    if (valid)
      checks.push((v, path, issues) => {
        if (typeof v === 'string' && !valid(v))
          issues.push({ path, message: `Invalid value: ${show(v)}: must be of format ${format}`, rule: 'format' });
      });
  }
  const maxItems = num(s.maxItems);
  if (maxItems !== undefined) {
    checks.push((v, path, issues) => {
      if (Array.isArray(v) && v.length > maxItems)
        issues.push({ path, message: `Too many: ${v.length}: must have at most ${maxItems} items`, rule: 'maxItems' });
    });
  }
  const minItems = num(s.minItems);
  if (minItems !== undefined) {
    checks.push((v, path, issues) => {
      if (Array.isArray(v) && v.length < minItems)
        issues.push({ path, message: `Invalid value: ${v.length}: must have at least ${minItems} items`, rule: 'minItems' });
    });
  }
  if (s.uniqueItems === true) {
    checks.push((v, path, issues) => {
      if (Array.isArray(v) && v.some((a, i) => v.slice(i + 1).some((b) => jsonEqual(a, b))))
        issues.push({ path, message: 'Duplicate value: items must be unique', rule: 'uniqueItems' });
    });
  }
  const maxProperties = num(s.maxProperties);
  if (maxProperties !== undefined) {
    checks.push((v, path, issues) => {
      if (isObject(v) && Object.keys(v).length > maxProperties)
        issues.push({ path, message: `Too many: must have at most ${maxProperties} properties`, rule: 'maxProperties' });
    });
  }
  const minProperties = num(s.minProperties);
  if (minProperties !== undefined) {
    checks.push((v, path, issues) => {
      if (isObject(v) && Object.keys(v).length < minProperties)
        issues.push({ path, message: `Invalid value: must have at least ${minProperties} properties`, rule: 'minProperties' });
    });
  }
  return checks;
}
