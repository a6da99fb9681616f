/**
 * x-kubernetes-validations: each rule is parsed and planned once when the schema is compiled, then
 * evaluated with `self` bound to the node's value. Rules using `oldSelf` are transition rules: the
 * apiserver runs them on update only, so on a single document they are reported as not checkable.
 */
import type { CelResult } from '@bufbuild/cel';
import { cel, lazy } from '../libraries.js';
import { meteredEnv } from './cost.js';
import { kubernetesCelEnv } from './library.js';

/** The environment rules are planned in: every call charged to the evaluation's cost meter. */
const meteredCelEnv = lazy(() => meteredEnv(kubernetesCelEnv()));

type Parsed = ReturnType<ReturnType<typeof cel>['parse']>;
const parsed = new Map<string, Parsed | string>();

/** The expression's syntax tree, or the parser's message. Cached: CRD versions repeat rules. */
export function parseExpression(expr: string): Parsed | string {
  let result = parsed.get(expr);
  if (result === undefined) {
    try {
      result = cel().parse(expr);
    } catch (err) {
      result = err instanceof Error ? err.message : String(err);
    }
    parsed.set(expr, result);
  }
  return result;
}

export type Program = (ctx: { self: unknown; oldSelf?: unknown }) => CelResult;

export interface CompiledRule {
  rule: string;
  message: string | undefined;
  fieldPath: string | undefined;
  transition: boolean;
  /** `optionalOldSelf: true`: `oldSelf` is an optional, which this engine does not bind. */
  optionalOldSelf: boolean;
  /** The planned rule, or why it cannot be evaluated here (parse failure). Planned on first use. */
  program(): Program | string;
  messageProgram(): Program | undefined;
}

/** Programs by expression: CRD versions repeat the same rules (Gateway API has them in every version). */
const programs = new Map<string, Program | string>();

function compileExpression(expr: string): Program | string {
  let program = programs.get(expr);
  if (program === undefined) {
    const ast = parseExpression(expr);
    try {
      program = typeof ast === 'string' ? ast : (cel().plan(meteredCelEnv(), ast) as unknown as Program);
    } catch (err) {
      program = err instanceof Error ? err.message : String(err);
    }
    programs.set(expr, program);
  }
  return program;
}

export function compileRules(raw: unknown): CompiledRule[] {
  if (!Array.isArray(raw)) return [];
  const rules: CompiledRule[] = [];
  for (const r of raw) {
    if (typeof r !== 'object' || r === null || typeof r.rule !== 'string') continue;
    const rule: string = r.rule;
    const messageExpression = typeof r.messageExpression === 'string' ? (r.messageExpression as string) : undefined;
    rules.push({
      rule,
      message: typeof r.message === 'string' ? r.message : undefined,
      fieldPath: typeof r.fieldPath === 'string' ? r.fieldPath : undefined,
      transition: /\boldSelf\b/.test(rule),
      optionalOldSelf: r.optionalOldSelf === true,
      // Parsing CEL is the costly part of compiling a schema, and most rules of a large CRD never see a value: plan lazily.
      program: lazy(() => compileExpression(rule)),
      messageProgram: lazy(() => {
        if (messageExpression === undefined) return undefined;
        const p = compileExpression(messageExpression);
        return typeof p === 'string' ? undefined : p;
      }),
    });
  }
  return rules;
}
