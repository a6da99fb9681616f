import type { ResourceModel, VersionModel } from '../../model/index.js';
import { printDefinitions } from './compile.js';
import { kindName, pascal, safe } from './naming.js';
import { Prepass } from './prepass.js';

export { printDefinitions } from './compile.js';
export { Prepass } from './prepass.js';

export interface KindTypes {
  /** TypeScript declarations for every served version. */
  source: string;
  /** Version name → root type name (e.g. v1 → 'Demo' or 'DemoV1'). */
  roots: Map<string, string>;
  /** The root type of the preferred version. */
  preferred: string;
}

/** The served versions, preferred first: its names win when versions share a type. */
export function servedVersions(model: ResourceModel): VersionModel[] {
  const served = model.versions.filter((v) => v.served);
  return [...served.filter((v) => v.name === model.preferredVersion), ...served.filter((v) => v.name !== model.preferredVersion)];
}

/** One name per served version: the kind alone (see kindName) when there is one, `<Kind><Version>` otherwise. */
export function rootNames(model: ResourceModel): Map<string, string> {
  const served = servedVersions(model);
  return new Map(served.map((v) => [v.name, served.length === 1 ? kindName(model.kind) : `${model.kind}${pascal(v.name)}`]));
}

export async function emitKindTypes(model: ResourceModel): Promise<KindTypes> {
  const prepass = new Prepass();
  const names = rootNames(model);
  const roots = new Map<string, string>();
  for (const version of servedVersions(model)) {
    const wanted = names.get(version.name)!;
    // Nested types are named after the kind (FunctionSpec), not after a `…Resource` root name.
    const prefix = wanted === kindName(model.kind) ? safe(model.kind) : wanted;
    roots.set(version.name, prepass.addRoot(wanted, version.schema, `${model.group}/${version.name}`, model.kind, prefix));
  }
  let source = await printDefinitions(prepass.definitions);
  for (const root of roots.values()) {
    source = source.replace(`export interface ${root} {`, `export interface ${root} extends KubernetesObject {`);
  }
  return { source, roots, preferred: roots.get(model.preferredVersion) ?? [...roots.values()][0]! };
}
