/**
 * Evaluation of compiled x-kubernetes-validations rules over a document, node by node, under the
 * apiserver's runtime cost limits: each rule stops at PER_CALL_LIMIT, all the rules of one object
 * share RUNTIME_COST_BUDGET, and either one running out stops every further rule, with the
 * apiserver's messages.
 */
import type { CelResult } from '@bufbuild/cel';
import { cel } from '../libraries.js';
import { type Node, childOf, isPlainObject } from '../node.js';
import type { SchemaIssue, SkippedRule } from '../types.js';
import type { CompiledRule, Program } from './compile.js';
import { COST_LIMIT_ERROR, type Metered, metered, PER_CALL_LIMIT, RUNTIME_COST_BUDGET } from './cost.js';
import { type CelCache, toCel } from './values.js';

function at(path: string, fieldPath: string | undefined): string {
  if (!fieldPath) return path;
  const joined = `${path}${fieldPath.startsWith('.') || fieldPath.startsWith('[') ? fieldPath : `.${fieldPath}`}`;
  return joined.startsWith('.') ? joined.slice(1) : joined;
}

const OUT_OF_BUDGET = 'validation failed due to running out of cost budget, no further validation rules will be run';

/** The apiserver's name for a rule in messages: its message when it has one, else its expression. */
const ruleName = (rule: CompiledRule) => rule.message?.trim() || rule.rule.trim();

export interface CelOutcome {
  issues: SchemaIssue[];
  skipped: SkippedRule[];
  cache?: CelCache;
  /** What is left of the object's runtime cost budget; below zero once evaluation has stopped. */
  budget?: { remaining: number };
  /**
   * Run transition rules with `oldSelf` bound to `self`, as the apiserver judges a CRD's default
   * values (the default is its own old value); otherwise they are skipped, as on create.
   */
  oldSelfIsSelf?: boolean;
}

function run(program: Program, self: unknown, oldSelf: boolean): Metered<CelResult> {
  return metered(PER_CALL_LIMIT, () => {
    try {
      return program(oldSelf ? { self, oldSelf: self } : { self });
    } catch (err) {
      return err as CelResult;
    }
  });
}

function failureMessage(rule: CompiledRule, self: unknown, budget: { remaining: number }): string {
  const messageProgram = rule.messageProgram();
  if (messageProgram) {
    const outcome = metered(PER_CALL_LIMIT, () => messageProgram({ self }));
    if (!('exceeded' in outcome) && outcome.cost <= budget.remaining) {
      budget.remaining -= outcome.cost;
      const m = outcome.value;
      if (typeof m === 'string' && m.trim() !== '' && !m.includes('\n')) return m;
    }
  }
  return rule.message ?? `failed rule: ${rule.rule}`;
}

/** Evaluates every rule on the value and below it. */
export function evaluateRules(value: unknown, node: Node, path: string, out: CelOutcome, isResource = false): void {
  if (value === null || value === undefined || !node.hasRulesBelow) return;
  out.budget ??= { remaining: RUNTIME_COST_BUDGET };
  const budget = out.budget;
  if (budget.remaining < 0) return;
  if (node.rules.length > 0) {
    const self = toCel(value, node, isResource, out.cache);
    for (const rule of node.rules) {
      const where = at(path, rule.fieldPath);
      if (rule.transition && !(out.oldSelfIsSelf && !rule.optionalOldSelf)) {
        out.skipped.push({
          path: where,
          message: 'not checkable without the old object (transition rule using oldSelf)',
          rule: rule.rule,
          reason: 'transition',
        });
        continue;
      }
      const program = rule.program();
      if (typeof program === 'string') {
        out.skipped.push({ path: where, message: `rule does not compile here: ${program}`, rule: rule.rule, reason: 'unsupported' });
        continue;
      }
      if (budget.remaining === 0) {
        out.issues.push({ path, message: `Invalid value: ${OUT_OF_BUDGET}`, rule: rule.rule });
        budget.remaining = -1;
        return;
      }
      const outcome = run(program, self, rule.transition);
      if ('exceeded' in outcome) {
        const message = `'${COST_LIMIT_ERROR}': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleName(rule)}`;
        out.issues.push({ path, message: `Invalid value: ${message}`, rule: rule.rule });
        budget.remaining = -1;
        return;
      }
      if (outcome.cost > budget.remaining) {
        out.issues.push({ path, message: `Invalid value: ${OUT_OF_BUDGET}`, rule: rule.rule });
        budget.remaining = -1;
        return;
      }
      budget.remaining -= outcome.cost;
      const result = outcome.value;
      if (result === true) continue;
      if (cel().isCelError(result) || result instanceof Error) {
        const message = result instanceof Error ? result.message : String(result);
        if (/unbound function|no matching overload|unsupported/i.test(message) && !/no such key|field not found/.test(message))
          out.skipped.push({ path: where, message: `not checkable here: ${message}`, rule: rule.rule, reason: 'unsupported' });
        else out.issues.push({ path: where, message: `Invalid value: rule evaluation error: ${message}`, rule: rule.rule });
        continue;
      }
      out.issues.push({ path: where, message: `Invalid value: ${failureMessage(rule, self, budget)}`, rule: rule.rule });
    }
  }
  if (Array.isArray(value)) {
    const items = node.items;
    if (items?.hasRulesBelow)
      for (let i = 0; i < value.length && budget.remaining >= 0; i++) evaluateRules(value[i], items, `${path}[${i}]`, out, items.embedded);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      if (budget.remaining < 0) return;
      if (isResource && key === 'metadata') continue;
      const child = childOf(node, key);
      if (!child?.hasRulesBelow) continue;
      const p = node.properties?.has(key) ? (path ? `${path}.${key}` : key) : `${path}[${key}]`;
      evaluateRules(value[key], child, p, out, child.embedded);
    }
  }
}
