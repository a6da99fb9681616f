/**
 * compileSchema: one CRD version's openAPIV3Schema compiled once, then applied to any number of
 * documents in the apiserver's order for a create: prune unknown fields (reported, as strict field
 * validation does) → drop nulls where not nullable → apply defaults → (status dropped when the CRD
 * has a status subresource) → schema validation and ObjectMeta rules → CEL rules.
 */
import { evaluateRules } from './cel/evaluate.js';
import { applyDefaults, cloneJson } from './defaults.js';
import { checkMetadata } from './metadata.js';
import { type Node, compileNode, isPlainObject } from './node.js';
import { pruneUnknown } from './prune.js';
import type { CheckOptions, CheckResult, SchemaContext, SchemaIssue, SkippedRule, ValidationResult } from './types.js';
import { validateNode } from './validate.js';

export interface CompiledSchema {
  /** The full create-time verdict on one document, with the value the apiserver would store. */
  check(document: unknown, options?: CheckOptions): CheckResult;
  /** The apiserver's structural checks without CEL, in the runtime's result shape. */
  validate<T>(document: unknown, options?: CheckOptions): ValidationResult<T>;
  /** A copy with nulls pruned where not nullable and the schema's defaults applied. */
  withDefaults<T>(document: T): T;
  /** A copy without the fields the apiserver would prune, and their paths. */
  prune<T>(document: T): { value: T; unknownFields: string[] };
}

function scaleIssues(value: Record<string, unknown>, specReplicasPath: string): SchemaIssue[] {
  const parts = specReplicasPath.replace(/^\./, '').split('.');
  let v: unknown = value;
  for (const part of parts) v = isPlainObject(v) && Object.hasOwn(v, part) ? v[part] : undefined;
  if (v === undefined || v === null) return [];
  const path = parts.join('.');
  if (!Number.isInteger(v)) return [{ path, message: 'Invalid value: should be an integer', rule: 'scale' }];
  if ((v as number) < 0) return [{ path, message: 'Invalid value: should be a non-negative integer', rule: 'scale' }];
  if ((v as number) > 2147483647) return [{ path, message: 'Invalid value: should be less than or equal to 2147483647', rule: 'scale' }];
  return [];
}

export function compileSchema(openAPIV3Schema: unknown, context: SchemaContext = {}): CompiledSchema {
  const root: Node = compileNode(openAPIV3Schema);

  function check(document: unknown, options: CheckOptions = {}): CheckResult {
    if (!isPlainObject(document))
      return { valid: false, value: document, issues: [{ path: '', message: 'must be an object', rule: 'type' }], skipped: [] };
    const value = options.inPlace ? document : cloneJson(document);
    const issues: SchemaIssue[] = [];
    const skipped: SkippedRule[] = [];
    const unknown: string[] = [];
    pruneUnknown(value, root, '', true, unknown);
    if (options.unknownFields !== false)
      for (const path of unknown) issues.push({ path, message: 'unknown field: not declared in the schema', rule: 'unknown-field' });
    applyDefaults(value, root, true);
    if (context.statusSubresource) delete value.status;
    validateNode(value, root, '', issues, true);
    if (options.metadata !== false)
      checkMetadata(value.metadata, 'metadata', issues, { root: true, namespaced: context.namespaced ?? false });
    if (context.scale) issues.push(...scaleIssues(value, context.scale.specReplicasPath));
    if (options.cel !== false && !issues.some((i) => i.rule === 'type'))
      evaluateRules(value, root, '', { issues, skipped, cache: new WeakMap() }, true);
    return { valid: issues.length === 0, value, issues, skipped };
  }

  return {
    check,
    validate<T>(document: unknown, options: CheckOptions = {}): ValidationResult<T> {
      const result = check(document, { cel: false, ...options });
      return result.valid ? { valid: true, value: result.value as T, issues: [] } : { valid: false, issues: result.issues };
    },
    withDefaults<T>(document: T): T {
      const value = cloneJson(document);
      applyDefaults(value, root, true);
      return value;
    },
    prune<T>(document: T): { value: T; unknownFields: string[] } {
      const value = cloneJson(document);
      const unknownFields: string[] = [];
      pruneUnknown(value, root, '', true, unknownFields);
      return { value, unknownFields };
    },
  };
}
