/** A typed client for one resource over ApiClient (what `Resource.api(config)` returns). */
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesObject, ListOptions, ObjectList, PatchOptions, ResourceClient } from '../resource/types.js';
import { ApiClient } from './client.js';
import { connectionFromInfo, connectionInfoFromKubeConfig } from './connection.js';
import { collectionPath, objectPath, type ResourceRef, withQuery } from './paths.js';

export function resourceClient<T extends KubernetesObject>(ref: ResourceRef, config: KubeConfig): ResourceClient<T> {
  let client: Promise<ApiClient> | undefined;
  const api = () => {
    client ??= connectionInfoFromKubeConfig(config).then((credentials) => new ApiClient(connectionFromInfo(credentials)));
    return client;
  };
  const namespaceOf = (obj: KubernetesObject) => obj.metadata?.namespace;
  const nameOf = (obj: KubernetesObject) => {
    const name = obj.metadata?.name;
    if (!name) throw new TypeError('The object has no metadata.name.');
    return name;
  };
  const patchQuery = (options: PatchOptions) =>
    options.type === 'apply'
      ? { fieldManager: options.fieldManager ?? 'gen-operator', force: options.force }
      : { fieldManager: options.fieldManager };
  return {
    get: async (name, namespace) => (await (await api()).get(objectPath(ref, name, namespace))) as T,
    list: async (options: ListOptions = {}) =>
      (await (
        await api()
      ).get(
        withQuery(collectionPath(ref, options.namespace), {
          labelSelector: options.labelSelector,
          fieldSelector: options.fieldSelector,
          limit: options.limit,
          continue: options.continue,
        }),
      )) as ObjectList<T>,
    create: async (obj) => (await (await api()).post(collectionPath(ref, namespaceOf(obj)), obj)) as T,
    replace: async (obj) => (await (await api()).put(objectPath(ref, nameOf(obj), namespaceOf(obj)), obj)) as T,
    patch: async (name, patch, options) =>
      (await (await api()).patch(withQuery(objectPath(ref, name, options.namespace), patchQuery(options)), options.type, patch)) as T,
    patchStatus: async (name, patch, options) =>
      (await (
        await api()
      ).patch(withQuery(objectPath(ref, name, options.namespace, 'status'), patchQuery(options)), options.type, patch)) as T,
    delete: async (name, namespace) => {
      await (await api()).delete(objectPath(ref, name, namespace));
    },
  };
}
