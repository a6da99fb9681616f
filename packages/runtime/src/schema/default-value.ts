/**
 * A `default` in a CRD schema judged as the apiserver judges it when the CRD is written
 * (apiextensions' ValidateDefaults), with the same walkers that judge documents:
 *
 * 1. the value must need no pruning: a field the node's schema would drop is an error;
 * 2. it must validate against the schema of its own node as written: types, nullable, enum,
 *    bounds, lengths in runes, RE2 patterns, formats, required, junctors. Nested defaults are not
 *    applied first and nulls are not dropped, so an object default must carry its required fields;
 * 3. only when it does, the CEL rules of that node and below must hold, transition rules included
 *    with `oldSelf` bound to the default itself. Every default of one CRD version shares one runtime
 *    cost budget.
 *
 * Duplicates in a list-type set or map are not checked in a default (reported apart, as
 * `objectIssues`), nor is a default below additionalProperties (the caller does not ask).
 *
 * A `default: null` is no default at all for the apiserver (the field decodes to nil), so it is
 * not judged here.
 */
import { evaluateRules } from './cel/evaluate.js';
import { RUNTIME_COST_BUDGET } from './cel/cost.js';
import { cloneJson } from './defaults.js';
import { compileNode } from './node.js';
import { pruneUnknown } from './prune.js';
import type { SchemaIssue, SkippedRule } from './types.js';
import { validateNode } from './validate.js';

const LIST_TYPE_RULES = new Set(['x-kubernetes-list-type', 'x-kubernetes-list-map-keys']);

export interface DefaultVerdict {
  /** Problems the apiserver refuses the CRD for, with paths inside the default value ('' for the value itself). */
  issues: SchemaIssue[];
  /**
   * Problems the apiserver does not check in a default but does check in every object: duplicates
   * in a list-type set or map. The CRD is accepted; each object that gets this default is refused.
   */
  objectIssues: SchemaIssue[];
  /** CEL rules this engine cannot evaluate here; their verdict is unknown. */
  skipped: SkippedRule[];
}

/** Judges the defaults of one CRD version; the judge carries their shared CEL cost budget. */
export interface DefaultJudge {
  /** The verdict on the `default` of one schema node (the raw node, as written in the CRD). */
  check(schemaNode: unknown): DefaultVerdict;
}

export function defaultJudge(): DefaultJudge {
  const budget = { remaining: RUNTIME_COST_BUDGET };
  return {
    check(schemaNode: unknown): DefaultVerdict {
      const node = compileNode(schemaNode);
      const value = node.default;
      const issues: SchemaIssue[] = [];
      const objectIssues: SchemaIssue[] = [];
      const skipped: SkippedRule[] = [];
      if (!node.hasDefault || value === null || value === undefined) return { issues, objectIssues, skipped };
      const unknown: string[] = [];
      pruneUnknown(cloneJson(value), node, '', node.embedded, unknown);
      for (const path of unknown) issues.push({ path, message: 'must not have unknown fields', rule: 'unknown-field' });
      const schemaIssues: SchemaIssue[] = [];
      validateNode(value, node, '', schemaIssues, node.embedded);
      // The apiserver validates a default with its OpenAPI validator only; list types are checked per object.
      for (const issue of schemaIssues) (LIST_TYPE_RULES.has(issue.rule) ? objectIssues : issues).push(issue);
      if (issues.length === 0 && budget.remaining >= 0)
        evaluateRules(value, node, '', { issues, skipped, budget, oldSelfIsSelf: true }, node.embedded);
      return { issues, objectIssues, skipped };
    },
  };
}
