/**
 * The `children` handler argument: one parent's apply and set, bound to the operator's connection,
 * prefix and field manager. Built per handler call; it holds nothing but references.
 */
import type { ApiClient } from '../api/client.js';
import { resourceKey } from '../registry/registry.js';
import type { ChildApplyOptions, ChildItem, ChildObject, Children, ChildSetOptions } from '../registry/types.js';
import type { KubernetesObject, ResourceDefinition } from '../resource/types.js';
import { applyChild } from './apply.js';
import type { ChildEchoes } from './echoes.js';
import { setChildren } from './prune.js';

export interface ChildrenOptions {
  api: ApiClient;
  prefix: string;
  fieldManager: string;
  echoes?: ChildEchoes;
}

/** A typed member of the set given to `children.set()`. */
export function child<C extends KubernetesObject>(resource: ResourceDefinition<C>, object: ChildObject<C>): ChildItem<C> {
  return { resource, object };
}

export function childrenOf(
  parent: KubernetesObject,
  parentResource: { group: string; kind: string },
  watchedKinds: readonly ResourceDefinition<KubernetesObject>[],
  options: ChildrenOptions,
): Children {
  const context = { ...options, parent, parentResource, echoes: options.echoes, watchedKinds };
  return {
    apply: async <C extends KubernetesObject>(
      resource: ResourceDefinition<C>,
      object: ChildObject<C>,
      applyOptions?: ChildApplyOptions,
    ) => {
      const written = await applyChild(context, resource, object, applyOptions);
      options.echoes?.wrote(resourceKey(resource), written);
      return written;
    },
    set: (items: readonly ChildItem[], setOptions?: ChildSetOptions) => setChildren(context, items, setOptions),
  };
}

/** The `children` of handler arguments built outside an operator (unit tests): every call says so. */
export const detachedChildren: Children = {
  apply: () =>
    Promise.reject(new Error('children.apply() needs a running operator; in a unit test, pass your own `children` in the overrides.')),
  set: () =>
    Promise.reject(new Error('children.set() needs a running operator; in a unit test, pass your own `children` in the overrides.')),
};
