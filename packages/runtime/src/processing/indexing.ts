/**
 * Keeps `on.index()` stores current: each state of an object replaces what it contributes to each
 * index of its resource, a deletion removes it. Runs as events arrive, before the queue, so an index
 * is complete as soon as its streams have listed and never lags behind the handlers that read it.
 */
import { matchesMeta } from '../registry/filters.js';
import type { IndexHandler } from '../registry/registry.js';
import type { Logger } from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';
import type { ObjectEvent } from '../watching/stream.js';
import { indexArgs } from './args.js';
import { messageOf } from './progress.js';

/** Applies one event to every index of the resource. */
export function indexEvent(indexes: readonly IndexHandler[], event: ObjectEvent, logger: Logger): void {
  const uid = event.object.metadata?.uid;
  if (!uid) return;
  for (const index of indexes) {
    if (event.type === 'DELETED') index.store.remove(uid);
    else index.store.replace(uid, indexEntries(index, event.object, logger));
  }
}

const NONE: ReadonlyMap<string, unknown> = new Map();

/** What the object gives to the index: none when a filter declines it or the function fails. */
export function indexEntries(index: IndexHandler, body: KubernetesObject, logger: Logger): ReadonlyMap<string, unknown> {
  const { labels, annotations, when } = index.options;
  const meta = body.metadata;
  if (!matchesMeta(labels, meta?.labels) || !matchesMeta(annotations, meta?.annotations)) return NONE;
  const args = indexArgs(body, logger);
  try {
    if (when && !when(args)) return NONE;
    const result: unknown = index.fn(args);
    if (result === undefined || result === null) return NONE;
    if (typeof result !== 'object' || Array.isArray(result) || typeof (result as { then?: unknown }).then === 'function') {
      throw new TypeError(`it returned ${describe(result)}; an index function returns { key: value } (synchronously), or undefined`);
    }
    // Own keys only: a key named __proto__ is a key like any other.
    return new Map(Object.entries(result).filter(([, value]) => value !== undefined));
  } catch (error) {
    const object = meta?.namespace ? `${meta.namespace}/${meta.name}` : meta?.name;
    logger.error(`Index '${index.id}' failed; the object is left out of it.`, { object, error: messageOf(error) });
    return NONE;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'a promise';
  return `a ${typeof value}`;
}
