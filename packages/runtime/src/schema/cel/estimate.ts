/**
 * What the apiserver checks about x-kubernetes-validations when a CRD is created, besides their
 * shape: every rule (and messageExpression) must compile, may only name fields its schema declares,
 * and must fit the static cost limits — one rule's estimated cost times the number of times it can
 * run in one object at most STATIC_COST_LIMIT, all rules of a version at most STATIC_CRD_COST_LIMIT
 * (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation).
 *
 * @bufbuild/cel has no cost estimator, so this is a model of cel-go's for the parts that dominate:
 * comprehensions (all, exists, exists_one, map, filter) cost the size of their range times their
 * body; field access costs 1; calls cost 1, string functions a tenth of the string's length more;
 * a list or map literal costs 10 or 30. Sizes come from maxItems, maxProperties and maxLength or,
 * where those are absent, from the largest value a 3 MiB request can hold, as the apiserver derives
 * them. Unlike cel-go it does not type-check function results, so sizes of computed values are
 * unknown and counted as 1: the estimate errs low, never refusing what the apiserver accepts for
 * cost alone, and catches the unbounded nested comprehensions that cost limits exist for.
 */
import { escapeProperty } from './values.js';
import { parseExpression } from './compile.js';
import { isObject } from '../json.js';

/** Largest estimated cost of one rule, times its cardinality (StaticEstimatedCostLimit). */
export const STATIC_COST_LIMIT = 10_000_000;
/** Largest total estimated cost of the rules of one CRD version (StaticEstimatedCRDCostLimit). */
export const STATIC_CRD_COST_LIMIT = 100_000_000;
/** Optional field selection or index, which cel-go parses with the apiserver's options and @bufbuild/cel does not. */
const OPTIONAL_SYNTAX = /\.\?|\[\?/;
/** The request size the apiserver bounds unbounded strings, lists and maps by (MaxRequestSizeBytes). */
export const MAX_REQUEST_SIZE_BYTES = 3 * 1024 * 1024;

export interface RuleProblem {
  /** Where, below openAPIV3Schema: e.g. ['properties', 'spec', 'x-kubernetes-validations', 0, 'rule']. */
  path: (string | number)[];
  message: string;
}

type Json = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && v >= 0 ? v : undefined);
const own = (o: Json, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/** The smallest JSON an item of this schema can take: the apiserver's estimate of how many fit in a request. */
function minJsonSize(s: Json, depth = 0): number {
  if (s.type === 'string') return (num(s.minLength) ?? 0) + 2;
  if (s.type === 'boolean') return 4;
  if (s.type === 'integer' || s.type === 'number') return 1;
  let size = 2;
  // An object carries at least its required fields: `"name":value,` each.
  const props = own(s, 'properties');
  if (s.type === 'object' && isObject(props) && Array.isArray(s.required) && depth < 32)
    for (const name of new Set(s.required)) {
      const prop = typeof name === 'string' ? own(props, name) : undefined;
      if (isObject(prop)) size += name.length + 4 + minJsonSize(prop, depth + 1);
    }
  return size;
}

/** Most items a list of this schema can hold in one object. */
function maxItems(s: Json): number {
  const items = isObject(s.items) ? s.items : {};
  return num(s.maxItems) ?? Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (minJsonSize(items) + 1));
}

/** Most entries a map (additionalProperties) of this schema can hold in one object. */
function maxProperties(s: Json): number {
  const values = isObject(s.additionalProperties) ? s.additionalProperties : {};
  return num(s.maxProperties) ?? Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (minJsonSize(values) + 4));
}

/** A string's longest value: maxLength, else its longest enum value, else what fits in a request. */
function maxLength(s: Json): number {
  const declared = num(s.maxLength);
  if (declared !== undefined) return declared;
  if (Array.isArray(s.enum) && s.enum.length > 0) return Math.max(...s.enum.map((e) => (typeof e === 'string' ? e.length : 0)));
  return MAX_REQUEST_SIZE_BYTES - 2;
}

/** What the estimator knows of a value: its schema, a map key, or a list it computed. */
type Shape = { schema: Json } | { key: true } | { list: number; items: Shape | undefined } | undefined;

function sizeOf(shape: Shape): number {
  if (!shape) return 1;
  if ('key' in shape) return MAX_REQUEST_SIZE_BYTES - 2;
  if ('list' in shape) return shape.list;
  const s = shape.schema;
  if (s.type === 'array') return maxItems(s);
  if (s.type === 'string') return maxLength(s);
  if (s.type === 'object' || s['x-kubernetes-preserve-unknown-fields'] === true) {
    if (isObject(s.additionalProperties)) return maxProperties(s);
    if (isObject(s.properties)) return Object.keys(s.properties).length;
  }
  return 1;
}

function elementOf(shape: Shape): Shape {
  if (!shape || 'key' in shape) return undefined;
  if ('list' in shape) return shape.items;
  const s = shape.schema;
  if (s.type === 'array') return isObject(s.items) ? { schema: s.items } : undefined;
  if (isObject(s.additionalProperties)) return { key: true };
  return undefined;
}

/** Functions whose cel-go cost grows with the length of the string they are called on. */
const RECEIVER_TRAVERSAL = new Set([
  'contains',
  'matches',
  'find',
  'findAll',
  'replace',
  'split',
  'lowerAscii',
  'upperAscii',
  'trim',
  'indexOf',
  'lastIndexOf',
  'substring',
  'join',
  'reverse',
]);
/** Comparisons and prefix tests: the traversal stops at the end of the shorter operand. */
const SHORTER_TRAVERSAL = new Set(['startsWith', 'endsWith', '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_']);

interface Expr {
  exprKind: { case: string | undefined; value?: unknown };
}
interface Estimate {
  cost: number;
  shape: Shape;
  /** The CEL type of a literal, where the shape cannot tell it. */
  literal?: Scalar;
}

type Scalar = 'int' | 'uint' | 'double' | 'string' | 'bool';
const LITERALS: Readonly<Record<string, Scalar>> = {
  int64Value: 'int',
  uint64Value: 'uint',
  doubleValue: 'double',
  stringValue: 'string',
  boolValue: 'bool',
};

/** The scalar CEL type of a value known from its schema or as a literal; undefined where unsure. */
function scalarOf(e: Estimate | undefined): Scalar | undefined {
  if (!e) return undefined;
  if (e.literal) return e.literal;
  const s = e.shape && 'schema' in e.shape ? e.shape.schema : undefined;
  if (!s || s['x-kubernetes-int-or-string'] === true) return undefined;
  if (s.type === 'integer') return 'int';
  if (s.type === 'number') return 'double';
  if (s.type === 'boolean') return 'bool';
  // date-time, duration and byte strings are timestamps, durations and bytes in CEL.
  if (s.type === 'string' && !['date-time', 'duration', 'byte'].includes(String(s.format ?? '').toLowerCase())) return 'string';
  return undefined;
}

/** Operators whose operands must be of one kind: numbers with numbers, strings with strings, booleans with booleans. */
const SAME_KIND = new Set(['_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '_+_', '_-_', '_*_', '_/_', '_%_']);
const kindOf = (t: Scalar) => (t === 'string' ? 'string' : t === 'bool' ? 'bool' : 'number');

interface Walk {
  root: Json;
  isResource: boolean;
  problems: string[];
}

function selectField(walk: Walk, shape: Shape, field: string): Shape {
  if (!shape || !('schema' in shape)) return undefined;
  const s = shape.schema;
  if (isObject(s.additionalProperties)) return { schema: s.additionalProperties };
  if (!isObject(s.properties)) return undefined;
  for (const name of Object.keys(s.properties)) {
    const prop = s.properties[name];
    if (escapeProperty(name) === field && isObject(prop)) return { schema: prop };
  }
  // ObjectMeta is typed by the apiserver, not by the schema's metadata property.
  const rootProps = walk.isResource && isObject(walk.root.properties) ? walk.root.properties : {};
  if (Object.hasOwn(rootProps, 'metadata') && s === rootProps.metadata) return undefined;
  const resourceLike = (s === walk.root && walk.isResource) || s['x-kubernetes-embedded-resource'] === true;
  if (resourceLike && (field === 'apiVersion' || field === 'kind' || field === 'metadata')) return undefined;
  if (s['x-kubernetes-preserve-unknown-fields'] !== true) walk.problems.push(`undefined field '${field}'`);
  return undefined;
}

function estimate(walk: Walk, expr: Expr | undefined, scope: ReadonlyMap<string, Shape>): Estimate {
  if (!expr) return { cost: 0, shape: undefined };
  const { case: kind, value } = expr.exprKind;
  switch (kind) {
    case 'identExpr': {
      const name = (value as { name: string }).name;
      return { cost: 1, shape: scope.get(name) };
    }
    case 'selectExpr': {
      const v = value as { operand?: Expr; field: string; testOnly: boolean };
      const operand = estimate(walk, v.operand, scope);
      const shape = selectField(walk, operand.shape, v.field);
      // Kubernetes' environment does not charge the presence test of has() (PresenceTestHasCost false).
      return v.testOnly ? { cost: operand.cost, shape: undefined } : { cost: operand.cost + 1, shape };
    }
    case 'listExpr': {
      const elements = (value as { elements: Expr[] }).elements;
      let cost = 10;
      for (const e of elements) cost += estimate(walk, e, scope).cost;
      return { cost, shape: { list: elements.length, items: undefined } };
    }
    case 'structExpr': {
      let cost = 30;
      for (const entry of (value as { entries: { mapKey?: Expr; value?: Expr }[] }).entries)
        cost += estimate(walk, entry.mapKey, scope).cost + estimate(walk, entry.value, scope).cost;
      return { cost, shape: undefined };
    }
    case 'callExpr':
      return estimateCall(walk, value as { target?: Expr; function: string; args: Expr[] }, scope);
    case 'comprehensionExpr':
      return estimateComprehension(walk, value as Comprehension, scope);
    case 'constExpr': {
      const constant = (value as { constantKind: { case: string | undefined; value?: unknown } }).constantKind;
      const v = constant.value;
      const literal = constant.case ? LITERALS[constant.case] : undefined;
      const shape: Shape = typeof v === 'string' || v instanceof Uint8Array ? { list: v.length, items: undefined } : undefined;
      return literal ? { cost: 0, shape, literal } : { cost: 0, shape };
    }
    default:
      return { cost: 0, shape: undefined };
  }
}

function estimateCall(walk: Walk, call: { target?: Expr; function: string; args: Expr[] }, scope: ReadonlyMap<string, Shape>): Estimate {
  const parts = [...(call.target ? [call.target] : []), ...call.args].map((a) => estimate(walk, a, scope));
  let cost = parts.reduce((sum, p) => sum + p.cost, 0);
  const fn = call.function;
  if (fn === '_?_:_') return { cost: (parts[0]?.cost ?? 0) + Math.max(parts[1]?.cost ?? 0, parts[2]?.cost ?? 0), shape: parts[1]?.shape };
  if (fn === '_&&_' || fn === '_||_' || fn === '@not_strictly_false') return { cost, shape: undefined };
  // The type errors the checker certainly finds: a string compared with or added to a number, and the like.
  const [left, right] = [scalarOf(parts[0]), scalarOf(parts[1])];
  if (SAME_KIND.has(fn) && parts.length === 2 && left && right && kindOf(left) !== kindOf(right))
    walk.problems.push(`found no matching overload for '${fn}' applied to '(${left}, ${right})'`);
  // Strings cost a tenth of the length traversed; map keys and computed values count as short.
  const traversed = (p: Estimate | undefined): number => {
    const shape = p?.shape;
    if (!shape || 'key' in shape) return 0;
    if ('list' in shape) return shape.list;
    return shape.schema.type === 'string' || shape.schema.type === 'array' ? sizeOf(shape) : 0;
  };
  if (call.target && RECEIVER_TRAVERSAL.has(fn)) cost += 1 + Math.ceil(traversed(parts[0]) / 10);
  else if (SHORTER_TRAVERSAL.has(fn) && parts.length === 2) cost += 1 + Math.ceil(Math.min(traversed(parts[0]), traversed(parts[1])) / 10);
  else if (fn === '_+_') cost += 1 + Math.ceil(parts.reduce((sum, p) => sum + traversed(p), 0) / 10);
  else if (fn === '@in') cost += 1 + sizeOf(parts[1]?.shape);
  else cost += 1;
  const shape = fn === '_[_]' ? elementOf(parts[0]?.shape) : undefined;
  return { cost, shape };
}

interface Comprehension {
  iterVar: string;
  iterRange?: Expr;
  accuVar: string;
  accuInit?: Expr;
  loopCondition?: Expr;
  loopStep?: Expr;
  result?: Expr;
}

function estimateComprehension(walk: Walk, c: Comprehension, scope: ReadonlyMap<string, Shape>): Estimate {
  const range = estimate(walk, c.iterRange, scope);
  const n = sizeOf(range.shape);
  const inner = new Map(scope);
  inner.set(c.iterVar, elementOf(range.shape));
  inner.set(c.accuVar, undefined);
  const init = estimate(walk, c.accuInit, scope);
  const loop = estimate(walk, c.loopCondition, inner).cost + estimate(walk, c.loopStep, inner).cost;
  const result = estimate(walk, c.result, inner);
  // map() and filter() build a list as long as their range.
  const builds = c.accuInit?.exprKind.case === 'listExpr';
  return { cost: range.cost + init.cost + n * loop + result.cost, shape: builds ? { list: n, items: undefined } : undefined };
}

function factorText(cost: number, limit: number): string {
  const factor = cost / limit;
  if (factor > 100) return 'more than 100x';
  if (factor < 1.5) return `${factor.toFixed(6)}x`;
  return `${factor.toFixed(1)}x`;
}

/** The apiserver's refusal text for an estimated cost over its limit. */
export function costMessage(what: string, cost: number, limit: number): string {
  return `${what} exceeds budget by factor of ${factorText(cost, limit)} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}

/** The estimated cost of one expression with `self` of the given schema, and fields it names that do not exist. */
export function estimateExpression(
  expr: string,
  self: Json,
  root: Json = self,
  isResource = false,
): { cost: number; problems: string[] } | string {
  const ast = parseExpression(expr);
  if (typeof ast === 'string') return ast;
  const walk: Walk = { root, isResource, problems: [] };
  const scope = new Map<string, Shape>([
    ['self', { schema: self }],
    ['oldSelf', { schema: self }],
  ]);
  return { cost: estimate(walk, ast.expr as unknown as Expr, scope).cost, problems: walk.problems };
}

/** Every reason the apiserver would refuse the rules of one version's openAPIV3Schema. */
export function ruleProblems(openAPIV3Schema: unknown): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!isObject(openAPIV3Schema)) return problems;
  let total = 0;
  /**
   * How many times a node's rules can run in one object: the product of the maxItems/maxProperties
   * above it when all are bounded, otherwise (as the apiserver does) as many values of the node's
   * smallest JSON as fit in one request.
   */
  const visit = (s: Json, path: (string | number)[], bound: number | undefined, depth: number) => {
    if (depth > 1000) return;
    const cardinality = bound ?? Math.floor(MAX_REQUEST_SIZE_BYTES / (minJsonSize(s) + 1));
    const rules = own(s, 'x-kubernetes-validations');
    if (Array.isArray(rules))
      rules.forEach((r, i) => {
        if (!isObject(r)) return;
        for (const key of ['rule', 'messageExpression'] as const) {
          const text = own(r, key);
          if (typeof text !== 'string' || text.trim() === '') continue;
          const at = [...path, 'x-kubernetes-validations', i, key];
          const estimated = estimateExpression(text, s, openAPIV3Schema, path.length === 0);
          if (typeof estimated === 'string') {
            // The apiserver parses optional syntax (`a.?b`, `l[?0]`) that our parser does not: such a
            // rule is left to evaluation, which reports it as not checkable, never refused here.
            if (!OPTIONAL_SYNTAX.test(text)) problems.push({ path: at, message: `compilation failed: ${estimated}` });
            continue;
          }
          for (const p of estimated.problems) problems.push({ path: at, message: `compilation failed: ${p}` });
          // cel-go charges a messageExpression once; a rule once per value it runs on.
          const cost = key === 'rule' ? estimated.cost * cardinality : estimated.cost;
          total += cost;
          if (cost > STATIC_COST_LIMIT)
            problems.push({
              path: at,
              message: costMessage(key === 'rule' ? 'estimated rule cost' : 'estimated messageExpression cost', cost, STATIC_COST_LIMIT),
            });
        }
      });
    const props = own(s, 'properties');
    if (isObject(props))
      for (const name of Object.keys(props)) {
        const p = props[name];
        if (isObject(p)) visit(p, [...path, 'properties', name], bound, depth + 1);
      }
    const times = (limit: number | undefined) => (bound === undefined || limit === undefined ? undefined : bound * limit);
    const items = own(s, 'items');
    if (isObject(items)) visit(items, [...path, 'items'], times(num(s.maxItems)), depth + 1);
    const ap = own(s, 'additionalProperties');
    if (isObject(ap)) visit(ap, [...path, 'additionalProperties'], times(num(s.maxProperties)), depth + 1);
  };
  visit(openAPIV3Schema, [], 1, 0);
  if (total > STATIC_CRD_COST_LIMIT)
    problems.push({
      path: [],
      message: costMessage('x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema', total, STATIC_CRD_COST_LIMIT),
    });
  return problems;
}
