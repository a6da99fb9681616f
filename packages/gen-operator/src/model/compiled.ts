import { type CompiledSchema, compileSchema } from '@gen-operator/runtime';
import type { ResourceModel, VersionModel } from './types.js';

/** A version's schema compiled with what else the apiserver checks on create (scope, status and scale subresources). */
export function compileVersion(resource: ResourceModel, version: VersionModel): CompiledSchema {
  return compileSchema(version.schema, {
    namespaced: resource.scope === 'Namespaced',
    statusSubresource: version.subresources.status,
    ...(version.subresources.scale ? { scale: version.subresources.scale } : {}),
  });
}
