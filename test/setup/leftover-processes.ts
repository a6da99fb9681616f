/**
 * Marks the test run, and at its end fails it when a process the tests started is still running.
 * The mark (TEST_RUN_VARIABLE=<a fresh id>) is set here, before any worker starts, so the workers
 * and everything they start inherit it; the check lists and kills what carries it afterwards.
 */
import { randomUUID } from 'node:crypto';
import { TEST_RUN_VARIABLE } from '../../packages/testing/src/process/group.js';
import { describeSurvivors, findSurvivors, killSurvivors } from '../support/survivors.js';

/** Time for a control plane's watchdog to clean up after a worker that ended without stopping it. */
const SETTLE_MS = 10_000;

export default function setup(): () => Promise<void> {
  const runId = randomUUID();
  process.env[TEST_RUN_VARIABLE] = runId;
  return async () => {
    const survivors = await findSurvivors(runId, { runner: process.pid, settleMs: SETTLE_MS });
    if (survivors.length === 0) return;
    killSurvivors(survivors);
    // vitest reports an error thrown here but still exits 0: set the exit code as well.
    process.exitCode = 1;
    throw new Error(
      `${survivors.length} process(es) started by the tests outlived them (now killed); stop them in the test file's afterAll:\n${describeSurvivors(survivors)}`,
    );
  };
}
