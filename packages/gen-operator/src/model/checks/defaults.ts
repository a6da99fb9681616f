import { type DefaultJudge, defaultJudge, type SchemaIssue } from '@gen-operator/runtime';
import type { PathSegment } from '../../diagnostics.js';
import type { Reporter } from '../report.js';

/** Words people write for "no value" that YAML reads as strings. */
const NONE_WORDS = new Set(['None', 'none', 'NONE', 'nil', 'Nil', 'undefined', 'NULL']);

/**
 * A default must need no pruning and be valid against its own schema node, CEL rules included: the
 * apiserver refuses the CRD otherwise. The verdict is the runtime schema engine's (`defaultJudge`),
 * the one that judges custom resources, so RE2 patterns, lengths in runes, Kubernetes formats and
 * JSON equality are the apiserver's. Problems are reported at the `default` key.
 */
export function checkDefault(
  report: Reporter,
  node: Record<string, unknown>,
  at: PathSegment[],
  where: { defaults?: DefaultJudge; inAdditionalProperties?: boolean } = {},
): void {
  const value = node.default;
  if (value === null) {
    report.warning(
      'default-null',
      at,
      'default: null is no default: the apiserver ignores it, so objects without this field get no value',
      node.nullable === true
        ? 'remove the default line'
        : 'remove the default line; to store null, add nullable: true and set it in the object',
    );
    return;
  }
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
  const noneHint =
    typeof value === 'string' && NONE_WORDS.has(value)
      ? `"${value}" is read as a string; to have no default, remove the default line`
      : undefined;
  const { issues, objectIssues, skipped } = (where.defaults ?? defaultJudge()).check(node);
  for (const issue of issues) {
    const d = describe(issue);
    if (where.inAdditionalProperties)
      report.warning(
        'default-additional-properties',
        at,
        `default${d.at} is invalid: ${d.message} (the apiserver does not check defaults below additionalProperties)`,
        noneHint ?? hintFor(issue),
      );
    else report.error('default-invalid', at, `default${d.at} is invalid: ${d.message}`, noneHint ?? hintFor(issue));
  }
  for (const issue of objectIssues) {
    const d = describe(issue);
    report.warning(
      'default-object-invalid',
      at,
      `default${d.at} is invalid in an object: ${d.message} (the apiserver accepts the CRD, then refuses every object that gets this default)`,
      hintFor(issue),
    );
  }
  for (const rule of skipped)
    report.warning(
      'default-unchecked',
      at,
      `default${rule.path ? ` at ${rule.path}` : ''}: the rule ${JSON.stringify(rule.rule)} could not be checked (${rule.message})`,
      'check that the default satisfies this rule: the apiserver refuses the CRD if it does not',
    );
}

/** The problem and where in the default it is; a missing required field is named, at the object that lacks it. */
function describe(issue: SchemaIssue): { at: string; message: string } {
  const missing = issue.rule === 'required' ? /^(?:(.*)\.)?([^.]+)$/.exec(issue.path) : null;
  const where = missing ? (missing[1] ?? '') : issue.path;
  const message = missing ? `Required value: field "${missing[2]}" is missing` : issue.message;
  return { at: where ? ` at ${where}` : '', message };
}

/** What to do about one problem, by the keyword that found it. */
function hintFor(issue: SchemaIssue): string {
  const last = /(?:^|\.)([^.[\]]+)$/.exec(issue.path)?.[1];
  switch (issue.rule) {
    case 'unknown-field':
      return last ? `remove "${last}" from the default, or declare it under properties` : 'remove the field from the default';
    case 'type': {
      if (issue.message.startsWith('Invalid value: "null"')) return 'remove the field or the default, or add nullable: true';
      const type = /must be of type (.+)$/.exec(issue.message)?.[1] ?? 'the declared';
      return `give a ${type} value${type === 'string' ? ' (quote it)' : ''}`;
    }
    case 'required':
      return `add ${last ?? 'the field'} to the default (defaults of nested fields are not applied to a default)`;
    case 'enum':
      return 'pick one of the enum values';
    case 'maxLength':
      return 'shorten it (lengths count characters, as Go counts runes)';
    case 'minLength':
      return 'lengthen it (lengths count characters, as Go counts runes)';
    case 'pattern':
      return 'change the default to match the pattern (RE2 syntax, as the apiserver runs it)';
    case 'format':
      return 'give a value in that format';
    case 'maximum':
      return 'lower it';
    case 'minimum':
      return 'raise it';
    case 'multipleOf':
      return 'use a multiple of the given value';
    case 'maxItems':
    case 'maxProperties':
      return 'give fewer entries';
    case 'minItems':
    case 'minProperties':
      return 'give more entries';
    case 'uniqueItems':
    case 'x-kubernetes-list-type':
    case 'x-kubernetes-list-map-keys':
      return 'remove the duplicates';
    case 'anyOf':
    case 'oneOf':
    case 'not':
      return `change the default to satisfy the ${issue.rule} schemas`;
    case 'x-kubernetes-embedded-resource':
      return 'give the embedded object an apiVersion and a kind';
    default:
      if (issue.rule.startsWith('metadata')) return 'fix the metadata in the default';
      // Any other rule name is a CEL expression from x-kubernetes-validations.
      return `change the default so that the rule holds: ${issue.rule}`;
  }
}
