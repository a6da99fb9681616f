import { ruleProblems } from '@gen-operator/runtime';
import type { PathSegment } from '../../../diagnostics.js';
import { isObject, type Reporter } from '../../report.js';
import type { SchemaNode, SchemaRule } from './rule.js';

/** x-kubernetes-validations is a list of entries, each with a non-empty rule. */
export const validations: SchemaRule = (report, node, path) => {
  const validations = node['x-kubernetes-validations'];
  if (validations === undefined) return;
  if (!Array.isArray(validations))
    report.error(
      'validations',
      [...path, 'x-kubernetes-validations'],
      'x-kubernetes-validations must be a list of rules',
      'write - rule: "self.x > 0"',
    );
  else
    validations.forEach((v, i) => {
      if (!isObject(v) || typeof v.rule !== 'string' || v.rule.trim() === '') {
        report.error(
          'validations',
          [...path, 'x-kubernetes-validations', i],
          'each validation needs a non-empty CEL rule',
          'add rule: "..." (and message: "...")',
        );
      }
    });
};

/** The CEL rules of the whole schema compile and fit the apiserver's cost budget (judged once, from the root). */
export function checkCelRules(report: Reporter, schema: SchemaNode, path: PathSegment[]): void {
  for (const problem of ruleProblems(schema))
    report.error(
      'validations',
      [...path, ...problem.path],
      problem.message,
      problem.message.includes('exceeds budget')
        ? 'bound the lists, maps and strings the rule walks (maxItems, maxProperties, maxLength), or simplify the rule'
        : 'fix the CEL expression: the apiserver refuses a CRD whose rules do not compile',
    );
}
