/**
 * The operator as a process (the built dist): killed mid-handler and restarted, stopped with
 * SIGTERM, blocked by startup handlers, down while an object is deleted, and many objects at once.
 * SIGTERM with a handler in flight: intake stops, the handler finishes and its result is written,
 * the next handler waits for the next process, cleanup runs, the exit code is 0, all within a pod's
 * default termination grace period (30 s), also when a handler ignores its aborted signal.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ControlPlane, type Identity, startControlPlane, startProcess, stopProcesses, type TestProcess } from '@gen-operator/testing';
import { createDemo, demoPath, eventually, getDemo, setUpDemo, endProcessesAfterEachTest, readCalls } from './helpers.js';

const ns = 'restart';
/** A Deployment's default terminationGracePeriodSeconds: after it the kubelet sends SIGKILL. */
const TERMINATION_GRACE_MS = 30_000;
const fixture = new URL('./fixtures/operator.mjs', import.meta.url).pathname;
let plane: ControlPlane;
let identity: Identity;
let dir: string;
let callsFile: string;

const calls = () => readCalls(callsFile);

/** The operator in a process group of its own; its output (the log on stderr) is kept. */
function startOperator(env: Record<string, string> = {}): TestProcess {
  return startProcess(process.execPath, [fixture], {
    env: { ...process.env, KUBECONFIG: identity.kubeconfigPath, NAMESPACE: ns, CALLS_FILE: callsFile, ...env },
  });
}

/** One process's calls for one object, with the lifecycle handlers around them. */
const story = (operator: TestProcess, name: string) =>
  calls()
    .filter((c) => c.pid === operator.pid && (c.name === undefined || c.name === name))
    .map((c) => `${c.handler}${c.phase ? `:${c.phase}` : ''}`);

const progressOf = async (name: string) =>
  ((await getDemo(plane, ns, name))?.status?.genOperator as { progress?: Record<string, unknown> } | undefined)?.progress ?? {};

beforeAll(async () => {
  plane = await startControlPlane();
  identity = await setUpDemo(plane, ns);
  dir = mkdtempSync(join(tmpdir(), 'runtime-restart-'));
});

endProcessesAfterEachTest(() => ({ plane, dir }));

const finished = (name: string) =>
  eventually(
    `${name} finished`,
    async () => {
      const obj = await getDemo(plane, ns, name);
      const state = obj?.status?.genOperator as { base?: string } | undefined;
      return state?.base ? obj : undefined;
    },
    60_000,
  );

describe('the operator as a process', () => {
  it('after SIGKILL mid-handler, a restart re-runs only the handler that was running', async () => {
    callsFile = join(dir, 'kill.jsonl');
    const first = startOperator({ SLOW_MS: '60000' });
    await createDemo(plane, ns, 'slow-kill');
    await eventually('slow handler started', async () => calls().some((c) => c.handler === 'slow' && c.phase === 'start'));
    await first.stop('SIGKILL');
    // The finished handler is on record; the one that was running is not.
    const killed = await getDemo(plane, ns, 'slow-kill');
    const progress = (killed?.status?.genOperator as { progress: Record<string, unknown> } | undefined)?.progress ?? {};
    expect(Object.keys(progress)).toEqual(['first']);
    startOperator({ SLOW_MS: '0' });
    const obj = await finished('slow-kill');
    expect(obj.status).toMatchObject({ first: 1, slow: 2, third: 3 });
    const byHandler = (h: string, phase?: string) =>
      calls().filter((c) => c.name === 'slow-kill' && c.handler === h && (!phase || c.phase === phase));
    expect(byHandler('first')).toHaveLength(1);
    expect(byHandler('slow', 'start')).toHaveLength(2);
    expect(byHandler('slow', 'end')).toHaveLength(1);
    expect(byHandler('third')).toHaveLength(1);
  });

  it('on SIGTERM runs cleanup and exits 0; an object deleted while it is down still gets its delete handler', async () => {
    callsFile = join(dir, 'down.jsonl');
    const first = startOperator();
    await createDemo(plane, ns, 'deleted-while-down');
    await finished('deleted-while-down');
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(calls().filter((c) => c.handler === 'cleanup' && c.pid === first.pid)).toHaveLength(1);
    await plane.request('DELETE', demoPath(ns, 'deleted-while-down'));
    const terminating = await getDemo(plane, ns, 'deleted-while-down');
    expect(terminating?.metadata?.deletionTimestamp).toBeDefined();
    startOperator();
    await eventually('object gone', async () => (await getDemo(plane, ns, 'deleted-while-down')) === undefined, 60_000);
    expect(calls().filter((c) => c.handler === 'delete' && c.name === 'deleted-while-down')).toHaveLength(1);
    expect(calls().filter((c) => c.handler === 'first' && c.name === 'deleted-while-down')).toHaveLength(1);
  });

  it('handles nothing until every startup handler succeeded; a permanent startup failure exits 1', async () => {
    callsFile = join(dir, 'startup.jsonl');
    await createDemo(plane, ns, 'waits-for-startup');
    const blocked = startOperator({ STARTUP_FAILS: '3', LOG_LEVEL: 'info' });
    await finished('waits-for-startup');
    // The log is written asynchronously: it can reach us after the object's state does.
    const lines = await eventually('the startup handler logged as succeeded', async () => {
      const logged = blocked.output().split('\n').filter(Boolean);
      return logged.some((l) => l.includes('succeeded.') && l.includes('The startup handler')) ? logged : undefined;
    });
    expect(lines.filter((l) => l.includes('startup handler') && l.includes('retrying'))).toHaveLength(3);
    expect(lines.filter((l) => l.includes('succeeded.') && l.includes('The startup handler'))).toHaveLength(1);
    const order = calls().map((c) => c.handler);
    expect(order.slice(0, 4)).toEqual(['startup', 'startup', 'startup', 'startup']);
    expect(order.indexOf('first')).toBeGreaterThan(3);
    await stopProcesses();
    callsFile = join(dir, 'startup-permanent.jsonl');
    const failing = startOperator({ STARTUP_PERMANENT: '1' });
    expect(await failing.exited).toBe(1);
    expect(calls().map((c) => c.handler)).toEqual(['startup', 'cleanup']);
  });

  it('runs no handler twice over many objects created at once, across a restart', async () => {
    callsFile = join(dir, 'many.jsonl');
    const first = startOperator();
    const names = Array.from({ length: 150 }, (_, i) => `many-${i}`);
    await Promise.all(names.map((name) => createDemo(plane, ns, name)));
    // Restart in the middle of the burst.
    await eventually('some handled', async () => calls().filter((c) => c.handler === 'third').length >= 30);
    await first.stop('SIGTERM');
    startOperator();
    await eventually(
      'all handled',
      async () => {
        const list = await plane.request<{ items: { status?: { genOperator?: { base?: string } } }[] }>('GET', demoPath(ns));
        return list.items.filter((o) => o.status?.genOperator?.base).length >= names.length + 1;
      },
      120_000,
    );
    const counts = new Map<string, number>();
    for (const c of calls())
      if (c.name?.startsWith('many-') && c.phase !== 'start')
        counts.set(`${c.handler}:${c.name}`, (counts.get(`${c.handler}:${c.name}`) ?? 0) + 1);
    expect(counts.size).toBe(names.length * 3);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  });
});

describe('SIGTERM', () => {
  it('lets the handler in flight finish and keeps its result, starts no further handler, runs cleanup, exits 0', async () => {
    callsFile = join(dir, 'drain.jsonl');
    const operator = startOperator({ SLOW_MS: '3000' });
    await createDemo(plane, ns, 'slow-drain');
    await eventually('slow handler started', async () => calls().some((c) => c.handler === 'slow' && c.phase === 'start'));
    expect(await operator.stop('SIGTERM', TERMINATION_GRACE_MS)).toBe(0);
    expect(story(operator, 'slow-drain')).toEqual(['startup', 'first', 'slow:start', 'slow:end', 'cleanup']);
    // Both finished handlers are on record; the third waits for the next process.
    expect(Object.keys(await progressOf('slow-drain')).sort()).toEqual(['first', 'slow']);
    const next = startOperator({ SLOW_MS: '0' });
    await eventually('third handler ran in the next process', async () => calls().some((c) => c.handler === 'third' && c.pid === next.pid));
    await finished('slow-drain');
    expect(story(next, 'slow-drain')).toEqual(['startup', 'third']);
  });

  it('does not wait past the drain timeout for a handler that ignores its signal', async () => {
    callsFile = join(dir, 'stuck.jsonl');
    const operator = startOperator({ SLOW_MS: '600000', GEN_OPERATOR_DRAIN_TIMEOUT: '1' });
    await createDemo(plane, ns, 'slow-stuck');
    await eventually('slow handler started', async () => calls().some((c) => c.handler === 'slow' && c.phase === 'start'));
    expect(await operator.stop('SIGTERM', TERMINATION_GRACE_MS)).toBe(0);
    expect(story(operator, 'slow-stuck')).toEqual(['startup', 'first', 'slow:start', 'cleanup']);
    expect(operator.output()).toContain('Handlers still running after their signal was aborted');
  });
});
