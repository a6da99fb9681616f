// Which objects of a collection match a condition now, kept by LIST + WATCH that outlives the
// apiserver ending a watch. The apiserver closes a watch when its timeout runs out and drops a watcher
// that falls behind a burst of events; a count from one watch would then stop short of the truth.
// After an end the watch resumes from the last resourceVersion it saw (bookmarks keep that recent);
// when that is too old (410 Gone) or the request fails, the collection is listed again and watched
// from the list's resourceVersion, and the difference is reported as the changes it stands for.
import { request } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { kubeClient, listAll } from './kube-client.mjs';

const RETRY_MS = 200;

/**
 * `connection`: { server, ca, cert?, key?, token? }. `path`: the collection, e.g.
 * `/apis/devoops.io/v1/namespaces/x/demo`. `matches(object)` says whether an object counts.
 * `onChange(type, object, at)` sees every change of a counted object: 'ADDED' when it starts to count,
 * 'MODIFIED' while it still does, 'DELETED' when it stops (deleted, or no longer matching); `at` is
 * performance.now() when the harness learned it.
 */
export function watchObjects(connection, path, { matches = () => true, onChange = () => undefined } = {}) {
  const client = kubeClient(connection, { maxSockets: 1 });
  /** uid → the counted object. */
  const counted = new Map();
  const waiters = new Set();
  let closed = false;
  let current;
  const stats = { lists: 0, watches: 0 };

  const notify = () => {
    for (const waiter of waiters) if (waiter.predicate(counted)) waiter.resolve(performance.now());
  };
  const apply = (type, object, at) => {
    const uid = object.metadata.uid;
    const had = counted.has(uid);
    if (type !== 'DELETED' && matches(object)) {
      counted.set(uid, object);
      onChange(had ? 'MODIFIED' : 'ADDED', object, at);
    } else if (had) {
      counted.delete(uid);
      onChange('DELETED', object, at);
    }
  };

  /** Lists every object; what is gone since the last view counts as deleted. Returns the list's resourceVersion. */
  async function relist() {
    stats.lists++;
    const { items, resourceVersion } = await listAll(client.call, path);
    const at = performance.now();
    // What is gone first, then what is there: a successor seen only in the list follows its predecessor.
    const seen = new Set(items.map((object) => object.metadata.uid));
    for (const [uid, object] of counted) if (!seen.has(uid)) apply('DELETED', object, at);
    for (const object of items) apply('MODIFIED', object, at);
    notify();
    return resourceVersion;
  }

  /** One watch from `rv`; resolves with the last resourceVersion seen, or undefined when it must relist. */
  function watchOnce(rv) {
    stats.watches++;
    const sep = path.includes('?') ? '&' : '?';
    const url = new URL(`${path}${sep}watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`, connection.server);
    return new Promise((resolve) => {
      let last = rv;
      let settled = false;
      const finish = (value) => {
        if (settled) return;
        settled = true;
        current = undefined;
        resolve(value);
      };
      // Not through the client's agent: a watch holds its connection for as long as it lasts.
      const req = request(url, { headers: client.headers, ca: connection.ca, cert: connection.cert, key: connection.key }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          finish(undefined);
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          buffer += chunk;
          let start = 0;
          let end = buffer.indexOf('\n', start);
          const at = performance.now();
          while (end >= 0) {
            const event = JSON.parse(buffer.slice(start, end));
            start = end + 1;
            end = buffer.indexOf('\n', start);
            if (event.type === 'ERROR') {
              finish(undefined); // 410 Gone (too old) or another failure: relist
              req.destroy();
              return;
            }
            last = event.object.metadata.resourceVersion;
            if (event.type !== 'BOOKMARK') apply(event.type, event.object, at);
          }
          buffer = buffer.slice(start);
          notify();
        });
        res.on('end', () => finish(last));
        res.on('error', () => finish(last));
      });
      req.on('error', () => finish(last));
      req.end();
      current = req;
    });
  }

  const running = (async () => {
    let rv;
    while (!closed) {
      try {
        rv ??= await relist();
        if (closed) break;
        rv = await watchOnce(rv);
      } catch {
        rv = undefined;
      }
      if (!closed && rv === undefined) await sleep(RETRY_MS);
    }
  })();

  return {
    /** uid → counted object, as of now. */
    counted,
    /** How many LISTs and WATCHes it took (more than one of each means the apiserver ended a watch). */
    stats,
    /** Resolves with the time `predicate(counted)` first held, or undefined after `timeoutMs`. */
    until(predicate, timeoutMs) {
      if (predicate(counted)) return Promise.resolve(performance.now());
      return new Promise((resolve) => {
        const waiter = {
          predicate,
          resolve: (at) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(at);
          },
        };
        const timer = setTimeout(() => waiter.resolve(undefined), timeoutMs);
        waiters.add(waiter);
      });
    },
    async close() {
      closed = true;
      current?.destroy();
      for (const waiter of waiters) waiter.resolve(undefined);
      await running;
      client.close();
    },
  };
}
