/**
 * Processes a test run started that are still running: every child of a test inherits the run's
 * mark (TEST_RUN_VARIABLE=<id>) in its environment, so they are found by it, wherever they were
 * re-parented to.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TEST_RUN_VARIABLE } from '../../packages/testing/src/process/group.js';
import { type ProcessInfo, processesWithEnv } from '../../packages/testing/src/process/proc.js';

export interface SurvivorOptions {
  /** Processes that belong to the runner itself (its pid: it and its direct children, the test workers). */
  runner?: number;
  /** A group being killed or a watchdog cleaning up needs a moment: wait this long for them to go. */
  settleMs?: number;
}

export async function findSurvivors(runId: string, options: SurvivorOptions = {}): Promise<ProcessInfo[]> {
  const deadline = Date.now() + (options.settleMs ?? 0);
  for (;;) {
    const left = processesWithEnv(TEST_RUN_VARIABLE, runId).filter(
      (found) => found.pid !== options.runner && found.ppid !== options.runner,
    );
    if (left.length === 0 || Date.now() >= deadline) return left;
    await sleep(250);
  }
}

/** SIGKILL to each survivor, so one failed run does not burden the next. */
export function killSurvivors(survivors: ProcessInfo[]): void {
  for (const { pid } of survivors) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

export function describeSurvivors(survivors: ProcessInfo[]): string {
  return survivors.map(({ pid, command }) => `  ${pid}  ${command.length > 200 ? `${command.slice(0, 200)}…` : command}`).join('\n');
}
