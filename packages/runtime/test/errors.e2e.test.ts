/** Every error kind, retries, timeout with abort, delays — recorded on the object, on a real apiserver. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlPlane, startControlPlane } from '@gen-operator/testing';
import { createOperator, type Operator, PermanentError, TemporaryError } from '@gen-operator/runtime';
import { createDemo, Demo, eventually, getDemo, setUpDemo } from './helpers.js';

const ns = 'errors';
let plane: ControlPlane;
let operator: Operator;
const attempts = new Map<string, { retry: number; at: number }[]>();
let abortedBy: unknown;

const mode = (name: string) => name.split('-')[0];

beforeAll(async () => {
  plane = await startControlPlane();
  const identity = await setUpDemo(plane, ns);
  operator = createOperator();
  operator.on.create(
    Demo,
    async ({ name, retry }) => {
      const list = attempts.get(name) ?? [];
      list.push({ retry, at: Date.now() });
      attempts.set(name, list);
      switch (mode(name)) {
        case 'temporary':
          if (retry < 2) throw new TemporaryError('not yet', { delay: 0.3 });
          return { done: retry };
        case 'permanent':
          throw new PermanentError('never');
        case 'arbitrary':
          throw new Error('flaky');
        case 'delay':
          if (retry === 0) throw new TemporaryError('come back', { delay: 1.5 });
          return 'ok';
        default:
          return 'ok';
      }
    },
    { id: 'work', retries: 3, backoff: 0.2, timeout: 10, when: ({ name }) => mode(name) !== 'timeout' },
  );
  operator.on.create(
    Demo,
    async ({ name, signal }) => {
      attempts.set(name, [...(attempts.get(name) ?? []), { retry: 0, at: Date.now() }]);
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      abortedBy = signal.reason;
      return 'late';
    },
    { id: 'bounded', timeout: 1, when: ({ name }) => mode(name) === 'timeout' },
  );
  operator.on.create(Demo, () => 'second ran', { id: 'second' });
  await operator.start({
    kubeConfig: identity.kubeConfig,
    namespaces: [ns],
    logLevel: (process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent',
  });
});

afterAll(async () => {
  await operator?.stop();
  await plane?.stop();
});

type State = { base?: string; progress?: Record<string, { retries: number; success?: boolean; failure?: boolean; message?: string }> };
const stateOf = async (name: string) => (await getDemo(plane, ns, name))?.status?.genOperator as State | undefined;

describe('handler errors', () => {
  it('retries a TemporaryError after its delay and records the result', async () => {
    await createDemo(plane, ns, 'temporary-1');
    // status.work is the first sign; the progress record can be purged by a later write.
    const obj = await eventually('the result recorded and the progress purged', async () => {
      const o = await getDemo(plane, ns, 'temporary-1');
      return o?.status?.work && !(o.status.genOperator as State | undefined)?.progress ? o : undefined;
    });
    expect(obj.status?.work).toEqual({ done: 2 });
    expect(obj.status?.second).toBe('second ran');
    const tries = attempts.get('temporary-1')!;
    expect(tries.map((t) => t.retry)).toEqual([0, 1, 2]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(250);
    expect((obj.status?.genOperator as State | undefined)?.base).toBeDefined();
  });

  it('records a PermanentError without retrying, and the other handler still runs', async () => {
    await createDemo(plane, ns, 'permanent-1');
    await eventually('cycle done', async () => (await stateOf('permanent-1'))?.base);
    expect(attempts.get('permanent-1')).toHaveLength(1);
    const obj = await getDemo(plane, ns, 'permanent-1');
    expect(obj?.status?.second).toBe('second ran');
    expect(obj?.status?.work).toBeUndefined();
  });

  it('retries an arbitrary error with the backoff and gives up after `retries` attempts', async () => {
    await createDemo(plane, ns, 'arbitrary-1');
    await eventually('cycle done', async () => (await stateOf('arbitrary-1'))?.base);
    expect(attempts.get('arbitrary-1')!.map((t) => t.retry)).toEqual([0, 1, 2]);
  });

  it('aborts the signal at the timeout and fails the handler permanently', async () => {
    await createDemo(plane, ns, 'timeout-1');
    await eventually('cycle done', async () => (await stateOf('timeout-1'))?.base);
    expect(attempts.get('timeout-1')).toHaveLength(1);
    expect((abortedBy as Error).name).toBe('HandlerTimeoutError');
    const obj = await getDemo(plane, ns, 'timeout-1');
    expect(obj?.status?.bounded).toBeUndefined();
    expect(obj?.status?.work).toBeUndefined();
  });

  it('keeps a delay in the progress record on the object while waiting', async () => {
    await createDemo(plane, ns, 'delay-1');
    const waiting = await eventually('delay recorded', async () => (await stateOf('delay-1'))?.progress?.work);
    expect(waiting).toMatchObject({ retries: 1, message: 'come back' });
    expect((waiting as { delayed?: string }).delayed).toBeDefined();
    // The other handler finished meanwhile and is recorded, so it is not re-run.
    expect((await stateOf('delay-1'))?.progress?.second).toMatchObject({ success: true });
    await eventually('delay done', async () => (await getDemo(plane, ns, 'delay-1'))?.status?.work === 'ok');
    const tries = attempts.get('delay-1')!;
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(1400);
  });
});
