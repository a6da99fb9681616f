/** The end-of-run check for processes the tests left behind, proven able to fail. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_RUN_VARIABLE } from '../../packages/testing/src/process/group.js';
import { repoRoot, run } from '../support/commands.js';
import { findSurvivors, killSurvivors } from '../support/survivors.js';

/** Running, not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('the check for processes left behind', () => {
  it('finds a marked process in a session of its own, and nothing once it is killed', async () => {
    const runId = `self-test-${randomUUID()}`;
    const sleeper = spawn('sleep', ['300'], { detached: true, stdio: 'ignore', env: { ...process.env, [TEST_RUN_VARIABLE]: runId } });
    const pid = sleeper.pid as number;
    try {
      const found = await findSurvivors(runId);
      expect(found).toEqual([{ pid, ppid: process.pid, command: 'sleep 300' }]);
      // The runner and its direct children (the test workers) are not survivors.
      expect(await findSurvivors(runId, { runner: process.pid })).toEqual([]);
      const exited = new Promise((resolve) => sleeper.once('exit', resolve));
      killSurvivors(found);
      await exited;
      expect(await findSurvivors(runId)).toEqual([]);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  // A nested vitest run: its start-up alone takes seconds on two busy cores.
  it('fails a run whose test leaves a process behind, names it and kills it', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'leftover-check-'));
    const pidFile = join(dir, 'pid');
    try {
      const result = run('npx', ['vitest', 'run', '--config', 'test/setup/fixtures/leak.config.ts'], {
        cwd: repoRoot,
        env: { ...process.env, LEAK_PID_FILE: pidFile },
        timeoutMs: 120_000,
      });
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(result.stdout).toMatch(/1 passed/);
      expect(result.status, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toMatch(/1 process\(es\) started by the tests outlived them \(now killed\)/);
      expect(result.stderr).toContain(`${pid}  sleep 300`);
      expect(alive(pid)).toBe(false);
    } finally {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
      } catch {
        // Killed by the check, as it should be (or never started).
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
