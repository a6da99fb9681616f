/**
 * The paths webhooks are served at, one per resource and kind of review; the generator's deploy
 * manifests name the same paths (the core group "" is written `core`):
 *   /validate/<group>/<version>/<plural>, /mutate/<group>/<version>/<plural>, /convert/<group>/<plural>.
 */
import type { AdmissionKind, Registry } from '../registry/registry.js';
import type { Logger } from '../registry/types.js';
import { type AdmissionObserver, admissionRoute, unhandledAdmissionRoute } from './admission.js';
import type { WebhookRoute } from './server.js';

interface ResourceNames {
  group: string;
  version: string;
  plural: string;
}

const groupSegment = (group: string) => group || 'core';

export function admissionPath(kind: AdmissionKind, resource: ResourceNames): string {
  return `/${kind}/${groupSegment(resource.group)}/${resource.version}/${resource.plural}`;
}

export function conversionPath(resource: Pick<ResourceNames, 'group' | 'plural'>): string {
  return `/convert/${groupSegment(resource.group)}/${resource.plural}`;
}

/** Routes by exact path. Several providers (admission now, conversion beside it) make one table. */
export type RouteTable = ReadonlyMap<string, WebhookRoute>;

/** A route for every resource with on.validate or on.mutate handlers. */
export function admissionRoutes(registry: Registry, logger: Logger, observe?: AdmissionObserver): RouteTable {
  const routes = new Map<string, WebhookRoute>();
  for (const handlers of registry.admission.values()) {
    for (const kind of ['validate', 'mutate'] as const) {
      if (handlers[kind].length) routes.set(admissionPath(kind, handlers.resource), admissionRoute(kind, handlers, logger, observe));
    }
  }
  return routes;
}

/** Whether `path` has the form of an admission path (`/validate|mutate/<group>/<version>/<plural>`). */
export function isAdmissionPath(path: string): boolean {
  return /^\/(validate|mutate)\/[a-z0-9.-]+\/[a-z0-9]+\/[a-z0-9.-]+$/.test(path);
}

/**
 * One lookup over every provider's table, then `fallback` for a path none has; a path two providers
 * claim is a programming error.
 */
export function routeLookup(
  tables: readonly RouteTable[],
  fallback: (path: string) => WebhookRoute | undefined = () => undefined,
): (path: string) => WebhookRoute | undefined {
  const all = new Map<string, WebhookRoute>();
  for (const table of tables) {
    for (const [path, route] of table) {
      if (all.has(path)) throw new Error(`Two webhooks claim the path ${path}.`);
      all.set(path, route);
    }
  }
  return (path) => all.get(path) ?? fallback(path);
}

/** routeLookup's fallback for admission paths without handlers (unhandledAdmissionRoute), each logged once. */
export function unhandledAdmission(logger: Logger): (path: string) => WebhookRoute | undefined {
  // Bounded: any client may make up paths.
  const logged = new Set<string>();
  const firstUse = (path: string) => () => {
    if (logged.has(path) || logged.size >= 1000) return;
    logged.add(path);
    logger.warn('A webhook configuration calls a path without handlers; admitting.', { path });
  };
  return (path) => (isAdmissionPath(path) ? unhandledAdmissionRoute(path, firstUse(path)) : undefined);
}
