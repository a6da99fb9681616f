/**
 * Mending a sample until the schema engine (the one `gen-operator validate` uses) finds nothing:
 * a best-first search over small edits near each finding — add or drop the optional members a
 * failing CEL rule names, add or drop list items, try the rule's literals and the schema's enums as
 * values. Each candidate is checked, so whatever is returned as valid is valid; the number of
 * checks is bounded, so a rule that cannot be met ends the search instead of hanging it.
 */
import { type PathSegment, pathSegments } from '../diagnostics.js';
import { isObject, type JsonSchema } from '../model/index.js';
import { patternSamples } from './pattern-sample.js';
import { sampleValue, stringCandidates } from './sample-values.js';
import { setField } from '@gen-operator/runtime';

type Json = Record<string, unknown>;

export interface Issue {
  path: string;
  message: string;
  rule: string;
}

export type Check = (document: Json) => Issue[];

export interface SearchResult {
  document: Json;
  issues: Issue[];
  checks: number;
}

/** Checks per kind at most: enough for rules over a few fields, bounded for a rule no value meets. */
export const MAX_CHECKS = 400;
const MAX_DEPTH = 6;
/** How far below a finding's field edits reach. */
const REACH = 3;

interface State {
  document: Json;
  issues: Issue[];
  depth: number;
}

export function searchSample(start: Json, root: JsonSchema, check: Check, maxChecks = MAX_CHECKS): SearchResult {
  let checks = 1;
  const first: State = { document: start, issues: check(start), depth: 0 };
  let best = first;
  const seen = new Set([JSON.stringify(start)]);
  const open: State[] = [first];
  while (open.length > 0 && best.issues.length > 0 && checks < maxChecks) {
    // Fewest findings first, then the shallowest: the smallest edit that works wins.
    open.sort((a, b) => a.issues.length - b.issues.length || a.depth - b.depth);
    const state = open.shift()!;
    if (state.depth >= MAX_DEPTH) continue;
    for (const candidate of edits(state, root)) {
      const key = JSON.stringify(candidate);
      if (seen.has(key)) continue;
      seen.add(key);
      const next = { document: candidate, issues: check(candidate), depth: state.depth + 1 };
      checks++;
      if (next.issues.length < best.issues.length) best = next;
      if (next.issues.length === 0 || checks >= maxChecks) break;
      open.push(next);
    }
  }
  return { document: best.document, issues: best.issues, checks };
}

/** What the failing rules mention: member names (CEL-escaped names unescaped) and literals. */
interface Hints {
  names: Set<string>;
  strings: string[];
  numbers: number[];
}

const isCel = (rule: string) => rule.includes(' ') || rule.includes('(') || rule.includes('.');

function unescapeCel(name: string): string {
  const reserved = /^__([a-z]+)__$/.exec(name);
  if (reserved) return reserved[1]!;
  return name
    .replace(/__underscores__/g, '__')
    .replace(/__dot__/g, '.')
    .replace(/__dash__/g, '-')
    .replace(/__slash__/g, '/');
}

function hintsOf(issues: readonly Issue[]): Hints {
  const hints: Hints = { names: new Set(), strings: [], numbers: [] };
  for (const { rule } of issues) {
    if (!isCel(rule)) continue;
    const withoutStrings = rule.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, (literal) => {
      hints.strings.push(literal.slice(1, -1).replace(/\\(.)/g, '$1'));
      return "''";
    });
    for (const m of withoutStrings.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|has\(\s*[A-Za-z_][\w.]*\.([A-Za-z_]\w*)\s*\)/g))
      hints.names.add(unescapeCel(m[1] ?? m[2]!));
    for (const m of withoutStrings.matchAll(/(?<![\w.])(-?\d+(?:\.\d+)?)(?![\w.])/g)) hints.numbers.push(Number(m[1]));
  }
  return hints;
}

function edits(state: State, root: JsonSchema): Json[] {
  const hints = hintsOf(state.issues);
  const out: Json[] = [];
  const roots = new Map<string, PathSegment[]>();
  for (const issue of state.issues) {
    const path = pathSegments(issue.path);
    roots.set(JSON.stringify(path), path);
    // A rule with fieldPath reports below the field it is declared on.
    if (path.length > 0) roots.set(JSON.stringify(path.slice(0, -1)), path.slice(0, -1));
  }
  for (const path of roots.values()) {
    const schema = schemaAt(root, path);
    if (schema) editsAt(state.document, path, schema, hints, 0, out);
  }
  return out;
}

function schemaAt(root: JsonSchema, path: readonly PathSegment[]): JsonSchema | undefined {
  let schema: JsonSchema | undefined = root;
  for (const segment of path) {
    if (!schema) return undefined;
    if (typeof segment === 'number' || schema.type === 'array') schema = isObject(schema.items) ? schema.items : undefined;
    else if (isObject(schema.properties) && Object.hasOwn(schema.properties, segment) && isObject(schema.properties[segment]))
      schema = schema.properties[segment];
    else schema = isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
  }
  return schema;
}

function valueAt(document: unknown, path: readonly PathSegment[]): unknown {
  let value = document;
  for (const segment of path)
    value = (isObject(value) || Array.isArray(value)) && Object.hasOwn(value, segment) ? (value as Json)[segment as string] : undefined;
  return value;
}

/** A copy of the document with the value at path replaced (undefined: removed). */
function withValue(document: Json, path: readonly PathSegment[], value: unknown): Json {
  const copy = structuredClone(document);
  let parent: unknown = copy;
  for (const segment of path.slice(0, -1)) parent = (parent as Json)[segment as string];
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') {
    if (value === undefined) parent.splice(last, 1);
    else parent[last] = value;
  } else if (isObject(parent)) {
    if (value === undefined) delete parent[last];
    else setField(parent, String(last), value);
  }
  return copy;
}

function editsAt(document: Json, path: PathSegment[], schema: JsonSchema, hints: Hints, depth: number, out: Json[]): void {
  const value = valueAt(document, path);
  if (depth > REACH || value === undefined) return;
  const fresh = (s: JsonSchema, name: string) => sampleValue(s, name, { named: hints.names });
  if (isObject(schema.properties) && isObject(value)) {
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    for (const [key, child] of Object.entries(schema.properties)) {
      // The object's identity is the sample's, not the search's to change.
      if (!isObject(child) || (path.length === 0 && ['apiVersion', 'kind', 'metadata'].includes(key))) continue;
      const named = hints.names.has(key);
      const at = [...path, key];
      if (value[key] === undefined) {
        if (named) out.push(withValue(document, at, fresh(child, key)));
        continue;
      }
      if (named && !required.has(key)) out.push(withValue(document, at, undefined));
      if (named || required.has(key) || depth === 0) editsAt(document, at, child, hints, depth + 1, out);
    }
    return;
  }
  if (isObject(schema.additionalProperties) && isObject(value)) {
    const key = hints.strings.find((s) => value[s] === undefined) ?? (Object.keys(value).length === 0 ? 'example' : undefined);
    if (key !== undefined) out.push(withValue(document, [...path, key], fresh(schema.additionalProperties, key)));
    for (const k of Object.keys(value).slice(0, 2)) editsAt(document, [...path, k], schema.additionalProperties, hints, depth + 1, out);
    return;
  }
  if (schema.type === 'array' && Array.isArray(value) && isObject(schema.items)) {
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
    const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
    if (value.length < max) out.push(withValue(document, [...path, value.length], fresh(schema.items, String(path.at(-1) ?? 'item'))));
    if (value.length > min) out.push(withValue(document, [...path, value.length - 1], undefined));
    for (let i = 0; i < Math.min(value.length, 2); i++) editsAt(document, [...path, i], schema.items, hints, depth + 1, out);
    return;
  }
  for (const alternative of scalarAlternatives(schema, value, String(path.at(-1) ?? ''), hints))
    out.push(withValue(document, path, alternative));
}

function scalarAlternatives(schema: JsonSchema, value: unknown, name: string, hints: Hints): unknown[] {
  const enums = Array.isArray(schema.enum) ? schema.enum : [];
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const out: unknown[] = [...enums];
  if (schema.type === 'boolean') out.push(value !== true);
  if (schema.type === 'integer' || schema.type === 'number' || intOrString) {
    const numbers = [...hints.numbers, ...hints.numbers.map((n) => n + 1), ...hints.numbers.map((n) => n - 1), 0, 1, 2, 10, 100];
    if (typeof value === 'number') numbers.push(value + 1, value - 1, value * 2);
    out.push(...numbers.filter((n) => schema.type === 'number' || Number.isInteger(n)));
  }
  if (schema.type === 'string' || intOrString) {
    const current = typeof value === 'string' ? value : '';
    // The rule's literals as they are, and combined with the value (startsWith, endsWith, contains with a length).
    const literals = hints.strings.flatMap((s) => [s, `${s}a`, `${s}${current}`, `${current}${s}`, `a${s}`]);
    // A literal may be a pattern (`self.matches('^…$')`): strings spelled out from it too.
    literals.push(...hints.strings.flatMap((s) => patternSamples(s)));
    out.push(...stringCandidates(schema, name, [...literals, 'other', `${current}-2`]));
  }
  return [...new Set(out)].filter((v) => v !== value);
}
