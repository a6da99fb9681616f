/**
 * The CRDs known to one validate run, by apiVersion and kind. Each version's schema is compiled on
 * first use and then reused for every document of that kind: 10 000 documents, one compile each.
 */
import type { CompiledSchema } from '@gen-operator/runtime';
import { compileVersion, type ResourceModel, type VersionModel } from '../model/index.js';

export interface CatalogEntry {
  resource: ResourceModel;
  version: VersionModel;
  schema(): CompiledSchema;
  /** Rules already reported as not checkable: they are a property of the CRD, said once per run. */
  reportedNotCheckable: Set<string>;
}

export type Lookup =
  | { found: true; entry: CatalogEntry }
  | { found: false; reason: 'no-crd' | 'version-not-found' | 'version-not-served'; message: string; hint: string };

export class Catalog {
  private readonly byGroupKind = new Map<string, ResourceModel>();
  private readonly entries = new Map<string, CatalogEntry>();

  constructor(resources: readonly ResourceModel[]) {
    for (const r of resources) this.byGroupKind.set(`${r.group}/${r.kind}`, r);
  }

  get size(): number {
    return this.byGroupKind.size;
  }

  lookup(apiVersion: string, kind: string): Lookup {
    const slash = apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const versionName = apiVersion.slice(slash + 1);
    const resource = this.byGroupKind.get(`${group}/${kind}`);
    if (!resource)
      return {
        found: false,
        reason: 'no-crd',
        message: `no CRD defines kind ${kind} in group ${group || '(core)'}`,
        hint: 'pass the CRD with --crd <file|folder> or among the paths; check apiVersion and kind for typos',
      };
    const version = resource.versions.find((v) => v.name === versionName);
    if (!version)
      return {
        found: false,
        reason: 'version-not-found',
        message: `CRD ${resource.name} has no version ${versionName} (it has ${resource.versions.map((v) => v.name).join(', ')})`,
        hint: `use apiVersion ${group}/${resource.preferredVersion}`,
      };
    if (!version.served)
      return {
        found: false,
        reason: 'version-not-served',
        message: `version ${versionName} of CRD ${resource.name} is not served: the apiserver refuses objects in it`,
        hint: `use apiVersion ${group}/${resource.preferredVersion}`,
      };
    const key = `${resource.name}/${version.name}`;
    let entry = this.entries.get(key);
    if (!entry) {
      let compiled: CompiledSchema | undefined;
      entry = {
        resource,
        version,
        reportedNotCheckable: new Set(),
        schema: () => {
          compiled ??= compileVersion(resource, version);
          return compiled;
        },
      };
      this.entries.set(key, entry);
    }
    return { found: true, entry };
  }
}
