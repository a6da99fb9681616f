import { formatPath, type PathSegment } from '../../diagnostics.js';
import { isObject, type Reporter, typeName } from '../report.js';
import { closest } from '../suggest.js';

/**
 * The CRD's own fields, as the apiserver's strict decoder knows them. An unknown or misplaced key is
 * refused by `kubectl apply` ("strict decoding error: unknown field"), so it is an error here too.
 */
type Field = 'string' | 'boolean' | 'integer' | 'any' | 'schema' | { object: Shape } | { array: Field };
type Shape = Record<string, Field>;

const scale: Shape = { specReplicasPath: 'string', statusReplicasPath: 'string', labelSelectorPath: 'string' };
const printerColumn: Shape = {
  name: 'string',
  type: 'string',
  format: 'string',
  description: 'string',
  priority: 'integer',
  jsonPath: 'string',
};
const version: Shape = {
  name: 'string',
  served: 'boolean',
  storage: 'boolean',
  deprecated: 'boolean',
  deprecationWarning: 'string',
  schema: { object: { openAPIV3Schema: 'schema' } },
  subresources: { object: { status: 'any', scale: { object: scale } } },
  additionalPrinterColumns: { array: { object: printerColumn } },
  selectableFields: { array: { object: { jsonPath: 'string' } } },
};
const names: Shape = {
  plural: 'string',
  singular: 'string',
  shortNames: { array: 'string' },
  kind: 'string',
  listKind: 'string',
  categories: { array: 'string' },
};
const spec: Shape = {
  group: 'string',
  names: { object: names },
  scope: 'string',
  versions: { array: { object: version } },
  conversion: {
    object: { strategy: 'string', webhook: { object: { clientConfig: 'any', conversionReviewVersions: { array: 'string' } } } },
  },
  preserveUnknownFields: 'boolean',
};
export const CRD_SHAPE: Shape = { apiVersion: 'string', kind: 'string', metadata: 'any', spec: { object: spec }, status: 'any' };

/** Every place a key may be written, as a path pattern (`spec.versions[].schema`), for "did you mean". */
const homes = new Map<string, string[]>();
(function index(shape: Shape, at: string) {
  for (const [key, field] of Object.entries(shape)) {
    const path = at ? `${at}.${key}` : key;
    homes.set(key, [...(homes.get(key) ?? []), path]);
    const inner = typeof field === 'object' && 'array' in field ? field.array : field;
    if (typeof inner === 'object' && 'object' in inner)
      index(inner.object, typeof field === 'object' && 'array' in field ? `${path}[]` : path);
  }
})(CRD_SHAPE, '');

/** Checks keys and value types of the CRD object; calls `onSchema` for each openAPIV3Schema it finds. */
export function checkShape(
  report: Reporter,
  value: Record<string, unknown>,
  onSchema: (path: PathSegment[], schema: unknown) => void,
): void {
  walkShape(report, CRD_SHAPE, value, [], onSchema);
}

function walkShape(
  report: Reporter,
  shape: Shape,
  value: Record<string, unknown>,
  path: PathSegment[],
  onSchema: (path: PathSegment[], schema: unknown) => void,
) {
  for (const [key, child] of Object.entries(value)) {
    // Own keys only: `__proto__` or `constructor` in a CRD is an unknown field, not Object.prototype's.
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    const at = [...path, key];
    if (!field) {
      unknownKey(report, shape, key, path);
      continue;
    }
    walkField(report, field, child, at, onSchema);
  }
}

function walkField(
  report: Reporter,
  field: Field,
  value: unknown,
  at: PathSegment[],
  onSchema: (path: PathSegment[], schema: unknown) => void,
) {
  if (value === null || value === undefined) return; // null decodes as "not set"
  if (field === 'any') return;
  if (field === 'schema') return onSchema(at, value);
  if (typeof field === 'string') {
    const actual = typeName(value);
    if (actual !== field && !(field === 'integer' && actual === 'integer')) {
      report.error(
        'field-type',
        at,
        `${formatPath(at)} must be a ${field}, not ${actual === 'object' ? 'a map' : `a ${actual}`} (${JSON.stringify(value)})`,
        hintForType(field, value),
      );
    }
    return;
  }
  if ('array' in field) {
    if (!Array.isArray(value)) {
      report.error(
        'field-type',
        at,
        `${formatPath(at)} must be a list, not a ${typeName(value)}`,
        'write it as a YAML list: each item on its own line starting with "- "',
      );
      return;
    }
    value.forEach((item, i) => {
      walkField(report, field.array, item, [...at, i], onSchema);
    });
    return;
  }
  if (!isObject(value)) {
    report.error(
      'field-type',
      at,
      `${formatPath(at)} must be a map, not a ${typeName(value)}`,
      'write it as a YAML map of key: value lines, indented under this key',
    );
    return;
  }
  walkShape(report, field.object, value, at, onSchema);
}

function unknownKey(report: Reporter, shape: Shape, key: string, parent: PathSegment[]) {
  const where = parent.length ? formatPath(parent) : 'the top level';
  const elsewhere = homes.get(key)?.filter((home) => home !== pattern([...parent, key]));
  if (elsewhere && elsewhere.length > 0) {
    const home = elsewhere[0]!;
    report.error(
      'misplaced-key',
      [...parent, key],
      `unknown field "${key}" in ${where}`,
      `did you mean ${home}? Move "${key}" there (it belongs in ${home.slice(0, home.lastIndexOf('.')) || 'the top level'}).`,
    );
    return;
  }
  const near = closest(key, Object.keys(shape));
  report.error(
    'unknown-key',
    [...parent, key],
    `unknown field "${key}" in ${where}`,
    near ? `did you mean "${near}"?` : `remove it; ${where} takes only: ${Object.keys(shape).join(', ')}`,
  );
}

function pattern(path: readonly PathSegment[]): string {
  return formatPath(path.map((s) => (typeof s === 'number' ? -1 : s))).replace(/\[-1\]/g, '[]');
}

function hintForType(field: string, value: unknown): string {
  if (field === 'boolean' && typeof value === 'string') return `write true or false without quotes`;
  if (field === 'string') return 'quote the value if YAML reads it as another type, e.g. "1.0"';
  return `give a ${field}`;
}
