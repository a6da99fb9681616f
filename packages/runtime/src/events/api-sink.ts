/** Events written through the runtime's API client: POST to create, a merge patch to count a series. */
import { ApiClient } from '../api/client.js';
import { collectionPath, objectPath, type ResourceRef } from '../api/paths.js';
import type { EventSink } from './recorder.js';

const EVENTS: ResourceRef = { group: 'events.k8s.io', version: 'v1', plural: 'events', namespaced: true };
/** How long an Event write is retried (5xx, a restarting apiserver's 403) before it is dropped. */
const RETRY_BUDGET_MS = 5_000;

/**
 * A sink over the operator's connection with a client of its own: Event writes retry briefly and
 * quietly (the recorder logs one line when it drops one), and do not count as the operator's
 * requests.
 */
export function apiSink(main: () => ApiClient): EventSink {
  let client: ApiClient | undefined;
  const api = () => {
    const operator = main();
    client ??= new ApiClient(operator.connection, {
      retryBudgetMs: RETRY_BUDGET_MS,
      relogin: async () => {
        await operator.relogin();
        return operator.connection;
      },
    });
    // The operator's client may have logged in again since.
    client.connection = operator.connection;
    return client;
  };
  return {
    create: (namespace, body, signal) => api().call('POST', collectionPath(EVENTS, namespace), body, 'application/json', signal),
    patch: (namespace, name, patch, signal) =>
      api().call('PATCH', objectPath(EVENTS, name, namespace), patch, 'application/merge-patch+json', signal),
  };
}
