/**
 * children.set(): the complete set of a parent's children. Every item is applied; then each kind
 * that may hold children of this parent is listed by the parent label (a server-side selector), and
 * the children this parent controls that are not in the set are deleted, with the child's uid as a
 * precondition (a child re-created meanwhile under the same name is not touched). The idea of
 * kubectl's ApplySet pruning, scoped to one parent.
 */
import { ApiError } from '../api/errors.js';
import { collectionPath, objectPath, withQuery } from '../api/paths.js';
import { resourceKey } from '../registry/registry.js';
import type { ChildItem, ChildSetOptions, ChildSetResult } from '../registry/types.js';
import type { KubernetesObject, ObjectList, ResourceDefinition } from '../resource/types.js';
import { isControlledBy } from './adopt.js';
import { type ApplyContext, applyChild } from './apply.js';
import type { ChildEchoes } from './echoes.js';
import { childrenSelector } from './label.js';

type AnyResource = ResourceDefinition<KubernetesObject>;

export interface SetContext extends ApplyContext {
  parentResource: { group: string; kind: string };
  echoes: ChildEchoes | undefined;
  /** Kinds with on.child handlers for this parent's resource. */
  watchedKinds: readonly AnyResource[];
}

const PAGE = 500;

const identity = (resource: AnyResource, object: KubernetesObject) =>
  `${resourceKey(resource)}|${object.metadata?.namespace ?? ''}|${object.metadata?.name ?? ''}`;

export async function setChildren(
  context: SetContext,
  items: readonly ChildItem[],
  options: ChildSetOptions = {},
): Promise<ChildSetResult> {
  const applied: KubernetesObject[] = [];
  const keep = new Set<string>();
  for (const item of items) {
    const written = await applyChild(context, item.resource, item.object, options);
    context.echoes?.wrote(resourceKey(item.resource), written);
    applied.push(written);
    keep.add(identity(item.resource, written));
  }
  const kinds = new Map<string, AnyResource>();
  for (const resource of [...items.map((item) => item.resource), ...(options.kinds ?? []), ...context.watchedKinds]) {
    kinds.set(resourceKey(resource), resource);
  }
  const deleted: KubernetesObject[] = [];
  for (const resource of kinds.values()) {
    for (const child of await listChildren(context, resource)) {
      if (keep.has(identity(resource, child))) continue;
      if (await deleteChild(context, resource, child)) deleted.push(child);
    }
  }
  return { applied, deleted };
}

/** The parent's children of one kind: by label on the server, then by controller reference here. */
async function listChildren(context: SetContext, resource: AnyResource): Promise<KubernetesObject[]> {
  const parentMeta = context.parent.metadata ?? {};
  const uid = parentMeta.uid ?? '';
  // A namespaced parent's children are in its namespace (adopt refuses others, cluster-scoped ones too).
  if (parentMeta.namespace !== undefined && !resource.namespaced) return [];
  const base = collectionPath(resource, parentMeta.namespace);
  const found: KubernetesObject[] = [];
  let continueToken: string | undefined;
  do {
    const page = (await context.api.get(
      withQuery(base, { labelSelector: childrenSelector(context.prefix, uid), limit: PAGE, continue: continueToken }),
    )) as ObjectList<KubernetesObject>;
    for (const child of page.items ?? []) {
      if (isControlledBy(child, { uid, ...context.parentResource })) found.push(child);
    }
    continueToken = page.metadata?.continue || undefined;
  } while (continueToken);
  return found;
}

/** Deletes one child if it is still the one listed; false when it was already gone or replaced. */
async function deleteChild(context: SetContext, resource: AnyResource, child: KubernetesObject): Promise<boolean> {
  const { name, namespace, uid } = child.metadata ?? {};
  if (!name || !uid) return false;
  context.echoes?.deleted(resourceKey(resource), uid);
  try {
    await context.api.delete(objectPath(resource, name, namespace), {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      preconditions: { uid },
      propagationPolicy: 'Background',
    });
    return true;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 409)) return false;
    throw error;
  }
}
