/**
 * x-kubernetes-validations: each rule is parsed and planned once when the schema is compiled, then
 * evaluated with `self` bound to the node's value. Rules using `oldSelf` are transition rules: the
 * apiserver runs them on update only, so on a single document they are reported as not checkable.
 */
import { type CelResult, parse, plan } from '@bufbuild/cel';
import { kubernetesCelEnv } from './library.js';

export type Program = (ctx: { self: unknown }) => CelResult;

export interface CompiledRule {
  rule: string;
  message: string | undefined;
  fieldPath: string | undefined;
  transition: boolean;
  program: Program | undefined;
  messageProgram: Program | undefined;
  /** Why the rule cannot be evaluated here (parse failure), when it cannot. */
  unusable: string | undefined;
}

function compileExpression(expr: string): Program | string {
  try {
    return plan(kubernetesCelEnv(), parse(expr)) as unknown as Program;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export function compileRules(raw: unknown, _path: string): CompiledRule[] {
  if (!Array.isArray(raw)) return [];
  const rules: CompiledRule[] = [];
  for (const r of raw) {
    if (typeof r !== 'object' || r === null || typeof r.rule !== 'string') continue;
    const program = compileExpression(r.rule);
    const messageProgram = typeof r.messageExpression === 'string' ? compileExpression(r.messageExpression) : undefined;
    rules.push({
      rule: r.rule,
      message: typeof r.message === 'string' ? r.message : undefined,
      fieldPath: typeof r.fieldPath === 'string' ? r.fieldPath : undefined,
      transition: /\boldSelf\b/.test(r.rule),
      program: typeof program === 'string' ? undefined : program,
      messageProgram: typeof messageProgram === 'function' ? messageProgram : undefined,
      unusable: typeof program === 'string' ? program : undefined,
    });
  }
  return rules;
}
