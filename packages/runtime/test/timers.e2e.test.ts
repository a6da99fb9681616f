/**
 * on.timer and on.daemon on a real apiserver: ticks that write status, retries, stops on deletion,
 * on a filter that no longer matches and on the operator's stop, and the finalizer only when asked.
 * "No tick after" is witnessed by another object's timer ticking on meanwhile, never by a sleep.
 */
import { type ControlPlane, type Identity, startControlPlane } from '@gen-operator/testing';
import { createOperator, type Operator, PermanentError, TemporaryError } from '@gen-operator/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs, createDemo, Demo, demoPath, eventually, getDemo, setUpDemo } from './helpers.js';

const ns = 'timers';
const FINALIZER = 'gen-operator.dev/finalizer';
let plane: ControlPlane;
let identity: Identity;
let operator: Operator;
const logs = captureLogs();

/** Per object name: the ticks of `tick` (their `retry`), of `flaky` and of `doomed`. */
const ticks = new Map<string, number[]>();
const flaky: number[] = [];
let doomed = 0;
/** Per object name and daemon id: what the daemon went through. */
const daemons = new Map<string, string[]>();
/** A daemon of these objects holds on after its signal aborted until the test lets it go. */
const holds = new Map<string, () => void>();

const record = <V>(map: Map<string, V[]>, key: string, value: V) => map.set(key, [...(map.get(key) ?? []), value]);
const count = (name: string) => ticks.get(name)?.length ?? 0;
const phases = (name: string, id: string) => daemons.get(`${name}/${id}`) ?? [];

/** Per object name: its `daemon` label as the watcher's live `labels` read it when its signal aborted. */
const labelAtAbort = new Map<string, string>();

function daemon(id: string) {
  return async (args: { name: string; signal: AbortSignal; labels: Record<string, string> }) => {
    const { name, signal } = args;
    record(daemons, `${name}/${id}`, 'started');
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    labelAtAbort.set(name, String(args.labels.daemon));
    record(daemons, `${name}/${id}`, `aborted: ${(signal.reason as Error).message}`);
    await new Promise<void>((resolve) => (holds.has(name) ? holds.set(name, resolve) : resolve()));
    record(daemons, `${name}/${id}`, 'returned');
  };
}

async function deleteDemo(name: string): Promise<void> {
  await plane.request('DELETE', demoPath(ns, name));
}

/** Creates `name` labelled `<label>: yes` for a held finalizer daemon, waits for the finalizer and the daemon, deletes it. */
async function heldDaemonDeleted(name: string, id: string, label = name): Promise<void> {
  holds.set(name, () => undefined);
  await createDemo(plane, ns, name, { metadata: { name, labels: { [label]: 'yes' } } });
  await eventually('the finalizer', async () => (await getDemo(plane, ns, name))?.metadata?.finalizers?.includes(FINALIZER));
  await eventually('the daemon to start', async () => phases(name, id).includes('started'));
  await deleteDemo(name);
}

beforeAll(async () => {
  plane = await startControlPlane({ controllerManager: false });
  identity = await setUpDemo(plane, ns);
  operator = createOperator();
  operator.on.timer(
    Demo,
    ({ name, status, patch, retry }) => {
      record(ticks, name, retry);
      patch.status = { ticks: Number(status.ticks ?? 0) + 1 };
    },
    { id: 'tick', interval: 0.2, labels: { timer: 'yes' } },
  );
  operator.on.timer(
    Demo,
    ({ retry }) => {
      flaky.push(retry);
      if (retry < 2) throw new TemporaryError('not yet', { delay: 0.1 });
    },
    { id: 'flaky', interval: 0.2, labels: { flaky: 'yes' } },
  );
  operator.on.timer(
    Demo,
    () => {
      doomed++;
      throw new PermanentError('never works');
    },
    { id: 'doomed', interval: 0.1, labels: { flaky: 'yes' } },
  );
  operator.on.daemon(Demo, daemon('watcher'), { id: 'watcher', labels: { daemon: 'yes' } });
  operator.on.daemon(Demo, daemon('guard'), { id: 'guard', labels: { guarded: 'yes' }, finalizer: true });
  operator.on.daemon(Demo, daemon('stubborn'), { id: 'stubborn', labels: { stubborn: 'yes' }, finalizer: true, cancellationTimeout: 0.2 });
  await operator.start({ kubeConfig: identity.kubeConfig, namespaces: [ns], logLevel: 'info', logDestination: logs.destination });
});

afterAll(async () => {
  for (const release of holds.values()) release();
  await operator?.stop();
  await plane?.stop();
});

describe('timers', () => {
  it('tick per object with its latest body and write their patches to status', async () => {
    await createDemo(plane, ns, 'ticking', { metadata: { name: 'ticking', labels: { timer: 'yes' } } });
    const written = await eventually('status.ticks to reach 3', async () => {
      const object = await getDemo(plane, ns, 'ticking');
      return Number(object?.status?.ticks ?? 0) >= 3 ? object : undefined;
    });
    // Each tick read the count the previous one wrote: the latest body, not the one first seen.
    expect(Number(written.status?.ticks)).toBeLessThanOrEqual(count('ticking'));
    expect(ticks.get('ticking')?.every((retry) => retry === 0)).toBe(true);
    expect(written.metadata?.finalizers ?? []).toEqual([]);
  });

  it('retry a failing tick per the handler rules, and stop one that failed permanently', async () => {
    await createDemo(plane, ns, 'flaky', { metadata: { name: 'flaky', labels: { flaky: 'yes' } } });
    await eventually('flaky to succeed twice', async () => flaky.length >= 6);
    // Two temporary failures (retry 0 and 1), the success (retry 2); the next tick counts from 0 again.
    expect(flaky.slice(0, 6)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(doomed).toBe(1);
    expect(logs.lines.some((line) => line.msg === "Timer 'doomed' failed permanently; it is not run again for this object.")).toBe(true);
  });

  it('stop when the object is deleted: no tick after', async () => {
    await createDemo(plane, ns, 'doomed-ticker', { metadata: { name: 'doomed-ticker', labels: { timer: 'yes' } } });
    await eventually('the timer to tick', async () => count('doomed-ticker') >= 2);
    await deleteDemo('doomed-ticker');
    await eventually('the object to be gone', async () => (await getDemo(plane, ns, 'doomed-ticker')) === undefined);
    const after = count('doomed-ticker');
    const witness = count('ticking');
    await eventually('the witness to tick on', async () => count('ticking') >= witness + 3);
    expect(count('doomed-ticker')).toBe(after);
  });

  it('stop when the object no longer matches, and start anew when it matches again', async () => {
    await createDemo(plane, ns, 'toggled', { metadata: { name: 'toggled', labels: { daemon: 'yes' } } });
    await eventually('the daemon to start', async () => phases('toggled', 'watcher').length === 1);
    await plane.requestWithType(
      'PATCH',
      demoPath(ns, 'toggled'),
      { metadata: { labels: { daemon: null } } },
      'application/merge-patch+json',
    );
    await eventually('the daemon to return', async () => phases('toggled', 'watcher').includes('returned'));
    expect(phases('toggled', 'watcher')).toEqual(['started', 'aborted: the object no longer matches its filters', 'returned']);
    // The daemon's arguments are live: its labels are the object's now, not those it started with.
    expect(labelAtAbort.get('toggled')).toBe('undefined');
    await plane.requestWithType(
      'PATCH',
      demoPath(ns, 'toggled'),
      { metadata: { labels: { daemon: 'yes' } } },
      'application/merge-patch+json',
    );
    await eventually('the daemon to start again', async () => phases('toggled', 'watcher').length === 4);
  });
});

describe('daemons', () => {
  it('without finalizer: true, add no finalizer; deletion aborts the signal and does not wait', async () => {
    holds.set('free', () => undefined);
    await createDemo(plane, ns, 'free', { metadata: { name: 'free', labels: { daemon: 'yes' } } });
    await eventually('the daemon to start', async () => phases('free', 'watcher').includes('started'));
    expect((await getDemo(plane, ns, 'free'))?.metadata?.finalizers ?? []).toEqual([]);
    await deleteDemo('free');
    await eventually('the signal to abort', async () => phases('free', 'watcher').length === 2);
    expect(phases('free', 'watcher')[1]).toBe('aborted: the object is being deleted');
    // The daemon still holds on, yet the object goes.
    await eventually('the object to be gone', async () => (await getDemo(plane, ns, 'free')) === undefined);
    expect(phases('free', 'watcher')).not.toContain('returned');
    holds.get('free')?.();
    await eventually('the daemon to return', async () => phases('free', 'watcher').includes('returned'));
  });

  it('with finalizer: true, deletion waits until the daemon has returned', async () => {
    await heldDaemonDeleted('guarded', 'guard');
    await eventually('the signal to abort', async () => phases('guarded', 'guard').length === 2);
    const held = await getDemo(plane, ns, 'guarded');
    expect(held?.metadata?.deletionTimestamp).toBeDefined();
    expect(held?.metadata?.finalizers).toContain(FINALIZER);
    holds.get('guarded')?.();
    await eventually('the object to be gone', async () => (await getDemo(plane, ns, 'guarded')) === undefined);
    expect(phases('guarded', 'guard')).toEqual(['started', 'aborted: the object is being deleted', 'returned']);
  });

  it('with finalizer: true and a cancellationTimeout, deletion goes on once a daemon that does not return is abandoned', async () => {
    await heldDaemonDeleted('stubborn', 'stubborn');
    await eventually('the object to be gone', async () => (await getDemo(plane, ns, 'stubborn')) === undefined);
    expect(phases('stubborn', 'stubborn')).toEqual(['started', 'aborted: the object is being deleted']);
    expect(logs.lines.map((line) => line.msg)).toContain(
      "Daemon 'stubborn' did not return within 0.2 s of its stop (cancellationTimeout); abandoned.",
    );
    holds.get('stubborn')?.();
  });

  it("abort on the operator's stop, which waits for them to return", async () => {
    await createDemo(plane, ns, 'last', { metadata: { name: 'last', labels: { daemon: 'yes', timer: 'yes' } } });
    await eventually('the daemon to start', async () => phases('last', 'watcher').includes('started'));
    await eventually('the timer to tick', async () => count('last') >= 1);
    await operator.stop();
    expect(phases('last', 'watcher')).toEqual(['started', 'aborted: the operator is stopping', 'returned']);
    const stopped = count('last');
    const witness = count('ticking');
    // A second operator on the same objects: the stopped one's timers stay silent while its timer ticks.
    const second = createOperator();
    const seen: string[] = [];
    second.on.timer(Demo, ({ name }) => void seen.push(name), { interval: 0.1, labels: { timer: 'yes' } });
    await second.start({ kubeConfig: identity.kubeConfig, namespaces: [ns], logLevel: 'silent' });
    try {
      await eventually('the second operator to tick', async () => seen.filter((n) => n === 'last').length >= 3);
    } finally {
      await second.stop();
    }
    expect(count('last')).toBe(stopped);
    expect(count('ticking')).toBe(witness);
  });
});
