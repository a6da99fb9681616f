import { header } from '../header.js';
import type { ResourceModel, VersionModel } from '../model/index.js';
import type { ProjectFile } from '../project-file.js';
import { fileStem } from './names.js';
import { emitKindTypes, servedVersions } from './types/index.js';
import { kindName } from './types/naming.js';

/** `src/resources/<kind>.ts`: the types of every served version and one resource definition per version. */
export async function emitResource(model: ResourceModel, sources: readonly string[]): Promise<{ file: ProjectFile; exports: string[] }> {
  const types = await emitKindTypes(model);
  const out: string[] = [
    header('//', sources),
    "import { defineResource, type JsonSchemaProps, type KubernetesObject, type ObjectMeta } from '@gen-operator/runtime';\n",
  ];
  out.push(types.source);
  const exports: string[] = [];
  for (const version of servedVersions(model)) {
    const name = types.roots.get(version.name)!;
    exports.push(name);
    out.push(definition(model, version, name));
  }
  if (types.roots.size > 1) {
    const alias = aliasName(model, types.roots);
    out.push(
      `/** The preferred version (${model.preferredVersion}). */\nexport type ${alias} = ${types.preferred};\nexport const ${alias} = ${types.preferred};\n`,
    );
    exports.unshift(alias);
  }
  return { file: { path: `src/resources/${fileStem(model)}.ts`, content: out.join('\n'), owner: 'generated' }, exports };
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
    ...(version.printerColumns.length ? { printerColumns: version.printerColumns } : {}),
  };
  const fields = Object.entries(spec).map(([key, value]) => `  ${key}: ${literal(value)},`);
  // The schema is parsed from a string: as an object literal, type-checking it costs seconds on large CRDs.
  fields.push(`  schema: JSON.parse(${JSON.stringify(JSON.stringify(version.schema))}) as JsonSchemaProps,`);
  const deprecated = version.deprecated
    ? `/** @deprecated ${version.deprecationWarning ?? `${model.group}/${version.name} ${model.kind} is deprecated.`} */\n`
    : '';
  return `${deprecated}export const ${name} = defineResource<${name}>({\n${fields.join('\n')}\n});\n`;
}

/** A compact TypeScript literal with single-quoted strings. */
function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : literal(k)}: ${literal(v)}`).join(', ')} }`;
  }
  return String(value);
}

/** `src/resources/index.ts`: every kind's root names, for one import path. */
export function emitResourceIndex(entries: readonly { stem: string; exports: string[] }[], sources: readonly string[]): ProjectFile {
  const lines = entries.map((e) => `export { ${e.exports.join(', ')} } from './${e.stem}.js';`);
  return { path: 'src/resources/index.ts', content: `${header('//', sources)}${lines.join('\n')}\n`, owner: 'generated' };
}
