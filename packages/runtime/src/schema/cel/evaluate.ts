/** Evaluation of compiled x-kubernetes-validations rules over a document, node by node. */
import type { CelResult } from '@bufbuild/cel';
import { cel } from '../libraries.js';
import { type Node, childOf, isPlainObject } from '../node.js';
import type { SchemaIssue, SkippedRule } from '../types.js';
import type { CompiledRule } from './compile.js';
import { type CelCache, toCel } from './values.js';

function at(path: string, fieldPath: string | undefined): string {
  if (!fieldPath) return path;
  const joined = `${path}${fieldPath.startsWith('.') || fieldPath.startsWith('[') ? fieldPath : `.${fieldPath}`}`;
  return joined.startsWith('.') ? joined.slice(1) : joined;
}

function failureMessage(rule: CompiledRule, self: unknown): string {
  const messageProgram = rule.messageProgram();
  if (messageProgram) {
    const m = messageProgram({ self });
    if (typeof m === 'string' && m.trim() !== '' && !m.includes('\n')) return m;
  }
  return rule.message ?? `failed rule: ${rule.rule}`;
}

export interface CelOutcome {
  issues: SchemaIssue[];
  skipped: SkippedRule[];
  cache?: CelCache;
}

/** Evaluates every rule on the value and below it. */
export function evaluateRules(value: unknown, node: Node, path: string, out: CelOutcome, isResource = false): void {
  if (value === null || value === undefined || !node.hasRulesBelow) return;
  if (node.rules.length > 0) {
    const self = toCel(value, node, isResource, out.cache);
    for (const rule of node.rules) {
      const where = at(path, rule.fieldPath);
      if (rule.transition) {
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
      let result: CelResult;
      try {
        result = program({ self });
      } catch (err) {
        result = err as CelResult;
      }
      if (result === true) continue;
      if (cel().isCelError(result) || result instanceof Error) {
        const message = result instanceof Error ? result.message : String(result);
        if (/unbound function|no matching overload|unsupported/i.test(message) && !/no such key|field not found/.test(message))
          out.skipped.push({ path: where, message: `not checkable here: ${message}`, rule: rule.rule, reason: 'unsupported' });
        else out.issues.push({ path: where, message: `Invalid value: rule evaluation error: ${message}`, rule: rule.rule });
        continue;
      }
      out.issues.push({ path: where, message: `Invalid value: ${failureMessage(rule, self)}`, rule: rule.rule });
    }
  }
  if (Array.isArray(value)) {
    const items = node.items;
    if (items?.hasRulesBelow) for (let i = 0; i < value.length; i++) evaluateRules(value[i], items, `${path}[${i}]`, out, items.embedded);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      if (isResource && key === 'metadata') continue;
      const child = childOf(node, key);
      if (!child?.hasRulesBelow) continue;
      const p = node.properties?.has(key) ? (path ? `${path}.${key}` : key) : `${path}[${key}]`;
      evaluateRules(value[key], child, p, out, child.embedded);
    }
  }
}
