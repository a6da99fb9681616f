/** Controller owner references: which object a child belongs to. */
import type { KubernetesObject, OwnerReference } from '../resource/types.js';

/** The owner reference with `controller: true`, the one the garbage collector and on.child follow. */
export function controllerOf(object: KubernetesObject): OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/** The API group of an apiVersion: `apps` of `apps/v1`, '' of `v1`. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether `ref` points at an object of this group and kind, whatever the version. */
export function refersTo(ref: OwnerReference, resource: { group: string; kind: string }): boolean {
  return ref.kind === resource.kind && groupOf(ref.apiVersion) === resource.group;
}
