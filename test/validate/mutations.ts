/**
 * Systematic single mutations of a valid example, chosen from its CRD schema: each targets one rule
 * (types, required, enum, unknown fields, nulls, pattern/format, bounds, list keys, CEL, metadata).
 * The verdict for each is the apiserver's, never assumed here.
 */
import { RE2JS } from '@bufbuild/re2';
import type { Json } from './corpus.js';

export interface Mutation {
  category: string;
  label: string;
  doc: Json;
}

type Segment = string | number;
interface Site {
  path: Segment[];
  value: unknown;
  schema: Json;
  /** Required by its parent object. */
  required: boolean;
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

function collectSites(value: unknown, schema: Json, path: Segment[], required: boolean, out: Site[]): void {
  out.push({ path, value, schema, required });
  if (Array.isArray(value) && isObj(schema.items)) {
    value.forEach((v, i) => {
      collectSites(v, schema.items as Json, [...path, i], false, out);
    });
  } else if (isObj(value)) {
    const props = isObj(schema.properties) ? schema.properties : {};
    const req = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    for (const [k, v] of Object.entries(value)) {
      if (path.length === 0 && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
      const child = props[k] ?? (isObj(schema.additionalProperties) ? schema.additionalProperties : undefined);
      if (isObj(child)) collectSites(v, child, [...path, k], req.includes(k), out);
    }
  }
}

function setAt(doc: Json, path: Segment[], value: unknown): Json {
  const copy = clone(doc);
  let cur: unknown = copy;
  for (const seg of path.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[seg];
  const last = path[path.length - 1] as Segment;
  if (value === undefined) {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete (cur as Json)[last as string];
  } else (cur as Record<string | number, unknown>)[last] = value;
  return copy;
}

const show = (path: Segment[]) =>
  path
    .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
    .join('')
    .slice(1);

/** Up to n items spread over the list, so long documents are sampled evenly and deterministically. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)] as T);
}

function wrongTypeValue(schema: Json): unknown {
  switch (schema.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'object':
      return 'a-string';
    case 'array':
      return 'a-string';
    default:
      return undefined;
  }
}

const PATTERN_CANDIDATES = ['', '!!!', 'Has Spaces', '-', '0', 'UPPER', 'a..b', 'x'.repeat(300), 'not/a:valid@value'];

function nonMatching(pattern: string): string | undefined {
  try {
    const re = RE2JS.compile(pattern);
    return PATTERN_CANDIDATES.find((c) => !re.test(c));
  } catch {
    return undefined;
  }
}

const BAD_FORMAT: Record<string, string> = {
  'date-time': 'not-a-date-time',
  date: '2024-13-45',
  byte: 'not base64!',
  ipv4: '999.1.1.1',
  ipv6: 'not:an:ipv6::address::',
  duration: 'ten minutes please',
  uri: 'not a uri',
  hostname: '-bad-host-',
  email: 'not-an-email',
  uuid: 'not-a-uuid',
};

const GOOD_FORMAT: Record<string, string> = {
  'date-time': '2024-02-29T12:30:00Z',
  date: '2024-02-29',
  byte: 'aGVsbG8=',
  ipv4: '10.0.0.1',
  ipv6: 'fe80::1',
  duration: '1h30m',
  uri: 'https://example.com/a',
  hostname: 'example.com',
  email: 'a@example.com',
  uuid: '123e4567-e89b-12d3-a456-426614174000',
};

export function mutate(example: Json, schema: Json): Mutation[] {
  const out: Mutation[] = [];
  const add = (category: string, label: string, doc: Json) => out.push({ category, label: `${category}: ${label}`, doc });
  const sites: Site[] = [];
  collectSites(example, schema, [], false, sites);
  const inner = sites.filter((s) => s.path.length > 0);
  const leaves = inner.filter((s) => !isObj(s.value) && !Array.isArray(s.value));

  for (const s of spread(
    inner.filter((s) => wrongTypeValue(s.schema) !== undefined && s.schema['x-kubernetes-int-or-string'] !== true),
    4,
  ))
    add('wrong-type', show(s.path), setAt(example, s.path, wrongTypeValue(s.schema)));

  for (const s of spread(
    leaves.filter((s) => s.schema['x-kubernetes-int-or-string'] === true),
    1,
  ))
    add('int-or-string', `${show(s.path)} = 1.5`, setAt(example, s.path, 1.5));

  const requiredSites = inner.filter((s) => s.required);
  for (const s of spread(requiredSites, 3))
    add('default' in s.schema ? 'required-with-default-removed' : 'required-removed', show(s.path), setAt(example, s.path, undefined));

  for (const s of spread(
    leaves.filter((s) => Array.isArray(s.schema.enum)),
    2,
  ))
    add('enum', show(s.path), setAt(example, s.path, s.schema.type === 'integer' ? 987654 : 'NotInTheEnum'));

  add('unknown-field', 'top level', { ...clone(example), unknownTopLevel: 1 });
  if (isObj(example.metadata)) add('unknown-field', 'metadata', setAt(example, ['metadata', 'unknownMeta'], 'x'));
  if (isObj(example.spec)) add('unknown-field', 'spec', setAt(example, ['spec', 'unknownSpecField'], 'x'));
  for (const s of spread(
    inner.filter((s) => isObj(s.value) && isObj(s.schema.properties) && s.path.length > 1),
    2,
  ))
    add(
      'unknown-field',
      `${show(s.path)} (${s.schema['x-kubernetes-preserve-unknown-fields'] ? 'preserved' : 'pruned'})`,
      setAt(example, [...s.path, 'unknownNested'], 1),
    );
  for (const s of spread(
    inner.filter((s) => isObj(s.value) && s.schema['x-kubernetes-preserve-unknown-fields'] === true),
    1,
  ))
    add('unknown-field', `${show(s.path)} (preserve-unknown-fields)`, setAt(example, [...s.path, 'unknownPreserved'], { a: 1 }));

  for (const s of spread(
    inner.filter((s) => !s.required && typeof s.path[s.path.length - 1] === 'string'),
    3,
  ))
    add('null', `optional ${show(s.path)}`, setAt(example, s.path, null));
  for (const s of spread(requiredSites, 1)) add('null', `required ${show(s.path)}`, setAt(example, s.path, null));

  for (const s of spread(
    leaves.filter((s) => typeof s.schema.pattern === 'string' && typeof s.value === 'string'),
    2,
  )) {
    const bad = nonMatching(s.schema.pattern as string);
    if (bad !== undefined) add('pattern', show(s.path), setAt(example, s.path, bad));
  }
  for (const s of spread(
    leaves.filter((s) => typeof s.schema.format === 'string' && BAD_FORMAT[s.schema.format as string] && typeof s.value === 'string'),
    2,
  ))
    add('format', `${show(s.path)} (${s.schema.format})`, setAt(example, s.path, BAD_FORMAT[s.schema.format as string]));

  // Formats: set absent format fields of present objects, once to a bad value and once to a good one.
  const formatSlots: [Segment[], string][] = [];
  for (const s of inner.filter((s) => isObj(s.value) && isObj(s.schema.properties)))
    for (const [k, p] of Object.entries(s.schema.properties as Json))
      if (isObj(p) && p.type === 'string' && typeof p.format === 'string' && BAD_FORMAT[p.format] && !(k in (s.value as Json)))
        formatSlots.push([[...s.path, k], p.format]);
  for (const [path, format] of spread(formatSlots, 2)) {
    add('format', `${show(path)} (${format}) bad`, setAt(example, path, BAD_FORMAT[format]));
    if (GOOD_FORMAT[format]) add('format', `${show(path)} (${format}) good`, setAt(example, path, GOOD_FORMAT[format]));
  }

  const bounds: [Site, unknown, string][] = [];
  for (const s of inner) {
    const sc = s.schema;
    if (typeof sc.minimum === 'number' && typeof s.value === 'number') bounds.push([s, sc.minimum - 1, 'below minimum']);
    if (typeof sc.maximum === 'number' && typeof s.value === 'number') bounds.push([s, sc.maximum + 1, 'above maximum']);
    if (typeof sc.maxLength === 'number' && typeof s.value === 'string' && sc.maxLength < 1000)
      bounds.push([s, 'x'.repeat(sc.maxLength + 1), 'over maxLength']);
    if (typeof sc.minLength === 'number' && sc.minLength > 0 && typeof s.value === 'string') bounds.push([s, '', 'under minLength']);
    if (typeof sc.minItems === 'number' && sc.minItems > 0 && Array.isArray(s.value)) bounds.push([s, [], 'under minItems']);
    if (typeof sc.maxItems === 'number' && Array.isArray(s.value) && s.value.length > 0 && sc.maxItems < 100)
      bounds.push([
        s,
        Array.from({ length: sc.maxItems + 1 }, (_, i) => clone((s.value as unknown[])[i % (s.value as unknown[]).length])),
        'over maxItems',
      ]);
  }
  for (const [s, v, what] of spread(bounds, 3)) add('bounds', `${show(s.path)} ${what}`, setAt(example, s.path, v));

  for (const type of ['set', 'map'] as const)
    for (const s of spread(
      inner.filter((s) => s.schema['x-kubernetes-list-type'] === type && Array.isArray(s.value) && s.value.length > 0),
      2,
    ))
      add(`list-${type}-duplicate`, show(s.path), setAt(example, s.path, [...(s.value as unknown[]), clone((s.value as unknown[])[0])]));

  // CEL: change the children of nodes that carry rules, one at a time.
  const celCandidates: [Segment[], unknown, string][] = [];
  for (const s of inner.filter((s) => Array.isArray(s.schema['x-kubernetes-validations']) && isObj(s.value))) {
    // Absent optional scalars: rules often say which fields go together.
    for (const [k, p] of Object.entries(isObj(s.schema.properties) ? s.schema.properties : {})) {
      if (k in (s.value as Json) || !isObj(p)) continue;
      const v =
        p.type === 'string'
          ? Array.isArray(p.enum)
            ? p.enum[0]
            : 'x'
          : p.type === 'integer'
            ? 1
            : p.type === 'boolean'
              ? true
              : undefined;
      if (v !== undefined) celCandidates.push([[...s.path, k], v, 'added']);
    }
    for (const [k, v] of Object.entries(s.value as Json)) {
      celCandidates.push([[...s.path, k], undefined, 'removed']);
      if (typeof v === 'string') celCandidates.push([[...s.path, k], v === '' ? 'x' : '', v === '' ? 'set' : 'emptied']);
      if (typeof v === 'number') celCandidates.push([[...s.path, k], v === 0 ? 1 : 0, 'changed']);
      if (typeof v === 'boolean') celCandidates.push([[...s.path, k], !v, 'flipped']);
    }
  }
  for (const [path, v, what] of spread(celCandidates, 14)) add('cel', `${show(path)} ${what}`, setAt(example, path, v));

  const meta = isObj(example.metadata) ? example.metadata : {};
  const withMeta = (m: Json) => ({ ...clone(example), metadata: m });
  add('name', 'underscore', withMeta({ ...meta, name: 'Bad_Name' }));
  add('name', 'too long', withMeta({ ...meta, name: 'a'.repeat(254) }));
  add('name', 'missing', withMeta(Object.fromEntries(Object.entries(meta).filter(([k]) => k !== 'name' && k !== 'generateName'))));
  add(
    'name',
    'bad generateName',
    withMeta({ ...Object.fromEntries(Object.entries(meta).filter(([k]) => k !== 'name')), generateName: 'Bad_Prefix-' }),
  );
  add('name', 'label key', withMeta({ ...meta, labels: { ...(meta.labels as Json), 'bad key!': 'x' } }));
  add('name', 'label value', withMeta({ ...meta, labels: { ...(meta.labels as Json), good: 'v'.repeat(64) } }));
  add('name', 'annotation key', withMeta({ ...meta, annotations: { ...(meta.annotations as Json), 'a/b/c': 'x' } }));
  add('name', 'label value number', withMeta({ ...meta, labels: { ...(meta.labels as Json), n: 1 } }));
  return out;
}

/**
 * Harder probes, once per CRD version: places where the apiserver's order of steps or its special
 * cases decide the verdict (status with a status subresource, nulls in lists, huge integers,
 * metadata edge cases, int-or-string strings, runes vs bytes).
 */
export function probe(example: Json, schema: Json): Mutation[] {
  const out: Mutation[] = [];
  const add = (label: string, doc: Json) => out.push({ category: 'probe', label: `probe: ${label}`, doc });
  const sites: Site[] = [];
  collectSites(example, schema, [], false, sites);
  const props = isObj(schema.properties) ? schema.properties : {};
  if (isObj(props.status)) {
    add('status unknown field', { ...clone(example), status: { ...(isObj(example.status) ? example.status : {}), unknownStatusField: 1 } });
    add('status wrong type', { ...clone(example), status: 'not-an-object' });
    const statusProps = isObj((props.status as Json).properties) ? ((props.status as Json).properties as Json) : {};
    const first = Object.entries(statusProps).find(([, p]) => isObj(p) && typeof p.type === 'string');
    if (first) add(`status.${first[0]} wrong type`, { ...clone(example), status: { [first[0]]: wrongTypeValue(first[1] as Json) } });
  }
  const arrays = sites.filter((s) => Array.isArray(s.value) && (s.value as unknown[]).length > 0 && isObj(s.schema.items));
  for (const s of spread(arrays, 2)) add(`null item in ${show(s.path)}`, setAt(example, [...s.path, (s.value as unknown[]).length], null));
  const ints = sites.filter((s) => s.schema.type === 'integer' && typeof s.value === 'number');
  for (const s of spread(ints, 1)) {
    add(`${show(s.path)} = 1e20`, setAt(example, s.path, 1e20));
    add(`${show(s.path)} = 2.5`, setAt(example, s.path, 2.5));
    add(`${show(s.path)} = 3000000000 (format ${String(s.schema.format)})`, setAt(example, s.path, 3000000000));
  }
  for (const s of spread(
    sites.filter((s) => s.schema['x-kubernetes-int-or-string'] === true),
    1,
  )) {
    add(`${show(s.path)} = "50%"`, setAt(example, s.path, '50%'));
    add(`${show(s.path)} = true`, setAt(example, s.path, true));
  }
  for (const s of spread(
    sites.filter((s) => typeof s.schema.maxLength === 'number' && typeof s.value === 'string' && (s.schema.maxLength as number) < 300),
    1,
  ))
    add(`${show(s.path)} at maxLength in multi-byte runes`, setAt(example, s.path, 'é'.repeat(s.schema.maxLength as number)));
  for (const s of spread(
    sites.filter((s) => s.schema.nullable === true),
    2,
  ))
    add(`${show(s.path)} null (nullable)`, setAt(example, s.path, null));
  for (const s of spread(
    sites.filter((s) => s.schema['x-kubernetes-embedded-resource'] === true && isObj(s.value)),
    1,
  )) {
    add(`${show(s.path)} embedded without kind`, setAt(example, [...s.path, 'kind'], undefined));
    add(`${show(s.path)} embedded bad label`, setAt(example, [...s.path, 'metadata'], { labels: { 'bad key!': 'x' } }));
  }
  for (const s of spread(
    sites.filter((s) => isObj(s.value) && isObj(s.schema.additionalProperties) && Object.keys(s.value as Json).length > 0),
    1,
  ))
    add(`${show(s.path)} map value null`, setAt(example, [...s.path, Object.keys(s.value as Json)[0] as string], null));
  for (const s of spread(
    sites.filter((s) => isObj(s.value) && s.schema['x-kubernetes-preserve-unknown-fields'] === true && !isObj(s.schema.properties)),
    1,
  ))
    add(`${show(s.path)} null inside preserved data`, setAt(example, [...s.path, 'preservedNull'], null));
  for (const s of spread(
    sites.filter((s) => s.schema['x-kubernetes-embedded-resource'] === true && isObj(s.value)),
    1,
  ))
    add(`${show(s.path)} embedded metadata unknown field`, setAt(example, [...s.path, 'metadata'], { name: 'x', unknownMeta: 1 }));
  for (const s of spread(
    sites.filter(
      (s) => typeof s.value === 'string' && s.schema.type === 'string' && !s.schema.enum && !s.schema.pattern && !s.schema.format,
    ),
    1,
  ))
    add(`${show(s.path)} = multi-line unicode`, setAt(example, s.path, 'ünïcødé\nline two'));
  const meta = isObj(example.metadata) ? example.metadata : {};
  const withMeta = (m: Json) => ({ ...clone(example), metadata: m });
  add('finalizer invalid', withMeta({ ...meta, finalizers: ['not a finalizer'] }));
  add('finalizer without domain', withMeta({ ...meta, finalizers: ['plainname'] }));
  add('ownerReference without uid', withMeta({ ...meta, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x' }] }));
  add('labels prefixed', withMeta({ ...meta, labels: { 'example.com/app': 'web', 'UPPER.example/ok': 'x' } }));
  add('label value empty', withMeta({ ...meta, labels: { empty: '' } }));
  add('annotation 300 KiB', withMeta({ ...meta, annotations: { big: 'x'.repeat(300 * 1024) } }));
  add(
    'generateName 70 chars',
    withMeta({ ...Object.fromEntries(Object.entries(meta).filter(([k]) => k !== 'name')), generateName: `${'g'.repeat(70)}-` }),
  );
  add('name with dots', withMeta({ ...meta, name: 'a.b.c' }));
  add('uid and creationTimestamp set', withMeta({ ...meta, uid: 'abc', creationTimestamp: '2020-01-01T00:00:00Z', generation: 5 }));
  add('resourceVersion set', withMeta({ ...meta, resourceVersion: '123' }));
  add('metadata null', { ...clone(example), metadata: null });
  add('labels null', withMeta({ ...meta, labels: null }));
  add('apiVersion-level null field', { ...clone(example), spec: null });
  return out;
}
