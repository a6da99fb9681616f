/**
 * The timers and daemons of one resource, per matching object. Fed every event of the resource's
 * streams (observe()), it starts them for objects that match their filters, re-times idle timers
 * when an object changes, and stops them (their signal aborts) when the object is being deleted,
 * stops matching, or the operator stops. They run beside the object's change handlers, not in its
 * queue (as in kopf); what they patch or return is written as the processor writes (ObjectWriter).
 *
 * Each waiting timer or daemon holds one Node timer, passed the run rather than a fresh closure:
 * Node keeps timers in per-duration lists under one libuv timer, about 0.5 KiB each, so 10 000
 * objects cost about 5 MiB here; a wheel of our own would save little of that
 * (bench/timers/README.md).
 */
import type { ApiClient } from '../../api/client.js';
import { matchesMeta } from '../../registry/filters.js';
import type { ResourceHandlers, SpawnedHandler } from '../../registry/registry.js';
import type { Logger, Children } from '../../registry/types.js';
import type { KubernetesObject } from '../../resource/types.js';
import type { ObjectEvent } from '../../watching/stream.js';
import { objectArgs } from '../args.js';
import { canonicalJson, essence } from '../essence.js';
import { invoke } from '../invoke.js';
import { objectLogger, type ObjectLogger, type ParentLogger } from '../object-logger.js';
import { type Fragment, isEmptyFragment, mergeFragments, reached } from '../patch.js';
import { userMain } from '../planner.js';
import { classify, messageOf, type Outcome, type RetryPolicy } from '../progress.js';
import { statusCanHold } from '../state.js';
import { ObjectWriter } from '../writer.js';
import { afterChange, firstRun, nextTick } from './schedule.js';

export interface SpawnerOptions {
  api: ApiClient;
  handlers: ResourceHandlers;
  /** The operator's prefix: its finalizer, and its annotations (left out of what counts as a change for `idle`). */
  prefix: string;
  logger: ParentLogger;
  /** The operator's memo, shallow-copied into each object's memo. */
  memo: Record<string, unknown>;
  /** The `children` argument for handlers of this object. */
  children(parent: KubernetesObject): Children;
}

interface Tracked {
  readonly uid: string;
  /** The latest body seen (watch events and our own writes' results). */
  body: KubernetesObject;
  /** Shared by the object's timers and daemons. */
  readonly memo: Record<string, unknown>;
  /** When the essence last changed (for `idle`); only kept when some timer idles. */
  changedAt: number;
  essence: string | undefined;
  /** By handler index. */
  readonly runs: (Run | undefined)[];
  /** Made on first use and kept: a logger per tick would be 1 000 objects a second of garbage. */
  logger: ObjectLogger | undefined;
}

interface Run {
  readonly handler: SpawnedHandler;
  readonly object: Tracked;
  /** active: waiting or running; finished: returned or failed for good (not started again while tracked); stopping: signal aborted. */
  state: 'active' | 'finished' | 'stopping';
  /** The Node timer of the next tick or (re)start, while waiting. */
  timer: NodeJS.Timeout | undefined;
  /** The last Node timer and its delay, kept for refresh(). */
  timeout: NodeJS.Timeout | undefined;
  delay: number;
  due: number;
  /** Failed attempts since the last success. */
  retry: number;
  /** Epoch ms of the first of those attempts. */
  started: number | undefined;
  /** Made when the handler first reads its signal (or has a timeout); aborted at the stop. */
  controller: AbortController | undefined;
  stopReason: string | undefined;
  /** The handler's call and its write, while they run. */
  current: Promise<void> | undefined;
}

const KIND = { timer: 'Timer', daemon: 'Daemon' } as const;

export class Spawner {
  private readonly tracked = new Map<string, Tracked>();
  private readonly inflight = new Set<Run>();
  private readonly writer: ObjectWriter;
  private readonly handlers: readonly SpawnedHandler[];
  private readonly idles: boolean;
  private readonly closing = new AbortController();
  /** Handler ids whose results status cannot keep, so the warning is said once. */
  private readonly dropped = new Set<string>();

  constructor(private readonly options: SpawnerOptions) {
    const resource = options.handlers.resource;
    this.handlers = options.handlers.spawned;
    this.idles = this.handlers.some((h) => h.kind === 'timer' && h.options.idle !== undefined);
    this.writer = new ObjectWriter(options.api, resource, resource.subresources?.status === true, `${options.prefix}/finalizer`);
  }

  /** Objects with a timer or daemon (waiting, running, finished or stopping). */
  get objects(): number {
    return this.tracked.size;
  }

  /** One event of the resource's stream, in stream order. */
  observe(event: ObjectEvent): void {
    if (this.closing.signal.aborted) return;
    const body = event.object;
    const uid = body.metadata?.uid;
    if (!uid) return;
    let object = this.tracked.get(uid);
    if (event.type === 'DELETED' || body.metadata?.deletionTimestamp) {
      if (object) for (const run of object.runs) if (run) this.stopRun(run, 'the object is being deleted');
      return;
    }
    const now = Date.now();
    if (!object) {
      object = { uid, body, memo: { ...this.options.memo }, changedAt: now, essence: this.essenceOf(body), runs: [], logger: undefined };
    } else {
      if (newer(object.body, body)) return;
      object.body = body;
      if (this.idles) this.changed(object, now);
    }
    this.match(object, now);
    if (object.runs.some(Boolean)) this.tracked.set(uid, object);
  }

  /** Stops these timers and daemons of the object and resolves once they have ended (see SpawnedStopper). */
  async stopped(uid: string, ids: readonly string[], signal: AbortSignal): Promise<void> {
    const object = this.tracked.get(uid);
    if (!object) return;
    const runs = object.runs.filter((run): run is Run => run !== undefined && ids.includes(run.handler.id));
    for (const run of runs) this.stopRun(run, 'the object is being deleted');
    await Promise.all(runs.map((run) => this.exited(run, signal)));
    if (signal.aborted) throw signal.reason;
  }

  /** The operator stops: every signal aborts; resolves once all have ended, or after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.closing.abort(new Error('the operator is stopping'));
    for (const object of this.tracked.values()) for (const run of object.runs) if (run) this.stopRun(run, 'the operator is stopping');
    const grace = AbortSignal.timeout(graceMs);
    await Promise.all([...this.inflight].map((run) => this.exited(run, grace)));
    this.tracked.clear();
  }

  private match(object: Tracked, now: number): void {
    this.handlers.forEach((handler, index) => {
      const run = object.runs[index];
      const matches = this.matches(handler, object);
      if (matches && !run) object.runs[index] = this.spawn(handler, object, now);
      else if (!matches && run) this.stopRun(run, 'the object no longer matches its filters');
    });
  }

  private matches(handler: SpawnedHandler, object: Tracked): boolean {
    const { labels, annotations, when } = handler.options;
    const meta = object.body.metadata;
    if (!matchesMeta(labels, meta?.labels) || !matchesMeta(annotations, meta?.annotations)) return false;
    if (!when) return true;
    const logger = this.loggerOf(object);
    try {
      const context = { body: object.body, logger, memo: object.memo, children: this.options.children(object.body) };
      return when(objectArgs(context, {}, this.closing.signal) as never);
    } catch (error) {
      logger.error(`The 'when' filter of ${KIND[handler.kind].toLowerCase()} '${handler.id}' failed; treated as not matching.`, {
        error: messageOf(error),
      });
      return false;
    }
  }

  private spawn(handler: SpawnedHandler, object: Tracked, now: number): Run {
    const run: Run = {
      handler,
      object,
      state: 'active',
      timer: undefined,
      timeout: undefined,
      delay: 0,
      due: firstRun(handler.options, now, object.changedAt),
      retry: 0,
      started: undefined,
      controller: undefined,
      stopReason: undefined,
      current: undefined,
    };
    this.wait(run);
    return run;
  }

  /**
   * Arms the run's Node timer. A tick `interval` after the last one ended re-arms the same Timeout
   * (refresh()) rather than making one per tick: each would live its 10 s, long enough to reach
   * V8's old generation as garbage.
   */
  private wait(run: Run): void {
    const delay = Math.max(1, Math.round(run.due - Date.now()));
    if (run.timeout && run.delay === delay) run.timer = run.timeout.refresh();
    else {
      run.timeout = setTimeout(this.fire, delay, run);
      run.timer = run.timeout;
      run.delay = delay;
    }
  }

  private readonly fire = (run: Run): void => {
    run.timer = undefined;
    if (run.state !== 'active') return;
    this.inflight.add(run);
    run.current = this.execute(run)
      .catch((error: unknown) => {
        this.loggerOf(run.object).error(`Unexpected error around ${run.handler.kind} '${run.handler.id}'.`, {
          error: messageOf(error),
        });
      })
      .finally(() => {
        run.current = undefined;
        this.inflight.delete(run);
      });
  };

  /** The essence changed: an idle timer's wait for stillness starts again. */
  private changed(object: Tracked, now: number): void {
    const current = this.essenceOf(object.body);
    if (current === object.essence) return;
    object.essence = current;
    object.changedAt = now;
    for (const run of object.runs) {
      if (!run?.timer || run.handler.kind !== 'timer' || run.handler.options.idle === undefined) continue;
      const due = afterChange(run.handler.options, run.due, now);
      if (due === run.due) continue;
      clearTimeout(run.timer);
      run.timeout = undefined;
      run.due = due;
      this.wait(run);
    }
  }

  private async execute(run: Run): Promise<void> {
    const { handler, object } = run;
    const due = run.due;
    run.started ??= Date.now();
    const started = run.started;
    const retry = run.retry;
    const logger = this.loggerOf(object).with({ handler: run.handler.id, attempt: retry + 1 });
    const context = { body: object.body, logger, memo: object.memo, children: this.options.children(object.body) };
    const patch: Fragment = {};
    const args = (signal: AbortSignal | undefined) => {
      const made: Record<string, unknown> = objectArgs(context, patch, signal ?? this.closing.signal);
      made.retry = retry;
      made.started = new Date(started);
      made.runtime = (Date.now() - started) / 1000;
      if (handler.kind === 'timer') made.scheduled = new Date(due);
      else live(made, object);
      if (!signal) Object.defineProperty(made, 'signal', { get: () => this.signalOf(run), enumerable: true });
      return made;
    };
    const fn = handler.fn as (args: unknown) => unknown;
    const outcome =
      handler.options.timeout === undefined
        ? await call(fn, args(undefined), handler.options, retry)
        : await invoke(fn, args, { ...handler.options, started, failedAttempts: retry, stop: this.signalOf(run) });
    await this.deliver(run, outcome, patch, logger);
    if (run.state === 'stopping') {
      this.forget(run);
      logger[handler.kind === 'daemon' ? 'info' : 'debug'](`${KIND[handler.kind]} '${handler.id}' stopped.`);
      return;
    }
    this.after(run, outcome, due, logger);
  }

  /** What the attempt leads to: the next tick, a retry, or the end. */
  private after(run: Run, outcome: Outcome, due: number, logger: Logger): void {
    const { handler, object } = run;
    const now = Date.now();
    const what = `${KIND[handler.kind]} '${handler.id}'`;
    if (outcome.kind === 'failure') {
      run.state = 'finished';
      logger.error(`${what} failed permanently; it is not run again for this object.`, { error: messageOf(outcome.error) });
      return;
    }
    if (outcome.kind === 'retry') {
      run.retry++;
      run.due = nextTick(handler.options, { due, finished: now, retryIn: outcome.delaySeconds }, object.changedAt);
      logger.warn(`${what} failed; retrying in ${outcome.delaySeconds} s.`, { error: messageOf(outcome.error), retries: run.retry });
      this.wait(run);
      return;
    }
    if (handler.kind === 'daemon') {
      run.state = 'finished';
      logger.info(`${what} exited.`);
      return;
    }
    run.retry = 0;
    run.started = undefined;
    run.due = nextTick(handler.options, { due, finished: now }, object.changedAt);
    logger.debug(`${what} succeeded.`);
    this.wait(run);
  }

  /** Writes the handler's patch and its result (status.<id>), as the processor writes a cycle's. */
  private async deliver(run: Run, outcome: Outcome, patch: Fragment, logger: Logger): Promise<void> {
    const { handler, object } = run;
    const result = outcome.kind === 'success' ? outcome.result : undefined;
    if (result === undefined && isEmptyFragment(patch)) return;
    const results = result !== undefined && this.canHold(handler.id, logger) ? { [handler.id]: result } : {};
    const status = mergeFragments((patch.status as Fragment | undefined) ?? {}, results);
    const main = userMain(patch);
    if (isEmptyFragment(status) && isEmptyFragment(main)) return;
    try {
      const written = await this.writer.write(object.body, { status, main });
      if (written && newer(written, object.body)) object.body = written;
    } catch (error) {
      logger.error(`Writing what ${KIND[handler.kind].toLowerCase()} '${handler.id}' patched failed; it is lost.`, {
        error: messageOf(error),
      });
    }
  }

  private canHold(id: string, logger: Logger): boolean {
    const schema = this.options.handlers.resource.schema;
    if (!schema || statusCanHold(schema, id)) return true;
    if (!this.dropped.has(id)) {
      this.dropped.add(id);
      logger.warn(`Handler '${id}' returned a result, but status has no room for status.${id}; it is not stored.`);
    }
    return false;
  }

  /**
   * The run's signal, made on first use and kept across its ticks: at 1 000 ticks a second an
   * AbortController per tick (as invoke() makes) costs about 35 MiB of RSS, one per run nothing
   * for handlers that never read their signal.
   */
  private signalOf(run: Run): AbortSignal {
    if (!run.controller) {
      run.controller = new AbortController();
      if (run.stopReason !== undefined) run.controller.abort(new Error(run.stopReason));
    }
    return run.controller.signal;
  }

  private stopRun(run: Run, reason: string): void {
    if (run.state === 'stopping') return;
    run.state = 'stopping';
    run.stopReason = reason;
    if (run.timer) clearTimeout(run.timer);
    run.timer = undefined;
    if (run.current) run.controller?.abort(new Error(reason));
    else this.forget(run);
  }

  /** The run has ended: a later event may start the handler anew; an object with nothing left is dropped. */
  private forget(run: Run): void {
    const { object } = run;
    const index = object.runs.indexOf(run);
    if (index >= 0) object.runs[index] = undefined;
    if (!object.runs.some(Boolean) && this.tracked.get(object.uid) === object) this.tracked.delete(object.uid);
  }

  /**
   * Resolves once the stopped run has ended, after a daemon's `cancellationTimeout` (abandoning it),
   * or when `signal` aborts.
   */
  private exited(run: Run, signal: AbortSignal): Promise<void> {
    const current = run.current;
    if (!current || signal.aborted) return Promise.resolve();
    const limit = run.handler.kind === 'daemon' ? run.handler.options.cancellationTimeout : undefined;
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      void current.then(done);
      if (limit !== undefined) {
        timer = setTimeout(() => {
          this.loggerOf(run.object).warn(
            `Daemon '${run.handler.id}' did not return within ${limit} s of its stop (cancellationTimeout); abandoned.`,
          );
          this.forget(run);
          done();
        }, limit * 1000);
      }
    });
  }

  private essenceOf(body: KubernetesObject): string | undefined {
    return this.idles ? canonicalJson(essence(body, this.options.prefix)) : undefined;
  }

  private loggerOf(object: Tracked): ObjectLogger {
    object.logger ??= objectLogger(this.options.logger, this.options.handlers.resource.kind, object.body);
    return object.logger;
  }
}

/** invoke() without a deadline, so without its AbortController per call (see signalOf). */
async function call(fn: (args: unknown) => unknown, args: unknown, policy: RetryPolicy, failedAttempts: number): Promise<Outcome> {
  try {
    return { kind: 'success', result: await fn(args) };
  } catch (error) {
    return classify(error, policy, failedAttempts);
  }
}

/** Whether `held` is newer than `seen` (our own write's result the watch has not caught up with). */
function newer(held: KubernetesObject, seen: KubernetesObject): boolean {
  const mine = held.metadata?.resourceVersion ?? '';
  const theirs = seen.metadata?.resourceVersion;
  return theirs !== mine && reached(mine, theirs ?? '');
}

/**
 * A daemon runs for long: its body, meta, spec, status, labels and annotations read the latest
 * state at each access (kopf's live views), as long as it reads them from its argument object
 * rather than from variables it destructured at the start.
 */
function live<A extends object>(args: A, object: Tracked): A {
  const body = () => object.body as KubernetesObject & { spec?: unknown; status?: unknown };
  const view = (get: () => unknown): PropertyDescriptor => ({ get, enumerable: true });
  return Object.defineProperties(args, {
    body: view(body),
    meta: view(() => body().metadata ?? {}),
    spec: view(() => body().spec ?? {}),
    status: view(() => body().status ?? {}),
    labels: view(() => body().metadata?.labels ?? {}),
    annotations: view(() => body().metadata?.annotations ?? {}),
  });
}
