/**
 * Whether a kind's versions need converting, and between which: the decision behind converter
 * stubs and the CRD's conversion strategy. Versions whose schemas accept and keep the same objects
 * convert by changing apiVersion alone, which the apiserver does itself (strategy None).
 */
import type { Diagnostic } from '../diagnostics.js';
import { isObject, Reporter } from './report.js';
import type { JsonSchema, ResourceModel } from './types.js';

export type VersionConversion =
  /** Every served version is the storage version: nothing to convert. */
  | { kind: 'single' }
  /** Several served versions with one schema: the apiserver converts them (strategy None). */
  | { kind: 'identical'; versions: string[] }
  /** Schemas differ: each spoke converts to and from the hub (the storage version) in a webhook. */
  | { kind: 'webhook'; hub: string; spokes: string[]; differences: Map<string, string[]> }
  /** Schemas differ but the storage version is not served: it has no generated type to convert to. */
  | { kind: 'unserved-hub'; hub: string };

/** Fields listed per spoke in the stubs; more are counted, not named. */
const MAX_DIFFERENCES = 12;
const MAX_LINE = 160;

export function versionConversion(model: ResourceModel): VersionConversion {
  const served = model.versions.filter((v) => v.served);
  const hub = model.versions.find((v) => v.name === model.storageVersion)!;
  // Objects are stored as the hub, served or not: a served version other than it is converted.
  if (served.filter((v) => v !== hub).length === 0) return { kind: 'single' };
  const hubShape = JSON.stringify(dataShape(hub.schema));
  const spokes = served.filter((v) => v !== hub);
  const differing = spokes.filter((v) => JSON.stringify(dataShape(v.schema)) !== hubShape);
  if (differing.length === 0)
    return { kind: 'identical', versions: model.versions.filter((v) => v.served || v === hub).map((v) => v.name) };
  if (!hub.served) return { kind: 'unserved-hub', hub: hub.name };
  const differences = new Map(spokes.map((v) => [v.name, schemaDifferences(hub.schema, v.schema, [hub.name, v.name], MAX_DIFFERENCES)]));
  return { kind: 'webhook', hub: hub.name, spokes: spokes.map((v) => v.name), differences };
}

/** A note or warning for the run's output about what was decided, located at the kind's versions. */
export function conversionDiagnostic(model: ResourceModel, conversion: VersionConversion): Diagnostic | undefined {
  const report = new Reporter(model.source);
  if (conversion.kind === 'identical')
    report.note(
      'versions-identical',
      ['spec', 'versions'],
      `${model.kind} serves ${conversion.versions.join(', ')} with one schema: the apiserver converts between them by changing apiVersion, so no converter is written and the conversion strategy stays None`,
    );
  else if (conversion.kind === 'unserved-hub')
    report.warning(
      'conversion-unserved-storage',
      ['spec', 'versions'],
      `${model.kind}'s versions differ, but its storage version ${conversion.hub} is not served, so it has no generated type: no converter stubs are written`,
      `serve ${conversion.hub}, or register on.conversion() for ${model.kind} by hand and set the CRD's spec.conversion`,
    );
  return report.diagnostics[0];
}

/** Keywords that describe a field to people and never change what is accepted or stored. */
const DOCUMENTATION = new Set(['description', 'example', 'externalDocs', 'title']);
/** Keywords whose value maps field names to schemas (the names are data, never keywords). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);

/** The schema without its documentation: what decides which objects are accepted and what is kept. */
function dataShape(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(dataShape);
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema).sort()) {
    if (DOCUMENTATION.has(key)) continue;
    const value = schema[key];
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      const map: Record<string, unknown> = {};
      for (const name of Object.keys(value).sort()) put(map, name, dataShape(value[name]));
      put(out, key, map);
    } else if (key === 'enum' || key === 'default' || key === 'x-kubernetes-validations') put(out, key, value);
    else put(out, key, dataShape(value));
  }
  return out;
}

/** An own property even for a key like `__proto__` (a field name is data). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Where two versions' schemas differ, for people: `spec.replicas (minimum)`, `spec.rollout (only in
 * v1beta2)`; the first `limit`, then `… and N more`.
 */
export function schemaDifferences(a: JsonSchema, b: JsonSchema, names: readonly [string, string], limit: number): string[] {
  const found: string[] = [];
  const walk = (x: unknown, y: unknown, path: string) => {
    const keywords = changedKeywords(x, y);
    if (keywords.length > 0) found.push(`${path || 'the object'} (${keywords.join(', ')})`);
    const px = properties(x);
    const py = properties(y);
    for (const name of [...new Set([...Object.keys(px), ...Object.keys(py)])].sort()) {
      const child = path ? `${path}.${name}` : name;
      if (!Object.hasOwn(px, name)) found.push(`${child} (only in ${names[1]})`);
      else if (!Object.hasOwn(py, name)) found.push(`${child} (only in ${names[0]})`);
      else walk(px[name], py[name], child);
    }
    const ix = isObject(x) ? x.items : undefined;
    const iy = isObject(y) ? y.items : undefined;
    if (ix !== undefined && iy !== undefined) walk(ix, iy, `${path}[]`);
  };
  walk(a, b, '');
  // Field names are data of any length: each line is cut for the comment it lands in.
  const shown = found.slice(0, limit).map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line));
  return found.length > limit ? [...shown, `… and ${found.length - limit} more`] : shown;
}

/** The keywords of two schema nodes, other than their fields and items, whose values differ. */
function changedKeywords(x: unknown, y: unknown): string[] {
  const nx = isObject(x) ? x : {};
  const ny = isObject(y) ? y : {};
  const keys = new Set(
    [...Object.keys(nx), ...Object.keys(ny)].filter((k) => k !== 'properties' && k !== 'items' && !DOCUMENTATION.has(k)),
  );
  return [...keys].sort().filter((k) => JSON.stringify(dataShape(nx[k])) !== JSON.stringify(dataShape(ny[k])));
}

function properties(node: unknown): Record<string, unknown> {
  return isObject(node) && isObject(node.properties) ? node.properties : {};
}
