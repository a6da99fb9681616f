/**
 * Leader election between operator processes (the built dist) with client-go's timings (15 s lease,
 * 10 s renew deadline, 2 s retry): a SIGKILLed leader during a burst of creates is replaced and
 * every object is handled, never by both at once; a clean stop hands over at the standby's next
 * attempt; a leader cut off from the apiserver stops before its lease can expire.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ControlPlane,
  createIdentity,
  type Identity,
  installCrds,
  startControlPlane,
  startProcess,
  type TestProcess,
} from '@gen-operator/testing';
import {
  createDemo,
  demoCrd,
  demoPath,
  eventually,
  operatorRules,
  startCuttableProxy,
  endProcessesAfterEachTest,
  readCalls,
} from './helpers.js';

const ns = 'leader';
const fixture = new URL('./fixtures/operator.mjs', import.meta.url).pathname;
const LEASE_DURATION_MS = 15_000;
const RETRY_PERIOD_MS = 2_000;
let plane: ControlPlane;
let identity: Identity;
let dir: string;
let callsFile: string;

const calls = () => readCalls(callsFile);

function startOperator(kubeconfig = identity.kubeconfigPath): TestProcess {
  return startProcess(process.execPath, [fixture], {
    env: {
      ...process.env,
      KUBECONFIG: kubeconfig,
      NAMESPACE: ns,
      CALLS_FILE: callsFile,
      LOG_LEVEL: 'info',
      SLOW_MS: '0',
      GEN_OPERATOR_LEADER_ELECTION: 'true',
      GEN_OPERATOR_LEASE_NAMESPACE: ns,
      GEN_OPERATOR_LEASE_NAME: 'demo-operator',
    },
  });
}

/** When the process logged a line with this message (pino's `time`), once it has. */
function loggedAt(operator: TestProcess, message: string): number | undefined {
  for (const line of operator.lines) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; time?: number };
    if (entry.msg?.startsWith(message)) return entry.time;
  }
  return undefined;
}

const became = (operator: TestProcess) => eventually('leadership', async () => loggedAt(operator, 'Became the leader'), 60_000);

async function handledNames(): Promise<Set<string>> {
  const list = await plane.request<{ items: { metadata: { name: string }; status?: { genOperator?: { base?: string } } }[] }>(
    'GET',
    demoPath(ns),
  );
  return new Set(list.items.filter((o) => o.status?.genOperator?.base).map((o) => o.metadata.name));
}

beforeAll(async () => {
  plane = await startControlPlane();
  await installCrds(plane, [demoCrd]);
  identity = await createIdentity(plane, {
    name: 'operator-leader',
    namespace: ns,
    rules: [...operatorRules, { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }],
  });
  dir = mkdtempSync(join(tmpdir(), 'runtime-leader-'));
});

endProcessesAfterEachTest(() => ({ plane, dir }));

describe('leader election', () => {
  it('replaces a SIGKILLed leader during 1 000 creates; every object handled, never by both at once', async () => {
    callsFile = join(dir, 'burst.jsonl');
    const first = startOperator();
    await became(first);
    const second = startOperator();
    await eventually('standby waiting', async () => loggedAt(second, 'Waiting to become the leader'));
    const names = Array.from({ length: 1000 }, (_, i) => `burst-${i}`);
    const creating = (async () => {
      for (let i = 0; i < names.length; i += 25) await Promise.all(names.slice(i, i + 25).map((name) => createDemo(plane, ns, name)));
    })();
    await eventually('the leader is handling the burst', async () => calls().filter((c) => c.pid === first.pid).length > 200, 120_000);
    const killedAt = Date.now();
    await first.stop('SIGKILL');
    await creating;
    const tookOver = await became(second);
    const firstOfSecond = await eventually('the new leader handles', async () =>
      calls().find((c) => c.pid === second.pid && c.handler !== 'startup'),
    );
    expect(firstOfSecond.at).toBeGreaterThanOrEqual(tookOver);
    await eventually('every object handled', async () => (await handledNames()).size === names.length, 240_000);

    // No object had a handler running in both processes at overlapping times.
    const runs = new Map<string, { pid: number; from: number; to: number }[]>();
    for (const call of calls().filter((c) => c.handler === 'slow')) {
      const list = runs.get(call.name!) ?? [];
      if (call.phase === 'start')
        list.push({ pid: call.pid, from: call.at, to: call.pid === first.pid ? killedAt : Number.POSITIVE_INFINITY });
      else {
        const open = list.findLast((r) => r.pid === call.pid);
        if (open) open.to = call.at;
      }
      runs.set(call.name!, list);
    }
    const overlaps = [...runs].filter(([, list]) =>
      list.some((a, i) => list.some((b, j) => i !== j && a.pid !== b.pid && a.from < b.to && b.from < a.to)),
    );
    expect(overlaps).toEqual([]);
    expect([...runs.keys()].length).toBe(names.length);
    console.info(`takeover ${((tookOver - killedAt) / 1000).toFixed(1)} s after SIGKILL (lease ${LEASE_DURATION_MS / 1000} s)`);
    expect(tookOver - killedAt).toBeLessThan(LEASE_DURATION_MS + 3 * RETRY_PERIOD_MS);
  });

  it('hands over at the standby next attempt after a clean stop', async () => {
    callsFile = join(dir, 'clean.jsonl');
    const first = startOperator();
    await became(first);
    const second = startOperator();
    await eventually('standby waiting', async () => loggedAt(second, 'Waiting to become the leader'));
    expect(await first.stop('SIGTERM')).toBe(0);
    const stoppedAt = loggedAt(first, 'Operator stopped')!;
    const tookOver = await became(second);
    console.info(`handover ${((tookOver - stoppedAt) / 1000).toFixed(1)} s after the leader stopped`);
    // Without the release the standby would wait out the whole lease.
    expect(tookOver - stoppedAt).toBeLessThan(LEASE_DURATION_MS / 2);
    await createDemo(plane, ns, 'after-handover');
    await eventually('handled by the new leader', async () => calls().some((c) => c.name === 'after-handover' && c.pid === second.pid));
  });

  it('stops a leader that cannot renew before its lease can expire; the standby takes over after', async () => {
    callsFile = join(dir, 'cut.jsonl');
    const proxy = await startCuttableProxy(plane.server);
    try {
      const viaProxy = join(dir, 'via-proxy.kubeconfig');
      writeFileSync(viaProxy, readFileSync(identity.kubeconfigPath, 'utf8').replace(plane.server, proxy.url));
      const first = startOperator(viaProxy);
      await became(first);
      const second = startOperator();
      await eventually('standby waiting', async () => loggedAt(second, 'Waiting to become the leader'));
      const cutAt = Date.now();
      proxy.cut();
      const exit = await Promise.race([first.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 40_000))]);
      if (exit !== 1) console.error(first.output());
      expect(exit).toBe(1);
      const lostAt = loggedAt(first, 'Lost leadership')!;
      const tookOver = await became(second);
      console.info(
        `leader stopped ${((lostAt - cutAt) / 1000).toFixed(1)} s after the cut; standby led ${((tookOver - cutAt) / 1000).toFixed(1)} s after it`,
      );
      expect(lostAt).toBeLessThan(tookOver);
      expect(lostAt - cutAt).toBeLessThan(LEASE_DURATION_MS);
    } finally {
      await proxy.close();
    }
  });
});
