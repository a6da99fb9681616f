/** Events written through the runtime's API client: POST to create, a merge patch to count a series. */
import type { ApiClient } from '../api/client.js';
import { collectionPath, objectPath, type ResourceRef } from '../api/paths.js';
import type { EventSink } from './recorder.js';

const EVENTS: ResourceRef = { group: 'events.k8s.io', version: 'v1', plural: 'events', namespaced: true };

export function apiSink(api: () => ApiClient): EventSink {
  return {
    create: (namespace, body, signal) => api().call('POST', collectionPath(EVENTS, namespace), body, 'application/json', signal),
    patch: (namespace, name, patch, signal) =>
      api().call('PATCH', objectPath(EVENTS, name, namespace), patch, 'application/merge-patch+json', signal),
  };
}
