import type { JsonSchema } from '../../model/index.js';
import { tsString } from '../escape.js';
import { additionalProperties } from './keywords/additional-properties.js';
import { array } from './keywords/array.js';
import { docs } from './keywords/docs.js';
import { embeddedResource } from './keywords/embedded-resource.js';
import { enumeration } from './keywords/enum.js';
import { intOrString } from './keywords/int-or-string.js';
import { withoutJunctors } from './keywords/junctors.js';
import { nullable } from './keywords/nullable.js';
import { isEmptyClosedObject, object } from './keywords/object.js';
import { preserveUnknownFields } from './keywords/preserve-unknown-fields.js';
import { NameTable, pathName } from './naming.js';
import type { Pass, TsNode } from './node.js';
import { setField } from '@gen-operator/runtime';

/**
 * The Kubernetes pre-pass: turns CRD schemas into the subset json-schema-to-typescript reads, one
 * keyword at a time, and hoists every object with fields into a named definition. Structurally
 * equal objects (same fields, types and field docs) share one definition, named after the first
 * path they were met at: CRDs repeat embedded core types (containers, volumes, affinity) many
 * times, and inlining each copy makes the output too large to compile (HTTPRoute overflows V8).
 */
export class Prepass {
  /** Definition name → node, in the order they were created. */
  readonly definitions = new Map<string, TsNode>();
  private readonly byShape = new Map<string, string>();
  private readonly names = new NameTable();

  /** Adds a root type for one version; returns its name. */
  addRoot(name: string, schema: JsonSchema, apiVersion: string, kind: string, prefix: string): string {
    const rootName = this.names.claim(name);
    const pass: Pass = { convert: (node, path) => this.convert(node, path, prefix) };
    const root = object(withoutJunctors({ ...schema, properties: { ...(schema.properties as object) } }), pass, []);
    const properties: Record<string, TsNode> = Object.assign(Object.create(null) as Record<string, TsNode>, {
      apiVersion: { tsType: tsString(apiVersion) },
      kind: { tsType: tsString(kind) },
      metadata: { tsType: 'ObjectMeta' },
    });
    for (const [key, value] of Object.entries(root.properties ?? {})) {
      if (!Object.hasOwn(properties, key)) setField(properties, key, value);
    }
    const required = ['apiVersion', 'kind', ...(root.required ?? []).filter((r) => r !== 'apiVersion' && r !== 'kind' && r !== 'metadata')];
    this.definitions.set(
      rootName,
      docs(schema, {
        type: 'object',
        properties,
        required,
        ...(schema['x-kubernetes-preserve-unknown-fields'] === true ? { additionalProperties: true } : {}),
      }),
    );
    return rootName;
  }

  private convert(input: JsonSchema, path: readonly string[], prefix: string): TsNode {
    const node = withoutJunctors(input);
    const pass: Pass = { convert: (child, at) => this.convert(child, at, prefix) };
    let out: TsNode = intOrString(node) ?? this.byType(node, pass, path);
    out = enumeration(node, out);
    out = preserveUnknownFields(node, out);
    out = embeddedResource(node, out);
    if (isEmptyClosedObject(out)) out = { tsType: '{ [k: string]: never }' };
    out = this.hoist(out, path, prefix);
    out = nullable(node, out);
    return docs(node, out);
  }

  private byType(node: JsonSchema, pass: Pass, path: readonly string[]): TsNode {
    switch (node.type ?? (node.properties ? 'object' : undefined)) {
      case 'object':
        return additionalProperties(node, object(node, pass, path), pass, path);
      case 'array':
        return array(node, pass, path);
      case 'string':
        return { type: 'string' };
      case 'integer':
      case 'number':
        return { type: 'number' };
      case 'boolean':
        return { type: 'boolean' };
      default:
        return { tsType: 'unknown' };
    }
  }

  private hoist(out: TsNode, path: readonly string[], prefix: string): TsNode {
    if (out.type !== 'object' || !out.properties || Object.keys(out.properties).length === 0) return out;
    const shape = JSON.stringify(out);
    let name = this.byShape.get(shape);
    if (!name) {
      name = this.names.claim(pathName(prefix, path));
      this.byShape.set(shape, name);
      this.definitions.set(name, out);
    }
    return { tsType: name };
  }
}
