/**
 * A CRD schema node read into a typed shape the walkers (prune, default, validate, CEL) share.
 * Children are compiled on first use: a document touches a small part of a large CRD (argo's
 * Workflow has 10 000 schema nodes), so compiling lazily saves both time and memory.
 */
import { type CompiledRule, compileRules } from './cel/compile.js';
import { compileChecks, type ValueCheck } from './keywords.js';
import { isObject } from './json.js';

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export interface Properties {
  get(key: string): Node | undefined;
  has(key: string): boolean;
  [Symbol.iterator](): IterableIterator<[string, Node]>;
}

export interface Node {
  readonly type: SchemaType | undefined;
  readonly nullable: boolean;
  readonly intOrString: boolean;
  readonly preserveUnknown: boolean;
  readonly embedded: boolean;
  readonly hasDefault: boolean;
  readonly default: unknown;
  readonly properties: Properties | undefined;
  /** A schema for other keys; `true` means any value is kept (treated like preserve-unknown-fields). */
  readonly additionalProperties: Node | true | undefined;
  readonly items: Node | undefined;
  readonly required: readonly string[];
  readonly listType: 'atomic' | 'set' | 'map' | undefined;
  readonly listMapKeys: readonly string[];
  /** Value checks besides type/required/properties: enum, bounds, pattern, format, … */
  readonly checks: readonly ValueCheck[];
  readonly allOf: readonly Node[];
  readonly anyOf: readonly Node[];
  readonly oneOf: readonly Node[];
  readonly not: Node | undefined;
  readonly rules: readonly CompiledRule[];
  /** Whether this node or anything below carries CEL rules: lets the CEL walk skip whole subtrees. */
  readonly hasRulesBelow: boolean;
  readonly format: string | undefined;
}

type Json = Record<string, unknown>;
const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

const rulesBelow = new WeakMap<object, boolean>();
/** Whether a raw schema carries x-kubernetes-validations anywhere in its structure (memoised). */
function hasRules(raw: Json): boolean {
  let known = rulesBelow.get(raw);
  if (known === undefined) {
    const props = isObject(raw.properties) ? Object.values(raw.properties) : [];
    known =
      (Array.isArray(raw['x-kubernetes-validations']) && raw['x-kubernetes-validations'].length > 0) ||
      props.some((p) => isObject(p) && hasRules(p)) ||
      (isObject(raw.additionalProperties) && hasRules(raw.additionalProperties)) ||
      (isObject(raw.items) && hasRules(raw.items));
    rulesBelow.set(raw, known);
  }
  return known;
}

interface Junctors {
  allOf: Node[];
  anyOf: Node[];
  oneOf: Node[];
  not: Node | undefined;
}

class LazyProperties implements Properties {
  private readonly compiled = new Map<string, Node>();
  constructor(private readonly raw: Json) {}
  get(key: string): Node | undefined {
    let node = this.compiled.get(key);
    if (node === undefined && Object.hasOwn(this.raw, key)) {
      node = new SchemaNode(this.raw[key]);
      this.compiled.set(key, node);
    }
    return node;
  }
  has(key: string): boolean {
    return Object.hasOwn(this.raw, key);
  }
  *[Symbol.iterator](): IterableIterator<[string, Node]> {
    for (const key of Object.keys(this.raw)) yield [key, this.get(key) as Node];
  }
}

class SchemaNode implements Node {
  readonly type: SchemaType | undefined;
  readonly nullable: boolean;
  readonly intOrString: boolean;
  readonly preserveUnknown: boolean;
  readonly embedded: boolean;
  readonly hasDefault: boolean;
  readonly default: unknown;
  readonly properties: Properties | undefined;
  readonly required: readonly string[];
  readonly listType: 'atomic' | 'set' | 'map' | undefined;
  readonly listMapKeys: readonly string[];
  readonly checks: readonly ValueCheck[];
  readonly rules: readonly CompiledRule[];
  readonly format: string | undefined;
  private readonly raw: Json;
  private lazy: { items?: Node | null; additionalProperties?: Node | true | null; junctors?: Junctors; hasRulesBelow?: boolean } = {};

  constructor(raw: unknown) {
    const s: Json = isObject(raw) ? raw : {};
    this.raw = s;
    this.type = typeof s.type === 'string' && TYPES.has(s.type) ? (s.type as SchemaType) : undefined;
    this.nullable = s.nullable === true;
    this.intOrString = s['x-kubernetes-int-or-string'] === true;
    this.preserveUnknown = s['x-kubernetes-preserve-unknown-fields'] === true;
    this.embedded = s['x-kubernetes-embedded-resource'] === true;
    // `default: null` decodes to no default in the apiserver: nothing is filled in.
    this.hasDefault = Object.hasOwn(s, 'default') && s.default !== null;
    this.default = s.default;
    this.properties = isObject(s.properties) ? new LazyProperties(s.properties) : undefined;
    this.required = Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [];
    const listType = s['x-kubernetes-list-type'];
    this.listType = listType === 'set' || listType === 'map' || listType === 'atomic' ? listType : undefined;
    this.listMapKeys = Array.isArray(s['x-kubernetes-list-map-keys']) ? (s['x-kubernetes-list-map-keys'] as string[]) : [];
    this.checks = compileChecks(s);
    this.rules = compileRules(s['x-kubernetes-validations']);
    this.format = typeof s.format === 'string' ? s.format : undefined;
  }

  get items(): Node | undefined {
    if (this.lazy.items === undefined) this.lazy.items = isObject(this.raw.items) ? new SchemaNode(this.raw.items) : null;
    return this.lazy.items ?? undefined;
  }

  get additionalProperties(): Node | true | undefined {
    if (this.lazy.additionalProperties === undefined) {
      const ap = this.raw.additionalProperties;
      this.lazy.additionalProperties = ap === true ? true : isObject(ap) ? new SchemaNode(ap) : null;
    }
    return this.lazy.additionalProperties ?? undefined;
  }

  private get junctors(): Junctors {
    if (!this.lazy.junctors) {
      const list = (v: unknown) => (Array.isArray(v) ? v.map((b) => new SchemaNode(b)) : []);
      this.lazy.junctors = {
        allOf: list(this.raw.allOf),
        anyOf: list(this.raw.anyOf),
        oneOf: list(this.raw.oneOf),
        not: isObject(this.raw.not) ? new SchemaNode(this.raw.not) : undefined,
      };
    }
    return this.lazy.junctors;
  }
  get allOf(): readonly Node[] {
    return this.junctors.allOf;
  }
  get anyOf(): readonly Node[] {
    return this.junctors.anyOf;
  }
  get oneOf(): readonly Node[] {
    return this.junctors.oneOf;
  }
  get not(): Node | undefined {
    return this.junctors.not;
  }
  get hasRulesBelow(): boolean {
    this.lazy.hasRulesBelow ??= hasRules(this.raw);
    return this.lazy.hasRulesBelow;
  }
}

export function compileNode(raw: unknown): Node {
  return new SchemaNode(raw);
}

/** The schema a key of an object value falls under, or undefined when the key is unknown. */
export function childOf(node: Node, key: string): Node | undefined {
  const p = node.properties?.get(key);
  if (p) return p;
  const ap = node.additionalProperties;
  return ap === undefined || ap === true ? undefined : ap;
}

export const isPlainObject = isObject;
