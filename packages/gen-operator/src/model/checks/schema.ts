import { formatPath, type PathSegment } from '../../diagnostics.js';
import { isObject, type Reporter, typeName } from '../report.js';
import { closest } from '../suggest.js';
import { checkDefault } from './defaults.js';

/** Keys of the apiserver's JSONSchemaProps; any other key is an unknown field. */
const KEYWORDS = new Set([
  'id',
  '$schema',
  '$ref',
  'description',
  'type',
  'format',
  'title',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'enum',
  'maxProperties',
  'minProperties',
  'required',
  'items',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'properties',
  'additionalProperties',
  'patternProperties',
  'dependencies',
  'additionalItems',
  'definitions',
  'externalDocs',
  'example',
  'nullable',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);

/** Known to JSON Schema but refused in a CRD, with what to write instead. */
const FORBIDDEN: Record<string, string> = {
  $ref: 'CRD schemas cannot reference other schemas; write the referenced schema inline',
  definitions: 'CRD schemas cannot hold definitions; inline each schema where it is used',
  dependencies: 'express the dependency with x-kubernetes-validations (CEL), e.g. rule: "!has(self.a) || has(self.b)"',
  id: 'remove it',
  $schema: 'remove it',
  patternProperties: 'use additionalProperties with a schema, and x-kubernetes-validations to check key names',
  additionalItems: 'remove it; items is a single schema in a CRD',
};

const TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean'];
const JUNCTORS = ['allOf', 'anyOf', 'oneOf'] as const;
const NOT_IN_JUNCTORS = [
  'description',
  'type',
  'default',
  'additionalProperties',
  'nullable',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
];

interface Context {
  inJunctor: boolean;
  root: boolean;
  /** The root's `metadata` property, which may only restrict name and generateName. */
  rootMetadata: boolean;
}

/** The structural-schema rules and forbidden keywords for one version's openAPIV3Schema. */
export function checkSchema(report: Reporter, schema: unknown, path: PathSegment[]): void {
  if (!isObject(schema)) {
    report.error(
      'schema-type',
      path,
      `openAPIV3Schema must be a map, not a ${typeName(schema)}`,
      'write the schema as a map: type: object, properties: ...',
    );
    return;
  }
  if (schema.type !== 'object') {
    report.error(
      'root-type',
      [...path, 'type'],
      'the root of openAPIV3Schema must have type: object',
      'set type: object at the top of the schema',
    );
  }
  visit(report, schema, path, { inJunctor: false, root: true, rootMetadata: false });
  if (
    isObject(schema.properties) &&
    !Object.hasOwn(schema.properties, 'status') &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    report.warning(
      'no-status',
      [...path, 'properties'],
      'the schema has no status property, so the apiserver prunes every status the operator writes (handler results included)',
      'add status: { type: object, x-kubernetes-preserve-unknown-fields: true } under properties, or describe its fields',
    );
  }
}

function visit(report: Reporter, node: Record<string, unknown>, path: PathSegment[], ctx: Context): void {
  for (const key of Object.keys(node)) {
    if (!KEYWORDS.has(key)) {
      const near = closest(key, KEYWORDS);
      report.error(
        'unknown-keyword',
        [...path, key],
        `unknown schema keyword "${key}"`,
        near
          ? `did you mean "${near}"?`
          : key.startsWith('x-kubernetes')
            ? 'remove it; see the x-kubernetes-* extensions the apiserver knows'
            : 'remove it; if it is a field of your resource, put it under properties',
      );
    } else if (Object.hasOwn(FORBIDDEN, key) && node[key] !== undefined) {
      report.error('forbidden-keyword', [...path, key], `"${key}" is not allowed in a CRD schema`, FORBIDDEN[key]);
    }
  }
  if (ctx.inJunctor) {
    for (const key of NOT_IN_JUNCTORS) {
      if (key in node && !isIntOrStringBranch(node)) {
        report.error(
          'junctor-keyword',
          [...path, key],
          `"${key}" is not allowed inside allOf, anyOf, oneOf or not`,
          `move "${key}" to the schema that holds the ${String(path.find((p) => typeof p === 'string' && JUNCTORS.includes(p as never)) ?? 'junctor')}`,
        );
      }
    }
  }
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const type = node.type;
  if (type === undefined) {
    if (!ctx.inJunctor && !intOrString && !preserve) {
      const guess = isObject(node.properties) ? 'object' : node.items !== undefined ? 'array' : undefined;
      report.error(
        'missing-type',
        path.length ? path : [],
        `${label(path)} has no type`,
        guess
          ? `add type: ${guess}`
          : 'add type: one of object, array, string, integer, number, boolean (or x-kubernetes-int-or-string / x-kubernetes-preserve-unknown-fields)',
      );
    }
  } else if (typeof type !== 'string' || !TYPES.includes(type)) {
    const near = typeof type === 'string' ? closest(type, TYPES) : undefined;
    report.error(
      'invalid-type',
      [...path, 'type'],
      `type ${JSON.stringify(type)} is not one of ${TYPES.join(', ')}`,
      near
        ? `did you mean "${near}"?`
        : Array.isArray(type)
          ? 'a CRD node has one type; use nullable: true for null, x-kubernetes-int-or-string for number or string'
          : 'use one of those',
    );
  } else if (intOrString) {
    report.error(
      'int-or-string',
      [...path, 'type'],
      'a node with x-kubernetes-int-or-string must not set type',
      'remove type (optionally keep anyOf: [{type: integer}, {type: string}])',
    );
  }
  checkExtensions(report, node, path, type);
  if (node.uniqueItems === true) {
    report.error(
      'forbidden-keyword',
      [...path, 'uniqueItems'],
      'uniqueItems: true is not allowed in a CRD schema',
      'use x-kubernetes-list-type: set (or map with x-kubernetes-list-map-keys) instead',
    );
  }
  if (node.additionalProperties === false) {
    report.error(
      'forbidden-keyword',
      [...path, 'additionalProperties'],
      'additionalProperties: false is not allowed in a CRD schema',
      'remove it: unknown fields are pruned anyway, and the types are closed',
    );
  } else if (node.additionalProperties !== undefined && isObject(node.properties)) {
    report.error(
      'forbidden-keyword',
      [...path, 'additionalProperties'],
      'additionalProperties cannot be used together with properties',
      'keep properties for known fields, or additionalProperties for a map, not both',
    );
  }
  if (typeof node.pattern === 'string') checkPattern(report, node.pattern, [...path, 'pattern']);
  if (Array.isArray(node.required) && isObject(node.properties)) {
    node.required.forEach((name, i) => {
      if (typeof name === 'string' && !Object.hasOwn(node.properties as object, name) && !preserve) {
        const near = closest(name, Object.keys(node.properties as object));
        report.warning(
          'required-unknown',
          [...path, 'required', i],
          `"${name}" is required but not among the properties`,
          near ? `did you mean "${near}"?` : `add ${name} under properties, or remove it from required`,
        );
      }
    });
  }
  if (node.default !== undefined) {
    if (ctx.rootMetadata) report.error('default-metadata', [...path, 'default'], 'metadata cannot have a default', 'remove it');
    else checkDefault(report, node, [...path, 'default']);
  }
  if (ctx.rootMetadata) checkMetadata(report, node, path);

  const child = (schema: unknown, at: PathSegment[], next: Partial<Context> = {}) => {
    if (schema === undefined) return;
    if (!isObject(schema)) {
      if (typeof schema === 'boolean' && at.at(-1) === 'additionalProperties') return;
      report.error(
        'schema-type',
        at,
        `${label(at)} must be a schema (a map), not a ${typeName(schema)}`,
        Array.isArray(schema) && at.at(-1) === 'items'
          ? 'items takes one schema in a CRD, not a list of schemas'
          : 'write it as a map with type: ...',
      );
      return;
    }
    visit(report, schema, at, { inJunctor: ctx.inJunctor, root: false, rootMetadata: false, ...next });
  };
  if (node.properties !== undefined) {
    if (!isObject(node.properties))
      report.error(
        'schema-type',
        [...path, 'properties'],
        'properties must be a map of field name to schema',
        'write each field as name: { type: ... }',
      );
    else
      for (const [name, schema] of Object.entries(node.properties)) {
        if (
          ctx.root &&
          (name === 'apiVersion' || name === 'kind') &&
          isObject(schema) &&
          schema.type !== undefined &&
          schema.type !== 'string'
        ) {
          report.error('root-field', [...path, 'properties', name], `${name} must be of type string`, 'set type: string or remove it');
        }
        child(schema, [...path, 'properties', name], { rootMetadata: ctx.root && name === 'metadata' });
      }
  }
  child(node.items, [...path, 'items']);
  if (node.items === undefined && type === 'array') {
    report.error('missing-items', [...path], `${label(path)} is an array without items`, 'add items: { type: ... } describing one element');
  }
  if (isObject(node.additionalProperties)) child(node.additionalProperties, [...path, 'additionalProperties']);
  for (const junctor of JUNCTORS) {
    const branches = node[junctor];
    if (branches === undefined) continue;
    if (!Array.isArray(branches)) {
      report.error('schema-type', [...path, junctor], `${junctor} must be a list of schemas`, 'write each branch as a list item');
      continue;
    }
    branches.forEach((b, i) => {
      child(b, [...path, junctor, i], { inJunctor: true });
      if (!ctx.inJunctor && isObject(b)) checkSpecifiedOutside(report, node, b, [...path, junctor, i]);
    });
  }
  if (node.not !== undefined) {
    child(node.not, [...path, 'not'], { inJunctor: true });
    if (!ctx.inJunctor && isObject(node.not)) checkSpecifiedOutside(report, node, node.not, [...path, 'not']);
  }
}

/** Structural rule 2: every field a junctor talks about is also declared outside it. */
function checkSpecifiedOutside(report: Reporter, outer: Record<string, unknown>, inner: Record<string, unknown>, at: PathSegment[]) {
  if (!isObject(inner.properties)) return;
  if (outer['x-kubernetes-preserve-unknown-fields'] === true && !isObject(outer.properties)) return;
  const declared = isObject(outer.properties) ? outer.properties : {};
  for (const name of Object.keys(inner.properties)) {
    if (!Object.hasOwn(declared, name)) {
      report.error(
        'junctor-field',
        [...at, 'properties', name],
        `"${name}" is used inside ${formatPath(at.slice(-2))} but not declared in the properties outside it`,
        `declare ${name} (with its type) in the properties next to ${String(at.at(-2))}`,
      );
    }
  }
}

function isIntOrStringBranch(node: Record<string, unknown>): boolean {
  const keys = Object.keys(node);
  return keys.length === 1 && (node.type === 'integer' || node.type === 'string');
}

function checkExtensions(report: Reporter, node: Record<string, unknown>, path: PathSegment[], type: unknown) {
  const listType = node['x-kubernetes-list-type'];
  if (listType !== undefined) {
    if (type !== 'array')
      report.error(
        'list-type',
        [...path, 'x-kubernetes-list-type'],
        'x-kubernetes-list-type is only allowed on arrays',
        'remove it, or set type: array',
      );
    else if (!['atomic', 'set', 'map'].includes(String(listType)))
      report.error(
        'list-type',
        [...path, 'x-kubernetes-list-type'],
        `x-kubernetes-list-type "${String(listType)}" is not atomic, set or map`,
        'use one of those',
      );
    else if (listType === 'map') {
      const keys = node['x-kubernetes-list-map-keys'];
      const items = isObject(node.items) ? node.items : {};
      if (!Array.isArray(keys) || keys.length === 0) {
        report.error(
          'list-map-keys',
          [...path, 'x-kubernetes-list-type'],
          'x-kubernetes-list-type: map needs x-kubernetes-list-map-keys',
          'add x-kubernetes-list-map-keys: [name] naming the fields that identify an item',
        );
      } else if (items.type !== 'object') {
        report.error('list-type', [...path, 'items'], 'x-kubernetes-list-type: map needs items of type object', 'set items.type: object');
      } else {
        const props = isObject(items.properties) ? items.properties : {};
        const required = Array.isArray(items.required) ? items.required : [];
        keys.forEach((key, i) => {
          const prop = Object.hasOwn(props, String(key)) ? props[String(key)] : undefined;
          if (!isObject(prop))
            report.error(
              'list-map-keys',
              [...path, 'x-kubernetes-list-map-keys', i],
              `list map key "${String(key)}" is not a property of the items`,
              'declare it under items.properties, or pick another key',
            );
          else if (!required.includes(key) && prop.default === undefined) {
            report.error(
              'list-map-keys',
              [...path, 'x-kubernetes-list-map-keys', i],
              `list map key "${String(key)}" must be required or have a default`,
              `add "${String(key)}" to items.required, or give it a default`,
            );
          }
        });
      }
    } else if (listType === 'set' && isObject(node.items) && (node.items.type === 'object' || node.items.type === 'array')) {
      report.error(
        'list-type',
        [...path, 'x-kubernetes-list-type'],
        'x-kubernetes-list-type: set needs scalar items',
        'use x-kubernetes-list-type: map with x-kubernetes-list-map-keys for objects, or atomic',
      );
    }
  } else if (node['x-kubernetes-list-map-keys'] !== undefined) {
    report.error(
      'list-map-keys',
      [...path, 'x-kubernetes-list-map-keys'],
      'x-kubernetes-list-map-keys needs x-kubernetes-list-type: map',
      'add x-kubernetes-list-type: map',
    );
  }
  const mapType = node['x-kubernetes-map-type'];
  if (mapType !== undefined) {
    if (type !== 'object')
      report.error(
        'map-type',
        [...path, 'x-kubernetes-map-type'],
        'x-kubernetes-map-type is only allowed on objects',
        'remove it, or set type: object',
      );
    else if (mapType !== 'granular' && mapType !== 'atomic')
      report.error(
        'map-type',
        [...path, 'x-kubernetes-map-type'],
        `x-kubernetes-map-type "${String(mapType)}" is not granular or atomic`,
        'use one of those',
      );
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    if (type !== 'object')
      report.error(
        'embedded-resource',
        [...path, 'x-kubernetes-embedded-resource'],
        'x-kubernetes-embedded-resource needs type: object',
        'add type: object',
      );
    else if (!isObject(node.properties) && node['x-kubernetes-preserve-unknown-fields'] !== true) {
      report.error(
        'embedded-resource',
        [...path, 'x-kubernetes-embedded-resource'],
        'x-kubernetes-embedded-resource needs properties or x-kubernetes-preserve-unknown-fields: true',
        'add x-kubernetes-preserve-unknown-fields: true to accept any object',
      );
    }
  }
  for (const key of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string']) {
    if (node[key] === false) report.error('extension-false', [...path, key], `${key} must be true or absent`, 'remove the line');
  }
  const validations = node['x-kubernetes-validations'];
  if (validations !== undefined) {
    if (!Array.isArray(validations))
      report.error(
        'validations',
        [...path, 'x-kubernetes-validations'],
        'x-kubernetes-validations must be a list of rules',
        'write - rule: "self.x > 0"',
      );
    else
      validations.forEach((v, i) => {
        if (!isObject(v) || typeof v.rule !== 'string' || v.rule.trim() === '') {
          report.error(
            'validations',
            [...path, 'x-kubernetes-validations', i],
            'each validation needs a non-empty CEL rule',
            'add rule: "..." (and message: "...")',
          );
        }
      });
  }
}

function checkMetadata(report: Reporter, node: Record<string, unknown>, path: PathSegment[]) {
  const allowed = new Set(['type', 'properties', 'description']);
  for (const key of Object.keys(node)) {
    if (!allowed.has(key))
      report.error(
        'metadata-schema',
        [...path, key],
        `the root metadata schema may only restrict name and generateName, not set "${key}"`,
        'remove it: metadata is always the standard ObjectMeta',
      );
  }
  if (isObject(node.properties)) {
    for (const [name, prop] of Object.entries(node.properties)) {
      if (name !== 'name' && name !== 'generateName') {
        report.error(
          'metadata-schema',
          [...path, 'properties', name],
          `the root metadata schema may only restrict name and generateName, not "${name}"`,
          'remove it: metadata is always the standard ObjectMeta',
        );
      } else if (isObject(prop) && prop.type !== 'string') {
        report.error('metadata-schema', [...path, 'properties', name], `metadata.${name} must be of type string`, 'set type: string');
      }
    }
  }
}

function checkPattern(report: Reporter, pattern: string, path: PathSegment[]) {
  try {
    new RegExp(pattern, 'u');
  } catch {
    try {
      new RegExp(pattern);
    } catch (error) {
      // RE2 and JavaScript differ on a few constructs ((?i), \z, \pL); those stay warnings.
      report.warning(
        'pattern',
        path,
        `pattern ${JSON.stringify(pattern)} is not a valid regular expression here: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`,
        'check the escaping: in YAML, single-quote the pattern so backslashes stay as written',
      );
    }
  }
}

function label(path: readonly PathSegment[]): string {
  return path.length ? formatPath(path) : 'the schema';
}
