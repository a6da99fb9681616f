import { jsonEqual, re2Search, runeLength } from '@gen-operator/runtime';
import type { PathSegment } from '../../diagnostics.js';
import { isObject, type Reporter, typeName } from '../report.js';

/** Words people write for "no value" that YAML reads as strings. */
const NONE_WORDS = new Set(['None', 'none', 'NONE', 'nil', 'Nil', 'undefined', 'NULL']);

/**
 * A default must itself be valid against its schema and survive pruning (the apiserver refuses
 * the CRD otherwise). Problems are reported at the `default` key.
 */
export function checkDefault(report: Reporter, node: Record<string, unknown>, at: PathSegment[]): void {
  const value = node.default;
  if (typeof value === 'string' && NONE_WORDS.has(value) && !(Array.isArray(node.enum) && node.enum.includes(value))) {
    const type = node.type;
    if (type === 'string' || type === undefined) {
      report.warning(
        'default-none',
        at,
        `default is the string "${value}": every object without this field gets "${value}" as its value`,
        `did you mean no default (Python's None)? Remove the default line; write null only with nullable: true`,
      );
      return;
    }
  }
  for (const problem of problems(node, value, '')) {
    const noneHint =
      typeof value === 'string' && NONE_WORDS.has(value)
        ? `"${value}" is read as a string; to have no default, remove the default line`
        : undefined;
    report.error(
      'default-invalid',
      at,
      `default${problem.where ? ` at ${problem.where}` : ''} is invalid: ${problem.message}`,
      noneHint ?? problem.hint,
    );
  }
}

interface Problem {
  where: string;
  message: string;
  hint: string;
}

function problems(schema: Record<string, unknown>, value: unknown, where: string): Problem[] {
  if (value === null) {
    return schema.nullable === true
      ? []
      : [{ where, message: 'null on a field that is not nullable', hint: 'remove the default, or add nullable: true' }];
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    return typeof value === 'string' || Number.isInteger(value)
      ? []
      : [{ where, message: `must be an integer or a string, not ${typeName(value)}`, hint: 'give a whole number or a string' }];
  }
  const type = schema.type;
  const actual = typeName(value);
  if (typeof type === 'string' && !(type === actual || (type === 'number' && actual === 'integer'))) {
    return [
      {
        where,
        message: `must be of type ${type}, not ${actual} (${JSON.stringify(value)})`,
        hint: `give a ${type} value${type === 'string' ? ' (quote it)' : ''}`,
      },
    ];
  }
  const out: Problem[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => jsonEqual(e, value))) {
    out.push({
      where,
      message: `${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`,
      hint: 'pick one of the enum values',
    });
  }
  if (typeof value === 'string') {
    // Lengths in runes and patterns with RE2 (linear time, Go's syntax), as the apiserver checks them.
    if (typeof schema.maxLength === 'number' && runeLength(value) > schema.maxLength)
      out.push({ where, message: `longer than maxLength ${schema.maxLength}`, hint: 'shorten it' });
    if (typeof schema.minLength === 'number' && runeLength(value) < schema.minLength)
      out.push({ where, message: `shorter than minLength ${schema.minLength}`, hint: 'lengthen it' });
    if (typeof schema.pattern === 'string' && re2Search(schema.pattern, value) === false)
      out.push({ where, message: `does not match the pattern ${schema.pattern}`, hint: 'change the default to match the pattern' });
  }
  if (typeof value === 'number') {
    if (typeof schema.maximum === 'number' && (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum))
      out.push({ where, message: `above the maximum ${schema.maximum}`, hint: 'lower it' });
    if (typeof schema.minimum === 'number' && (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum))
      out.push({ where, message: `below the minimum ${schema.minimum}`, hint: 'raise it' });
  }
  if (Array.isArray(value) && isObject(schema.items)) {
    const items = schema.items;
    value.forEach((item, i) => {
      out.push(...problems(items, item, `${where}[${i}]`));
    });
  }
  if (isObject(value) && schema.type === 'object') {
    const props = isObject(schema.properties) ? schema.properties : undefined;
    const extra = isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
    const open = schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true;
    for (const [key, item] of Object.entries(value)) {
      // Own keys only: a field named `constructor` or `toString` is not found on Object.prototype.
      const sub = props && Object.hasOwn(props, key) ? props[key] : undefined;
      const name = where ? `${where}.${key}` : key;
      if (isObject(sub)) out.push(...problems(sub, item, name));
      else if (extra) out.push(...problems(extra, item, name));
      else if (!open && !schema['x-kubernetes-embedded-resource'])
        out.push({
          where: name,
          message: `"${key}" is not in the schema, so the apiserver would prune it`,
          hint: `remove "${key}" from the default, or declare it under properties`,
        });
    }
    if (Array.isArray(schema.required)) {
      for (const key of schema.required) {
        if (
          typeof key === 'string' &&
          !Object.hasOwn(value, key) &&
          !(props && Object.hasOwn(props, key) && isObject(props[key]) && (props[key] as Record<string, unknown>).default !== undefined)
        ) {
          out.push({ where, message: `required field "${key}" is missing`, hint: `add ${key} to the default` });
        }
      }
    }
  }
  return out;
}
