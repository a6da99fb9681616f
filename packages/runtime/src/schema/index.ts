/**
 * The apiserver's schema semantics for custom resources, in one place so that generated resources'
 * withDefaults()/validate() and `gen-operator validate` give the same verdicts.
 *
 * Why a compiled walker and not ajv: the apiserver does not validate a document as JSON Schema
 * would. It prunes unknown fields (reporting them under strict field validation), drops nulls that
 * are not nullable, applies defaults top-down, and only then validates — with keywords ajv lacks
 * (int-or-string, list-type set/map, embedded-resource, CEL), with Go/RE2 regular expressions, only
 * the formats Kubernetes enforces, and ObjectMeta rules on metadata. Each of those steps walks the
 * same schema tree, so the schema is compiled once into typed nodes with precompiled keyword checks,
 * RE2 patterns and planned CEL programs, and the walkers share it. It also avoids generating code
 * for the largest CRDs (tens of thousands of schema nodes).
 *
 * This folder imports nothing from the rest of the runtime.
 */
export { compileSchema, type CompiledSchema } from './compiled-schema.js';
export type { CheckOptions, CheckResult, SchemaContext, SkippedRule } from './types.js';
export { ruleProblems, type RuleProblem, STATIC_COST_LIMIT, STATIC_CRD_COST_LIMIT } from './cel/estimate.js';
export { PER_CALL_LIMIT, RUNTIME_COST_BUDGET } from './cel/cost.js';
export { jsonEqual, runeLength } from './keywords.js';
export { re2Search } from './patterns.js';
export { setField } from './json.js';
export { defaultJudge, type DefaultJudge, type DefaultVerdict } from './default-value.js';
