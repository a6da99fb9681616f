/**
 * The processor's decisions, as pure functions: from the object, its stored state, the per-object
 * memory, the registered handlers and the time, what a cycle does — skip, run the optional delete
 * handlers, fix the finalizer, or run handlers for a reason; then, step by step, which handler to
 * invoke, when to make progress durable, and what the closing write holds (progress and a delay,
 * or a new base and a purge, or the finalizer's removal), down to the merge patches (writeParts).
 * The executor (processor.ts) only calls handlers and writes what these say, and feeds the
 * outcomes back.
 *
 * Where new decisions go: a feature that changes what a cycle does is a new CyclePlan kind (or a
 * field of one) chosen in planCycle, and one that runs or waits inside a cycle is a new Step kind
 * from nextStep. Timers and daemons are handlers whose due time comes from the clock rather than a
 * change: they add selections here and their next due time to `again`. Children and sharding
 * narrow or widen what a cycle may touch (which objects this process owns, what it adopts): a
 * CycleInput field and a skip in planCycle. Each gets rows in planner.test.ts; the executor only
 * learns to carry out a new kind.
 */
import type { ChangeHandler } from '../registry/registry.js';
import type { Reason } from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';
import { detectCause } from './cause.js';
import { canonicalJson, essence } from './essence.js';
import { emptyPending, type ObjectMemory, type PendingWrite } from './memory.js';
import { type Fragment, mergeFragments } from './patch.js';
import { advance, delayRemaining, isFinished, type Outcome, type Progress, type ProgressRecord } from './progress.js';
import { matchingObject, type Selection, selectChanges, selectPlain } from './select.js';
import { encodeBase, readState, type StateChange, type StateLocation, type StoredState, stateFragment, statusCanHold } from './state.js';

/** What stays the same for one resource's processor (the location may move once: see processor.ts). */
export interface PlannerConfig {
  finalizer: string;
  prefix: string;
  location: StateLocation;
  /** Status fields field handlers watch (they join the essence). */
  statusFields: readonly (readonly string[])[];
  /** Whether an update no handler selects still moves the base (there are update or field handlers). */
  needsBaseOnUpdate: boolean;
  /** The resource's schema, which says where status keeps handler results. */
  schema: Record<string, unknown> | undefined;
}

export interface CycleInput {
  body: KubernetesObject;
  memory: Pick<ObjectMemory, 'resumePending' | 'deleteDone'>;
  /** Every registered change handler of the resource. */
  handlers: readonly ChangeHandler[];
}

export interface RunPlan {
  kind: 'run';
  reason: Reason;
  selections: Selection[];
  /** The base to store when the cycle completes (none for delete and resume cycles). */
  newBase: string | undefined;
}

/** Nothing to do; `resumed` when the pending resume is settled by it. */
export interface SkipPlan {
  kind: 'skip';
  resumed?: true;
}

export type CyclePlan =
  | SkipPlan
  | RunPlan
  /** Deleted without our finalizer: only the optional delete handlers, once. */
  | { kind: 'optional-deletes' }
  /** Add or remove our finalizer first, then plan the changes (planChanges) on the written object. */
  | { kind: 'finalizer'; change: 'add' | 'remove'; handlers: ChangeHandler[] };

export function planCycle(input: CycleInput, config: PlannerConfig): CyclePlan {
  const { body, memory } = input;
  const handlers = matchingObject(input.handlers, body);
  const meta = body.metadata ?? {};
  const hasFinalizer = meta.finalizers?.includes(config.finalizer) ?? false;
  const needsFinalizer = handlers.some((h) => h.kind === 'delete' && !h.options.optional);
  if (meta.deletionTimestamp) {
    // A late event of the object as it was before our finalizer removal must not run the handlers again.
    if (memory.deleteDone) return { kind: 'skip' };
    if (!hasFinalizer) return { kind: 'optional-deletes' };
    const current = essence(body, config.prefix, config.statusFields);
    return { kind: 'run', reason: 'delete', selections: selectPlain(handlers, 'delete', current), newBase: undefined };
  }
  if (hasFinalizer !== needsFinalizer) return { kind: 'finalizer', change: needsFinalizer ? 'add' : 'remove', handlers };
  return planChanges(body, memory, handlers, config);
}

/** A live object's cycle, once the finalizer is right: its cause, and the handlers due for it. `handlers` match the object already. */
export function planChanges(
  body: KubernetesObject,
  memory: Pick<ObjectMemory, 'resumePending'>,
  handlers: readonly ChangeHandler[],
  config: PlannerConfig,
): SkipPlan | RunPlan {
  const state = readState(body, config.location, config.prefix);
  const current = essence(body, config.prefix, config.statusFields);
  const canonical = canonicalJson(current);
  const cause = detectCause(state.base, current, canonical);
  // Stealth: an object no create/update/field/resume handler matches gets nothing stored.
  if (cause.reason === 'create' && !handlers.some((h) => h.kind !== 'delete')) return { kind: 'skip' };
  const selections = cause.reason ? selectChanges(handlers, cause.reason, cause.diff, cause.old, current) : [];
  if (cause.reason === 'update' && selections.length === 0 && !config.needsBaseOnUpdate) return { kind: 'skip', resumed: true };
  let reason: Reason | undefined = cause.reason;
  if (memory.resumePending && state.base !== undefined) {
    selections.push(...selectPlain(handlers, 'resume', current));
    reason ??= 'resume';
  }
  if (!reason) return { kind: 'skip' };
  return { kind: 'run', reason, selections, newBase: reason === 'resume' ? undefined : encodeBase(canonical) };
}

/** A run in flight: what is stored, what is done, what waits to be written. */
export interface RunState {
  readonly reason: Reason;
  readonly selections: readonly Selection[];
  readonly newBase: string | undefined;
  /** The state stored when the run began. */
  readonly stored: StoredState;
  /** Every handler's record as this run knows it (stored, unsaved and new ones). */
  readonly progress: Progress;
  /** Handlers with a record on the object, so the closing write must purge. */
  readonly storedIds: ReadonlySet<string>;
  readonly pending: PendingWrite;
  /** The next selection to consider. */
  readonly cursor: number;
  /** ms until the soonest delayed handler is due. */
  readonly nextDelay: number | undefined;
  /** Handlers that registered sub-handlers in this run: their id → the sub-handlers' ids. */
  readonly parents: Readonly<Record<string, readonly string[]>>;
  /** A parent's result, stored only once all its sub-handlers are done. */
  readonly held: Readonly<Record<string, unknown>>;
}

/** A run of `plan` on an object that stores `stored`, with the outcomes a failed write left (`unsaved`). */
export function startRun(plan: RunPlan, stored: StoredState, unsaved: PendingWrite): RunState {
  return {
    reason: plan.reason,
    selections: plan.selections,
    newBase: plan.newBase,
    stored,
    // Outcomes of handlers whose write failed last time: applied, not re-run.
    progress: { ...stored.progress, ...unsaved.progress },
    storedIds: new Set(Object.keys(stored.progress)),
    pending: unsaved,
    cursor: 0,
    nextDelay: undefined,
    parents: {},
    held: {},
  };
}

export type Step =
  /** Call this handler (with `record`, its progress so far) and report the outcome to recordOutcome. */
  | { kind: 'invoke'; index: number; selection: Selection; record: ProgressRecord | undefined }
  /** Every delete handler finished: write the user's patch and remove the finalizer. */
  | { kind: 'release'; main: Fragment }
  /** Write the pending outcomes with `change` to the state; come back after `again` ms if set; `resumed` settles the pending resume. */
  | { kind: 'close'; change: StateChange; again: number | undefined; resumed: boolean };

/** The next thing the run does at `now`: a due handler, or its closing write. */
export function nextStep(state: RunState, now: number): { step: Step; state: RunState } {
  let nextDelay = state.nextDelay;
  for (let index = state.cursor; index < state.selections.length; index++) {
    const selection = state.selections[index]!;
    const record = state.progress[selection.handler.id];
    if (isFinished(record)) continue;
    const waiting = delayRemaining(record, now);
    if (waiting > 0) {
      nextDelay = Math.min(nextDelay ?? waiting, waiting);
      continue;
    }
    return { step: { kind: 'invoke', index, selection, record }, state: { ...state, cursor: index, nextDelay } };
  }
  const done = { ...state, cursor: state.selections.length, nextDelay };
  return { step: closing(done), state: done };
}

function closing(state: RunState): Step {
  const complete = state.selections.every((s) => isFinished(state.progress[s.handler.id]));
  if (!complete) return { kind: 'close', change: { progress: state.pending.progress }, again: state.nextDelay, resumed: false };
  const resumed = state.selections.some((s) => s.handler.kind === 'resume');
  if (state.reason === 'delete') return { kind: 'release', main: userMain(state.pending.patch) };
  const change: StateChange = { purge: state.storedIds.size > 0 };
  if (state.newBase !== undefined && state.newBase !== state.stored.base) change.base = state.newBase;
  return { kind: 'close', change, again: undefined, resumed };
}

/**
 * The run after the handler at `index` ended: `outcome` undefined when its `when` filter declined
 * (done for this cycle, nothing recorded on the object). `startedAt` is when the attempt began,
 * `now` when it ended. `checkpoint` says to write the pending progress now (then call
 * checkpointed): a finished handler is made durable before the next one starts, so a crash never
 * re-runs it.
 *
 * `children` are the sub-handlers it registered (ids `<its id>/<child>`). A handler that succeeded
 * with children is not finished: they run next, each with its own record, and it finishes when they
 * all have (failed when one failed; its result is stored then). Until then its record waits, delayed
 * until its soonest child is due, when it is called again to register them and the unfinished ones
 * run. `settled` lists such parents that finished with this outcome.
 */
export function recordOutcome(
  state: RunState,
  index: number,
  outcome: Outcome | undefined,
  patch: Fragment,
  startedAt: number,
  now: number,
  children: readonly ChangeHandler[] = [],
): { state: RunState; record: ProgressRecord; checkpoint: boolean; settled: Settled[] } {
  const selection = state.selections[index]!;
  const { handler } = selection;
  if (outcome === undefined) {
    const record: ProgressRecord = { started: new Date(startedAt).toISOString(), retries: 0, success: true };
    return {
      state: { ...state, progress: { ...state.progress, [handler.id]: record }, cursor: index + 1 },
      record,
      checkpoint: false,
      settled: [],
    };
  }
  const parenting = outcome.kind === 'success' && children.length > 0;
  let record = advance(state.progress[handler.id], outcome, startedAt, now);
  let { selections, parents, held } = state;
  const results = { ...state.pending.results };
  if (parenting) {
    record = { started: record.started, retries: record.retries };
    selections = [
      ...selections.slice(0, index + 1),
      ...children.map((child) => ({ ...selection, handler: child })),
      ...selections.slice(index + 1),
    ];
    parents = { ...parents, [handler.id]: children.map((child) => child.id) };
    held = { ...held, [handler.id]: outcome.result };
  } else if (outcome.kind === 'success' && outcome.result !== undefined) {
    results[handler.id] = outcome.result;
  }
  const progress = { ...state.progress, [handler.id]: record };
  const pendingProgress = { ...state.pending.progress, [handler.id]: record };
  const settled: Settled[] = [];
  for (let id = parenting ? handler.id : parentOf(parents, handler.id); id !== undefined; id = parentOf(parents, id)) {
    const parentRecord = settle(progress[id]!, parents[id]!, progress, now);
    progress[id] = parentRecord;
    pendingProgress[id] = parentRecord;
    if (!isFinished(parentRecord)) break;
    settled.push({ id, record: parentRecord });
    if (parentRecord.success && held[id] !== undefined) results[id] = held[id];
  }
  const pending: PendingWrite = { progress: pendingProgress, results, patch: mergeFragments(state.pending.patch, patch) };
  const nextDelay = outcome.kind === 'retry' ? Math.min(state.nextDelay ?? Infinity, outcome.delaySeconds * 1000) : state.nextDelay;
  const more = selections
    .slice(index + 1)
    .some((s) => !isFinished(progress[s.handler.id]) && delayRemaining(progress[s.handler.id], now) === 0);
  return {
    state: { ...state, selections, parents, held, progress, pending, nextDelay, cursor: index + 1 },
    record,
    checkpoint: isFinished(record) && more,
    settled,
  };
}

/** A parent handler that finished because its last sub-handler did. */
export interface Settled {
  id: string;
  record: ProgressRecord;
}

function parentOf(parents: Readonly<Record<string, readonly string[]>>, id: string): string | undefined {
  for (const [parent, children] of Object.entries(parents)) if (children.includes(id)) return parent;
  return undefined;
}

/** A parent's record from its children's: finished when they all are, else delayed until the soonest is due. */
function settle(record: ProgressRecord, children: readonly string[], progress: Progress, now: number): ProgressRecord {
  const { started, retries } = record;
  const open = children.filter((id) => !isFinished(progress[id]));
  if (open.length === 0) {
    const failed = children.find((id) => progress[id]?.failure);
    if (failed === undefined) return { started, retries, success: true };
    return { started, retries, failure: true, message: `sub-handler '${failed}' failed: ${progress[failed]!.message ?? ''}` };
  }
  if (open.some((id) => delayRemaining(progress[id], now) === 0)) return { started, retries };
  const due = Math.min(...open.map((id) => Date.parse(progress[id]!.delayed!)));
  return { started, retries, delayed: new Date(due).toISOString() };
}

/** The run after its pending progress was written: those records are on the object now. */
export function checkpointed(state: RunState): RunState {
  return { ...state, storedIds: new Set([...state.storedIds, ...Object.keys(state.pending.progress)]), pending: emptyPending() };
}

/** A write's merge patches: `status` for the status write, `main` for the object's; `dropped`, results status cannot keep. */
export interface WriteParts {
  status: Fragment;
  main: Fragment;
  dropped: string[];
}

/**
 * What a write of `pending` with `change` to the state holds: status gets the user's patch.status,
 * the handlers' results and the state when it lives there; main gets the rest of the user's patch
 * and the state when it lives in annotations. Results go to status.<handler id> only where status
 * keeps them: a status that prunes unknown fields would drop them — or, with constraints such as
 * minProperties, refuse the whole write.
 */
export function writeParts(pending: PendingWrite, change: StateChange, stored: StoredState, config: PlannerConfig): WriteParts {
  const state = stateFragment(change, stored, config.location, config.prefix);
  const results: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [id, result] of Object.entries(pending.results)) {
    if (config.location === 'status' || (config.schema && statusCanHold(config.schema, id))) results[id] = result;
    else dropped.push(id);
  }
  const userStatus = (pending.patch.status as Fragment | undefined) ?? {};
  const status = mergeFragments(mergeFragments(userStatus, results), (state.status as Fragment | undefined) ?? {});
  const main = mergeFragments(userMain(pending.patch), state.status ? {} : state);
  return { status, main, dropped };
}

/** The user's patch without status (which goes to the status write). */
export function userMain(patch: Fragment): Fragment {
  const { status: _status, ...main } = patch;
  return main;
}
