/**
 * One resource's processing, the executor of planner.ts: for each object state the queue hands
 * over, it asks the planner what the cycle does, invokes the handlers it names, and writes results,
 * the user's patch and the bookkeeping together (see writer.ts), feeding outcomes back to the
 * planner. The per-object memory (memory.ts) changes only through its transitions.
 */
import type { ApiClient } from '../api/client.js';
import type { ResourceRef } from '../api/paths.js';
import { ApiError } from '../api/errors.js';
import { objectPath } from '../api/paths.js';
import type { ChildEchoes } from '../children/echoes.js';
import type { Events } from '../events/index.js';
import { type ResourceHandlers, resourceKey } from '../registry/registry.js';
import { matchesMeta } from '../registry/filters.js';
import type { Children, Logger, Reason, WatchEventType } from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';
import { changeArgs, childArgs, eventArgs, type ObjectContext, type SubhandlerSink } from './args.js';
import { postFailure } from './failure-event.js';
import { invoke } from './invoke.js';
import {
  claimOptionalDeletes,
  cycleFailed,
  cycleSucceeded,
  firstMemory,
  freshest,
  keepUnsaved,
  type ObjectMemory,
  released,
  resumed,
  settledEcho,
  takeUnsaved,
  wrote,
} from './memory.js';
import { objectLogger, type ObjectLogger, type ParentLogger } from './object-logger.js';
import { type Fragment, isEmptyFragment, mergeFragments } from './patch.js';
import {
  type CyclePlan,
  checkpointed,
  nextStep,
  type PlannerConfig,
  planChanges,
  planCycle,
  type RunPlan,
  type RunState,
  recordOutcome,
  startRun,
  userMain,
  writeParts,
} from './planner.js';
import { advance, expired, messageOf, type Outcome, type Progress } from './progress.js';
import { matchingObject, type Selection } from './select.js';
import { readState, type StateChange, type StateLocation, stateFragment, statusCanHoldState } from './state.js';
import { collectSubhandlers } from './subhandlers.js';
import { ObjectWriter } from './writer.js';
import type { ObjectEvent } from '../watching/stream.js';
import { ERROR_DELAYS_S } from '../backoff.js';

/** A watch event of a child this object controls, for its on.child handlers. */
export interface ChildWork {
  type: WatchEventType;
  object: KubernetesObject;
  /** The child's resource key (registry.resourceKey). */
  resource: string;
}

/**
 * What the queue hands over: the latest state, and (only with event handlers) every event since the
 * last one; for on.child, child events and the parent they belong to (an item may carry only those).
 */
export interface WorkItem {
  latest?: ObjectEvent;
  events?: ObjectEvent[];
  /** Moved into the processor's per-parent backlog when first processed, so a retried item does not bring them twice. */
  children?: ChildWork[];
  parent?: { uid: string; name: string; namespace: string | undefined };
}

/** A child event waiting for its parent's on.child handlers, and their failed attempts so far. */
interface PendingChild {
  work: ChildWork;
  retries: number;
}

export interface ProcessorOptions {
  api: ApiClient;
  handlers: ResourceHandlers;
  prefix: string;
  logger: ParentLogger;
  /** ms to trust our own write over older watch events before giving up on seeing it come back. */
  consistencyTimeoutMs: number;
  /** Aborted on shutdown; handlers see it through their signal. */
  stop: AbortSignal;
  /** The operator's memo, shallow-copied into each object's memo. */
  memo: Record<string, unknown>;
  /** Aborted when the operator stops taking work: a cycle in flight saves its progress instead of starting its next handler. */
  draining?: AbortSignal;
  /** Called after every handler attempt (for metrics). */
  onOutcome?(outcome: HandlerOutcome): void;
  /** Where a failing handler posts its Warning Event. */
  events?: Events;
  /** The `children` argument for handlers of this object. */
  children(parent: KubernetesObject): Children;
  /** Our own child writes, so their watch echoes do not re-trigger on.child. */
  echoes?: ChildEchoes;
}

/** One handler attempt, as metrics see it. */
export interface HandlerOutcome {
  resource: string;
  handler: string;
  kind: 'success' | 'retry' | 'failure';
  seconds: number;
}

export class Processor {
  private readonly memory = new Map<string, ObjectMemory>();
  private readonly writer: ObjectWriter;
  private location: StateLocation;
  readonly finalizer: string;
  private readonly ref: ResourceRef;
  private readonly statusFields: string[][];
  private readonly needsBaseOnUpdate: boolean;
  /** Handler ids whose results were dropped, so the warning is said once. */
  private readonly droppedResults = new Set<string>();
  /** Per parent uid: child events not yet handled, the latest per child. */
  private readonly childBacklog = new Map<string, Map<string, PendingChild>>();

  constructor(private readonly options: ProcessorOptions) {
    const resource = options.handlers.resource;
    this.ref = resource;
    this.finalizer = `${options.prefix}/finalizer`;
    this.location = statusCanHoldState(resource.schema, resource.group) ? 'status' : 'annotations';
    this.writer = new ObjectWriter(options.api, resource, resource.subresources?.status === true, this.finalizer);
    this.statusFields = options.handlers.changes.flatMap((h) => (h.field?.[0] === 'status' ? [[...h.field]] : []));
    this.needsBaseOnUpdate = options.handlers.changes.some((h) => h.kind === 'update' || h.kind === 'field');
  }

  /** Objects with in-memory state (for tests and metrics). */
  get objects(): number {
    return this.memory.size;
  }

  /** Handles one object's latest state; returns ms after which to be called again, if any. */
  async process(item: WorkItem): Promise<number | undefined> {
    const uid = item.latest?.object.metadata?.uid ?? item.parent?.uid;
    if (!uid) return undefined;
    if (item.children) {
      this.takeChildEvents(uid, item.children);
      item.children = undefined;
    }
    const again = item.latest ? await this.processLatest(item.latest, item.events, uid) : undefined;
    if (!this.childBacklog.has(uid)) return again;
    const childAgain = await this.runChildHandlers(uid, item);
    return again === undefined ? childAgain : childAgain === undefined ? again : Math.min(again, childAgain);
  }

  private async processLatest(event: ObjectEvent, events: ObjectEvent[] | undefined, uid: string): Promise<number | undefined> {
    if (!this.memory.has(uid)) {
      const resumable = event.initial && this.options.handlers.changes.some((h) => h.kind === 'resume');
      this.memory.set(uid, firstMemory(this.options.memo, resumable));
    }
    if (events) await this.runEventHandlers(events, uid);
    if (event.type === 'DELETED') {
      await this.runOptionalDeletes(event.object, uid);
      this.memory.delete(uid);
      return undefined;
    }
    const fresh = freshest(this.recall(uid), event.object, Date.now());
    this.memory.set(uid, fresh.memory);
    const body = fresh.body;
    try {
      const again = await this.cycle(body, uid);
      this.update(uid, cycleSucceeded);
      return again;
    } catch (error) {
      if (this.options.stop.aborted) return undefined;
      const failed = cycleFailed(this.recall(uid));
      this.memory.set(uid, failed.memory);
      this.loggerFor(body).error(`Processing failed; retrying in ${failed.delayMs / 1000} s.`, { error: messageOf(error) });
      return failed.delayMs;
    }
  }

  /**
   * Whether a watch event only echoes this operator's last write to an object nobody is working on:
   * exactly the state the finished cycle left, so there is nothing to judge. Call it only when the
   * object has no work queued or running. Dropping the echo before the queue saves it a queue entry
   * and a cycle (about nine echoes in ten when 1 000 objects converge).
   */
  settlesOwnWrite(event: ObjectEvent): boolean {
    const uid = event.object.metadata?.uid;
    if (uid === undefined) return false;
    const settled = settledEcho(this.memory.get(uid), event, this.options.handlers.events.length > 0);
    if (!settled) return false;
    this.memory.set(uid, settled);
    return true;
  }

  private recall(uid: string): ObjectMemory {
    return this.memory.get(uid)!;
  }

  private update(uid: string, transition: (memory: ObjectMemory) => ObjectMemory): void {
    this.memory.set(uid, transition(this.recall(uid)));
  }

  private loggerFor(body: KubernetesObject): ObjectLogger {
    return objectLogger(this.options.logger, this.options.handlers.resource.kind, body);
  }

  private plannerConfig(): PlannerConfig {
    return {
      finalizer: this.finalizer,
      prefix: this.options.prefix,
      location: this.location,
      statusFields: this.statusFields,
      needsBaseOnUpdate: this.needsBaseOnUpdate,
      schema: this.options.handlers.resource.schema,
    };
  }

  /** Carries out one cycle's plan. */
  private async cycle(body: KubernetesObject, uid: string): Promise<number | undefined> {
    const logger = this.loggerFor(body);
    let plan: CyclePlan = planCycle({ body, memory: this.recall(uid), handlers: this.options.handlers.changes }, this.plannerConfig());
    let current = body;
    if (plan.kind === 'finalizer') {
      const written = await this.writer.write(current, { finalizer: plan.change });
      if (!written) return undefined;
      logger.debug(plan.change === 'add' ? 'Finalizer added.' : 'Finalizer removed: no delete handler needs it.');
      current = this.own(written, uid);
      plan = planChanges(current, this.recall(uid), plan.handlers, this.plannerConfig());
    }
    if (plan.kind === 'optional-deletes') {
      await this.runOptionalDeletes(current, uid);
      return undefined;
    }
    if (plan.kind === 'run') return this.run(current, uid, logger, plan);
    if (plan.resumed) this.update(uid, resumed);
    return undefined;
  }

  /** Runs the plan's handlers that are due, writes, and says when to come back for delayed ones. */
  private async run(body: KubernetesObject, uid: string, logger: ObjectLogger, plan: RunPlan): Promise<number | undefined> {
    let current = body;
    const taken = takeUnsaved(this.recall(uid), plan.reason);
    this.memory.set(uid, taken.memory);
    let state = startRun(plan, readState(current, this.location, this.options.prefix), taken.pending);
    for (;;) {
      const now = Date.now();
      const next = nextStep(state, now);
      state = next.state;
      const step = next.step;
      if (step.kind === 'invoke') {
        if (this.options.draining?.aborted) {
          // Shutting down: what earlier handlers of this cycle did is kept; the rest runs after the restart.
          await this.save(state, current, uid, { progress: state.pending.progress });
          return undefined;
        }
        const patch: Fragment = {};
        const handlerLogger = logger.with({ handler: step.selection.handler.id, attempt: (step.record?.retries ?? 0) + 1 });
        const context = { body: current, logger: handlerLogger, memo: this.recall(uid).memo, children: this.options.children(current) };
        const subhandlers = collectSubhandlers(step.selection.handler);
        const outcome = await this.attempt(context, plan.reason, step.selection, step.record, patch, now, subhandlers.register);
        const recorded = recordOutcome(state, step.index, outcome, patch, now, Date.now(), subhandlers.children);
        state = recorded.state;
        if (outcome) this.attempted(handlerLogger, step.selection.handler.id, recorded.record, outcome, current, now);
        for (const parent of recorded.settled) report(logger, parent.id, parent.record);
        if (recorded.checkpoint) {
          const written = await this.save(state, current, uid, { progress: state.pending.progress });
          if (!written) return undefined;
          current = written;
          state = checkpointed(state);
        }
        continue;
      }
      if (step.kind === 'release') return this.release(state, current, uid, logger, step.main);
      if (step.resumed) this.update(uid, resumed);
      await this.save(state, current, uid, step.change);
      return step.again;
    }
  }

  /** The delete handlers are done: the user's patch and the finalizer's removal in one write. */
  private async release(state: RunState, current: KubernetesObject, uid: string, logger: Logger, main: Fragment): Promise<undefined> {
    let written: KubernetesObject | undefined;
    try {
      written = await this.writer.write(current, { main, finalizer: 'remove' });
    } catch (error) {
      this.update(uid, (memory) => keepUnsaved(memory, state.reason, state.pending));
      throw error;
    }
    if (written) {
      // Our own write: older watch events (say, of a progress write between two delete handlers) must not re-run them.
      this.update(uid, (memory) => released(memory, written, Date.now(), this.options.consistencyTimeoutMs));
      logger.info('Delete handlers done; finalizer removed.');
    }
    return undefined;
  }

  private async attempt(
    context: ObjectContext,
    reason: Reason,
    selection: Selection,
    record: Progress[string] | undefined,
    patch: Fragment,
    now: number,
    subhandler: SubhandlerSink,
  ): Promise<Outcome | undefined> {
    const { handler } = selection;
    const started = record ? Date.parse(record.started) : now;
    const change = { reason, old: selection.old, new: selection.new, diff: selection.diff, retry: record?.retries ?? 0, started };
    const when = handler.options.when;
    if (when && !when(changeArgs(context, change, patch, this.options.stop))) return undefined;
    const timedOut = expired(record, handler.options.timeout, now);
    if (timedOut) return timedOut;
    return invoke(handler.fn, (signal) => changeArgs(context, change, patch, signal, subhandler), {
      ...handler.options,
      started,
      failedAttempts: record?.retries ?? 0,
      stop: this.options.stop,
    });
  }

  /** flush(), remembering what it could not write so the next attempt writes it instead of re-running handlers. */
  private async save(state: RunState, current: KubernetesObject, uid: string, change: StateChange): Promise<KubernetesObject | undefined> {
    try {
      return await this.flush(current, uid, state, change);
    } catch (error) {
      this.update(uid, (memory) => keepUnsaved(memory, state.reason, state.pending));
      throw error;
    }
  }

  private async flush(current: KubernetesObject, uid: string, state: RunState, change: StateChange): Promise<KubernetesObject | undefined> {
    const { status, main, dropped } = writeParts(state.pending, change, state.stored, this.plannerConfig());
    this.warnDropped(dropped, current);
    if (isEmptyFragment(status) && isEmptyFragment(main)) return current;
    let written = await this.writer.write(current, { status, main });
    if (!written) return undefined;
    if (this.stateWasPruned(written, change)) {
      // Write the state again where it stays, now, so the next event does not look like a create.
      written = await this.writer.write(written, { main: stateFragment(change, state.stored, this.location, this.options.prefix) });
      if (!written) return undefined;
    }
    return this.own(written, uid);
  }

  /** Says once per handler that its results have no room in status. */
  private warnDropped(ids: string[], body: KubernetesObject): void {
    for (const id of ids) {
      if (this.droppedResults.has(id)) continue;
      this.droppedResults.add(id);
      this.loggerFor(body).warn(
        `Handler '${id}' returned a result, but the ${this.ref.plural} status has no room for status.${id}; it is not stored. Declare status.${id} in the CRD or add x-kubernetes-preserve-unknown-fields: true to status.`,
      );
    }
  }

  /** A status schema that prunes our state would make every event look like a create: move it to annotations. */
  private stateWasPruned(written: KubernetesObject, change: StateChange): boolean {
    if (this.location !== 'status' || change.base === undefined) return false;
    if (readState(written, 'status', this.options.prefix).base !== undefined) return false;
    this.location = 'annotations';
    this.loggerFor(written).warn(
      `The apiserver dropped status.genOperator (the ${this.ref.plural} status schema prunes unknown fields); keeping state in annotations instead. Add x-kubernetes-preserve-unknown-fields: true to status for one write per change.`,
    );
    return true;
  }

  private own(written: KubernetesObject, uid: string): KubernetesObject {
    this.update(uid, (memory) => wrote(memory, written, Date.now(), this.options.consistencyTimeoutMs));
    return written;
  }

  private async runEventHandlers(events: ObjectEvent[], uid: string): Promise<void> {
    const memo = this.recall(uid).memo;
    let patch: Fragment = {};
    const results: Record<string, unknown> = {};
    let last: KubernetesObject | undefined;
    for (const event of events) {
      if (event.synthetic) continue;
      const objectLogger = this.loggerFor(event.object);
      for (const handler of this.options.handlers.events) {
        const meta = event.object.metadata;
        if (!matchesMeta(handler.options.labels, meta?.labels) || !matchesMeta(handler.options.annotations, meta?.annotations)) continue;
        const own: Fragment = {};
        const context: ObjectContext = {
          body: event.object,
          logger: objectLogger.with({ handler: handler.id, attempt: 1 }),
          memo,
          children: this.options.children(event.object),
        };
        const args = eventArgs(context, event.type, own, this.options.stop);
        const started = Date.now();
        try {
          if (handler.options.when && !handler.options.when(args)) continue;
          const result = await handler.fn(args);
          if (result !== undefined && event.type !== 'DELETED') results[handler.id] = result;
          this.observe(handler.id, { kind: 'success', result }, started);
        } catch (error) {
          context.logger.error(`Event handler '${handler.id}' failed (not retried).`, { error: messageOf(error) });
          this.observe(handler.id, { kind: 'failure', error }, started);
          postFailure(this.options.events, event.object, handler.id, { kind: 'not retried', error });
        }
        if (event.type !== 'DELETED') patch = mergeFragments(patch, own);
        last = event.object;
      }
    }
    if (last) await this.writeHandlerPatch(last, uid, patch, results);
  }

  /** What event and child handlers asked for (their patches, event handlers' results) in one write. */
  private async writeHandlerPatch(body: KubernetesObject, uid: string, patch: Fragment, results: Record<string, unknown>): Promise<void> {
    if (isEmptyFragment(patch) && Object.keys(results).length === 0) return;
    const status = mergeFragments((patch.status as Fragment | undefined) ?? {}, results);
    const written = await this.writer.write(body, { status, main: userMain(patch) });
    if (written) this.own(written, uid);
  }

  private takeChildEvents(uid: string, events: ChildWork[]): void {
    let backlog = this.childBacklog.get(uid);
    if (!backlog) {
      backlog = new Map();
      this.childBacklog.set(uid, backlog);
    }
    for (const work of events) {
      const key = `${work.resource}|${work.object.metadata?.uid}`;
      // A newer event of the same child supersedes the older one (and its failed attempts).
      backlog.delete(key);
      backlog.set(key, { work, retries: 0 });
    }
  }

  /**
   * The on.child handlers for the parent's pending child events, on the parent's latest state: the
   * item's own (after its cycle), else one GET. A parent that is gone or being deleted drops them:
   * the garbage collector takes its children. Returns ms until a failed handler is retried.
   */
  private async runChildHandlers(uid: string, item: WorkItem): Promise<number | undefined> {
    const backlog = this.childBacklog.get(uid)!;
    const body = await this.parentBody(uid, item);
    if (!body || body.metadata?.deletionTimestamp) {
      this.childBacklog.delete(uid);
      return undefined;
    }
    if (!this.memory.has(uid)) this.memory.set(uid, firstMemory(this.options.memo, false));
    const logger = this.loggerFor(body);
    const context: ObjectContext = { body, logger, memo: this.recall(uid).memo, children: this.options.children(body) };
    let patch: Fragment = {};
    let again: number | undefined;
    for (const [key, pending] of backlog) {
      if (this.options.echoes?.settles(pending.work)) {
        backlog.delete(key);
        continue;
      }
      const outcome = await this.childOutcome(context, logger, pending, patch);
      if (outcome.kind === 'retry') {
        pending.retries++;
        again = Math.min(again ?? Number.POSITIVE_INFINITY, outcome.delayMs);
        continue;
      }
      patch = outcome.patch;
      backlog.delete(key);
    }
    if (backlog.size === 0) this.childBacklog.delete(uid);
    await this.writeHandlerPatch(body, uid, patch, {});
    return again;
  }

  /** Runs every on.child handler of the event's kind; a retry of one retries the event (handlers apply, so they repeat safely). */
  private async childOutcome(
    context: ObjectContext,
    objectLogger: ObjectLogger,
    pending: PendingChild,
    patch: Fragment,
  ): Promise<{ kind: 'done'; patch: Fragment } | { kind: 'retry'; delayMs: number }> {
    let merged = patch;
    const { work } = pending;
    for (const handler of this.options.handlers.children) {
      if (resourceKey(handler.child) !== work.resource) continue;
      const own: Fragment = {};
      const now = Date.now();
      const backoff = handler.options.backoff ?? ERROR_DELAYS_S[Math.min(pending.retries, ERROR_DELAYS_S.length - 1)]!;
      const logger = objectLogger.with({ handler: handler.id, attempt: pending.retries + 1 });
      const args = (signal: AbortSignal) =>
        childArgs({ ...context, logger }, { type: work.type, object: work.object }, pending.retries, own, signal);
      const when = handler.options.when;
      if (when) {
        try {
          if (!when(args(this.options.stop))) continue;
        } catch (error) {
          logger.error(`The 'when' filter of handler '${handler.id}' failed.`, { error: messageOf(error) });
          return { kind: 'retry', delayMs: backoff * 1000 };
        }
      }
      const outcome = await invoke(handler.fn, args, {
        ...handler.options,
        backoff,
        started: now,
        failedAttempts: pending.retries,
        stop: this.options.stop,
      });
      this.attempted(logger, handler.id, advance(undefined, outcome, now, Date.now()), outcome, context.body, now);
      if (outcome.kind === 'retry') return { kind: 'retry', delayMs: outcome.delaySeconds * 1000 };
      if (outcome.kind === 'success') merged = mergeFragments(merged, own);
    }
    return { kind: 'done', patch: merged };
  }

  /** The parent as it is now: the item's latest state (or our write after it), else read once. */
  private async parentBody(uid: string, item: WorkItem): Promise<KubernetesObject | undefined> {
    if (item.latest) {
      if (item.latest.type === 'DELETED') return undefined;
      return this.memory.get(uid)?.own ?? item.latest.object;
    }
    const parent = item.parent!;
    try {
      const body = (await this.options.api.get(objectPath(this.ref, parent.name, parent.namespace), this.options.stop)) as KubernetesObject;
      return body.metadata?.uid === uid ? body : undefined;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Optional delete handlers hold no finalizer: they run once, best effort, when the deletion is seen. */
  private async runOptionalDeletes(body: KubernetesObject, uid: string): Promise<void> {
    const claimed = claimOptionalDeletes(this.recall(uid));
    if (!claimed) return;
    this.memory.set(uid, claimed);
    const handlers = matchingObject(this.options.handlers.changes, body).filter((h) => h.kind === 'delete' && h.options.optional);
    const logger = this.loggerFor(body);
    for (const handler of handlers) {
      const now = Date.now();
      const context: ObjectContext = {
        body,
        logger: logger.with({ handler: handler.id, attempt: 1 }),
        memo: claimed.memo,
        children: this.options.children(body),
      };
      const change = { reason: 'delete' as const, old: undefined, new: undefined, diff: [], retry: 0, started: now };
      const outcome = await invoke(handler.fn, (signal) => changeArgs(context, change, {}, signal), {
        ...handler.options,
        started: now,
        failedAttempts: 0,
        stop: this.options.stop,
      });
      this.attempted(context.logger, handler.id, advance(undefined, outcome, now, Date.now()), outcome, body, now);
    }
  }

  /** After one attempt of a handler: the log line, the metrics, and a Warning Event when it failed. */
  private attempted(logger: Logger, id: string, record: Progress[string], outcome: Outcome, body: KubernetesObject, started: number): void {
    report(logger, id, record);
    this.observe(id, outcome, started);
    postFailure(this.options.events, body, id, outcome);
  }

  private observe(handler: string, outcome: Outcome, started: number): void {
    this.options.onOutcome?.({ resource: this.ref.plural, handler, kind: outcome.kind, seconds: (Date.now() - started) / 1000 });
  }
}

/** Logs where a handler stands after an attempt (or after its last sub-handler). */
function report(logger: Logger, id: string, record: Progress[string]): void {
  if (record.success) logger.info(`Handler '${id}' succeeded.`);
  else if (record.failure) logger.error(`Handler '${id}' failed permanently.`, { error: record.message, retries: record.retries });
  else if (record.delayed)
    logger.warn(`Handler '${id}' failed; retrying at ${record.delayed}.`, { error: record.message, retries: record.retries });
  else logger.debug(`Handler '${id}' registered sub-handlers; it is done when they are.`);
}

/** Folds a newly arrived work item into the one still queued for the same object: the latest state wins, events add up. */
export function mergeWork(pending: WorkItem, next: WorkItem): WorkItem {
  const latest = next.latest ?? pending.latest;
  const parent = next.parent ?? pending.parent;
  const events = pending.events || next.events ? [...(pending.events ?? []), ...(next.events ?? [])] : undefined;
  const children = pending.children || next.children ? [...(pending.children ?? []), ...(next.children ?? [])] : undefined;
  return { ...(latest ? { latest } : {}), ...(events ? { events } : {}), ...(children ? { children } : {}), ...(parent ? { parent } : {}) };
}
