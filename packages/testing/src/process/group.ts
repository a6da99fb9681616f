/**
 * A child process that leads a process group of its own, so that a signal reaches everything it
 * started too: `npm start` and the node it runs, a shell and its pipeline. Signalling only the child
 * would leave those running.
 *
 * Children carry the test run's mark (TEST_RUN_VARIABLE, when the run set one) in their environment,
 * even when the caller passes an environment of its own, so the end of the run can find survivors.
 */
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { groupAlive } from './proc.js';

/** Set by a test run to an id of its own; every process a test starts inherits it. */
export const TEST_RUN_VARIABLE = 'GEN_OPERATOR_TEST_RUN';

/** How long a group gets after SIGTERM before SIGKILL. */
export const DEFAULT_GRACE_MS = 10_000;

/** After SIGKILL a group is gone at once; this bounds the wait for a process stuck in the kernel. */
const AFTER_KILL_MS = 5_000;
const POLL_MS = 50;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StopOutcome {
  exit: Exit;
  /** SIGKILL was needed: the group outlived the grace period. */
  forced: boolean;
}

export interface GroupOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
}

/** `env` with the test run's mark added when this process has one. */
export function withRunMark(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const mark = process.env[TEST_RUN_VARIABLE];
  return mark && env[TEST_RUN_VARIABLE] === undefined ? { ...env, [TEST_RUN_VARIABLE]: mark } : env;
}

export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/** Resolves true when `promise` settles within `ms`, false otherwise; the timer never outlives it. */
export async function settlesWithin(ms: number, promise: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class ProcessGroup {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  private exitInfo: Exit | undefined;
  /** Set when the command could not be started at all (ENOENT, EACCES). */
  launchError: Error | undefined;

  constructor(command: string, args: readonly string[], options: GroupOptions = {}) {
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: withRunMark(options.env ?? process.env),
      stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.launchError ??= error;
        this.exitInfo ??= { code: null, signal: null };
        resolve(this.exitInfo);
      });
      this.child.on('exit', (code, signal) => {
        this.exitInfo ??= { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** How the leader exited, once it has. */
  get exit(): Exit | undefined {
    return this.exitInfo;
  }

  /**
   * `signal` (SIGTERM) to the group, SIGKILL to whatever is left after `graceMs`; resolves when the
   * whole group is gone. While it waits, the child holds the event loop open even when it was
   * unref()'d, so a plain script does not end in the middle of an await.
   */
  async stop(graceMs = DEFAULT_GRACE_MS, signal: NodeJS.Signals = 'SIGTERM'): Promise<StopOutcome> {
    const pid = this.pid;
    if (!pid) return { exit: await this.exited, forced: false };
    this.child.ref();
    signalGroup(pid, signal);
    const clean = signal !== 'SIGKILL' && (await this.goneWithin(pid, graceMs));
    if (!clean) {
      signalGroup(pid, 'SIGKILL');
      await this.goneWithin(pid, AFTER_KILL_MS);
    }
    return { exit: await this.exited, forced: !clean && signal !== 'SIGKILL' };
  }

  /** SIGKILL to the group at once, as a crash would. */
  kill(): Promise<StopOutcome> {
    return this.stop(0, 'SIGKILL');
  }

  private async goneWithin(pid: number, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    if (!(await settlesWithin(ms, this.exited))) return false;
    for (;;) {
      if (!groupAlive(pid)) return true;
      if (Date.now() >= deadline) return false;
      await sleep(POLL_MS);
    }
  }
}
