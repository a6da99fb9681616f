import { header } from '../header.js';
import type { PrinterColumnModel, ResourceModel, VersionModel } from '../model/index.js';
import type { ProjectFile } from '../project-file.js';
import { docComment, tsIdentifier, tsLiteral, tsString, tsTemplateText } from './escape.js';
import { fileStem } from './names.js';
import { emitKindTypes, servedVersions } from './types/index.js';
import { kindName } from './types/naming.js';

/** `src/resources/<stem>.ts`: the types of every served version and one resource definition per version. */
export async function emitResource(
  model: ResourceModel,
  sources: readonly string[],
  stem = fileStem(model),
): Promise<{ file: ProjectFile; exports: string[]; versionTypes: Map<string, string> }> {
  const types = await emitKindTypes(model);
  const out: string[] = [
    header('//', sources),
    "import { defineResource, type JsonSchemaProps, type KubernetesObject, type ObjectMeta } from '@gen-operator/runtime';\n",
  ];
  out.push(types.source);
  const exports: string[] = [];
  const versionTypes = new Map<string, string>();
  for (const version of servedVersions(model)) {
    const name = tsIdentifier(types.roots.get(version.name)!);
    exports.push(name);
    versionTypes.set(version.name, name);
    out.push(definition(model, version, name));
  }
  if (types.roots.size > 1) {
    const alias = tsIdentifier(aliasName(model, types.roots));
    out.push(
      `${docComment(`The preferred version (${model.preferredVersion}).`)}export type ${alias} = ${types.preferred};\nexport const ${alias} = ${types.preferred};\n`,
    );
    exports.unshift(alias);
  }
  return { file: { path: `src/resources/${stem}.ts`, content: out.join('\n'), owner: 'generated' }, exports, versionTypes };
}

/**
 * The schema as formatted JSON in a template literal, one property a line. It is parsed from a string
 * because as an object literal, type-checking it costs seconds on large CRDs. JSON.stringify leaves
 * no raw line break inside a value, so each line is escaped on its own and the breaks stay real.
 */
function schemaText(schema: Record<string, unknown>): string {
  const lines = JSON.stringify(schema, null, 2).split('\n');
  return `\`${lines.map((line, i) => (i === 0 ? '' : '  ') + tsTemplateText(line)).join('\n')}\``;
}

/** The unsuffixed name for the preferred version's alias (the kind, or `<Kind>Resource` for a global name). */
function aliasName(model: ResourceModel, roots: Map<string, string>): string {
  const base = kindName(model.kind);
  return [...roots.values()].includes(base) ? `${base}Preferred` : base;
}

function definition(model: ResourceModel, version: VersionModel, name: string): string {
  const spec: Record<string, unknown> = {
    group: model.group,
    version: version.name,
    kind: model.kind,
    plural: model.plural,
    singular: model.singular,
    ...(model.shortNames.length ? { shortNames: model.shortNames } : {}),
    ...(model.categories.length ? { categories: model.categories } : {}),
    namespaced: model.scope === 'Namespaced',
    subresources: { status: version.subresources.status, ...(version.subresources.scale ? { scale: version.subresources.scale } : {}) },
    ...(version.printerColumns.length ? { printerColumns: version.printerColumns.map(column) } : {}),
  };
  const fields = Object.entries(spec).map(([key, value]) => `  ${key}: ${tsLiteral(value)},`);
  fields.push(`  schema: JSON.parse(${schemaText(version.schema)}) as JsonSchemaProps,`);
  const deprecated = version.deprecated
    ? docComment(`@deprecated ${version.deprecationWarning ?? `${model.group}/${version.name} ${model.kind} is deprecated.`}`)
    : '';
  return `${deprecated}export const ${name} = defineResource<${name}>({\n${fields.join('\n')}\n});\n`;
}

/** The fields of a printer column the runtime reads, and nothing else the CRD may carry. */
function column(c: PrinterColumnModel): PrinterColumnModel {
  const { name, type, jsonPath, description, format, priority } = c;
  return { name, type, jsonPath, description, format, priority };
}

/** One kind's resource module for the index: its stem and the names it exports. */
export interface IndexEntry {
  stem: string;
  exports: string[];
}

/**
 * `src/resources/index.ts`: every kind's root names, for one import path. Two kinds may export the
 * same name (one kind in two groups, `DemoV1` beside a two-version `Demo`): the later one is
 * re-exported under a numbered alias (`DemoV1_2`). Returns the name each export has in the index.
 */
export function emitResourceIndex(
  entries: readonly IndexEntry[],
  sources: readonly string[],
  reserved: ReadonlySet<string> = new Set(),
): { file: ProjectFile; names: Map<IndexEntry, string[]> } {
  const used = new Set(reserved);
  const names = new Map<IndexEntry, string[]>();
  const lines = entries.map((e) => {
    const aliases = e.exports.map((name) => {
      let alias = name;
      for (let i = 2; used.has(alias); i++) alias = `${name}_${i}`;
      used.add(alias);
      return alias;
    });
    names.set(e, aliases);
    const specifiers = e.exports.map((name, i) => (aliases[i] === name ? name : `${name} as ${aliases[i]}`));
    return `export { ${specifiers.join(', ')} } from ${tsString(`./${e.stem}.js`)};`;
  });
  return { file: { path: 'src/resources/index.ts', content: `${header('//', sources)}${lines.join('\n')}\n`, owner: 'generated' }, names };
}
