/**
 * One LIST+WATCH stream for a resource in one namespace (or all): a paged LIST, then WATCH from its
 * resourceVersion with bookmarks. The stream never stays dead: an ended watch is resumed from the
 * last resourceVersion, a 410 Gone relists, and objects that vanished while the stream could not see
 * them are reported as deleted; failures back off up to 5 s.
 */
import { ApiError } from '../api/errors.js';
import type { ApiClient } from '../api/client.js';
import { sleep } from '../api/client.js';
import { collectionPath, type ResourceRef, withQuery } from '../api/paths.js';
import { watch, type RawWatchEvent } from '../api/watch.js';
import type { WatchEventType } from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';
import { backoffMs } from '../backoff.js';

/** One state of an object as the stream delivers it; the processor takes the same shape. */
export interface ObjectEvent {
  /** undefined for an object from a listing. */
  type: WatchEventType | undefined;
  object: KubernetesObject;
  /** From this process's first listing of the stream (drives on.resume). */
  initial: boolean;
  /** Made up by the stream for an object that disappeared during a gap (no DELETED was seen). */
  synthetic?: boolean;
}

export interface StreamOptions {
  api: ApiClient;
  resource: ResourceRef;
  namespace?: string;
  /** Only objects with these labels, selected by the server (e.g. the children of this operator's parents). */
  labelSelector?: string;
  onEvent(event: ObjectEvent): void;
  /** Called once, after the first listing has been delivered. */
  onListed?(): void;
  onProblem?(message: string, fields: Record<string, unknown>): void;
  /**
   * The watch is opened again: `ended` (the server closed it: its timeout, or a watcher it judged
   * too slow), `expired` (410: the resourceVersion left the server's window, so it relists, taking
   * `listMs`) or `failed` (an error, after onProblem). A relist of many objects stalls every change
   * for its duration: these say when and how often.
   */
  onRestart?(reason: RestartReason, listMs?: number): void;
  /** Called whenever the stream shows it is alive: a listing done, an event or bookmark, a watch the server ended on time. */
  onAlive?(): void;
  inactivityMs?: number;
  /** Objects per LIST page. */
  pageSize: number;
  /** Awaited before each LIST page: lets the consumer bound how many listed objects wait in memory. */
  room?(): Promise<void>;
  signal: AbortSignal;
}

interface Known {
  name: string;
  namespace: string | undefined;
}

const MAX_BACKOFF_MS = 5_000;

export type RestartReason = 'ended' | 'expired' | 'failed';

export async function runStream(options: StreamOptions): Promise<void> {
  const known = new Map<string, Known>();
  const base = collectionPath(options.resource, options.namespace);
  const inactivityMs = options.inactivityMs ?? 70_000;
  let resourceVersion: string | undefined;
  let listedOnce = false;
  let failures = 0;
  let restart: RestartReason | undefined;

  while (!options.signal.aborted) {
    try {
      if (resourceVersion === undefined) {
        const listStart = performance.now();
        resourceVersion = await list(options, base, known, !listedOnce);
        options.onAlive?.();
        if (restart) options.onRestart?.(restart, performance.now() - listStart);
        if (!listedOnce) {
          listedOnce = true;
          options.onListed?.();
        }
      } else if (restart) options.onRestart?.(restart);
      restart = undefined;
      // The server ends the watch after timeoutSeconds; below the inactivity timeout, with jitter so
      // many streams do not reconnect together.
      const timeoutSeconds = Math.max(5, Math.floor(inactivityMs / 1000) - 10 - Math.floor(Math.random() * 10));
      let gone = false;
      await watch(
        options.api,
        withQuery(base, { watch: 1, labelSelector: options.labelSelector, resourceVersion, allowWatchBookmarks: true, timeoutSeconds }),
        (event: RawWatchEvent) => {
          if (event.type === 'ERROR') {
            const code = (event.object as { code?: number }).code;
            if (code === 410) gone = true;
            else throw new ApiError(code ?? 500, 'WATCH', base, event.object);
            return;
          }
          options.onAlive?.();
          const object = slim(event.object as KubernetesObject);
          resourceVersion = object.metadata?.resourceVersion ?? resourceVersion;
          if (event.type === 'BOOKMARK') return;
          const uid = object.metadata?.uid;
          if (uid) {
            if (event.type === 'DELETED') known.delete(uid);
            else known.set(uid, { name: object.metadata?.name ?? '', namespace: object.metadata?.namespace });
          }
          options.onEvent({ type: event.type, object, initial: false });
        },
        { inactivityMs, signal: options.signal },
      );
      if (gone) resourceVersion = undefined;
      else options.onAlive?.();
      restart = gone ? 'expired' : 'ended';
      failures = 0;
    } catch (error) {
      if (options.signal.aborted) break;
      if (error instanceof ApiError && error.status === 410) {
        resourceVersion = undefined;
        restart = 'expired';
        continue;
      }
      restart = 'failed';
      failures++;
      const delay = backoffMs(failures, { maxMs: MAX_BACKOFF_MS, jitter: true });
      options.onProblem?.('watch failed; reconnecting', {
        resource: options.resource.plural,
        namespace: options.namespace,
        error: error instanceof Error ? error.message : String(error),
        retryInMs: Math.round(delay),
      });
      try {
        await sleep(delay, options.signal);
      } catch {
        break;
      }
    }
  }
}

/** A paged LIST; reports every object, then deletions for known objects the listing no longer has. */
async function list(options: StreamOptions, base: string, known: Map<string, Known>, initial: boolean): Promise<string> {
  const seen = new Set<string>();
  let continueToken: string | undefined;
  let resourceVersion = '';
  do {
    await options.room?.();
    const page = (await options.api.get(
      withQuery(base, { labelSelector: options.labelSelector, limit: options.pageSize, continue: continueToken }),
      options.signal,
    )) as {
      items?: KubernetesObject[];
      metadata?: { resourceVersion?: string; continue?: string };
    };
    // List items carry no apiVersion/kind; handlers expect them.
    const apiVersion = options.resource.group ? `${options.resource.group}/${options.resource.version}` : options.resource.version;
    const kind = (page as { kind?: string }).kind?.replace(/List$/, '');
    for (const item of page.items ?? []) {
      const object = slim(item);
      object.apiVersion ??= apiVersion;
      if (kind) object.kind ??= kind;
      const uid = object.metadata?.uid;
      if (uid) {
        seen.add(uid);
        known.set(uid, { name: object.metadata?.name ?? '', namespace: object.metadata?.namespace });
      }
      options.onEvent({ type: undefined, object, initial });
    }
    continueToken = page.metadata?.continue || undefined;
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
  } while (continueToken);
  for (const [uid, entry] of known) {
    if (seen.has(uid)) continue;
    known.delete(uid);
    options.onEvent({
      type: 'DELETED',
      object: { metadata: { uid, name: entry.name, ...(entry.namespace ? { namespace: entry.namespace } : {}) } },
      initial: false,
      synthetic: true,
    });
  }
  return resourceVersion;
}

/**
 * managedFields are dropped on arrival: they are often the largest part of a small object, no
 * handler decision needs them, and every object is held in memory while it waits in the queue.
 */
function slim(object: KubernetesObject): KubernetesObject {
  if (object.metadata?.managedFields) delete object.metadata.managedFields;
  return object;
}
