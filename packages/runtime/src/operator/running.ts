/**
 * A running operator: startup handlers → login → one stream per resource and namespace feeding one
 * queue → on stop: close the streams, drain the handlers in flight (their signals abort after
 * drainTimeout), run cleanup handlers.
 */
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { ApiClient } from '../api/client.js';
import { type Connection, connectionFromInfo, connectionInfoFromKubeConfig, isKubeConfig } from '../api/connection.js';
import type { ConnectionInfo } from '../api/connection-info.js';
import { DEFAULT_FIELD_MANAGER } from '../children/apply.js';
import { childrenOf } from '../children/children.js';
import { ChildEchoes } from '../children/echoes.js';
import { DEFAULT_PREFIX, parentLabel } from '../children/label.js';
import { controllerOf, refersTo } from '../children/owner.js';
import { apiSink, bindEvents, type EventRecorder, reporterFrom } from '../events/index.js';
import { indexEvent } from '../processing/indexing.js';
import { mergeWork, Processor, type WorkItem } from '../processing/processor.js';
import { Spawner } from '../processing/spawning/spawner.js';
import { type ActivityHandler, type Registry, type ResourceHandlers, resourceKey } from '../registry/registry.js';
import type { Children, LoginResult } from '../registry/types.js';
import type { KubernetesObject, ResourceDefinition } from '../resource/types.js';
import { WorkQueue } from '../queueing/queue.js';
import { type RestartReason, runStream, type StreamOptions } from '../watching/stream.js';
import { ActivityError, runActivity } from './activities.js';
import { type Endpoint, serveEndpoint } from './endpoint.js';
import { StreamHealth } from './health.js';
import { LeaderElector, leaderElectionSettings } from './leadership.js';
import { OperatorMetrics } from './metrics.js';
import { type RootLogger, rootLogger } from './logging.js';
import { loginViaKubeconfig, loginViaServiceAccount } from './login.js';
import type { RunOptions } from './options.js';
import { type RunningWebhooks, startWebhooks, wantsWebhooks } from './webhooks.js';

/** Objects per LIST page, and about how many listed objects may wait for a worker. */
const LIST_PAGE = 100;
const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The namespace this pod runs in, when it runs in one. */
function podNamespace(): string | undefined {
  if (process.env.POD_NAMESPACE) return process.env.POD_NAMESPACE;
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** How long handlers get after their signal was aborted on shutdown before they are abandoned. */
const ABORT_GRACE_MS = 2_000;
/** Seconds buffered Events get to be written on stop. */
const EVENTS_FLUSH_S = 3;

export interface OperatorStats {
  /** API requests made, writes among them, and retried requests. */
  requests: number;
  writes: number;
  retries: number;
  /** Objects with in-memory state, and work items queued or running. */
  objects: number;
  queued: number;
  /** Watch streams opened again since start, by reason (see gen_operator_watch_restarts_total). */
  watchRestarts: Record<RestartReason, number>;
}

interface Job {
  processor: Processor;
  work: WorkItem;
}

/** A parent resource whose on.child handlers watch one child kind. */
interface ChildWatcher {
  key: string;
  handlers: ResourceHandlers;
  processor: Processor;
}

/** The distinct child kinds of a resource's on.child handlers. */
function childKinds(handlers: ResourceHandlers): ResourceDefinition<KubernetesObject>[] {
  return [...new Map(handlers.children.map((h) => [resourceKey(h.child), h.child])).values()];
}

export class RunningOperator {
  readonly logger: RootLogger;
  private readonly memo: Record<string, unknown> = {};
  private readonly streamsStop = new AbortController();
  private readonly handlersStop = new AbortController();
  private readonly processors: Processor[] = [];
  private readonly watchRestarts: Record<RestartReason, number> = { ended: 0, expired: 0, failed: 0 };
  /** Timers and daemons, per resource that has some. */
  private readonly spawners: Spawner[] = [];
  private streams: Promise<void>[] = [];
  private queue: WorkQueue<Job> | undefined;
  private api: ApiClient | undefined;
  private stopping: Promise<void> | undefined;
  private readonly health: StreamHealth;
  readonly metrics: OperatorMetrics;
  private endpoint: Endpoint | undefined;
  private webhooks: RunningWebhooks | undefined;
  /** Webhooks are wanted and not served yet: not ready, since the apiserver would be calling nobody. */
  private webhooksPending: boolean;
  /** Between a finished start() and the beginning of stop(). */
  private serving = false;
  /** Waiting for the lease: alive and ready to take over, handling nothing. */
  private standby = false;
  private elector: LeaderElector | undefined;
  private lostLeadership = false;
  private resolveStopped!: () => void;
  /** Resolves when the operator has fully stopped. */
  readonly stopped = new Promise<void>((resolve) => {
    this.resolveStopped = resolve;
  });

  constructor(
    private readonly registry: Registry,
    private readonly options: RunOptions,
    private readonly events: EventRecorder,
    /** Whether the code asked for webhooks (RunOptions.webhooks) even without admission handlers. */
    webhooksRequested = false,
  ) {
    this.webhooksPending = wantsWebhooks(registry, webhooksRequested);
    this.logger = rootLogger(options.logLevel, options.logDestination, options.logFormat);
    // Every handler in flight and every request listens to these: many listeners are expected.
    setMaxListeners(0, this.streamsStop.signal, this.handlersStop.signal);
    this.health = new StreamHealth((options.inactivityTimeout ?? 70) * 1000);
    this.metrics = new OperatorMetrics(() => this.queue?.size ?? 0);
  }

  /** The port webhooks are served on, once they are. */
  get webhookPort(): number | undefined {
    return this.webhooks?.server.port;
  }

  /** The port /healthz, /readyz and /metrics are served on, once started with `port`. */
  get port(): number | undefined {
    return this.endpoint?.port;
  }

  stats(): OperatorStats {
    return {
      requests: this.api?.stats.requests ?? 0,
      writes: this.api?.stats.writes ?? 0,
      retries: this.api?.stats.retries ?? 0,
      objects: this.processors.reduce((sum, p) => sum + p.objects, 0),
      queued: this.queue?.size ?? 0,
      watchRestarts: { ...this.watchRestarts },
    };
  }

  async start(): Promise<void> {
    if (this.options.port !== undefined) await this.serve(this.options.port);
    const reporter = reporterFrom(this.options.reportingController);
    const context = { logger: this.logger, memo: this.memo, stop: this.streamsStop.signal };
    for (const handler of this.registry.activities.startup) await runActivity('startup', handler, context);
    const connection = await this.login();
    this.api = new ApiClient(connection, {
      relogin: () => {
        this.logger.warn('The apiserver refused the credentials (401); running the login handlers again.');
        return this.login();
      },
      onRetry: (info) => this.logger.warn('API call failed; retrying.', info),
      onResponse: (info) => this.metrics.request(info.method, info.status, info.seconds),
      ...(this.options.requestTimeout ? { timeoutMs: this.options.requestTimeout * 1000 } : {}),
    });
    this.events.attach({ sink: apiSink(() => this.api!), reporter, logger: this.logger });
    // Every replica serves webhooks: the apiserver calls whichever endpoint the Service picks.
    if (this.webhooksPending) {
      this.webhooks = await startWebhooks({
        registry: this.registry,
        options: this.options.webhooks ?? {},
        api: this.api,
        logger: this.logger,
        namespaces: this.options.clusterWide || !this.options.namespaces?.length ? undefined : this.options.namespaces,
        fieldManager: this.options.fieldManager ?? DEFAULT_FIELD_MANAGER,
        prefix: this.options.prefix ?? DEFAULT_PREFIX,
        onReview: this.metrics.admission,
        onBadRequest: (status) => this.metrics.webhookBadRequest(status),
      });
      this.webhooksPending = false;
      // stop() during the start: its shutdown may already be past closing them.
      if (this.stopping) await this.webhooks.close();
    }
    if (this.options.leaderElection && !(await this.lead(connection))) return;
    const indexed = [...this.registry.resources.values()].some((handlers) => handlers.indexes.length > 0);
    const queue = new WorkQueue<Job>({
      // No handler runs before every index holds every listed object (kopf's guarantee).
      held: indexed,
      concurrency: this.options.concurrency ?? 32,
      process: (_key, job) => job.processor.process(job.work),
      merge: (pending, next) => ({ processor: next.processor, work: mergeWork(pending.work, next.work) }),
      onError: (key, error) => this.logger.error('Unexpected processing error.', { key, error: String(error) }),
      onStart: (_key, waitedMs) => this.metrics.queued(waitedMs),
    });
    this.queue = queue;
    const scopes = this.options.clusterWide || !this.options.namespaces?.length ? [undefined] : this.options.namespaces;
    const listed: Promise<void>[] = [];
    const indexesListed: Promise<void>[] = [];
    const events = bindEvents(this.events);
    const prefix = this.options.prefix ?? DEFAULT_PREFIX;
    const api = this.api;
    const watchers = new Map<string, { resource: ResourceDefinition<KubernetesObject>; parents: ChildWatcher[] }>();
    for (const handlers of this.registry.resources.values()) {
      for (const child of childKinds(handlers)) watchers.set(resourceKey(child), { resource: child, parents: [] });
    }
    const echoes = new ChildEchoes(new Set(watchers.keys()));
    const childOptions = { api, prefix, fieldManager: this.options.fieldManager ?? DEFAULT_FIELD_MANAGER, echoes };
    for (const [key, handlers] of this.registry.resources) {
      for (const index of handlers.indexes) index.store.clear();
      const kinds = childKinds(handlers);
      const children = (parent: KubernetesObject) => childrenOf(parent, handlers.resource, kinds, childOptions);
      const processor = new Processor({
        api: this.api,
        handlers,
        prefix,
        logger: this.logger,
        consistencyTimeoutMs: (this.options.consistencyTimeout ?? 5) * 1000,
        stop: this.handlersStop.signal,
        draining: this.streamsStop.signal,
        memo: this.memo,
        onOutcome: (outcome) => this.metrics.handler(outcome),
        events,
        children,
        echoes,
      });
      for (const child of kinds) watchers.get(resourceKey(child))!.parents.push({ key, handlers, processor });
      this.processors.push(processor);
      const spawner = this.spawnerFor(handlers, children);
      const withEvents = handlers.events.length > 0;
      const withHandlers = withEvents || handlers.changes.length > 0;
      const { indexes } = handlers;
      for (const namespace of handlers.resource.namespaced ? scopes : [undefined]) {
        const streamListed = this.watch(handlers.resource, namespace, {
          // While the queue is held, a stream that fills an index lists on without waiting:
          // waiting for room in a queue that waits for this listing would never end.
          room: () => (indexes.length && queue.holding ? Promise.resolve() : queue.roomFor(LIST_PAGE)),
          onEvent: (event) => {
            if (indexes.length) indexEvent(indexes, event, this.logger);
            spawner?.observe(event);
            if (!withHandlers) return;
            const itemKey = `${key}|${event.object.metadata?.uid}`;
            if (!queue.busy(itemKey) && processor.settlesOwnWrite(event)) return;
            const work: WorkItem = withEvents ? { latest: event, events: [event] } : { latest: event };
            queue.push(itemKey, { processor, work });
          },
        });
        listed.push(streamListed);
        if (indexes.length) indexesListed.push(streamListed);
      }
    }
    if (indexed) {
      void Promise.all(indexesListed).then(() => {
        this.logger.debug('Indexes complete; handlers may run.');
        queue.release();
      });
    }
    for (const [childKey, { resource, parents }] of watchers) {
      for (const namespace of resource.namespaced ? scopes : [undefined]) {
        listed.push(
          this.watch(resource, namespace, {
            // Only objects some parent adopted: a cluster full of ConfigMaps stays on the server.
            labelSelector: parentLabel(prefix),
            onEvent: (event) => {
              // Listed children are not changes: the parents' own (resume) handlers cover startup.
              // A deletion made up after a gap has no owner references left to follow.
              if (event.type === undefined || event.synthetic || echoes.settles(event)) return;
              const owner = controllerOf(event.object);
              const target = owner && parents.find((p) => refersTo(owner, p.handlers.resource));
              if (!owner || !target) return;
              const namespace = target.handlers.resource.namespaced ? event.object.metadata?.namespace : undefined;
              queue.push(`${target.key}|${owner.uid}`, {
                processor: target.processor,
                work: {
                  parent: { uid: owner.uid, name: owner.name, namespace },
                  children: [{ type: event.type, object: event.object, resource: childKey }],
                },
              });
            },
          }),
        );
      }
    }
    await Promise.race([Promise.all(listed), this.stopped]);
    this.serving = !this.stopping;
    this.metrics.leading(this.serving);
    this.logger.info('Operator started.', { resources: [...this.registry.resources.keys()], namespaces: scopes.filter(Boolean) });
  }

  /**
   * One LIST+WATCH stream, with what every stream gets: its health record, its metrics, the
   * inactivity timeout and the operator's stop. Resolves after its first listing.
   */
  private watch(
    resource: ResourceDefinition<KubernetesObject>,
    namespace: string | undefined,
    use: Pick<StreamOptions, 'onEvent' | 'room' | 'labelSelector'>,
  ): Promise<void> {
    const name = resource.plural;
    const health = this.health.track(namespace ? `${name} in ${namespace}` : name);
    return new Promise<void>((resolve) => {
      this.streams.push(
        runStream({
          ...use,
          api: this.api!,
          resource,
          ...(namespace ? { namespace } : {}),
          inactivityMs: (this.options.inactivityTimeout ?? 70) * 1000,
          signal: this.streamsStop.signal,
          // About one page of listed objects waits in memory; the rest stay on the server. A
          // short backlog also keeps bodies from living long enough for V8 to promote them to
          // its old generation (10 000 objects: peak RSS median 127 MiB against 141 with pages
          // of 500 and a backlog of 1 000).
          pageSize: LIST_PAGE,
          onListed: () => {
            health.listed = true;
            resolve();
          },
          onAlive: () => {
            health.lastAlive = Date.now();
          },
          onProblem: (message, fields) => this.logger.warn(message, fields),
          onRestart: (reason, listMs) => {
            this.watchRestarts[reason]++;
            this.metrics.restart(name, reason);
            // A relist after 410 delays every change of the resource while it runs; worth a line.
            if (listMs === undefined) this.logger.debug('watch opened again', { resource: name, namespace, reason });
            else this.logger.info('watch relisted', { resource: name, namespace, reason, listMs: Math.round(listMs) });
          },
          onEvent: (event) => {
            this.metrics.event(name, event.type);
            use.onEvent(event);
          },
        }),
      );
    });
  }

  private spawnerFor(handlers: ResourceHandlers, children: (parent: KubernetesObject) => Children): Spawner | undefined {
    if (handlers.spawned.length === 0) return undefined;
    const spawner = new Spawner({
      api: this.api!,
      handlers,
      prefix: this.options.prefix ?? 'gen-operator.dev',
      logger: this.logger,
      memo: this.memo,
      children,
    });
    handlers.stopSpawned = (uid, ids, signal) => spawner.stopped(uid, ids, signal);
    this.spawners.push(spawner);
    return spawner;
  }

  /** Runs the probe handlers once each: `{ <id>: result }`, or `{ <id>: { error } }` for a failed one. */
  async probe(): Promise<Record<string, unknown>> {
    return (await this.runProbes()).results;
  }

  private async runProbes(): Promise<{ results: Record<string, unknown>; failures: string[] }> {
    const results: Record<string, unknown> = {};
    const failures: string[] = [];
    const context = { logger: this.logger, memo: this.memo, stop: this.streamsStop.signal };
    for (const handler of this.registry.activities.probe) {
      try {
        results[handler.id] = await runActivity('probe', { ...handler, options: { ...handler.options, retries: 1 } }, context);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results[handler.id] = { error: message };
        failures.push(`probe ${handler.id}: ${message}`);
      }
    }
    return { results, failures };
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  /** 0 after a normal stop, 1 when leadership was lost (the process should exit and restart as a standby). */
  get exitCode(): number {
    return this.lostLeadership ? 1 : 0;
  }

  /**
   * Waits until this process holds the Lease (false when stopped first), then keeps renewing it;
   * losing it stops the operator at once. Lease requests get their own client that gives up
   * within one retry period: a renewal must never outlast the renew deadline.
   */
  private async lead(connection: Connection): Promise<boolean> {
    const settings = leaderElectionSettings(this.options, { namespace: podNamespace(), hostname: hostname() });
    const leaseApi = new ApiClient(connection, {
      retryBudgetMs: 0,
      timeoutMs: settings.retryPeriod * 1000,
      onResponse: (info) => this.metrics.request(info.method, info.status, info.seconds),
    });
    const lease = `${settings.namespace}/${settings.name}`;
    this.elector = new LeaderElector(leaseApi, settings, {
      onAcquired: () => this.logger.info('Became the leader.', { lease, identity: settings.identity }),
      onLost: (reason) => {
        this.logger.error(`Lost leadership (${reason}); stopping now.`, { lease, identity: settings.identity });
        this.lostLeadership = true;
        void this.stop();
      },
      onProblem: (message, fields) => this.logger.warn(message, { lease, ...fields }),
    });
    this.standby = true;
    this.logger.info('Waiting to become the leader.', { lease, identity: settings.identity });
    try {
      await this.elector.acquire(this.streamsStop.signal);
    } catch (error) {
      if (this.streamsStop.signal.aborted) return false;
      throw error;
    } finally {
      this.standby = false;
    }
    this.elector.keepLeading();
    return true;
  }

  /** Serves /healthz, /readyz and /metrics; a port taken by another process fails start(). */
  private async serve(port: number): Promise<void> {
    this.endpoint = await serveEndpoint(
      port,
      this.options.host ?? '0.0.0.0',
      {
        liveness: async () => {
          const streams = this.health.liveness();
          const { failures } = await this.runProbes();
          return { ok: streams.ok && failures.length === 0, problems: [...streams.problems, ...failures] };
        },
        readiness: () => {
          if (this.webhooksPending && !this.stopping) return { ok: false, problems: ['webhooks not served yet'] };
          // A standby is ready: it is what takes over when the leader goes.
          if (this.standby && !this.stopping) return { ok: true, problems: [] };
          if (!this.serving) return { ok: false, problems: [this.stopping ? 'stopping' : 'starting'] };
          return this.health.readiness();
        },
        metrics: () => this.metrics.exposition(),
      },
      (error) => this.logger.error('The health and metrics endpoint failed.', { error: String(error) }),
    );
    this.logger.info('Serving /healthz, /readyz and /metrics.', { port: this.endpoint.port });
  }

  private async shutdown(): Promise<void> {
    this.serving = false;
    this.metrics.leading(false);
    this.streamsStop.abort();
    await Promise.allSettled(this.streams);
    // Without the lease another process may already be taking over: no time to drain.
    const drainMs = this.lostLeadership ? 0 : (this.options.drainTimeout ?? 10) * 1000;
    const timer = setTimeout(() => this.handlersStop.abort(new Error('the operator is stopping')), drainMs);
    // A handler that ignores its aborted signal is not waited for past a short bound: the process
    // must exit within the pod's termination grace period. Its result is lost; the object keeps
    // the progress of its earlier handlers and the next process runs it again.
    let abandoned: NodeJS.Timeout | undefined;
    // Timers and daemons are told at once (kopf's `stopped`); their last writes go out before the connection closes.
    const spawned = Promise.all(this.spawners.map((spawner) => spawner.stop(drainMs)));
    const closed = await Promise.race([
      Promise.all([this.queue?.close(), spawned]).then(() => true),
      new Promise<false>((resolve) => {
        abandoned = setTimeout(() => resolve(false), drainMs + ABORT_GRACE_MS);
      }),
    ]);
    clearTimeout(abandoned);
    clearTimeout(timer);
    if (!closed) this.logger.warn('Handlers still running after their signal was aborted; stopping without them.');
    this.handlersStop.abort(new Error('the operator stopped'));
    const context = { logger: this.logger, memo: this.memo, stop: new AbortController().signal };
    for (const handler of this.registry.activities.cleanup) {
      try {
        await runActivity('cleanup', handler, context);
      } catch (error) {
        this.logger.error(error instanceof Error ? error.message : String(error));
      }
    }
    await this.elector?.release();
    await this.events.close(EVENTS_FLUSH_S * 1000);
    this.api?.connection.agent.destroy();
    await this.webhooks?.close();
    await this.endpoint?.close();
    this.logger.info('Operator stopped.');
    this.logger.pino.flush();
    this.resolveStopped();
  }

  /** Connection details from the options, the login handlers, or the built-in ones (kubeconfig, then service account). */
  private async login(): Promise<Connection> {
    const connection = { manager: this.options.fieldManager ?? DEFAULT_FIELD_MANAGER };
    if (this.options.credentials) return connectionFromInfo(this.options.credentials, connection);
    if (this.options.kubeConfig) return connectionFromInfo(await connectionInfoFromKubeConfig(this.options.kubeConfig), connection);
    const handlers: ActivityHandler[] = this.registry.activities.login.length
      ? this.registry.activities.login
      : [
          { id: 'loginViaKubeconfig', fn: loginViaKubeconfig, options: {} },
          { id: 'loginViaServiceAccount', fn: loginViaServiceAccount, options: {} },
        ];
    const context = { logger: this.logger, memo: this.memo, stop: this.streamsStop.signal };
    for (const handler of handlers) {
      const result = (await runActivity('login', handler, context)) as LoginResult;
      if (!result) continue;
      const credentials: ConnectionInfo = isKubeConfig(result) ? await connectionInfoFromKubeConfig(result) : result;
      return connectionFromInfo(credentials, connection);
    }
    throw new ActivityError(
      'login',
      'login',
      new Error('no login handler gave credentials: set KUBECONFIG, or run in a pod with a service account'),
    );
  }
}
