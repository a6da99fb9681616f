/**
 * One LIST+WATCH stream for a resource in one namespace (or all): a paged LIST, and a WATCH with
 * bookmarks from its resourceVersion that starts after its first page (listing.ts says why). The stream never stays dead: an ended watch is resumed from the
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
import { type KnownObject, ListingMerge } from './listing.js';

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

const MAX_BACKOFF_MS = 5_000;

export type RestartReason = 'ended' | 'expired' | 'failed';

interface ListPage {
  items?: KubernetesObject[];
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
}

/** Why a listing was aborted: its watch met 410, so both start again with a new listing. */
class WatchExpired extends Error {}

export async function runStream(options: StreamOptions): Promise<void> {
  const known = new Map<string, KnownObject>();
  const base = collectionPath(options.resource, options.namespace);
  let listedOnce = false;
  let failures = 0;
  let restart: RestartReason | undefined;

  while (!options.signal.aborted) {
    // One listing and the watch beside it; a 410 or a failed page ends both.
    const attempt = new AbortController();
    const stop = () => attempt.abort();
    options.signal.addEventListener('abort', stop, { once: true });
    let watching: Promise<void> | undefined;
    try {
      const listStart = performance.now();
      const merge = new ListingMerge(!listedOnce);
      const page = (continueToken?: string) => listPage(options, base, continueToken, attempt.signal);
      const stopped = aborted(attempt.signal);
      let current = await page();
      const from = current.metadata?.resourceVersion ?? '';
      watching = watchUntilExpired(options, base, from, known, merge, attempt.signal).then(() => {
        if (!attempt.signal.aborted) attempt.abort(new WatchExpired());
      });
      for (;;) {
        deliverPage(options, current, known, merge, !listedOnce);
        const next = current.metadata?.continue;
        if (!next) break;
        await Promise.race([options.room?.(), stopped]);
        current = await page(next);
      }
      for (const [uid, entry] of merge.finish(known)) {
        known.delete(uid);
        options.onEvent({
          type: 'DELETED',
          object: { metadata: { uid, name: entry.name, ...(entry.namespace ? { namespace: entry.namespace } : {}) } },
          initial: false,
          synthetic: true,
        });
      }
      options.onAlive?.();
      if (restart) options.onRestart?.(restart, performance.now() - listStart);
      restart = undefined;
      failures = 0;
      if (!listedOnce) {
        listedOnce = true;
        options.onListed?.();
      }
      await watching;
      restart = 'expired';
    } catch (error) {
      attempt.abort();
      await watching;
      if (options.signal.aborted) break;
      if (attempt.signal.reason instanceof WatchExpired || (error instanceof ApiError && error.status === 410)) {
        restart = 'expired';
        continue;
      }
      restart = 'failed';
      failures++;
      if (!(await backOff(options, failures, 'list failed; listing again', error))) break;
    } finally {
      options.signal.removeEventListener('abort', stop);
    }
  }
}

/**
 * WATCH from `from` until the server answers 410 (resolves) or `signal` ends it. An ended watch
 * is opened again from the last resourceVersion seen, a failed one after a backoff.
 */
async function watchUntilExpired(
  options: StreamOptions,
  base: string,
  from: string,
  known: Map<string, KnownObject>,
  merge: ListingMerge,
  signal: AbortSignal,
): Promise<void> {
  const inactivityMs = options.inactivityMs ?? 70_000;
  let resourceVersion = from;
  let failures = 0;
  let reopen: RestartReason | undefined;
  while (!signal.aborted) {
    if (reopen) options.onRestart?.(reopen);
    // The server ends the watch after timeoutSeconds; below the inactivity timeout, with jitter so
    // many streams do not reconnect together.
    const timeoutSeconds = Math.max(5, Math.floor(inactivityMs / 1000) - 10 - Math.floor(Math.random() * 10));
    let gone = false;
    try {
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
          let initial = false;
          if (uid) {
            if (event.type === 'DELETED') known.delete(uid);
            else known.set(uid, { name: object.metadata?.name ?? '', namespace: object.metadata?.namespace });
            initial = merge.watchedIsInitial(uid, event.type);
          }
          options.onEvent({ type: event.type, object, initial });
        },
        { inactivityMs, signal },
      );
      if (gone) return;
      options.onAlive?.();
      reopen = 'ended';
      failures = 0;
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiError && error.status === 410) return;
      reopen = 'failed';
      failures++;
      if (!(await backOff(options, failures, 'watch failed; reconnecting', error, signal))) return;
    }
  }
}

/** Reports a failure and waits out its backoff; false when the stream stopped meanwhile. */
async function backOff(
  options: StreamOptions,
  failures: number,
  message: string,
  error: unknown,
  signal = options.signal,
): Promise<boolean> {
  const delay = backoffMs(failures, { maxMs: MAX_BACKOFF_MS, jitter: true });
  options.onProblem?.(message, {
    resource: options.resource.plural,
    namespace: options.namespace,
    error: error instanceof Error ? error.message : String(error),
    retryInMs: Math.round(delay),
  });
  try {
    await sleep(delay, signal);
    return true;
  } catch {
    return false;
  }
}

function listPage(options: StreamOptions, base: string, continueToken: string | undefined, signal: AbortSignal): Promise<ListPage> {
  return options.api.get(
    withQuery(base, { labelSelector: options.labelSelector, limit: options.pageSize, continue: continueToken }),
    signal,
  ) as Promise<ListPage>;
}

/** Reports a page's objects but those the watch already delivered newer. */
function deliverPage(options: StreamOptions, page: ListPage, known: Map<string, KnownObject>, merge: ListingMerge, initial: boolean): void {
  // List items carry no apiVersion/kind; handlers expect them.
  const apiVersion = options.resource.group ? `${options.resource.group}/${options.resource.version}` : options.resource.version;
  const kind = page.kind?.replace(/List$/, '');
  for (const item of page.items ?? []) {
    const object = slim(item);
    object.apiVersion ??= apiVersion;
    if (kind) object.kind ??= kind;
    const uid = object.metadata?.uid;
    if (uid) {
      if (!merge.listed(uid)) continue;
      known.set(uid, { name: object.metadata?.name ?? '', namespace: object.metadata?.namespace });
    }
    options.onEvent({ type: undefined, object, initial });
  }
}

/** Rejects when `signal` aborts: a wait for room gives way to a stop or an expired watch. */
function aborted(signal: AbortSignal): Promise<never> {
  const rejection = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  // Nobody may be racing it when the attempt ends.
  rejection.catch(() => {});
  return rejection;
}

/**
 * managedFields are dropped on arrival: they are often the largest part of a small object, no
 * handler decision needs them, and every object is held in memory while it waits in the queue.
 */
function slim(object: KubernetesObject): KubernetesObject {
  if (object.metadata?.managedFields) delete object.metadata.managedFields;
  return object;
}
