/**
 * One resource's processing: for each object state the queue hands over, detect the cause from the
 * stored diff base (not from the event type), run the selected handlers with their progress, and
 * write results, the user's patch and the bookkeeping together (see writer.ts).
 */
import type { ApiClient } from '../api/client.js';
import type { ResourceRef } from '../api/paths.js';
import type { ChangeHandler, ResourceHandlers } from '../registry/registry.js';
import { matchesMeta } from '../registry/filters.js';
import type { Logger, Reason, WatchEventType } from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';
import { changeArgs, eventArgs, type ObjectContext } from './args.js';
import { detectCause } from './cause.js';
import { canonicalJson, essence } from './essence.js';
import { invoke } from './invoke.js';
import { type Fragment, isEmptyFragment, mergeFragments, reached } from './patch.js';
import { advance, delayRemaining, expired, isFinished, messageOf, type Outcome, type Progress } from './progress.js';
import { matchingObject, type Selection, selectChanges, selectPlain } from './select.js';
import { encodeBase, readState, type StateChange, type StateLocation, stateFragment, statusCanHold, statusCanHoldState } from './state.js';
import { ObjectLogger, type ParentLogger } from './object-logger.js';
import { ObjectWriter } from './writer.js';

export interface ObjectEvent {
  type: WatchEventType | undefined;
  object: KubernetesObject;
  initial: boolean;
  synthetic?: boolean;
}

/** What the queue hands over: the latest state, and (only with event handlers) every event since the last one. */
export interface WorkItem {
  latest: ObjectEvent;
  events?: ObjectEvent[];
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
}

interface ObjectMemory {
  memo: Record<string, unknown>;
  /** Seen in this process's first listing and already handled before: resume handlers are due. */
  resumePending: boolean;
  /** Our last write's result, newer than watch events until the watch catches up. */
  own: KubernetesObject | undefined;
  ownUntil: number;
  errors: number;
  optionalDeletesDone: boolean;
  /** The delete handlers finished and the finalizer is off: nothing more to do for this object. */
  deleteDone?: boolean;
  /** A cycle's outcomes whose write failed (kept in memory only; a restart re-runs those handlers). */
  unsaved?: { reason: Reason; pending: PendingWrite };
}

const ERROR_DELAYS_S = [1, 1, 2, 3, 5, 8, 13, 21, 34, 55];

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
    const event = item.latest;
    const uid = event.object.metadata?.uid;
    if (!uid) return undefined;
    const mem = this.remember(uid, event);
    if (item.events) await this.runEventHandlers(item.events, mem);
    if (event.type === 'DELETED') {
      await this.runOptionalDeletes(event.object, mem);
      this.memory.delete(uid);
      return undefined;
    }
    const body = this.freshest(event.object, mem);
    if (!body) return this.options.consistencyTimeoutMs;
    try {
      const again = await this.cycle(body, mem);
      mem.errors = 0;
      return again;
    } catch (error) {
      if (this.options.stop.aborted) return undefined;
      const delay = ERROR_DELAYS_S[Math.min(mem.errors, ERROR_DELAYS_S.length - 1)]!;
      mem.errors++;
      this.loggerFor(body).error(`Processing failed; retrying in ${delay} s.`, { error: messageOf(error) });
      return delay * 1000;
    }
  }

  /**
   * Whether a watch event only echoes this operator's last write to an object nobody is working on:
   * exactly the state the finished cycle left, so there is nothing to judge. Call it only when the
   * object has no work queued or running. Dropping the echo before the queue saves it a queue entry
   * and a cycle (about nine echoes in ten when 1 000 objects converge).
   */
  settlesOwnWrite(event: ObjectEvent): boolean {
    if (event.type !== 'MODIFIED' || this.options.handlers.events.length > 0) return false;
    const uid = event.object.metadata?.uid;
    const mem = uid === undefined ? undefined : this.memory.get(uid);
    if (!mem?.own || mem.resumePending || mem.unsaved) return false;
    const version = event.object.metadata?.resourceVersion;
    if (version === undefined || version !== mem.own.metadata?.resourceVersion) return false;
    mem.own = undefined;
    return true;
  }

  private remember(uid: string, event: ObjectEvent): ObjectMemory {
    let mem = this.memory.get(uid);
    if (!mem) {
      mem = {
        memo: { ...this.options.memo },
        resumePending: event.initial && this.options.handlers.changes.some((h) => h.kind === 'resume'),
        own: undefined,
        ownUntil: 0,
        errors: 0,
        optionalDeletesDone: false,
      };
      this.memory.set(uid, mem);
    }
    return mem;
  }

  /** The watch's state, or our own write's result while the watch has not caught up with it. */
  private freshest(body: KubernetesObject, mem: ObjectMemory): KubernetesObject | undefined {
    const own = mem.own;
    if (!own) return body;
    const ownVersion = own.metadata?.resourceVersion ?? '';
    if (reached(body.metadata?.resourceVersion, ownVersion)) {
      mem.own = undefined;
      return body;
    }
    if (/^\d+$/.test(ownVersion) || Date.now() < mem.ownUntil) return own;
    mem.own = undefined;
    return body;
  }

  private loggerFor(body: KubernetesObject): Logger {
    const { name, namespace } = body.metadata ?? {};
    return new ObjectLogger(this.options.logger, this.ref.plural, namespace ? `${namespace}/${name}` : name);
  }

  private async cycle(initial: KubernetesObject, mem: ObjectMemory): Promise<number | undefined> {
    let current = initial;
    const handlers = matchingObject(this.options.handlers.changes, current);
    const meta = current.metadata ?? {};
    const hasFinalizer = meta.finalizers?.includes(this.finalizer) ?? false;
    const needsFinalizer = handlers.some((h) => h.kind === 'delete' && !h.options.optional);
    const logger = this.loggerFor(current);

    if (meta.deletionTimestamp) {
      // A late event of the object as it was before our finalizer removal must not run the handlers again.
      if (mem.deleteDone) return undefined;
      if (!hasFinalizer) {
        await this.runOptionalDeletes(current, mem);
        return undefined;
      }
      const essenceNow = essence(current, this.options.prefix, this.statusFields);
      return this.run(current, mem, logger, 'delete', selectPlain(handlers, 'delete', essenceNow), undefined);
    }

    if (hasFinalizer !== needsFinalizer) {
      const written = await this.writer.write(current, { finalizer: needsFinalizer ? 'add' : 'remove' });
      if (!written) return undefined;
      logger.debug(needsFinalizer ? 'Finalizer added.' : 'Finalizer removed: no delete handler needs it.');
      current = this.own(written, mem);
    }

    const state = readState(current, this.location, this.options.prefix);
    const currentEssence = essence(current, this.options.prefix, this.statusFields);
    const canonical = canonicalJson(currentEssence);
    const changing = handlers.some((h) => h.kind !== 'delete');
    const cause = detectCause(state.base, currentEssence, canonical);
    let reason: Reason | undefined = cause.reason;
    let selections: Selection[] = [];
    // Stealth: an object no create/update/field/resume handler matches gets nothing stored.
    if (cause.reason === 'create' && !changing) return undefined;
    if (cause.reason) selections = selectChanges(handlers, cause.reason, cause.diff, cause.old, currentEssence);
    if (cause.reason === 'update' && selections.length === 0 && !this.needsBaseOnUpdate) return this.finishResume(mem);
    if (mem.resumePending && state.base !== undefined) {
      selections.push(...selectPlain(handlers, 'resume', currentEssence));
      reason ??= 'resume';
    }
    if (!reason) return undefined;
    const base = reason === 'resume' ? undefined : encodeBase(canonical);
    return this.run(current, mem, logger, reason, selections, base);
  }

  private finishResume(mem: ObjectMemory): undefined {
    mem.resumePending = false;
    return undefined;
  }

  /** Runs the cycle's handlers that are due, writes, and says when to come back for delayed ones. */
  private async run(
    body: KubernetesObject,
    mem: ObjectMemory,
    logger: Logger,
    reason: Reason,
    selections: Selection[],
    newBase: string | undefined,
  ): Promise<number | undefined> {
    let current = body;
    const stored = readState(current, this.location, this.options.prefix);
    const progress: Progress = { ...stored.progress };
    let storedIds = new Set(Object.keys(stored.progress));
    // Outcomes of handlers whose write failed last time: applied, not re-run.
    let pending: PendingWrite = mem.unsaved?.reason === reason ? mem.unsaved.pending : emptyPending();
    mem.unsaved = undefined;
    Object.assign(progress, pending.progress);
    let nextDelay: number | undefined;

    for (let i = 0; i < selections.length; i++) {
      const { handler } = selections[i]!;
      const record = progress[handler.id];
      if (isFinished(record)) continue;
      const now = Date.now();
      const waiting = delayRemaining(record, now);
      if (waiting > 0) {
        nextDelay = Math.min(nextDelay ?? waiting, waiting);
        continue;
      }
      const patch: Fragment = {};
      const outcome = await this.attempt({ body: current, logger, memo: mem.memo }, reason, selections[i]!, record, patch, now);
      if (outcome === undefined) {
        // Filtered out by `when`: done for this cycle, nothing to record.
        progress[handler.id] = { started: new Date(now).toISOString(), retries: 0, success: true };
        continue;
      }
      const next = advance(record, outcome, now, Date.now());
      progress[handler.id] = next;
      pending.progress[handler.id] = next;
      pending.patch = mergeFragments(pending.patch, patch);
      if (outcome.kind === 'success' && outcome.result !== undefined) pending.results[handler.id] = outcome.result;
      report(logger, handler, outcome, next);
      if (outcome.kind === 'retry') nextDelay = Math.min(nextDelay ?? Infinity, outcome.delaySeconds * 1000);
      // Make a finished handler durable before the next one starts, so a crash never re-runs it.
      const more = selections
        .slice(i + 1)
        .some((s) => !isFinished(progress[s.handler.id]) && delayRemaining(progress[s.handler.id], Date.now()) === 0);
      if (isFinished(next) && more) {
        const written = await this.save(reason, current, mem, pending, { progress: pending.progress }, stored);
        if (!written) return undefined;
        current = written;
        storedIds = new Set([...storedIds, ...Object.keys(pending.progress)]);
        pending = emptyPending();
      }
    }

    const complete = selections.every((s) => isFinished(progress[s.handler.id]));
    if (complete && selections.some((s) => s.handler.kind === 'resume')) mem.resumePending = false;
    if (complete && reason === 'delete') {
      let written: KubernetesObject | undefined;
      try {
        written = await this.writer.write(current, { main: userMain(pending.patch), finalizer: 'remove' });
      } catch (error) {
        mem.unsaved = { reason, pending };
        throw error;
      }
      if (written) {
        // Our own write: older watch events (say, of a progress write between two delete handlers) must not re-run them.
        this.own(written, mem);
        mem.deleteDone = true;
        logger.info('Delete handlers done; finalizer removed.');
      }
      return undefined;
    }
    if (complete) {
      if (reason === 'update' && selections.length === 0 && newBase === undefined) return undefined;
      const change: StateChange = { purge: storedIds.size > 0 };
      if (newBase !== undefined && newBase !== stored.base) change.base = newBase;
      await this.save(reason, current, mem, pending, change, stored);
      return undefined;
    }
    await this.save(reason, current, mem, pending, { progress: pending.progress }, stored);
    return nextDelay;
  }

  private async attempt(
    context: ObjectContext,
    reason: Reason,
    selection: Selection,
    record: Progress[string] | undefined,
    patch: Fragment,
    now: number,
  ): Promise<Outcome | undefined> {
    const { handler } = selection;
    const started = record ? Date.parse(record.started) : now;
    const change = { reason, old: selection.old, new: selection.new, diff: selection.diff, retry: record?.retries ?? 0, started };
    const when = handler.options.when;
    if (when && !when(changeArgs(context, change, patch, this.options.stop))) return undefined;
    const timedOut = expired(record, handler.options.timeout, now);
    if (timedOut) return timedOut;
    return invoke(handler.fn, (signal) => changeArgs(context, change, patch, signal), {
      ...handler.options,
      started,
      failedAttempts: record?.retries ?? 0,
      stop: this.options.stop,
    });
  }

  /** flush(), remembering what it could not write so the next attempt writes it instead of re-running handlers. */
  private async save(
    reason: Reason,
    current: KubernetesObject,
    mem: ObjectMemory,
    pending: PendingWrite,
    change: StateChange,
    stored: { base: string | undefined; progress: Progress },
  ): Promise<KubernetesObject | undefined> {
    try {
      return await this.flush(current, mem, pending, change, stored);
    } catch (error) {
      mem.unsaved = { reason, pending };
      throw error;
    }
  }

  private async flush(
    current: KubernetesObject,
    mem: ObjectMemory,
    pending: PendingWrite,
    change: StateChange,
    stored: { base: string | undefined; progress: Progress },
  ): Promise<KubernetesObject | undefined> {
    const state = stateFragment(change, stored, this.location, this.options.prefix);
    const userStatus = (pending.patch.status as Fragment | undefined) ?? {};
    const results = this.keptResults(pending.results, current);
    const status = mergeFragments(mergeFragments(userStatus, results), (state.status as Fragment | undefined) ?? {});
    const main = mergeFragments(userMain(pending.patch), state.status ? {} : state);
    if (isEmptyFragment(status) && isEmptyFragment(main)) return current;
    let written = await this.writer.write(current, { status, main });
    if (!written) return undefined;
    if (this.stateWasPruned(written, change)) {
      // Write the state again where it stays, now, so the next event does not look like a create.
      written = await this.writer.write(written, { main: stateFragment(change, stored, this.location, this.options.prefix) });
      if (!written) return undefined;
    }
    return this.own(written, mem);
  }

  /**
   * Results go to status.<handler id> only where status keeps them: a status that prunes unknown
   * fields would drop them — or, with constraints such as minProperties, refuse the whole write.
   */
  private keptResults(results: Record<string, unknown>, body: KubernetesObject): Record<string, unknown> {
    if (this.location === 'status') return results;
    const schema = this.options.handlers.resource.schema;
    const kept: Record<string, unknown> = {};
    for (const [id, result] of Object.entries(results)) {
      if (schema && statusCanHold(schema, id)) kept[id] = result;
      else if (!this.droppedResults.has(id)) {
        this.droppedResults.add(id);
        this.loggerFor(body).warn(
          `Handler '${id}' returned a result, but the ${this.ref.plural} status has no room for status.${id}; it is not stored. Declare status.${id} in the CRD or add x-kubernetes-preserve-unknown-fields: true to status.`,
        );
      }
    }
    return kept;
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

  private own(written: KubernetesObject, mem: ObjectMemory): KubernetesObject {
    mem.own = written;
    mem.ownUntil = Date.now() + this.options.consistencyTimeoutMs;
    return written;
  }

  private async runEventHandlers(events: ObjectEvent[], mem: ObjectMemory): Promise<void> {
    let patch: Fragment = {};
    const results: Record<string, unknown> = {};
    let last: KubernetesObject | undefined;
    for (const event of events) {
      if (event.synthetic) continue;
      const context: ObjectContext = { body: event.object, logger: this.loggerFor(event.object), memo: mem.memo };
      for (const handler of this.options.handlers.events) {
        const meta = event.object.metadata;
        if (!matchesMeta(handler.options.labels, meta?.labels) || !matchesMeta(handler.options.annotations, meta?.annotations)) continue;
        const own: Fragment = {};
        const args = eventArgs(context, event.type, own, this.options.stop);
        try {
          if (handler.options.when && !handler.options.when(args)) continue;
          const result = await handler.fn(args);
          if (result !== undefined && event.type !== 'DELETED') results[handler.id] = result;
        } catch (error) {
          context.logger.error(`Event handler '${handler.id}' failed (not retried).`, { error: messageOf(error) });
        }
        if (event.type !== 'DELETED') patch = mergeFragments(patch, own);
        last = event.object;
      }
    }
    if (!last || (isEmptyFragment(patch) && Object.keys(results).length === 0)) return;
    const status = mergeFragments((patch.status as Fragment | undefined) ?? {}, results);
    const written = await this.writer.write(last, { status, main: userMain(patch) });
    if (written) this.own(written, mem);
  }

  /** Optional delete handlers hold no finalizer: they run once, best effort, when the deletion is seen. */
  private async runOptionalDeletes(body: KubernetesObject, mem: ObjectMemory): Promise<void> {
    if (mem.optionalDeletesDone) return;
    mem.optionalDeletesDone = true;
    const handlers = matchingObject(this.options.handlers.changes, body).filter((h) => h.kind === 'delete' && h.options.optional);
    const context: ObjectContext = { body, logger: this.loggerFor(body), memo: mem.memo };
    for (const handler of handlers) {
      const now = Date.now();
      const change = { reason: 'delete' as const, old: undefined, new: undefined, diff: [], retry: 0, started: now };
      const outcome = await invoke(handler.fn, (signal) => changeArgs(context, change, {}, signal), {
        ...handler.options,
        started: now,
        failedAttempts: 0,
        stop: this.options.stop,
      });
      report(context.logger, handler, outcome, advance(undefined, outcome, now, Date.now()));
    }
  }
}

interface PendingWrite {
  progress: Progress;
  results: Record<string, unknown>;
  patch: Fragment;
}

function emptyPending(): PendingWrite {
  return { progress: {}, results: {}, patch: {} };
}

/** The user's patch without status (which goes to the status write). */
function userMain(patch: Fragment): Fragment {
  const { status: _status, ...main } = patch;
  return main;
}

function report(logger: Logger, handler: ChangeHandler, outcome: Outcome, record: Progress[string]): void {
  const id = handler.id;
  if (outcome.kind === 'success') logger.info(`Handler '${id}' succeeded.`);
  else if (outcome.kind === 'retry')
    logger.warn(`Handler '${id}' failed; retrying at ${record.delayed}.`, { error: messageOf(outcome.error), retries: record.retries });
  else logger.error(`Handler '${id}' failed permanently.`, { error: messageOf(outcome.error), retries: record.retries });
}
