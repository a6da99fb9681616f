import { describe, expect, it } from 'vitest';
import { changeHandler } from '../../test/change-handler.js';
import type { ChangeHandler } from '../registry/registry.js';
import type { KubernetesObject } from '../resource/types.js';
import { canonicalJson } from './essence.js';
import { emptyPending, type PendingWrite } from './memory.js';
import {
  type CyclePlan,
  checkpointed,
  nextStep,
  type PlannerConfig,
  planChanges,
  planCycle,
  type RunPlan,
  recordOutcome,
  startRun,
  type WriteParts,
  writeParts,
} from './planner.js';
import type { Outcome, Progress } from './progress.js';
import { encodeBase, type StateChange, type StoredState } from './state.js';

const prefix = 'gen-operator.dev';
const finalizer = `${prefix}/finalizer`;
const config: PlannerConfig = { finalizer, prefix, location: 'status', statusFields: [], needsBaseOnUpdate: true, schema: undefined };

const handler = changeHandler;

const create = handler('c', 'create');
const update = handler('u', 'update');
const remove = handler('d', 'delete');
const optionalRemove = handler('od', 'delete', { optional: true });
const resume = handler('r', 'resume');
const sizeField = handler('size', 'field', { field: 'spec.size' });
const tierOnly = handler('tier', 'create', { labels: { tier: 'x' } });

interface Shape {
  spec?: Record<string, unknown>;
  /** The essence stored as the base (none: never handled). */
  base?: Record<string, unknown>;
  finalized?: boolean;
  deleting?: boolean;
  labels?: Record<string, string>;
  /** Keep the state in annotations instead of status. */
  annotations?: boolean;
}

function object(shape: Shape): KubernetesObject {
  const spec = shape.spec ?? { name: 'a' };
  const base = shape.base === undefined ? undefined : encodeBase(canonicalJson(shape.base));
  const annotations = shape.annotations && base ? { [`${prefix}/base`]: base } : undefined;
  return {
    apiVersion: 'x.y/v1',
    kind: 'X',
    metadata: {
      name: 'a',
      uid: 'u1',
      ...(shape.labels ? { labels: shape.labels } : {}),
      ...(annotations ? { annotations } : {}),
      ...(shape.finalized ? { finalizers: [finalizer] } : {}),
      ...(shape.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec,
    ...(base && !shape.annotations ? { status: { genOperator: { base } } } : {}),
  } as KubernetesObject;
}

/** A plan in one line: its kind, reason, selected handler ids, and whether it stores a new base. */
function summary(plan: CyclePlan): string {
  switch (plan.kind) {
    case 'skip':
      return plan.resumed ? 'skip, resumed' : 'skip';
    case 'optional-deletes':
      return 'optional deletes';
    case 'finalizer':
      return `finalizer ${plan.change}`;
    case 'run':
      return `${plan.reason} [${plan.selections.map((s) => s.handler.id).join(' ')}]${plan.newBase === undefined ? '' : ' + base'}`;
  }
}

const handled = { spec: { name: 'a' } };
const grown = { spec: { name: 'a', size: 2 } };

// [case, object, handlers, resume pending, delete done, planner config changes, plan]
const cycleCases: [string, Shape, ChangeHandler[], boolean, boolean, Partial<PlannerConfig>, string][] = [
  ['a new object a delete handler guards gets the finalizer first', {}, [create, remove], false, false, {}, 'finalizer add'],
  ['a new object with the finalizer runs create', { finalized: true }, [create, remove], false, false, {}, 'create [c] + base'],
  ['a finalizer no delete handler needs comes off', { finalized: true, base: handled }, [create], false, false, {}, 'finalizer remove'],
  ['optional delete handlers need no finalizer', { base: handled }, [create, optionalRemove], false, false, {}, 'skip'],
  ['stealth: only delete handlers, nothing stored', { finalized: true }, [remove], false, false, {}, 'skip'],
  ['stealth: no handler matches the labels', {}, [tierOnly], false, false, {}, 'skip'],
  ['a handler whose labels match', { labels: { tier: 'x' } }, [tierOnly], false, false, {}, 'create [tier] + base'],
  ['the handled essence: nothing to do', { base: handled }, [create, update], false, false, {}, 'skip'],
  ['state in annotations is read there', { base: handled, annotations: true }, [create], false, false, { location: 'annotations' }, 'skip'],
  ['a change runs update', { spec: grown.spec, base: handled }, [create, update], false, false, {}, 'update [u] + base'],
  ['a change a field handler watches', { spec: grown.spec, base: handled }, [sizeField], false, false, {}, 'update [size] + base'],
  ['a field handler watches create too', { spec: grown.spec }, [sizeField], false, false, {}, 'create [size] + base'],
  [
    'a change no field handler watches moves the base',
    { spec: { name: 'b' }, base: handled },
    [sizeField],
    false,
    false,
    {},
    'update [] + base',
  ],
  [
    'a change without update or field handlers is settled unhandled',
    { spec: grown.spec, base: handled },
    [create, resume],
    true,
    false,
    { needsBaseOnUpdate: false },
    'skip, resumed',
  ],
  ['resume on the first listing', { base: handled }, [create, resume], true, false, {}, 'resume [r]'],
  ['resume beside a change', { spec: grown.spec, base: handled }, [update, resume], true, false, {}, 'update [u r] + base'],
  ['no resume for an object never handled', {}, [create, resume], true, false, {}, 'create [c] + base'],
  ['no resume outside the first listing', { base: handled }, [create, resume], false, false, {}, 'skip'],
  [
    'deleted with the finalizer runs delete',
    { finalized: true, deleting: true, base: handled },
    [create, remove, optionalRemove],
    false,
    false,
    {},
    'delete [d od]',
  ],
  ['deleted without the finalizer', { deleting: true, base: handled }, [create, optionalRemove], false, false, {}, 'optional deletes'],
  ['deleted, and the delete already done', { finalized: true, deleting: true }, [remove], false, true, {}, 'skip'],
];

describe('cycle planning', () => {
  it.each(cycleCases)('%s', (_case, shape, handlers, resumePending, deleteDone, changes, expected) => {
    const plan = planCycle({ body: object(shape), memory: { resumePending, deleteDone }, handlers }, { ...config, ...changes });
    expect(summary(plan)).toBe(expected);
  });

  it('stores the essence as the base, and plans the changes after a finalizer write with the handlers matched before it', () => {
    const plan = planCycle({ body: object({}), memory: { resumePending: false, deleteDone: false }, handlers: [create, remove] }, config);
    expect(plan).toMatchObject({ kind: 'finalizer', change: 'add', handlers: [create, remove] });
    const next =
      plan.kind === 'finalizer' ? planChanges(object({ finalized: true }), { resumePending: false }, plan.handlers, config) : plan;
    expect(next).toMatchObject({ kind: 'run', reason: 'create', newBase: canonicalJson(handled) });
  });
});

const t0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const ok: Outcome = { kind: 'success', result: undefined };
const retry = (delaySeconds: number): Outcome => ({ kind: 'retry', error: new Error('not yet'), delaySeconds });
const fail: Outcome = { kind: 'failure', error: new Error('broken') };
const declined = 'declined' as const;

function runPlan(reason: RunPlan['reason'], handlers: ChangeHandler[], newBase?: string): RunPlan {
  return { kind: 'run', reason, selections: handlers.map((h) => ({ handler: h, diff: [], old: undefined, new: undefined })), newBase };
}

/**
 * Drives a run as the executor would, every attempt taking a second, and tells what it did:
 * `invoke <id>`, `checkpoint <ids>`, and the closing step (`release`, or `close` with the state
 * change and when to come back).
 */
function trace(
  plan: RunPlan,
  stored: StoredState,
  unsaved: PendingWrite,
  outcomes: Record<string, Outcome | typeof declined>,
  spawns: Record<string, string[]> = {},
): string[] {
  const out: string[] = [];
  let state = startRun(plan, stored, unsaved);
  let now = t0;
  for (;;) {
    const next = nextStep(state, now);
    state = next.state;
    const step = next.step;
    if (step.kind === 'release') return [...out, 'release'];
    if (step.kind === 'close') {
      const { base, purge, progress } = step.change;
      const parts = [
        'close',
        ...(progress ? [`progress ${Object.keys(progress).join(',')}`] : []),
        ...(purge ? ['purge'] : []),
        ...(base !== undefined ? ['base'] : []),
        ...(step.again !== undefined ? [`again ${step.again / 1000} s`] : []),
        ...(step.resumed ? ['resumed'] : []),
      ];
      return [...out, parts.join(', ')];
    }
    const id = step.selection.handler.id;
    out.push(`invoke ${id}`);
    const outcome = outcomes[id]!;
    const children = (spawns[id] ?? []).map((child) => handler(`${id}/${child}`, step.selection.handler.kind));
    const recorded = recordOutcome(state, step.index, outcome === declined ? undefined : outcome, {}, now, now + 1_000, children);
    now += 1_000;
    state = recorded.state;
    for (const parent of recorded.settled) out.push(`settled ${parent.id}${parent.record.failure ? ' (failed)' : ''}`);
    if (recorded.checkpoint) {
      out.push(`checkpoint ${Object.keys(state.pending.progress).join(',')}`);
      state = checkpointed(state);
    }
  }
}

const nothingStored: StoredState = { base: undefined, progress: {} };
const stored = (progress: Progress): StoredState => ({ base: 'old', progress });
const a = handler('a', 'create');
const b = handler('b', 'create');
const c = handler('c', 'create');

// [case, plan, stored state, unsaved outcomes, outcomes by handler, what the run does]
const runCases: [string, RunPlan, StoredState, PendingWrite, Record<string, Outcome | typeof declined>, string[]][] = [
  [
    'one handler succeeds: one closing write',
    runPlan('create', [a], 'new'),
    nothingStored,
    emptyPending(),
    { a: ok },
    ['invoke a', 'close, base'],
  ],
  [
    'a finished handler is durable before the next starts',
    runPlan('create', [a, b], 'new'),
    nothingStored,
    emptyPending(),
    { a: ok, b: ok },
    ['invoke a', 'checkpoint a', 'invoke b', 'close, purge, base'],
  ],
  [
    'a retry keeps the progress and comes back after its delay',
    runPlan('create', [a, b], 'new'),
    nothingStored,
    emptyPending(),
    { a: retry(10), b: ok },
    ['invoke a', 'invoke b', 'close, progress a,b, again 10 s'],
  ],
  [
    'a permanent failure finishes the handler',
    runPlan('create', [a, b, c], 'new'),
    nothingStored,
    emptyPending(),
    { a: fail, b: retry(30), c: ok },
    ['invoke a', 'checkpoint a', 'invoke b', 'invoke c', 'close, progress b,c, again 30 s'],
  ],
  [
    'a handler still delayed is not invoked, and sets when to come back',
    runPlan('create', [a, b], 'new'),
    stored({ a: { started: iso(t0 - 60_000), retries: 1, delayed: iso(t0 + 5_000) } }),
    emptyPending(),
    { b: ok },
    ['invoke b', 'close, progress b, again 5 s'],
  ],
  [
    'no checkpoint when the handlers after it are delayed',
    runPlan('create', [a, b], 'new'),
    stored({ b: { started: iso(t0 - 60_000), retries: 1, delayed: iso(t0 + 20_000) } }),
    emptyPending(),
    { a: ok },
    ['invoke a', 'close, progress a, again 19 s'],
  ],
  [
    'a delay that has passed is due',
    runPlan('create', [a], 'new'),
    stored({ a: { started: iso(t0 - 60_000), retries: 1, delayed: iso(t0 - 1) } }),
    emptyPending(),
    { a: ok },
    ['invoke a', 'close, purge, base'],
  ],
  [
    'finished handlers of an earlier attempt are skipped, their records purged',
    runPlan('update', [a, b], 'new'),
    stored({ a: { started: iso(t0 - 60_000), retries: 0, success: true } }),
    emptyPending(),
    { b: ok },
    ['invoke b', 'close, purge, base'],
  ],
  [
    'outcomes a failed write left are written, not re-run',
    runPlan('create', [a, b], 'new'),
    nothingStored,
    { progress: { a: { started: iso(t0 - 60_000), retries: 0, success: true } }, results: {}, patch: {} },
    { b: ok },
    ['invoke b', 'close, base'],
  ],
  [
    'a handler its `when` declines is done for the cycle, recording nothing',
    runPlan('create', [a, b], 'new'),
    nothingStored,
    emptyPending(),
    { a: declined, b: ok },
    ['invoke a', 'invoke b', 'close, base'],
  ],
  ['no handler selected still stores the base', runPlan('update', [], 'new'), stored({}), emptyPending(), {}, ['close, base']],
  [
    'resume stores no base',
    runPlan('resume', [handler('r', 'resume')]),
    stored({}),
    emptyPending(),
    { r: ok },
    ['invoke r', 'close, resumed'],
  ],
  [
    'resume waits for all of its handlers',
    runPlan('resume', [handler('r', 'resume')]),
    stored({}),
    emptyPending(),
    { r: retry(60) },
    ['invoke r', 'close, progress r, again 60 s'],
  ],
  [
    'delete handlers done release the finalizer',
    runPlan('delete', [remove]),
    stored({}),
    emptyPending(),
    { d: ok },
    ['invoke d', 'release'],
  ],
  [
    'a delete handler to retry keeps the finalizer',
    runPlan('delete', [remove]),
    stored({}),
    emptyPending(),
    { d: retry(5) },
    ['invoke d', 'close, progress d, again 5 s'],
  ],
];

describe('running a plan', () => {
  it.each(runCases)('%s', (_case, plan, state, unsaved, outcomes, expected) => {
    expect(trace(plan, state, unsaved, outcomes)).toEqual(expected);
  });

  it('collects results, the user patch and progress for the closing write, and hands the release the patch without status', () => {
    let state = startRun(runPlan('delete', [remove, optionalRemove]), stored({}), emptyPending());
    state = nextStep(state, t0).state;
    state = recordOutcome(
      state,
      0,
      { kind: 'success', result: { gone: true } },
      { status: { phase: 'Gone' }, metadata: { labels: { l: '1' } } },
      t0,
      t0,
    ).state;
    expect(state.pending.results).toEqual({ d: { gone: true } });
    expect(state.pending.progress).toEqual({ d: { started: iso(t0), retries: 0, success: true } });
    state = checkpointed(state);
    expect(state.pending).toEqual(emptyPending());
    state = recordOutcome(nextStep(state, t0).state, 1, ok, { metadata: { labels: { l: '2' } }, status: { x: 1 } }, t0, t0).state;
    expect(nextStep(state, t0).step).toEqual({ kind: 'release', main: { metadata: { labels: { l: '2' } } } });
  });
});

const p = handler('p', 'create');
const past = iso(t0 - 1);
// [case, stored state, outcomes by handler id, sub-handlers each registers, what the run does]
const subCases: [string, StoredState, Record<string, Outcome>, Record<string, string[]>, string[]][] = [
  [
    'sub-handlers run after their parent, each made durable; the parent is done when they are',
    nothingStored,
    { p: ok, 'p/a': ok, 'p/b': ok },
    { p: ['a', 'b'] },
    ['invoke p', 'invoke p/a', 'checkpoint p,p/a', 'invoke p/b', 'settled p', 'close, purge, base'],
  ],
  [
    'a failing sub-handler is retried alone; its parent waits with it',
    nothingStored,
    { p: ok, 'p/a': ok, 'p/b': retry(30) },
    { p: ['a', 'b'] },
    ['invoke p', 'invoke p/a', 'checkpoint p,p/a', 'invoke p/b', 'close, progress p/b,p, again 30 s'],
  ],
  [
    'on the next attempt the parent registers again and only the unfinished sub-handler runs',
    stored({
      p: { started: iso(t0 - 60_000), retries: 0, delayed: past },
      'p/a': { started: iso(t0 - 60_000), retries: 0, success: true },
      'p/b': { started: iso(t0 - 60_000), retries: 1, delayed: past },
    }),
    { p: ok, 'p/b': ok },
    { p: ['a', 'b'] },
    ['invoke p', 'invoke p/b', 'settled p', 'close, purge, base'],
  ],
  [
    'a parent waiting for a delayed sub-handler is not called before it is due',
    stored({
      p: { started: iso(t0 - 60_000), retries: 0, delayed: iso(t0 + 5_000) },
      'p/b': { started: iso(t0 - 60_000), retries: 1, delayed: iso(t0 + 5_000) },
    }),
    {},
    {},
    ['close, progress , again 5 s'],
  ],
  [
    'a sub-handler that fails permanently fails its parent',
    nothingStored,
    { p: ok, 'p/a': fail },
    { p: ['a'] },
    ['invoke p', 'invoke p/a', 'settled p (failed)', 'close, base'],
  ],
  [
    'a parent that fails registers nothing that runs',
    nothingStored,
    { p: retry(10) },
    { p: ['a'] },
    ['invoke p', 'close, progress p, again 10 s'],
  ],
  [
    'sub-handlers nest: a parent is done when its children and theirs are',
    nothingStored,
    { p: ok, 'p/a': ok, 'p/a/x': ok },
    { p: ['a'], 'p/a': ['x'] },
    ['invoke p', 'invoke p/a', 'invoke p/a/x', 'settled p/a', 'settled p', 'close, base'],
  ],
];

describe('sub-handlers', () => {
  it.each(subCases)('%s', (_case, state, outcomes, spawns, expected) => {
    expect(trace(runPlan('create', [p], 'new'), state, emptyPending(), outcomes, spawns)).toEqual(expected);
  });

  it('a delete handler keeps the finalizer until its sub-handlers are done', () => {
    const d = handler('d', 'delete');
    expect(trace(runPlan('delete', [d]), stored({}), emptyPending(), { d: ok, 'd/x': retry(5) }, { d: ['x'] })).toEqual([
      'invoke d',
      'invoke d/x',
      'close, progress d,d/x, again 5 s',
    ]);
    expect(trace(runPlan('delete', [d]), stored({}), emptyPending(), { d: ok, 'd/x': ok }, { d: ['x'] })).toEqual([
      'invoke d',
      'invoke d/x',
      'settled d',
      'release',
    ]);
  });

  it('keeps the parent delayed until its soonest sub-handler, and stores its result only when they are all done', () => {
    const children = [handler('p/a', 'create'), handler('p/b', 'create')];
    let state = startRun(runPlan('create', [p], 'new'), nothingStored, emptyPending());
    state = recordOutcome(nextStep(state, t0).state, 0, { kind: 'success', result: 'parent' }, {}, t0, t0, children).state;
    expect(state.pending.results).toEqual({});
    state = recordOutcome(nextStep(state, t0).state, 1, retry(20), {}, t0, t0).state;
    state = recordOutcome(nextStep(state, t0).state, 2, retry(10), {}, t0, t0).state;
    expect(state.progress.p).toEqual({ started: iso(t0), retries: 0, delayed: iso(t0 + 10_000) });

    let next = startRun(runPlan('create', [p], 'new'), stored(state.progress), emptyPending());
    next = recordOutcome(nextStep(next, t0 + 10_000).state, 0, { kind: 'success', result: 'again' }, {}, t0, t0, children).state;
    expect(nextStep(next, t0 + 10_000).step).toMatchObject({ kind: 'invoke', selection: { handler: { id: 'p/b' } } });
    next = recordOutcome(nextStep(next, t0 + 10_000).state, 2, ok, {}, t0, t0).state;
    expect(next.pending.results).toEqual({});
    next = recordOutcome(nextStep(next, t0 + 20_000).state, 1, { kind: 'success', result: 'a' }, {}, t0, t0).state;
    expect(next.pending.results).toEqual({ 'p/a': 'a', p: 'again' });
    expect(next.progress.p).toMatchObject({ success: true });
  });
});

const record = { started: iso(t0), retries: 0, success: true as const };
const outcomes: PendingWrite = {
  progress: { a: record },
  results: { a: { done: 1 }, b: 'kept?' },
  patch: { status: { phase: 'Ready' }, metadata: { labels: { l: '1' } } },
};
const holdsA = { properties: { status: { properties: { a: { type: 'object' } } } } };
const annotations = (value: Record<string, unknown>) => ({ metadata: { annotations: value } });

// [case, pending outcomes, state change, stored state, planner config changes, the write]
const writeCases: [string, PendingWrite, StateChange, StoredState, Partial<PlannerConfig>, WriteParts][] = [
  [
    'state in status: results, the user status and the state in one status write',
    outcomes,
    { purge: true, base: 'new' },
    stored({}),
    {},
    {
      status: { phase: 'Ready', a: { done: 1 }, b: 'kept?', genOperator: { base: 'new', progress: null } },
      main: { metadata: { labels: { l: '1' } } },
      dropped: [],
    },
  ],
  [
    'progress to keep goes to status',
    emptyPending(),
    { progress: { a: record } },
    nothingStored,
    {},
    { status: { genOperator: { progress: { a: record } } }, main: {}, dropped: [] },
  ],
  [
    'state in annotations: results only where the status schema keeps them',
    outcomes,
    { purge: false, base: 'new' },
    nothingStored,
    { location: 'annotations', schema: holdsA },
    {
      status: { phase: 'Ready', a: { done: 1 } },
      main: { metadata: { labels: { l: '1' }, annotations: { [`${prefix}/base`]: 'new' } } },
      dropped: ['b'],
    },
  ],
  [
    'progress in annotations is merged with what is stored',
    emptyPending(),
    { progress: { b: record } },
    stored({ a: record }),
    { location: 'annotations' },
    { status: {}, main: annotations({ [`${prefix}/progress`]: JSON.stringify({ a: record, b: record }) }), dropped: [] },
  ],
  [
    'a purge in annotations removes stored progress',
    emptyPending(),
    { purge: true },
    stored({ a: record }),
    { location: 'annotations' },
    { status: {}, main: annotations({ [`${prefix}/progress`]: null }), dropped: [] },
  ],
  ['nothing to write', emptyPending(), { purge: false }, nothingStored, { location: 'annotations' }, { status: {}, main: {}, dropped: [] }],
];

describe('what a write holds', () => {
  it.each(writeCases)('%s', (_case, pending, change, state, changes, expected) => {
    expect(writeParts(pending, change, state, { ...config, ...changes })).toEqual(expected);
  });
});
